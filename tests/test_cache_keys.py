"""Cached work knows the code and weights it came from (issue 30).

A store keeps each article after the per-document stages and each story's analysis. Their keys are fingerprints of the
code, data and model packages behind them (storydesk/fingerprint.py), so a run after an upgrade recomputes what
changed; a store written by the previous release (tests/fixtures/store-1d73724.db: four articles in two stories, made
by commit 1d73724 with its hand-bumped tag) loses nothing when one article is added to it.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import CLI, ROOT
from storydesk import fingerprint
from storydesk.engine.run import analyser
from storydesk.pipeline import DEMO_CORPUS, STAGES

PACKAGE = ROOT / "src" / "storydesk"
FIXTURE = Path(__file__).parent / "fixtures" / "store-1d73724.db"


def _copy_package(to: Path) -> Path:
    target = to / "storydesk"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _touch(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_fingerprints_follow_the_code_and_weights_each_stage_reads(tmp_path):
    root = _copy_package(tmp_path)

    def prints() -> tuple[str, str]:
        return (fingerprint.fingerprint(fingerprint.stage_roots(STAGES, "document"), fingerprint.DATA["document"], root=root),
                fingerprint.fingerprint(fingerprint.stage_roots(STAGES, "story"), fingerprint.DATA["story"], root=root))

    doc0, story0 = prints()
    _touch(root / "annotate" / "quotes.py", "\n# a per-document stage changed\n")
    doc1, story1 = prints()
    assert doc1 != doc0 and story1 != story0  # a story is made of its articles' records
    _touch(root / "verify" / "verifiers.py", "\n# the verifier changed\n")
    doc2, story2 = prints()
    assert doc2 == doc1 and story2 != story1  # articles are not analysed again for a change of the verifier
    weights = root / "verify" / "weights" / "learned.json"
    data = json.loads(weights.read_text(encoding="utf-8"))
    data["threshold"] = data["threshold"] + 0.01
    weights.write_text(json.dumps(data), encoding="utf-8")
    doc3, story3 = prints()
    assert doc3 == doc2 and story3 != story2
    _touch(root / "web" / "app.py", "\n# the web UI changed\n")
    assert prints() == (doc3, story3)  # nothing cached depends on the web UI


def test_the_closure_holds_function_level_imports(tmp_path):
    root = _copy_package(tmp_path)
    mods = fingerprint.closure(["storydesk.engine.work"], root)
    # engine/work imports extract, annotate and pipeline inside its functions only
    assert {"storydesk.extract.document", "storydesk.annotate", "storydesk.pipeline", "storydesk.verify.corroborate"} <= set(mods)
    assert "storydesk.web.app" not in mods


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    return subprocess.run([*CLI, *args], check=False, capture_output=True, text=True, env=full, timeout=600)


@pytest.mark.e2e
def test_a_rerun_after_a_stage_changes_gives_the_new_answer(tmp_path):
    """Change the extract stage's code (a copy of the package with one rule changed), re-run on the same --out with
    only a new article, and the article analysed before comes out as the new code makes it."""
    first = tmp_path / "in" / "first.txt"
    first.parent.mkdir()
    first.write_text("Bridge reopens after repairs\n\nThe old bridge over the Lys reopened on Monday after three months "
                     "of repairs, the city said. About 9,000 cars cross it each day.\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _run(["analyze", str(first), "--out", str(out), "-q", "--workers", "1"])
    assert done.returncode == 0, done.stderr
    titles = [d.get("title") for s in json.loads((out / "story.json").read_text())["stories"] for d in s["documents"]]
    assert titles == ["Bridge reopens after repairs"]

    copy = _copy_package(tmp_path / "upgraded")
    doc_py = copy / "extract" / "document.py"
    text = doc_py.read_text(encoding="utf-8")
    rule = '    doc.title = meta.get("title") or result.title\n'
    assert rule in text
    doc_py.write_text(text.replace(rule, rule + "    doc.title = doc.title.upper() if doc.title else None\n"), encoding="utf-8")
    second = tmp_path / "in2" / "second.txt"
    second.parent.mkdir()
    second.write_text("Ferry strike ends\n\nFerry crews on the northern route ended their strike on Tuesday after a pay "
                      "deal, the union said. Sailings resume on Wednesday.\n", encoding="utf-8")
    again = _run(["analyze", str(second), "--out", str(out), "-q", "--workers", "1"],
                 {"PYTHONPATH": str(copy.parent) + os.pathsep + os.environ.get("PYTHONPATH", "")})
    assert again.returncode == 0, again.stderr
    docs = {d["source"]: d for s in json.loads((out / "story.json").read_text())["stories"] for d in s["documents"]}
    assert len(docs) == 2  # the first article is still there ...
    firsts = [d for src, d in docs.items() if src.endswith("first.txt")]
    assert firsts and firsts[0]["title"] == "BRIDGE REOPENS AFTER REPAIRS"  # ... analysed by the new code


@pytest.mark.e2e
def test_a_store_of_the_previous_release_keeps_every_story_when_an_article_is_added(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(FIXTURE, out / "story.db")
    before = sqlite3.connect(out / "story.db")
    old_docs = {r[0] for r in before.execute("SELECT document_id FROM work_documents")}
    old_stories = {r[0] for r in before.execute("SELECT id FROM stories")}
    assert len(old_docs) == 4 and len(old_stories) == 2
    before.close()
    done = _run(["analyze", str(DEMO_CORPUS / "pws-san-telmo-raid.txt"), "--out", str(out), "-q", "--workers", "1"])
    assert done.returncode == 0, done.stderr
    payload = json.loads((out / "story.json").read_text())
    stories = {s["story"]["id"]: s for s in payload["stories"]}
    assert old_stories <= set(stories)  # both earlier stories are still there, under their ids
    docs = {d["id"]: d for s in payload["stories"] for d in s["documents"]}
    assert old_docs <= set(docs) and len(docs) == 5
    conn = sqlite3.connect(out / "story.db")
    versions = {r[0] for r in conn.execute("SELECT analyser_version FROM work_documents")}
    assert versions == {analyser()}  # every earlier article analysed again by this release
    assert conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 2
    warned = {w["source"] for s in payload["stories"] for w in s.get("errors", []) if w["code"] == "reanalysed-from-store"}
    assert len(warned) == 4  # and the user is told that they were read again from the text the store kept
