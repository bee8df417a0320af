from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from storydesk.pipeline import DEMO_CORPUS, run

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
DATA = Path(os.environ.get("STORYDESK_DATA", ROOT.parent / "shared" / "data"))
CLI = [sys.executable, "-m", "storydesk.cli"]


@pytest.fixture(scope="session")
def demo_result():
    return run([str(DEMO_CORPUS)])


@pytest.fixture(scope="session")
def demo_docs(demo_result):
    """Demo documents keyed by file name (JSONL records as name:line)."""
    return {Path(d.source).name: d for d in demo_result.story.documents}


@pytest.fixture(scope="session")
def gold():
    return json.loads((GOLDEN / "demo_gold.json").read_text("utf-8"))
