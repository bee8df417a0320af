"""A store that cannot be read, a disk that fills up, a lock file deleted during a run, a judgement made while a run
writes the store: each ends in one line that names the file or folder and says what happened, never a traceback, and
nothing kept is lost. Real subprocesses, real SQLite files."""
from __future__ import annotations

import json
import resource
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import CLI
from storydesk.pipeline import DEMO_CORPUS
from storydesk.store import StoreBusy, writing

ARTICLES = [str(DEMO_CORPUS / "cv-tribune-escape.md"), str(DEMO_CORPUS / "northern-courier-indictment.txt")]


def _cli(*args: str, limit: int | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    def cap() -> None:  # a disk that fills up, without privileges: a file may grow to `limit` bytes, no more
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([*CLI, *args], check=False, capture_output=True, text=True, timeout=600, cwd=cwd,
                          preexec_fn=cap)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kept")
    done = _cli("analyze", "--one-story", "--workers", "1", "-q", *ARTICLES, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _one_line_error(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def _garbled(tmp_path: Path, store: Path) -> Path:
    """A copy of a real store with every 997th byte of its middle third flipped."""
    db = tmp_path / "story.db"
    data = bytearray((store / "story.db").read_bytes())
    for offset in range(len(data) // 3, 2 * len(data) // 3, 997):
        data[offset] ^= 0x5A
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize("damage", ["noise", "garbled"])
def test_a_store_that_cannot_be_read_is_named_by_every_command(tmp_path, store, damage):
    if damage == "noise":
        db = tmp_path / "story.db"
        db.write_bytes(bytes(range(256)) * 80)
    else:
        db = _garbled(tmp_path, store)
    before = db.read_bytes()
    for args in (["judge", "list", str(db)], ["judge", "status", str(db), "s", "c", "right"],
                 ["judge", "undo", str(db), "k"], ["export", str(db), "--format", "jsonl", "--out", str(tmp_path / "x")],
                 ["analyze", ARTICLES[0], "--out", str(tmp_path)]):
        _one_line_error(_cli(*args), str(db), "not a")
    assert db.read_bytes() == before  # nothing was written into it


def test_a_lock_file_deleted_during_a_run_does_not_let_a_second_run_in(tmp_path):
    db = tmp_path / "story.db"
    with writing(db):
        Path(f"{db}.lock").unlink()
        with pytest.raises(StoreBusy, match=str(tmp_path)), writing(db):
            pass
    with writing(db):  # released
        pass


def test_a_judgement_made_while_a_run_writes_the_store_is_kept_and_says_so(tmp_path, store):
    out = tmp_path / "out"
    shutil.copytree(store, out)
    db = out / "story.db"
    payload = json.loads((out / "story.json").read_text())["stories"][0]
    claim = payload["claims"][0]
    with writing(db):  # another run holds the store
        done = _cli("judge", "status", str(db), payload["story"]["id"], claim["id"], "right", "--by", "ana")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "kept: status right" in done.stderr and "another storydesk run is writing" in done.stderr
    listed = _cli("judge", "list", str(db), "--json")
    assert [json.loads(line)["subject"].get("claim") for line in listed.stdout.splitlines()] == [claim["text"]]


def test_a_full_disk_ends_in_one_line_and_the_next_run_resumes(tmp_path, store):
    out = tmp_path / "out"
    limit = 150_000
    done = _cli("analyze", "--one-story", "--workers", "1", "-q", *ARTICLES, "--out", str(out), limit=limit)
    _one_line_error(done, str(out), "ran out of space", "run the same command again to resume")
    conn = sqlite3.connect(out / "story.db")  # the store is intact
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    again = _cli("analyze", "--one-story", "--workers", "1", "-q", *ARTICLES, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert len(json.loads((out / "story.json").read_text())["stories"][0]["documents"]) == 2


def test_analyze_with_stderr_closed_still_writes_its_outputs(tmp_path):
    import os

    out = tmp_path / "out"
    done = subprocess.run([*CLI, "analyze", "--workers", "1", ARTICLES[0], "--out", str(out)], check=False,
                          stdout=subprocess.PIPE, text=True, timeout=600, preexec_fn=lambda: os.close(2))
    assert done.returncode == 0
    assert "Wrote" in done.stdout and (out / "story.json").is_file() and (out / "report.html").is_file()
