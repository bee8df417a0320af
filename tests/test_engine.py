"""Many stories from one firehose: clustering, the local and Dask engines, incremental runs, dead workers.

The corpus is the demo story plus the written dev stories of benchmarks/firehose/dev (17 articles, 4 stories,
English and Spanish), copied into a temporary folder so every run sees the same paths.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import httpx
import pytest
from markupsafe import escape

from conftest import CLI, ROOT
from storydesk.api import analyze
from storydesk.cluster import Features, bcubed, cluster
from storydesk.engine import RunOptions
from storydesk.engine.work import documents
from storydesk.ingest import read_sources
from storydesk.model import Problem
from storydesk.pipeline import DEMO_CORPUS
from storydesk.web.app import Settings
from web_server import Server

STORIES = ROOT / "benchmarks" / "firehose" / "dev"


def _corpus(folder):
    shutil.copytree(DEMO_CORPUS, folder / "demo")
    for story in sorted(STORIES.iterdir()):
        shutil.copytree(story, folder / story.name)
    return folder


def _gold(folder) -> dict[str, str]:
    return {p.name: p.parent.name for p in folder.rglob("*") if p.is_file()}


def _without_run_times(path) -> str:
    lines = path.read_text("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith(('"started":', '"finished":')))


def _cli(*args, env=None):
    return subprocess.run([*CLI, *args], check=False, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("firehose"))


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref")
    proc = _cli("analyze", "-q", "--workers", "1", "--out", str(out), str(corpus))
    assert proc.returncode == 0, proc.stderr
    return out


def test_bcubed_by_hand():
    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    # a and b together (right), c wrongly joined to them, d alone (right)
    scores = bcubed([["a", "b", "c"], ["d"]], gold)
    assert scores["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-4)
    assert scores["recall"] == 1.0
    assert bcubed([["a"], ["b"], ["c"], ["d"]], gold)["recall"] == pytest.approx((0.5 + 0.5 + 1 + 1) / 4, abs=1e-4)
    # averaged over a and b only: their cluster still holds the wrongly joined c
    assert bcubed([["a", "b", "c"], ["d"]], gold, over={"a", "b"})["precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_clustering_finds_the_written_stories_across_languages(corpus):
    raws = [r for r in read_sources([str(corpus)]) if not isinstance(r, Problem)]
    results = [r for i in range(0, len(raws), 16) for r in documents(raws[i:i + 16]) if r.id]
    feats = [Features.from_json(json.loads(r.features)) for r in results]
    name_of = {r.id: r.source.split("/")[1] for r in results}  # "<corpus folder>/<story>/<file>"
    predicted = cluster(feats)
    assert sorted(sorted({name_of[d] for d in story}) for story in predicted) == [["demo"], ["mayor-trial"], ["migrant-rescue"],
                                                                                 ["port-seizure"]]
    gold = {d: name_of[d] for d in name_of}
    assert bcubed(predicted, gold)["f1"] == 1.0
    spanish = [r.source for r in results if "la-voz-valmora" in r.source or "el-faro" in r.source]
    assert len(spanish) == 2  # the Spanish articles are in, and joined their English stories above


def test_report_store_and_web_ui_list_every_story(reference):
    payload = json.loads((reference / "story.json").read_text("utf-8"))
    assert [s["story"]["documents"] for s in payload["stories"]] and len(payload["stories"]) == 4
    assert [s["story"]["id"] for s in payload["stories"]] == sorted(s["story"]["id"] for s in payload["stories"])
    index = (reference / "report.html").read_text("utf-8")
    for s in payload["stories"]:
        assert f'href="stories/{s["story"]["id"]}.html"' in index
        page = (reference / "stories" / f"{s['story']['id']}.html").read_text("utf-8")
        assert str(escape(s["story"]["title"])) in page  # a headline that ends in a quoted phrase, escaped as text
    conn = sqlite3.connect(reference / "story.db")
    assert conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 4
    # every article is in exactly one story
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (17, 17)
    with Server(Settings(db=str(reference / "story.db"))) as server:
        listed = httpx.get(server.url + "/api/stories").json()
        assert {s["id"] for s in listed} == {s["story"]["id"] for s in payload["stories"]}
        home = httpx.get(server.url + "/").text
        assert all(s["story"]["id"] in home for s in payload["stories"])


def _worker_pid(n: int) -> tuple[int, int]:
    import os

    return n, os.getpid()


def test_a_pool_worker_past_its_memory_line_is_replaced_between_tasks():
    from storydesk.engine.engines import LocalPool

    pool = LocalPool(2, recycle_mb=1)  # every worker is past 1 MB: the pool is renewed after each few tasks
    try:
        results = dict(pool.run(_worker_pid, range(24)))
    finally:
        pool.close()
    assert sorted(results) == list(range(24))  # nothing in flight was lost
    assert all(isinstance(v, tuple) and v[0] == n for n, v in results.items())
    assert pool.recycled >= 2 and len({pid for _, pid in results.values()}) > 2


def test_local_pool_and_dask_give_byte_identical_story_json(corpus, reference, tmp_path):
    for name, args in (("pool", ["--workers", "2"]), ("dask", ["--engine", "dask", "--workers", "2"])):
        proc = _cli("analyze", "-q", *args, "--out", str(tmp_path / name), str(corpus))
        assert proc.returncode == 0, proc.stderr
        assert _without_run_times(tmp_path / name / "story.json") == _without_run_times(reference / "story.json"), name


def _external_cluster(folder, workers: int = 2):
    """`dask scheduler` and `dask worker` as separate processes on 127.0.0.1, the way a cluster is started by hand;
    the scheduler's address read from its scheduler file."""
    import os
    import sys
    import time
    from pathlib import Path

    dask = [str(Path(sys.executable).parent / "dask")]  # the console script installed with distributed
    info = folder / "scheduler.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    scheduler = subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(info)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env=env)
    deadline = time.monotonic() + 60
    while not info.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert info.exists(), "the dask scheduler did not start"
    address = json.loads(info.read_text())["address"]
    worker = subprocess.Popen([*dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                               "--no-dashboard", "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    return address, [worker, scheduler]


def test_an_external_dask_scheduler_gives_the_same_story_json(corpus, reference, tmp_path):
    from distributed import Client

    address, procs = _external_cluster(tmp_path)
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
        proc = _cli("analyze", "-q", "--scheduler", address, "--out", str(tmp_path / "out"), str(corpus))
        assert proc.returncode == 0, proc.stderr
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    assert _without_run_times(tmp_path / "out" / "story.json") == _without_run_times(reference / "story.json")


def test_adding_articles_analyses_only_what_is_new(corpus, reference, tmp_path):
    folder = tmp_path / "growing"
    shutil.copytree(corpus, folder)
    late = folder / "migrant-rescue" / "atlantic-monitor.txt"
    held = late.read_bytes()
    late.unlink()
    first = analyze([str(folder)], tmp_path / "out", run_options=RunOptions(workers=1))
    assert first.payload["summary"].documents_new == 16
    late.write_bytes(held)
    second = analyze([str(folder)], tmp_path / "out", run_options=RunOptions(workers=1))
    summary = second.payload["summary"]
    assert (summary.documents_new, summary.documents_cached) == (1, 16)
    assert (summary.stories_analysed, summary.stories_kept) == (1, 3)  # only the story the article joined
    fresh = analyze([str(folder)], tmp_path / "fresh", run_options=RunOptions(workers=1))
    assert _without_run_times(second.story_json) == _without_run_times(fresh.story_json)
    conn = sqlite3.connect(second.story_db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (17, 17)


@pytest.mark.parametrize("engine", ["dask", "local"])
def test_a_worker_killed_mid_task_is_retried(corpus, reference, tmp_path, monkeypatch, engine):
    marker = tmp_path / "killed"
    monkeypatch.setenv("STORYDESK_FAULT_KILL", f"{marker}:island-post")
    written = analyze([str(corpus)], tmp_path / "out", run_options=RunOptions(engine=engine, workers=2))
    assert marker.exists()  # a worker process really died on that article
    assert not [e for e in written.payload["errors"] if e["code"] == "internal"]
    assert _without_run_times(written.story_json) == _without_run_times(reference / "story.json")


def test_adding_an_article_reads_only_the_new_pairs_and_changes_no_answer(tmp_path):
    """pairs.db beside the store keeps the cross-encoder's answers: the story told again with one more article
    reads only the pairs it never read, and its story.json is the one a run without the kept answers writes."""
    from storydesk.verify import entail

    names = ["pws-san-telmo-raid.txt", "daily-meridian-scraped.txt", "harbor-ledger-raid.html"]
    first, warm, cold = tmp_path / "first", tmp_path / "warm", tmp_path / "cold"
    one = RunOptions(workers=1, one_story=True)
    analyze([str(DEMO_CORPUS / n) for n in names[:2]], first, run_options=one)
    kept = sqlite3.connect(first / "pairs.db").execute("SELECT count(*) FROM pairs").fetchone()[0]
    assert kept > 0
    shutil.copytree(first, warm)
    shutil.copytree(first, cold)
    for extra in ("pairs.db", "pairs.db-wal", "pairs.db-shm"):
        (cold / extra).unlink(missing_ok=True)
    model = entail.entailer()

    def add(out) -> int:
        model.cache.clear()  # as a new process would start
        model.pairs_run = 0
        analyze([str(DEMO_CORPUS / n) for n in names], out, run_options=one)
        return model.pairs_run

    read_cold, read_warm = add(cold), add(warm)
    assert 0 < read_warm < read_cold

    def answers(out) -> list:
        story = json.loads((out / "story.json").read_text())["stories"][0]
        return [(c["id"], c["status"], [(v["doc"], v["label"], v.get("score")) for v in c["verdicts"]])
                for c in story["claims"]]
    assert answers(warm) == answers(cold)
