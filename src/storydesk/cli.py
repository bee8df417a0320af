"""The `storydesk` command: a thin layer over the library. Quiet by default about internals;
per-file problems go to stderr and into the outputs, and never stop the run.

Exit codes: 0 done (per-file problems reported), 1 nothing usable, 2 usage error.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

import click

from . import __version__
from .contract import DECISIONS, JudgementKind, Label, Status

if TYPE_CHECKING:
    from .pipeline import Options

# The heavy libraries (spaCy, torch, the exporters, the web server) are imported inside the commands that use them,
# so `storydesk --help` and a usage error answer at once. A test checks that this equals IngestOptions.max_bytes.
MAX_BYTES = 20_000_000


def _options(max_bytes: int, brief_sentences: int = 8, nli_model: str | None = None) -> Options:
    from .brief import BriefOptions
    from .ingest import IngestOptions
    from .pipeline import Options
    from .verify.verifiers import VerifyOptions

    return Options(ingest=IngestOptions(max_bytes=max_bytes), brief=BriefOptions(max_sentences=brief_sentences),
                   verify=VerifyOptions(nli_model=nli_model))


def _report_problems(problems, quiet: bool) -> None:
    seen = set()
    for p in problems:
        line = f"storydesk: {p.level}: {p.source}: {p.reason}"
        if (quiet and p.level != "error") or line in seen:  # a caveat of several articles is attached to each
            continue
        seen.add(line)
        click.echo(line, err=True)


class _Progress:
    """A Rich progress display on stderr while `analyze` runs: one line per stage, with counts. Shown only on a
    terminal and not with -q."""

    LABELS: ClassVar[dict[str, str]] = {"documents": "reading and parsing articles",
              "features": "clustering features of new articles", "clustering": "grouping articles into stories",
              "stories": "analysing stories", "writing": "writing story.json and the report",
              "sources": "reading the sources", "comparing": "loading the models and comparing each sentence",
              "deciding": "deciding each sentence"}

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self.last: str | None = None

    def __enter__(self) -> Self:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=False)
            self.bar.start()
        return self

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if phase != self.last and self.last in self.tasks:  # the stage before is over
            task = self.tasks[self.last]
            finished = self.bar.tasks[task].completed
            self.bar.update(task, total=finished or 1, completed=finished or 1)
        self.last = phase
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(self.LABELS.get(phase, phase), total=total or None)
        self.bar.update(self.tasks[phase], completed=done, total=total or None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            if self.last in self.tasks:  # the last stage is over: its count as it ended (2/2), or done (1/1)
                last = self.bar.tasks[self.tasks[self.last]]
                ended = int(last.total or last.completed or 1)
                self.bar.update(self.tasks[self.last], total=ended, completed=ended)
            self.bar.stop()


max_bytes_option = click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_BYTES, show_default=True,
                                 help="Skip (and report) files larger than this many bytes.")


_STORE = "storydesk.store"


def _store_arg(db: str | Path) -> str:
    """Name `db` as the store this command reads or writes: an error it raises is then told as this file's."""
    click.get_current_context().meta[_STORE] = str(db)
    return str(db)


def _out_of_space(exc: BaseException) -> bool:
    import errno

    return (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)) or \
        (type(exc).__name__ == "OperationalError" and ("disk is full" in str(exc) or "disk I/O error" in str(exc)))


def _space_message(folder: Path) -> str:
    import shutil

    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    size = sum(p.stat().st_size for p in folder.glob("story.db*") if p.is_file()) if folder.is_dir() else 0
    need = max(size, 50_000_000)  # a run may write as much again as the store holds (its new stories, story.json)
    why = (f"{free / 1e6:.1f} MB free; this run needs about {need / 1e6:.0f} MB more" if free < need else
           f"the disk has {free / 1e6:.0f} MB free, so a quota or a file-size limit stopped it")
    return (f"{folder} ran out of space ({why}). What was stored so far is kept: make room and run the same command "
            "again to resume")


