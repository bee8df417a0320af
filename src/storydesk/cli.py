"""The `storydesk` command: a thin layer over the library. Quiet by default about internals;
per-file problems go to stderr and into the outputs, and never stop the run.

Exit codes: 0 done (per-file problems reported), 1 nothing usable, 2 usage error.
"""
from __future__ import annotations

import json
import sys

import click

from . import __version__
from .ingest import IngestOptions
from .model import Problem
from .pipeline import DEMO_CORPUS, Options, extract_all


def _options(max_bytes: int) -> Options:
    return Options(ingest=IngestOptions(max_bytes=max_bytes))


def _report_problems(problems, quiet: bool) -> None:
    for p in problems:
        if quiet and p.level != "error":
            continue
        click.echo(f"storydesk: {p.level}: {p.source}: {p.reason}", err=True)


class _Progress:
    """A one-line counter on stderr, shown only on a terminal and only once a run gets long."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False

    def __call__(self, n: int, source: str) -> None:
        if self.enabled and n >= 20 and n % 10 == 0:
            click.echo(f"\rread {n} inputs …", err=True, nl=False)
            self.shown = True

    def done(self) -> None:
        if self.shown:
            click.echo("", err=True)


max_bytes_option = click.option("--max-bytes", type=click.IntRange(min=1), default=IngestOptions.max_bytes, show_default=True,
                                 help="Skip (and report) files larger than this many bytes.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storydesk")
def main() -> None:
    """Follow one story across many outlets: clean texts, who copied whom, and the characters behind every answer."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out", default="storydesk-out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for story.json, report.html and story.db.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@max_bytes_option
def analyze(paths: tuple[str, ...], out: str, quiet: bool, max_bytes: int) -> None:
    """Analyse articles (files, folders, .gz, .json/.jsonl, .warc, URLs, '-' for stdin).

    With no PATH, analyses the bundled demo corpus.
    """
    from .api import analyze as run_analysis

    sources = list(paths)
    if not sources:
        sources = [str(DEMO_CORPUS)]
        if not quiet:
            click.echo(f"No PATH given: analysing the bundled demo corpus ({DEMO_CORPUS}).", err=True)
    progress = _Progress(not quiet)
    try:
        written = run_analysis(sources, out, _options(max_bytes), progress)
    except OSError as exc:
        raise click.ClickException(f"cannot write the outputs in {out}: {exc.strerror or exc}") from exc
    finally:
        progress.done()
    payload = written.payload
    _report_problems([Problem(e["source"], e["reason"], e["code"], e["level"]) for e in payload["errors"]], quiet)
    n_docs = len(payload["documents"])
    if not quiet:
        n_err = sum(1 for e in payload["errors"] if e["level"] == "error")
        click.echo(f"Analysed {n_docs} document(s) in {payload['story']['groups']} independence group(s); "
                   f"{n_err} input(s) could not be used.")
        click.echo(f"Wrote {written.story_json}, {written.report_html}, {written.story_db}")
    if n_docs == 0:
        click.echo("storydesk: error: no usable document in the input", err=True)
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="One JSON object per document instead of text.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@max_bytes_option
def extract(paths: tuple[str, ...], jsonl: bool, quiet: bool, max_bytes: int) -> None:
    """Print the cleaned text and metadata of each document (no NLP, no cross-document work)."""
    docs, problems = extract_all(list(paths), _options(max_bytes))
    for doc in docs:
        if jsonl:
            record = {"id": doc.id, "source": doc.source, "title": doc.title, "outlet": doc.outlet, "outlet_basis": doc.outlet_basis,
                      "author": doc.author, "url": doc.url, "published": doc.published, "published_basis": doc.published_basis,
                      "language": doc.language, "text": doc.text, "removed": [r.to_json() for r in doc.removed]}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(f"=== {doc.source}")
            for label, value in (("title", doc.title), ("outlet", doc.outlet), ("published", doc.published),
                                 ("basis", doc.published_basis), ("language", doc.language), ("author", doc.author)):
                if value:
                    click.echo(f"{label}: {value}")
            click.echo("")
            click.echo(doc.text)
            click.echo("")
    _report_problems(problems, quiet)
    if not docs:
        click.echo("storydesk: error: no usable document in the input", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
