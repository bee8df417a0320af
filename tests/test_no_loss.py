"""Nothing the user gave is lost: incremental runs whose stories finish in any order, many-member gzip, a pathological
JSON Lines line, runs started together on one --out, documents over the parser's limit.

Each test here failed before the fix it guards (issue 19)."""
from __future__ import annotations

import gzip
import io
import json
import random
import shutil
import sqlite3
import threading

import storydesk.engine.run as engine_module
from conftest import ROOT
from storydesk.api import analyze
from storydesk.engine import RunOptions
from storydesk.engine.engines import InProcess
from storydesk.ingest import read_sources
from storydesk.model import Problem, RawDocument

STORIES = ROOT / "benchmarks" / "firehose" / "dev"


def _article(n: int, topic: str) -> str:
    return (f"Article {n} on {topic}.\n\nOfficials in Valmora said on Tuesday that the {topic} inquiry had found {n + 2} new "
            f"witnesses and that the prosecutor would speak about the {topic} case next week.\n\n"
            f"The {topic} hearing was moved to the regional court after protests outside the building.")


class Reversed(InProcess):
    """Results in the reverse of submission order, as a pool may finish them."""

    def run(self, fn, items, *args):
        yield from reversed(list(super().run(fn, items, *args)))


def _stored(out) -> tuple[set[str], list[str]]:
    payload = json.loads((out / "story.json").read_text("utf-8"))
    in_json = [d["source"] for s in payload["stories"] for d in s["documents"]]
    conn = sqlite3.connect(out / "story.db")
    in_db = {r[0] for r in conn.execute("SELECT source FROM documents")}
    conn.close()
    return in_db, in_json


def test_a_story_that_splits_keeps_every_article_whatever_order_stories_finish_in(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"{n}.txt").write_text(_article(n, "harbour"), "utf-8")
    plans = iter([lambda ids: [ids[:2], ids[2:]],  # run 1: {1, 2} as story-<1>, {3} alone
                  lambda ids: [ids[:1], ids[1:]]])  # run 2: {1} keeps story-<1>; {2, 3} is a new story that takes 2 from it
    plan = None

    def fake_cluster(feats, options=None):
        ids = sorted((f.doc for f in feats), key=lambda d: order[d])
        return plan(ids)

    raws = [r for r in read_sources([str(folder)]) if isinstance(r, RawDocument)]
    from storydesk.extract import doc_id
    order = {doc_id(r.source, r.content): r.source for r in raws}
    import dataclasses

    from storydesk import pipeline

    # the engine runs the cluster stage's own function from STAGES
    stages = [dataclasses.replace(s, run=fake_cluster) if s.name == "cluster" else s for s in pipeline.STAGES]
    monkeypatch.setattr(pipeline, "STAGES", stages)
    monkeypatch.setattr(engine_module, "make_engine", lambda *a: Reversed())
    monkeypatch.setattr(engine_module, "STORY_BATCH", 1)  # each story its own task, so they can finish out of order
    for _ in range(2):
        plan = next(plans)
        written = analyze([str(folder)], tmp_path / "out", run_options=RunOptions(workers=1))
        in_db, in_json = _stored(tmp_path / "out")
        assert sorted(in_json) == sorted(order.values()), "an article went missing from story.json"
        assert in_db == set(order.values())
        assert sum(s["documents"] for s in written.payload["stories"]) == 3