class _Main(click.Group):
    """A store given on the command line that cannot be read, or a disk that fills up, ends in one line that names the
    file or the folder and what to do, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3
        import zlib

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            from .store import StoreError

            store = ctx.meta.get(_STORE)
            if isinstance(exc, StoreError):
                raise click.ClickException(str(exc)) from exc
            if store and _out_of_space(exc):
                raise click.ClickException(_space_message(Path(store).parent)) from exc
            if store and isinstance(exc, (sqlite3.DatabaseError, UnicodeDecodeError, zlib.error, json.JSONDecodeError)):
                raise click.ClickException(f"{store} is not a readable storydesk store ({type(exc).__name__}: {exc}); "
                                           "move it away, or put back a copy of it") from exc
            raise


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storydesk")
def main() -> None:
    """Follow one story across many outlets: clean texts, who copied whom, and the characters behind every answer."""
    import os

    # Started with stdout or stderr closed (`2>&-`, a service manager), Python has no stream there: what would be
    # printed goes nowhere, and the run goes on.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the life of the process


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out", default="storydesk-out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for story.json, report.html and story.db (an existing story.db is added to, not replaced).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--brief-sentences", type=click.IntRange(min=0), default=8, show_default=True,
              help="At most this many sentences in each story's brief.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on local processes, or on a Dask cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: every core). With --engine dask and no --scheduler: the LocalCluster's size.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="A running Dask scheduler (implies --engine dask).")
@click.option("--one-story", is_flag=True, help="Treat every article as one story (no clustering).")
@click.option("--report-stories", type=click.IntRange(min=0), default=50, show_default=True,
              help="With many stories: this many (the biggest) get their own page next to report.html.")
@click.option("--timings", is_flag=True, help="Print the seconds spent in each stage (summed over the workers), even with -q.")
@click.option("--nli-model", type=click.Path(exists=True), default=None,
              help="Your own NLI cross-encoder (a model folder or an .onnx file) for corroboration and the brief, "
                   "instead of the shipped one.")
@max_bytes_option
def analyze(paths: tuple[str, ...], out: str, quiet: bool, max_bytes: int, brief_sentences: int, engine: str,
            workers: int | None, scheduler: str | None, one_story: bool, report_stories: int, timings: bool,
            nli_model: str | None) -> None:
    """Analyse articles (files, folders, .gz, .json/.jsonl, .warc, URLs, '-' for stdin).

    Articles are grouped into stories, and each story is analysed on its own. Running again
    with more articles and the same --out adds them: only the new articles and the stories
    they join are analysed. With no PATH, analyses the bundled demo corpus.
    """
    from .api import NothingUsable
    from .api import analyze as run_analysis
    from .engine import RunOptions
    from .model import Problem
    from .pipeline import DEMO_CORPUS
    from .store import StoreError

    _store_arg(Path(out) / "story.db")
    sources = list(paths)
    if not sources:
        sources = [str(DEMO_CORPUS)]
        if not quiet:
            click.echo(f"No PATH given: analysing the bundled demo corpus ({DEMO_CORPUS}).", err=True)
    if scheduler:
        engine = "dask"
    run_options = RunOptions(engine=engine, workers=workers, scheduler=scheduler, one_story=one_story,
                             report_stories=report_stories)
    try:
        with _Progress(not quiet) as progress:
            written = run_analysis(sources, out, _options(max_bytes, brief_sentences, nli_model), progress, run_options)
    except NothingUsable as exc:
        _report_problems([Problem(e["source"], e["reason"], e["code"], e["level"]) for e in exc.problems], quiet)
        click.echo(f"storydesk: error: no usable document in the input; nothing was written to {out}", err=True)
        sys.exit(1)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        if _out_of_space(exc):
            raise click.ClickException(_space_message(Path(out))) from exc
        raise click.ClickException(f"cannot write the outputs in {out}: {exc.strerror or exc}") from exc
    payload = written.payload
    _report_problems([Problem(e["source"], e["reason"], e["code"], e["level"])
                      for e in payload["errors"] + payload["document_problems"] + payload["story_problems"]], quiet)
    summary = payload["summary"]
    n_docs = sum(s["documents"] for s in payload["stories"])
    if not quiet:
        n_err = sum(1 for e in payload["errors"] if e["level"] == "error")
        click.echo(f"{n_docs} document(s) in {len(payload['stories'])} stor{'y' if len(payload['stories']) == 1 else 'ies'} "
                   f"({summary.documents_new} new, {summary.documents_cached} already in the store; "
                   f"{summary.stories_analysed} stories analysed, {summary.stories_kept} unchanged); "
                   f"{n_err} input(s) could not be used.")
        click.echo(f"Wrote {written.story_json}, {written.report_html}, {written.story_db}")
    if timings:
        total = sum(summary.stage_seconds.values()) or 1.0
        click.echo("stage seconds (summed over the workers):")
        for name, value in sorted(summary.stage_seconds.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {name:<18} {value:9.1f}  {100 * value / total:5.1f}%")
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
    from .pipeline import extract_all

    docs, problems = extract_all(list(paths), _options(max_bytes))
    for doc in docs:
        if jsonl:
            record = {"id": doc.id, "source": doc.source, "title": doc.title, "outlet": doc.outlet, "outlet_basis": doc.outlet_basis,
                      "author": doc.author, "url": doc.url, "published": doc.published, "published_basis": doc.published_basis,
                      "language": doc.language, "text": doc.text, "removed": [dataclasses.asdict(r) for r in doc.removed]}
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


@main.command()
@click.argument("summary", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("sources", nargs=-1)
@click.option("--against", "against", multiple=True,
              help="Sources to check against (files, folders, .jsonl, URLs): `--against A B C`, or the sources "
                   "given after SUMMARY.")
@click.option("--json", "as_json", is_flag=True, help="Print {sentences: [...]} as JSON.")
@click.option("--nli-model", type=click.Path(exists=True), default=None,
              help="A local NLI cross-encoder (model directory or .onnx file) to decide the label.")
@click.option("--llm-url", default=None, help="Base URL of an OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1).")
@click.option("--llm-model", default=None, help="Model name for --llm-url.")
@click.option("--llm-key-env", default="STORYDESK_LLM_KEY", show_default=True,
              help="Environment variable that holds the endpoint's API key (never given on the command line).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@max_bytes_option
def check(summary: str, sources: tuple[str, ...], against: tuple[str, ...], as_json: bool, nli_model: str | None, llm_url: str | None,
          llm_model: str | None, llm_key_env: str, quiet: bool, max_bytes: int) -> None:
    """Check each sentence of SUMMARY (a text file, '-' for stdin) against SOURCES.

    Every sentence is supported, contradicted or unsupported, with its evidence and score. A folder among the
    sources never contributes the summary file itself.
    """
    import os

    from .contract import Judged
    from .pipeline import extract_all
    from .verify.check import check as run_check
    from .verify.plugins import LLMConfig, PluginError
    from .verify.verifiers import VerifyOptions

    if bool(llm_url) != bool(llm_model):
        raise click.UsageError("--llm-url and --llm-model go together")
    try:
        text = sys.stdin.read() if summary == "-" else Path(summary).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise click.ClickException(f"cannot read the summary {summary}: {exc.strerror or exc}") from exc
    given = [*against, *sources]
    if not given:
        raise click.UsageError("give the sources to check against: storydesk check SUMMARY --against A B C")
    options_in = _options(max_bytes)
    if summary != "-":
        st = Path(summary).stat()
        options_in.ingest.exclude[(st.st_dev, st.st_ino)] = "the summary being checked; not read as a source"
    with _Progress(not quiet) as progress:
        progress("sources", 0, 0)
        docs, problems = extract_all(given, options_in)
        if docs:
            llm = LLMConfig(llm_url, llm_model or "", os.environ.get(llm_key_env)) if llm_url else None
            options = VerifyOptions(lang=(docs[0].language or "en").split("-")[0], nli_model=nli_model, llm=llm)
            try:
                result = run_check(text, [d.text for d in docs], options, names=[d.source for d in docs],
                                   progress=progress)
            except PluginError as exc:
                raise click.ClickException(str(exc)) from exc
    _report_problems(problems, quiet)
    if not docs:
        click.echo("storydesk: error: no usable source to check against", err=True)
        sys.exit(1)
    _file_offsets(result, docs, given)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return
    for n, s in enumerate(result.sentences, start=1):
        extra = f" (repeats sentence {s.repetition_of + 1})" if s.repetition_of is not None else ""
        click.echo(f"{n}. [{s.label}] support {s.score:.2f}{extra}  {s.text}")
        for e in s.evidence[:2]:
            where = f"text {e['start']}:{e['end']}" + (f", file {e['file_start']}:{e['file_end']}"
                                                       if "file_start" in e else "")
            click.echo(f"     {e['doc']} [{where}] {e['text']}")
        for r in s.reasons:
            click.echo(f"     - {r}")
    counts = {lab: sum(1 for s in result.sentences if s.label == lab) for lab in Judged}
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))


def _file_offsets(result: Any, docs: list[Any], given: list[str]) -> None:
    """Beside each evidence's offsets into the cleaned text (`start`, `end`), the characters of the file as given
    (`file_start`, `file_end`, counted in the file decoded as UTF-8), where the passage is found there word for word
    with any spacing in between: cleaning turns non-breaking spaces, line breaks and markup into plain spaces."""
    import re

    from .ingest.sources import display_root

    # the folders the sources' names are relative to, as reading named them
    roots = [display_root(source) for source in given if source != "-" and "://" not in source]
    raw: dict[str, str | None] = {}
    for doc in docs:
        raw[doc.source] = None
        for root in dict.fromkeys(roots):
            try:
                if (root / doc.source).is_file():
                    raw[doc.source] = (root / doc.source).read_text(encoding="utf-8", errors="replace")
                    break
            except OSError:
                continue
    for sentence in result.sentences:
        for e in sentence.evidence:
            as_given = raw.get(e.get("doc", ""))
            words = e.get("text", "").split()
            if not as_given or not words:
                continue
            pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
            found = list(pattern.finditer(as_given))
            if found:  # the occurrence nearest its place in the cleaned text
                best = min(found, key=lambda m: abs(m.start() - e["start"]))
                e["file_start"], e["file_end"] = best.start(), best.end()


@main.command()
@click.argument("db", default="storydesk-out/story.db", type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind. Any address but loopback requires a token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", default=None, help="Require this token (default: one is made up and printed when not on loopback).")
@click.option("--max-upload-mb", default=50, show_default=True, type=click.IntRange(min=1), help="Largest upload request.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another host name the server is reached by (a proxy's, the machine's name on the network); repeat "
                   "for several. Requests naming any other host are refused.")
@max_bytes_option
def serve(db: str, host: str, port: int, token: str | None, max_upload_mb: int, allow_hosts: tuple[str, ...],
          max_bytes: int) -> None:
    """Serve the web UI and JSON API over DB (default storydesk-out/story.db), a store `storydesk analyze` wrote."""
    import errno
    import ipaddress
    import secrets
    import socket

    if not Path(db).is_file():
        raise click.ClickException(f"no store at {db}: make one with `storydesk analyze ARTICLES --out FOLDER`, then "
                                   f"`storydesk serve FOLDER/story.db`")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        token = secrets.token_urlsafe(24)
    # Bind before saying anything: a port in use is said so, with what to do, instead of "serving at ..." and a trace.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, _, _, address = infos[0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(f"port {port} on {host} is taken (another `storydesk serve`?); choose another "
                                       f"with --port, e.g. --port {port + 1}") from exc
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    import uvicorn

    from .web.app import Settings, create_app

    try:
        hosts = [host, *allow_hosts]
        if host in ("0.0.0.0", "::"):  # every interface: the machine's own names too
            hosts += [socket.gethostname(), socket.getfqdn()]
        app = create_app(Settings(db=db, token=token, hosts=hosts, max_upload_bytes=max_upload_mb * 1024 * 1024,
                                  max_file_bytes=max_bytes))
    except Exception as exc:
        sock.close()
        raise click.ClickException(f"cannot open the store {db}: {exc}") from exc
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"storydesk serving {db} at {url}", err=True)
    if token:
        click.echo(f"token: {token} (send it as 'Authorization: Bearer TOKEN', or open the address above once)", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])


@main.group()
def judge() -> None:
    """Keep your judgement of a machine answer in a store: a verdict, a claim's status, two entities, a derivation.

    Judgements are kept in story.db by a content hash of what they judge, so they survive re-runs and added
    articles, and are applied after the machine's stages on every run. After each one the stories it concerns are
    analysed again (story.json and report.html beside story.db are written again). The ids are those the web UI and
    story.json show.
    """


def _judge_options(f):
    f = click.option("--by", "who", default=None, help="Who judges (default: the login name).")(f)
    f = click.option("--note", default="", help="Why, in a few words (shown with the judgement).")(f)
    f = click.option("--no-rerun", is_flag=True, help="Only record it; the next `analyze` applies it.")(f)
    return f


def _record(db: str, story: str, make, who: str | None, no_rerun: bool) -> None:
    import getpass

    from .api import judge as keep
    from .review import JudgementError
    from .store import StoreError, open_readonly, read

    if not Path(_store_arg(db)).is_file():
        raise click.ClickException(f"no store at {db}")
    try:
        conn = open_readonly(Path(db))
        try:
            payload = read.story(conn, story)
        finally:
            conn.close()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if payload is None:
        raise click.ClickException(f"no story {story!r} in {db}")
    who = " ".join((who or "").split())[:80] or getpass.getuser() or "reviewer"  # as the web form keeps it
    try:
        judgement = make(payload, who)
    except JudgementError as exc:
        raise click.ClickException(str(exc)) from exc
    from .store import StoreBusy

    try:
        written = keep(db, judgement, rerun=not no_rerun)
    except StoreBusy as exc:  # kept: only the re-run waits for the run that writes the store now
        click.echo(f"kept: {judgement.kind} {judgement.decision} ({judgement.key}); {exc}. The stories it concerns are "
                   f"analysed again by the next run (`storydesk judge undo` forgets it)", err=True)
        return
    if written is not None:
        from .model import Problem

        _report_problems([Problem(e["source"], e["reason"], e["code"], e["level"]) for e in written.payload["errors"]], True)
    click.echo(f"kept: {judgement.kind} {judgement.decision}{' → ' + judgement.label if judgement.label else ''} "
               f"({judgement.key})" + ("" if no_rerun else "; the stories it concerns were analysed again"))


@judge.command("verdict")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("story")
@click.argument("claim")
@click.argument("source")
@click.argument("decision", type=click.Choice(DECISIONS[JudgementKind.VERDICT]))
@click.option("--label", type=click.Choice([x.value for x in Label]), default=None,
              help="With wrong: what SOURCE really says about CLAIM.")
@_judge_options
def judge_verdict(db: str, story: str, claim: str, source: str, decision: str, label: str | None, who: str | None,
                  note: str, no_rerun: bool) -> None:
    """The machine's verdict of SOURCE (a document id) on CLAIM is right, or wrong (give --label)."""
    from .review import make

    _record(db, story, lambda p, w: make.verdict(p, claim, source, decision, label, w, note), who, no_rerun)


