"""Bad input: each case gets a clear problem naming the file and the reason; the rest of the run goes on."""
from __future__ import annotations

import gzip
import json
import os
import pwd
import shutil
import subprocess
import sys

import pytest

from storydesk.ingest import IngestOptions
from storydesk.pipeline import Options, extract_all

GOOD = ("PUERTO ALBA, Costa Verde (PWS) — Security forces retook the San Telmo prison on Tuesday after a standoff with "
        "inmates, the Interior Ministry said. The prison held 3,200 inmates, according to the penitentiary institute.\n")
HTML_GOOD = f"<html><head><title>Raid</title></head><body><article><h1>Raid</h1><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"


def _run(paths, **kw):
    docs, problems = extract_all([str(p) for p in paths], Options(ingest=IngestOptions(**kw)))
    return {os.path.basename(d.source.split(":")[0]): d for d in docs}, problems


def _problem(problems, name):
    hits = [p for p in problems if name in p.source]
    assert hits, f"no problem reported for {name}: {[(p.source, p.reason) for p in problems]}"
    return hits[0]


def test_each_bad_input_is_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "no-article.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": GOOD, "outlet": "Wire"}) + "\n{not json\n" + json.dumps({"html": HTML_GOOD}) + "\n")
    (tmp_path / "truncated.txt.gz").write_bytes(gzip.compress(GOOD.encode() * 50)[:200])
    os.symlink(tmp_path / "loop-b", tmp_path / "loop-a")
    os.symlink(tmp_path / "loop-a", tmp_path / "loop-b")
    docs, problems = _run([tmp_path, tmp_path / "does-not-exist.txt"])

    assert "good.txt" in docs
    assert _problem(problems, "empty.txt").code == "empty"
    assert _problem(problems, "binary.txt").code == "binary"
    assert _problem(problems, "no-article.html").code == "no-article"
    bad_line = _problem(problems, "feed.jsonl:2")
    assert bad_line.code == "jsonl" and "not JSON" in bad_line.reason
    assert sum(1 for d in docs.values() if d.source.startswith(f"{tmp_path.name}/feed.jsonl")) >= 1
    assert _problem(problems, "loop-a").code == "symlink-loop"
    assert _problem(problems, "does-not-exist.txt").reason == "no such file or folder"
    truncated = _problem(problems, "truncated.txt.gz")
    assert truncated.code == "gzip" and "truncated" in truncated.reason


def test_encodings(tmp_path):
    text = "Señor Núñez dijo que la operación terminó. " * 5
    (tmp_path / "utf16-bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "utf16le-nobom.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "mojibake.txt").write_text(text.encode("utf-8").decode("cp1252"), encoding="utf-8")
    broken = text.encode("utf-8") + b"\xff\xfe\xfa broken tail " + text.encode("utf-8")
    (tmp_path / "invalid-utf8.txt").write_bytes(broken)
    docs, problems = _run([tmp_path])
    for name in ("utf16-bom.txt", "utf16le-nobom.txt", "cp1252.txt", "mojibake.txt"):
        assert "Señor Núñez dijo que la operación terminó." in docs[name].text, name
    assert "Señor Núñez" in docs["invalid-utf8.txt"].text
    assert any("invalid-utf8.txt" in p.source and p.level == "warning" for p in problems)
    assert any("mojibake.txt" in p.source and "mojibake" in p.reason for p in problems)


def test_large_file_is_refused_with_the_limit_named(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.write((GOOD * 400).encode() * 600)  # about 53 MB
    assert big.stat().st_size > 50_000_000
    (tmp_path / "good.txt").write_text(GOOD)
    docs, problems = _run([tmp_path])
    problem = _problem(problems, "huge.txt")
    assert problem.code == "too-large" and "--max-bytes" in problem.reason
    assert "good.txt" in docs


def test_malformed_html_still_extracts(tmp_path):
    page = "<html><body><div><p>" + GOOD + "<p>" + GOOD.replace("3,200", "3,300") + "<div><b>unclosed <i>tags</body>"
    (tmp_path / "broken.html").write_text(page)
    docs, _problems = _run([tmp_path])
    assert "held 3,200 inmates" in docs["broken.html"].text


def test_odd_file_names_are_read_and_shown_safely(tmp_path):
    odd = tmp_path / "line\nbreak ñandú.txt"
    odd.write_text(GOOD)
    (tmp_path / "empty\tname.txt").write_bytes(b"")
    docs, problems = _run([tmp_path])
    assert any("ñandú" in d.source for d in docs.values())
    problem = _problem(problems, "empty\\tname.txt")
    assert "\t" not in problem.source and "\n" not in problem.source


def test_unreadable_file_as_an_ordinary_user(tmp_path_factory):
    """Permissions: run the real CLI as an unprivileged user (root reads everything)."""
    import tempfile
    from pathlib import Path

    tmp_path = Path(tempfile.mkdtemp(prefix="storydesk-perm-", dir="/tmp"))  # pytest's own tmp is root-only
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    (tmp_path / "good.txt").write_text(GOOD)
    tmp_path.chmod(0o755)
    cmd = [sys.executable, "-m", "storydesk.cli", "extract", "--jsonl", str(tmp_path)]
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        runner = shutil.which("setpriv")
        assert runner, "setpriv (util-linux) is needed to drop root for this test"
        cmd = [runner, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", *cmd]
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "secret.txt: permission denied" in proc.stderr
    assert "Security forces retook" in proc.stdout


@pytest.mark.parametrize("payload", [b"\x1f\x8b\x08\x00garbage", b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbroken"])
def test_damaged_archives_never_crash(tmp_path, payload):
    (tmp_path / "damaged.warc.gz").write_bytes(payload)
    docs, problems = _run([tmp_path])
    assert docs == {}
    assert _problem(problems, "damaged.warc.gz").level == "error"


def test_unreachable_url_is_a_clear_problem():
    import socket

    with socket.socket() as s:  # a port on loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story.html"
    docs, problems = extract_all([url], Options(ingest=IngestOptions(fetch_timeout=5)))
    assert docs == []
    (problem,) = problems
    assert problem.source == url and problem.code == "fetch" and "could not fetch URL" in problem.reason
