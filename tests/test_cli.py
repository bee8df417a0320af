"""The CLI as a user runs it: real processes, real files, exit codes per the contract."""
from __future__ import annotations

import json
import subprocess

from conftest import CLI
from storydesk import storyjson


def _cli(*args, cwd=None, stdin=None):
    return subprocess.run([*CLI, *args], check=False, capture_output=True, text=True, cwd=cwd, input=stdin, timeout=300)


def test_analyze_demo_writes_valid_outputs(tmp_path):
    proc = _cli("analyze", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    payload = json.loads((tmp_path / "out" / "story.json").read_text("utf-8"))
    storyjson.validate(payload)
    (story,) = payload["stories"]  # the demo corpus is one story
    assert len(story["documents"]) == 8
    assert (tmp_path / "out" / "story.db").stat().st_size > 0
    html = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "Costa Verde troops storm gang-run San Telmo prison" in html
    assert "feeds.jsonl:3" in proc.stderr  # the per-file problem is reported, not fatal


def test_same_input_gives_identical_story_json(tmp_path):
    for name in ("a", "b"):
        assert _cli("analyze", "-q", "--out", str(tmp_path / name)).returncode == 0
    def strip(p):
        data = json.loads(p.read_text("utf-8"))
        data["generator"].pop("started"), data["generator"].pop("finished")
        return data
    assert strip(tmp_path / "a" / "story.json") == strip(tmp_path / "b" / "story.json")


def test_nothing_usable_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = _cli("analyze", "--out", str(tmp_path / "out"), str(tmp_path))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "empty file" in proc.stderr


def test_usage_error_exits_2():
    assert _cli("analyze", "--no-such-flag").returncode == 2
    assert _cli("extract").returncode == 2


def test_extract_jsonl_from_stdin():
    proc = _cli("extract", "--jsonl", "-", stdin="Headline of the day\n\nMADRID (Wire) — The minister resigned on Monday after a long scandal that shook the government.\n")
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["title"] == "Headline of the day"
    assert record["text"].startswith("MADRID (Wire) — The minister resigned")
    assert record["published"] is None


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for command in ("analyze", "extract"):
        proc = _cli(command, "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout
        assert f"storydesk {command}" in readme