@judge.command("status")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("story")
@click.argument("claim")
@click.argument("decision", type=click.Choice(DECISIONS[JudgementKind.STATUS]))
@click.option("--label", type=click.Choice([x.value for x in Status]),
              default=None, help="With wrong: the claim's correct status.")
@_judge_options
def judge_status(db: str, story: str, claim: str, decision: str, label: str | None, who: str | None, note: str,
                 no_rerun: bool) -> None:
    """CLAIM's status is right, or wrong (give --label)."""
    from .review import make

    _record(db, story, lambda p, w: make.status(p, claim, decision, label, w, note), who, no_rerun)


@judge.command("entities")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("story")
@click.argument("name_a")
@click.argument("name_b")
@click.argument("decision", type=click.Choice(DECISIONS[JudgementKind.ENTITY]))
@_judge_options
def judge_entities(db: str, story: str, name_a: str, name_b: str, decision: str, who: str | None, note: str,
                   no_rerun: bool) -> None:
    """NAME_A and NAME_B are one entity (merge) or two (split)."""
    from .review import make

    _record(db, story, lambda p, w: make.entities(p, name_a, name_b, decision, w, note), who, no_rerun)


@judge.command("derivation")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("story")
@click.argument("doc_a")
@click.argument("doc_b")
@click.argument("decision", type=click.Choice(DECISIONS[JudgementKind.DERIVATION]))
@_judge_options
def judge_derivation(db: str, story: str, doc_a: str, doc_b: str, decision: str, who: str | None, note: str,
                     no_rerun: bool) -> None:
    """The machine's finding that DOC_A and DOC_B share a source (one copies, rewrites or translates the other)."""
    from .review import make

    _record(db, story, lambda p, w: make.derivation(p, doc_a, doc_b, decision, w, note), who, no_rerun)


