"""SIGKILL at random moments: the next run finishes the work, with nothing lost or doubled, and the same story.json."""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time

from conftest import CLI, ROOT
from storydesk.pipeline import DEMO_CORPUS

KILLS = 8
SEED = int(os.environ.get("STORYDESK_CRASH_SEED", "20261121"))


def _without_run_times(path) -> str:
    return "\n".join(line for line in path.read_text("utf-8").splitlines()
                     if not line.lstrip().startswith(('"started":', '"finished":')))


def _analyze(corpus, out, **kw):
    return subprocess.Popen([*CLI, "analyze", "-q", "--workers", "1", "--out", str(out), str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)


def test_killed_runs_resume_to_the_same_result(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, corpus / "demo")
    for story in ("migrant-rescue", "port-seizure"):
        shutil.copytree(ROOT / "benchmarks" / "firehose" / "dev" / story, corpus / story)
    reference = tmp_path / "reference"
    started = time.monotonic()
    proc = _analyze(corpus, reference)
    assert proc.wait(timeout=600) == 0, proc.stderr.read()
    full = time.monotonic() - started

    rng = random.Random(SEED)
    out = tmp_path / "killed"
    moments = sorted(rng.uniform(0.3, full) for _ in range(KILLS))
    for moment in moments:  # early kills land in start-up and reading, late ones in clustering, stories and writing
        proc = _analyze(corpus, out)
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        db = out / "story.db"
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {SEED}, kill at {moment:.2f}s"
            conn.close()
    proc = _analyze(corpus, out)
    assert proc.wait(timeout=600) == 0, proc.stderr.read()

    assert _without_run_times(out / "story.json") == _without_run_times(reference / "story.json"), f"seed {SEED}"
    conn = sqlite3.connect(out / "story.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    n_docs = sum(1 for p in corpus.rglob("*") if p.is_file()) + 2 - 1  # feeds.jsonl holds 3 lines, one broken
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (n_docs, n_docs)
    assert conn.execute("SELECT COUNT(*) FROM work_documents").fetchone()[0] == n_docs
    assert conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')") is not None
