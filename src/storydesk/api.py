"""Library functions behind the CLI: analyse paths into story.json, report.html and story.db."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, report, storyjson
from .clock import now as _now
from .engine import RunOptions
from .files import atomic_stream, atomic_write, clear_leftovers
from .model import Judgement
from .pipeline import STAGES, Options
from .store import writing

# (phase, done, total): phase is "documents" (articles read and analysed; total 0, not known in advance),
# "clustering", "stories" (stories analysed, of total) or "writing" (story.json and the report)
StageProgress = Callable[[str, int, int], None]


class NothingUsable(ValueError):
    """No input gave a usable document: nothing is written (an existing story.db and its outputs are left as they were)."""

    def __init__(self, problems: list[dict[str, Any]]):
        super().__init__("no usable document in the input")
        self.problems = problems


@dataclass
class Written:
    # the run: schema_version, generator, errors, stories (one summary each), summary, and document_problems: the
    # warnings about the articles this run analysed and kept, and story_problems: the caveats of the stories it
    # analysed, once each (in story.json both are in each story's errors), given_stories: the stories the run's
    # own articles are in, and moved: each story id the run gave up (a merge) -> the story that took its articles
    payload: dict[str, Any]
    story_json: Path
    report_html: Path
    story_db: Path

    def stories(self):
        """Each story of the run with its generator block (what the report, store and web UI take), read back from disk."""
        with open(self.story_json, encoding="utf-8") as handle:
            yield from storyjson.stories(json.load(handle))


def analyze(paths: list[str], out: str | Path, options: Options | None = None, progress: StageProgress | None = None,
            run_options: RunOptions | None = None, allow_empty: bool = False, wait: bool = False) -> Written:
    """Analyse `paths` into `out`/story.json, report.html and story.db.

    Articles are grouped into stories and each story is analysed on its own (see `engine`). `out`/story.db is the
    working store: articles already in it are not analysed again, and a run killed half-way resumes from it.
    Raises NothingUsable, having written nothing, when no input gives a usable document; with `allow_empty` (a
    re-run over the store alone, after a judgement) the outputs are written from the store's stories. With `wait`, a
    run already writing the folder is waited for instead of refused (StoreBusy).
    """
    out = Path(out)
    made = [p for p in (out, *out.parents) if not p.exists()]
    out.mkdir(parents=True, exist_ok=True)
    written = Written({}, out / "story.json", out / "report.html", out / "story.db")
    new_store = not written.story_db.exists()
    try:
        with writing(written.story_db, wait=wait):  # else StoreBusy when another run writes this folder: two writers would race
            clear_leftovers(out, ["story.json", "report.html"])  # what a killed run was writing; finished files are never partial
            _analyze(paths, written, options or Options(), run_options or RunOptions(), progress, allow_empty)
    except NothingUsable:
        if new_store:  # leave no empty store, lock file or folder behind
            for name in ("story.db", "story.db-wal", "story.db-shm", "story.db.lock"):
                (out / name).unlink(missing_ok=True)
            for folder in made:
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
        raise
    return written


def _analyze(paths: list[str], written: Written, options: Options, run_options: RunOptions,
             progress: StageProgress | None, allow_empty: bool) -> None:
    from .engine import Run

    out = written.story_json.parent
    started = _now()
    tell = progress or (lambda phase, done, total: None)
    run = Run(written.story_db, options, run_options, tell)
    try:
        run.documents(list(paths))
        if not (run.summary.documents_new or run.summary.documents_cached) and not allow_empty:
            raise NothingUsable([p.to_json() for p in run.problems])
        ids = run.regroup()
        tell("writing", 0, 0)
        clock = time.perf_counter()
        gen = storyjson.generator(__version__, started, _now(), [s.name for s in STAGES])
        run.stamp(ids, gen)
        errors = [p.to_json() for p in run.problems]
        atomic_stream(written.story_json, lambda h: storyjson.write_file(h, gen, run.part_texts(ids), errors))
        summaries = run.summaries(ids)
        pages = report.write_story_pages(out, gen, run.parts, summaries, run_options.report_stories)
        atomic_write(written.report_html, report.render_run(gen, summaries, errors, pages, run.parts))
        run.summary.timed({"outputs": time.perf_counter() - clock})
        written.payload = {"schema_version": storyjson.SCHEMA_VERSION, "generator": gen, "errors": errors,
                           "stories": summaries, "summary": run.summary,
                           "document_problems": [p.to_json() for p in run.document_problems],
                           "story_problems": [p.to_json() for p in run.story_problems],
                           "given_stories": sorted({run.story_of[d] for d in run.seen if d in run.story_of}),
                           "moved": dict(sorted(run.moved.items()))}
    finally:
        run.close()



def judge(db: str | Path, judgement: Judgement, options: Options | None = None, run_options: RunOptions | None = None,
          rerun: bool = True) -> Written | None:
    """Keep a person's judgement in `db` (replacing an earlier one of the same subject) and, with `rerun`, analyse
    again the stories it concerns, so every output says what the person decided. For a store named story.db the
    outputs beside it (story.json, report.html) are written again; any other store is updated alone."""
    from .store import judgements as store_judgements
    from .store import open_store

    db = Path(db)
    conn = open_store(db)
    try:
        store_judgements.put(conn, judgement)
    finally:
        conn.close()
    return rerun_store(db, options, run_options) if rerun else None


def rerun_store(db: str | Path, options: Options | None = None, run_options: RunOptions | None = None,
                wait: bool = False) -> Written | None:
    """Analyse again the stories of `db` whose inputs changed (a judgement made or forgotten): for a store named
    story.db with its outputs beside it, story.json and report.html too. With `wait`, after a run writing it."""
    db = Path(db)
    run_options = run_options or RunOptions(workers=1)
    if db.name == "story.db":
        return analyze([], db.parent, options, None, run_options, allow_empty=True, wait=wait)
    update_store(db, [], options, None, run_options, wait=wait)
    return None


def update_store(db: str | Path, paths: list[str], options: Options | None = None, progress: StageProgress | None = None,
                 run_options: RunOptions | None = None, wait: bool = False) -> dict[str, Any]:
    """Add `paths` to the store `db` alone (a store not named story.db has no outputs beside it to write): the same run
    as `analyze`, less story.json and report.html. The stories the given articles are in, and every problem."""
    from .engine import Run

    with writing(db, wait=wait):
        run = Run(Path(db), options or Options(), run_options or RunOptions(workers=1), progress)
        try:
            run.documents(list(paths))
            run.regroup()
        finally:
            run.close()
    return {"problems": [p.to_json() for p in [*run.problems, *run.document_problems]],
            "given_stories": sorted({run.story_of[d] for d in run.seen if d in run.story_of})}