@judge.command("list")
@click.argument("db", type=click.Path(dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per judgement.")
def judge_list(db: str, as_json: bool) -> None:
    """The judgements kept in DB, oldest first."""
    import dataclasses

    from .store import judgements, open_readonly

    conn = open_readonly(Path(_store_arg(db)))
    try:
        kept = judgements.every(conn)
    finally:
        conn.close()
    for j in kept:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(j), ensure_ascii=False))
        else:
            what = j.subject.get("claim") or " / ".join(j.subject.get("names") or j.subject.get("documents") or [])
            click.echo(f"{j.at}  {j.who}  {j.kind} {j.decision}{' → ' + j.label if j.label else ''}  {what[:80]}  [{j.key}]")


@judge.command("undo")
@click.argument("db", type=click.Path(dir_okay=False, exists=True))
@click.argument("key")
@click.option("--no-rerun", is_flag=True, help="Only forget it; the next `analyze` goes without it.")
def judge_undo(db: str, key: str, no_rerun: bool) -> None:
    """Forget the judgement KEY (as `judge list` shows it); the machine's answer comes back."""
    from .api import rerun_store
    from .store import StoreBusy, judgements, open_store

    conn = open_store(Path(_store_arg(db)))
    try:
        gone = judgements.remove(conn, key)
    finally:
        conn.close()
    if not gone:
        raise click.ClickException(f"no judgement {key!r} in {db}")
    if not no_rerun:
        try:
            rerun_store(db)
        except StoreBusy as exc:
            click.echo(f"forgot {key}; {exc}. The stories it concerned are analysed again by the next run", err=True)
            return
    click.echo(f"forgot {key}")


@main.command("export")
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "ftm", "graphml"]), required=True,
              help="csv/jsonl: one file per table in a folder; ftm: FollowTheMoney entities for Aleph; graphml: for Gephi.")
@click.option("--out", "out", default=None, type=click.Path(),
              help="Folder (csv, jsonl) or file (ftm, graphml). Default: export/ beside the database.")
def export_cmd(db: str, fmt: str, out: str | None) -> None:
    """Export a story.db as CSV, JSON Lines, FollowTheMoney or GraphML."""
    from .export import ExportError, export

    try:
        written = export(_store_arg(db), fmt, out)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the export: {exc.strerror or exc}") from exc
    click.echo(f"Wrote {len(written)} file(s): {written[0].parent if len(written) > 1 else written[0]}")


if __name__ == "__main__":
    main()
