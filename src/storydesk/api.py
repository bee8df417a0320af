"""Library functions behind the CLI: analyse paths into story.json, report.html and story.db."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, report, storyjson
from .engine import RunOptions
from .files import atomic_stream, atomic_write, clear_leftovers
from .pipeline import Options, Progress, _now
from .store import writing


@dataclass
class Written:
    # the run: schema_version, generator, errors, stories (one summary each), summary, and document_problems: the
    # warnings about the articles this run analysed and kept (in story.json they are in each story's errors)
    payload: dict[str, Any]
    story_json: Path
    report_html: Path
    story_db: Path

    def stories(self):
        """Each story of the run with its generator block (what the report, store and web UI take), read back from disk."""
        with open(self.story_json, encoding="utf-8") as handle:
            yield from storyjson.stories(json.load(handle))


def analyze(paths: list[str], out: str | Path, options: Options | None = None, progress: Progress | None = None,
            run_options: RunOptions | None = None) -> Written:
    """Analyse `paths` into `out`/story.json, report.html and story.db.

    Articles are grouped into stories and each story is analysed on its own (see `engine`). `out`/story.db is the
    working store: articles already in it are not analysed again, and a run killed half-way resumes from it.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = Written({}, out / "story.json", out / "report.html", out / "story.db")
    with writing(written.story_db):  # StoreBusy when another run writes this folder: two writers would race
        clear_leftovers(out, ["story.json", "report.html"])  # what a killed run was writing; finished files are never partial
        _analyze(paths, written, options or Options(), run_options or RunOptions(), progress)
    return written


def _analyze(paths: list[str], written: Written, options: Options, run_options: RunOptions, progress: Progress | None) -> None:
    from .engine import Run

    out = written.story_json.parent
    started = _now()
    run = Run(written.story_db, options, run_options, _stage_progress(progress))
    try:
        run.documents(list(paths))
        ids = run.stories(run.stories_from_store())
        run.record_problems()
        gen = storyjson.generator(__version__, started, _now())
        run.stamp(ids, gen)
        errors = [p.to_json() for p in run.problems]
        atomic_stream(written.story_json, lambda h: storyjson.write_file(h, gen, run.part_texts(ids), errors))
        summaries = run.summaries(ids)
        pages = report.write_story_pages(out, gen, run.parts, summaries, run_options.report_stories)
        atomic_write(written.report_html, report.render_run(gen, summaries, errors, pages, run.parts))
        written.payload = {"schema_version": storyjson.SCHEMA_VERSION, "generator": gen, "errors": errors,
                           "stories": summaries, "summary": run.summary,
                           "document_problems": [p.to_json() for p in run.document_problems]}
    finally:
        run.close()


def _stage_progress(progress: Progress | None):
    if progress is None:
        return None
    return lambda phase, done, total: progress(done, phase) if phase == "documents" else None
