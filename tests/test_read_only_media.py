"""A store on read-only media (a copy on a write-protected stick, a read-only mount), as a colleague hands it over:
story.db with its write-ahead log and no -shm file, in a folder nothing can be written to. Every command that reads
it works from it: `judge list`, `export`, `serve` (every view; uploads and judgements answer that the store is
read-only). The folder is made read-only for real: a read-only bind mount in a mount namespace of its own."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import httpx

from conftest import CLI
from storydesk.api import analyze
from storydesk.engine import RunOptions
from storydesk.pipeline import DEMO_CORPUS
from storydesk.review import make
from storydesk.store import judgements
from web_server import first_answer, free_port

READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def _can_mount() -> bool:
    return subprocess.run(["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0"', "/tmp"], check=False,
                          capture_output=True).returncode == 0


def _on_read_only(folder: Path, *command: str, **kw) -> subprocess.Popen:
    """`command` with `folder` read-only for it: a read-only bind mount in a mount namespace of its own where the
    system allows one (root with CAP_SYS_ADMIN, as here and in CI); else, for a user who is not root, the folder's
    write permission taken away (the same refusal, from the permissions)."""
    if _can_mount():
        return subprocess.Popen(["unshare", "-m", "sh", "-c", READ_ONLY, str(folder), *command], **kw)
    assert os.geteuid() != 0, "root without CAP_SYS_ADMIN: no way to make a folder read-only here"
    folder.chmod(0o555)
    return subprocess.Popen(list(command), **kw)


def _handed_over(tmp_path: Path) -> tuple[Path, dict]:
    """A store whose last judgement is still in its write-ahead log, copied as it is (no -shm) to another folder."""
    out = tmp_path / "out"
    analyze([str(DEMO_CORPUS / "cv-tribune-escape.md")], out, run_options=RunOptions(workers=1))
    payload = json.loads((out / "story.json").read_text())["stories"][0]
    conn = sqlite3.connect(out / "story.db")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    judgements.put(conn, make.status(payload, payload["claims"][0]["id"], "right", None, "ana", "checked by phone"))
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copyfile(out / "story.db", stick / "story.db")
    shutil.copyfile(out / "story.db-wal", stick / "story.db-wal")
    conn.close()
    assert not (stick / "story.db-shm").exists() and (stick / "story.db-wal").stat().st_size > 0
    return stick, payload


def test_a_store_on_read_only_media_is_listed_exported_and_served(tmp_path):
    stick, payload = _handed_over(tmp_path)
    before = {p.name: p.read_bytes() for p in stick.iterdir()}
    listed = _on_read_only(stick, *CLI, "judge", "list", str(stick / "story.db"), "--json", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    out, err = listed.communicate(timeout=300)
    assert listed.returncode == 0, err
    assert [json.loads(line)["note"] for line in out.splitlines()] == ["checked by phone"]
    exported = _on_read_only(stick, *CLI, "export", str(stick / "story.db"), "--format", "jsonl", "--out",
                             str(tmp_path / "export"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, err = exported.communicate(timeout=300)
    assert exported.returncode == 0, err
    assert payload["story"]["id"] in (tmp_path / "export" / "stories.jsonl").read_text()
    port = free_port()
    server = _on_read_only(stick, *CLI, "serve", str(stick / "story.db"), "--port", str(port),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        index = first_answer(url + "/", 120, alive=lambda: server.poll() is None)
        assert index.status_code == 200
        sid = payload["story"]["id"]
        assert httpx.get(f"{url}/stories/{sid}").status_code == 200
        assert httpx.get(f"{url}/api/judgements").json()[0]["note"] == "checked by phone"
        refused = httpx.post(url + "/api/jobs", files={"files": ("a.txt", b"Soldiers retook the prison on Tuesday.")},
                             headers={"Origin": url})
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
        form = httpx.post(f"{url}/stories/{sid}/judge", data={"kind": "status", "decision": "right", "who": "ana",
                                                              "claim": payload["claims"][0]["id"]},
                          headers={"Origin": url})
        assert form.status_code == 403 and "read-only" in form.text and form.headers["content-type"].startswith("text/html")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert {p.name: p.read_bytes() for p in stick.iterdir()} == before  # not a byte written