def test_articles_added_in_random_halves_on_random_workers_are_all_kept(tmp_path):
    """The probe's case end to end: articles analysed in two random halves into one --out, on the pool or in process."""
    rng = random.Random(19)
    from storydesk.pipeline import DEMO_CORPUS

    # the written firehose stories and the demo's single-article files: 15 articles, several stories, two languages
    articles = sorted(p for p in [*STORIES.rglob("*"), *DEMO_CORPUS.iterdir()] if p.is_file() and p.suffix != ".jsonl")
    for round_ in range(3):
        folder = tmp_path / f"in{round_}"
        folder.mkdir()
        chosen = rng.sample(articles, 12)
        half = set(rng.sample(range(12), 6))
        for n, path in enumerate(chosen):
            shutil.copy(path, folder / f"{n:02d}-{path.name}")
        names = sorted(p.name for p in folder.iterdir())
        late = {names[n] for n in range(12) if n not in half}
        held = {name: (folder / name).read_bytes() for name in late}
        for name in late:
            (folder / name).unlink()
        out = tmp_path / f"out{round_}"
        analyze([str(folder)], out, run_options=RunOptions(workers=rng.choice([1, 2])))
        for name, data in held.items():
            (folder / name).write_bytes(data)
        analyze([str(folder)], out, run_options=RunOptions(workers=rng.choice([1, 2])))
        in_db, in_json = _stored(out)
        expected = {f"{folder.name}/{name}" for name in names}  # named from the folder given, never by the machine's path
        assert sorted(in_json) == sorted(expected), f"round {round_}: missing {expected - set(in_json)}"
        assert in_db == expected


# -- ingest ----------------------------------------------------------------------------------------------------------

GOOD = ("PUERTO ALBA, Costa Verde (PWS) — Security forces retook the San Telmo prison on Tuesday after a standoff with "
        "inmates, the Interior Ministry said. The prison held 3,200 inmates, according to the penitentiary institute.\n")


def _read(*paths, **kw) -> tuple[list[RawDocument], list[Problem]]:
    from storydesk.ingest import IngestOptions

    items = list(read_sources([str(p) for p in paths], IngestOptions(**kw)))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Problem)]


def test_every_member_of_a_gzip_file_is_read(tmp_path):
    (tmp_path / "two.txt.gz").write_bytes(gzip.compress(b"First part. " + GOOD.encode()) + gzip.compress(b"Second part. " + GOOD.encode()))
    records = [json.dumps({"title": f"Record {n}", "text": GOOD}) + "\n" for n in range(5)]
    (tmp_path / "feed.jsonl.gz").write_bytes(b"".join(gzip.compress(r.encode()) for r in records))  # one member a line
    raws, problems = _read(tmp_path)
    assert not problems, problems
    text = next(r.content for r in raws if r.source.endswith("two.txt.gz"))
    assert "First part." in text and "Second part." in text
    assert sum(r.source.startswith(f"{tmp_path.name}/feed.jsonl.gz") for r in raws) == 5


def test_every_response_of_a_record_gzipped_warc_is_read(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)  # one gzip member per record, as warcio and every crawler write them
    for n in range(4):
        page = (f"<html><head><title>Raid {n}</title></head><body><article><h1>Raid {n}</h1><p>{GOOD}</p><p>{GOOD}</p>"
                "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/raid-{n}", "response", payload=io.BytesIO(page),
                                                      http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buffer.getvalue())
    raws, problems = _read(tmp_path)
    assert not [p for p in problems if p.level == "error"], problems
    assert sorted(r.meta["url"] for r in raws) == [f"https://example.org/raid-{n}" for n in range(4)]


def test_a_pathological_json_line_costs_only_itself(tmp_path):
    lines = [json.dumps({"title": "Before", "text": GOOD}), "[" * 200_000 + "]" * 200_000,
             '{"a":' * 50_000 + "1" + "}" * 50_000, json.dumps({"title": "After", "text": GOOD})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    raws, problems = _read(tmp_path)
    assert [r.meta["title"] for r in raws] == ["Before", "After"]
    assert {p.source.rsplit("/", 1)[-1] for p in problems} == {"feed.jsonl:2", "feed.jsonl:3", "deep.json"}
    assert all("nested too deeply" in p.reason for p in problems)


def test_a_gzip_bomb_stops_at_the_limit_in_bounded_memory(tmp_path):
    import resource
    import zlib

    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    with (tmp_path / "bomb.txt.gz").open("wb") as fh:  # 1 GiB of zeros in about 1 MB
        for _ in range(1024):
            fh.write(squeeze.compress(b"\0" * (1 << 20)))
        fh.write(squeeze.flush())
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    raws, problems = _read(tmp_path, max_bytes=1000)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    assert [r.source.rsplit("/", 1)[-1] for r in raws] == ["good.txt"]
    (bomb,) = problems
    assert bomb.code == "too-large" and "1000 bytes limit" in bomb.reason and "0 MB" not in bomb.reason
    assert grown < 50_000_000, f"peak memory grew by {grown / 1e6:.0f} MB"


def test_a_symbolic_link_out_of_the_folder_is_named_and_not_followed(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "notes.txt").write_text("Private notes of the reporter, never to be published.", "utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, "utf-8")
    (folder / "inner.txt").symlink_to(folder / "good.txt")  # inside the folder: followed as before
    (folder / "notes.txt").symlink_to(outside / "notes.txt")
    (folder / "private").symlink_to(outside)
    raws, problems = _read(folder)
    assert sorted(r.source.rsplit("/", 1)[-1] for r in raws) == ["good.txt", "inner.txt"]
    named = {p.source.rsplit("/", 1)[-1]: p for p in problems}
    assert set(named) == {"notes.txt", "private"}
    assert all(p.code == "symlink-outside" and "outside the folder" in p.reason for p in named.values())
    direct, _ = _read(folder / "notes.txt")  # named by the user: read
    assert len(direct) == 1


def test_metadata_of_the_wrong_type_is_named(tmp_path):
    from storydesk.pipeline import Options, extract_all

    records = [{"title": {"text": "Nested"}, "published": "not a date at all", "author": 42, "text": GOOD},
               {"title": "Fine", "published": "2024-03-05", "text": GOOD}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    docs, problems = extract_all([str(tmp_path)], Options())
    assert len(docs) == 2
    first = [p for p in problems if p.source.endswith("feed.jsonl:1")]
    reasons = " | ".join(p.reason for p in first)
    assert "'title' (an object)" in reasons and "'author' (a number)" in reasons and "'not a date at all'" in reasons
    assert not [p for p in problems if p.source.endswith("feed.jsonl:2")]


def test_text_in_a_script_without_a_pipeline_gets_its_language_and_a_warning(tmp_path):
    from storydesk.engine import run_one as run

    (tmp_path / "ru.txt").write_text("Президент России заявил в понедельник, что переговоры продолжатся на следующей неделе. "
                                     "Министр добавил, что делегации встретятся в Женеве.", "utf-8")
    (tmp_path / "zh.txt").write_text("中国外交部发言人周一表示，谈判将于下周在日内瓦继续进行。代表团将在周三会面。", "utf-8")
    result = run([str(tmp_path)])
    assert sorted(d.language for d in result.story.documents) == ["ru", "zh"]
    warned = [p for p in result.story.errors if p.code == "no-language-pipeline"]
    assert {("ru" if "'ru'" in p.reason else "zh" if "'zh'" in p.reason else "?") for p in warned} == {"ru", "zh"}


def test_a_url_is_read_by_its_content_type_and_encoding_within_a_deadline():
    import http.server
    import time

    page = f"<html><head><title>Raid</title></head><body><article><h1>Raid</h1><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/gz":
                body, headers = gzip.compress(page.encode()), [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
            elif self.path == "/feed":
                body = (json.dumps({"title": "One", "text": GOOD}) + "\n" + json.dumps({"title": "Two", "text": GOOD})).encode()
                headers = [("Content-Type", "application/x-ndjson")]
            elif self.path == "/pdf":
                body, headers = b"%PDF-1.4 binary", [("Content-Type", "application/pdf")]
            else:  # /slow: a byte at a time, for ever
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    for _ in range(400):
                        self.wfile.write(b"<")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    pass
                return
            self.send_response(200)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        from storydesk.ingest import IngestOptions

        items = list(read_sources([f"{base}/gz", f"{base}/feed", f"{base}/pdf", f"{base}/slow"],
                                  IngestOptions(fetch_timeout=5, fetch_deadline=2)))
    finally:
        server.shutdown()
    raws = [i for i in items if isinstance(i, RawDocument)]
    problems = {i.source.rsplit("/", 1)[-1]: i for i in items if isinstance(i, Problem)}
    assert [r.meta.get("title") for r in raws if r.source.endswith("/feed") or "/feed:" in r.source] == ["One", "Two"]
    assert any(r.kind == "html" and "Security forces retook" in r.content for r in raws if r.source.endswith("/gz"))
    assert problems["pdf"].code == "not-text" and "application/pdf" in problems["pdf"].reason
    assert problems["slow"].code == "fetch" and "had not finished" in problems["slow"].reason


# -- one writer ------------------------------------------------------------------------------------------------------

def _open_new_store(path: str) -> str:
    from storydesk.store import open_store

    try:
        open_store(path).close()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - the test reports what each process met
        return f"{type(exc).__name__}: {exc}"


def test_processes_opening_a_new_store_together_all_get_it_migrated_once(tmp_path):
    import multiprocessing

    from storydesk.store import MIGRATIONS

    for n in range(5):
        db = str(tmp_path / f"race{n}.db")
        with multiprocessing.get_context("spawn").Pool(6) as pool:
            outcomes = pool.map(_open_new_store, [db] * 6)
        assert outcomes == ["ok"] * 6
        conn = sqlite3.connect(db)
        assert [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == [v for v, _ in MIGRATIONS]
        conn.close()


def test_a_second_run_on_the_same_out_is_refused_with_a_clear_message(tmp_path):
    import subprocess

    from conftest import CLI

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(_article(n, "harbour"), "utf-8")
    out = tmp_path / "out"
    from storydesk.store import writing

    out.mkdir()
    with writing(out / "story.db"):  # a run in progress holds the store
        proc = subprocess.run([*CLI, "analyze", "-q", "--workers", "1", "--out", str(out), str(folder)],
                              check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert f"another storydesk run is writing {out}" in proc.stderr and "Traceback" not in proc.stderr
    runs = [subprocess.Popen([*CLI, "analyze", "-q", "--workers", "1", "--out", str(out), str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    assert any(code == 0 for code, _ in results), results
    assert all(code == 0 or "another storydesk run is writing" in err for code, err in results), results
    conn = sqlite3.connect(out / "story.db")
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (3, 3)


def test_an_out_whose_store_is_not_sqlite_is_a_clear_error(tmp_path):
    import subprocess

    from conftest import CLI

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "story.db").write_text("my notes, not a database\n" * 100, "utf-8")
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    proc = subprocess.run([*CLI, "analyze", "-q", "--workers", "1", "--out", str(tmp_path / "out"), str(tmp_path / "a.txt")],
                          check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "story.db is not a storydesk store" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "story.db").read_text("utf-8").startswith("my notes")  # the user's file is untouched


# -- documents over the parser's limit -------------------------------------------------------------------------------

def _long_text() -> str:
    """Over spaCy's 1,000,000-character limit: a real paragraph, one run of 1.1 million letters, a real paragraph."""
    return GOOD + "\n" + "x" * 1_100_000 + "\n\nThe army said on Friday that 40 soldiers had been sent to Puerto Alba.\n"


def test_a_document_over_the_parser_limit_is_parsed_in_pieces_and_the_upload_goes_on(tmp_path):
    from storydesk.engine import run_one as run
    from storydesk.ingest import IngestOptions
    from storydesk.pipeline import Options

    (tmp_path / "huge.txt").write_text(_long_text(), "utf-8")
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    result = run([str(tmp_path)], Options(ingest=IngestOptions(max_bytes=5_000_000)))  # the web upload's path
    docs = {d.source.rsplit("/", 1)[-1]: d for d in result.story.documents}
    assert set(docs) == {"huge.txt", "good.txt"}
    assert not [p for p in result.story.errors if p.level == "error"], result.story.errors
    huge = docs["huge.txt"]
    assert any(t.text == "Friday" and huge.text[t.start:t.end] == "Friday" for t in huge.times)
    assert any(q.text == "40 soldiers" or "40" in q.text for q in huge.quantities)


def test_the_cli_analyses_a_document_over_the_parser_limit(tmp_path):
    import subprocess

    from conftest import CLI

    (tmp_path / "huge.txt").write_text(_long_text(), "utf-8")
    proc = subprocess.run([*CLI, "analyze", "--workers", "1", "--max-bytes", "5000000", "--out", str(tmp_path / "out"),
                           str(tmp_path / "huge.txt")], check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "please report" not in proc.stderr
    payload = json.loads((tmp_path / "out" / "story.json").read_text("utf-8"))
    (story,) = payload["stories"]
    assert story["documents"][0]["times"]


# -- workers die with their parent -----------------------------------------------------------------------------------

def test_pool_workers_exit_when_the_run_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import time

    import psutil

    from conftest import CLI

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02d}.txt").write_text(_article(n, "harbour"), "utf-8")
    run = subprocess.Popen([*CLI, "analyze", "-q", "--workers", "2", "--out", str(tmp_path / "out"), str(folder)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2:  # both workers at work, their models loaded
        workers = [p for p in parent.children(recursive=True)
                   if "spawn_main" in " ".join(p.cmdline()) and p.memory_info().rss > 300_000_000]
        time.sleep(0.2)
    assert len(workers) >= 2, "the pool never started"
    everything = parent.children(recursive=True)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (alive := [p for p in everything if _running(p)]):
        time.sleep(0.2)
    for p in alive:  # do not leave them behind for the rest of the suite
        p.kill()
    assert not alive, f"orphans left: {[p.pid for p in alive]}"


def _running(process) -> bool:
    """Alive and not a zombie (an exited process nobody reaped: the sandbox's init may not)."""
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_warnings_about_kept_documents_reach_stderr(tmp_path):
    import subprocess

    from conftest import CLI

    (tmp_path / "feed.jsonl").write_text(json.dumps({"title": {"nested": True}, "published": "someday", "text": GOOD}), "utf-8")
    proc = subprocess.run([*CLI, "analyze", "--workers", "1", "--out", str(tmp_path / "out"), str(tmp_path / "feed.jsonl")],
                          check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("storydesk: warning:")]
    assert any("feed.jsonl:1: metadata field(s) 'title' (an object) ignored" in line for line in lines), proc.stderr
    assert any("'someday'" in line for line in lines), proc.stderr
    assert len(lines) == len(set(lines))  # each said once
    quiet = subprocess.run([*CLI, "analyze", "-q", "--workers", "1", "--out", str(tmp_path / "out2"), str(tmp_path / "feed.jsonl")],
                           check=False, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "warning" not in quiet.stderr


def test_a_document_over_its_time_budget_is_named(monkeypatch):
    import storydesk.budget
    from storydesk.annotate import annotate_documents
    from storydesk.extract import extract_safely

    monkeypatch.setattr(storydesk.budget, "DOCUMENT_BUDGET", -1.0)  # every stage is over a budget below zero
    doc, problems = extract_safely(RawDocument(source="slow.txt", content=GOOD, kind="text"))
    assert doc is not None
    slow = [p for p in problems + annotate_documents([doc]) if p.code == "slow"]
    assert {p.source for p in slow} == {"slow.txt"}
    assert {p.reason.split(" took ")[0] for p in slow} == {"cleaning", "annotation"}
    assert all(p.level == "warning" and "budget for one document" in p.reason for p in slow)
