from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from storydesk.engine import run_one as run
from storydesk.pipeline import DEMO_CORPUS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
DATA = Path(os.environ.get("STORYDESK_DATA", ROOT.parent / "shared" / "data"))
CLI = [sys.executable, "-m", "storydesk.cli"]


@pytest.fixture(scope="session")
def demo_result():
    return run([str(DEMO_CORPUS)])


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium",
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_docs(demo_result):
    """Demo documents keyed by file name (JSONL records as name:line)."""
    return {Path(d.source).name: d for d in demo_result.story.documents}


@pytest.fixture(scope="session")
def gold():
    return json.loads((GOLDEN / "demo_gold.json").read_text("utf-8"))


# Script and markup an attacker could put in a title, a body or an outlet name.
PAYLOADS = [
    '<script>window.__pwned = 1; alert(1)</script>',
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"><circle r=5></svg>',
    '<a href="javascript:window.__pwned=4">click</a>',
    '"><iframe srcdoc="<script>parent.__pwned=5</script>">',
    '</title><script>window.__pwned=6</script><!--',
    '<b onmouseover="window.__pwned=7" style="position:fixed;inset:0">broken <i>markup',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=8">',
]


def hostile_corpus(folder: Path) -> Path:
    """A corpus whose titles, bodies, outlet names and file names carry the payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for i, payload in enumerate(PAYLOADS):
        records.append({"title": f"Title {payload}", "outlet": f"Outlet {payload}", "published": "2025-03-04",
                        "url": "javascript:window.__pwned=9",
                        "text": f"The minister spoke on Tuesday about the raid on the prison {payload} and the escape of its leader.\n\n"
                                f"Officials said {i} inmates were moved to other prisons after the raid on Tuesday {payload}."})
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / f"{PAYLOADS[1]}.html".replace("/", "_")).write_text(
        f"<html><head><title>{PAYLOADS[0]}</title></head><body><article><h1>Raid {PAYLOADS[2]}</h1>"
        f"<p>The minister said the prison was retaken on Tuesday after a long standoff with the inmates there.</p>"
        f"<p>{PAYLOADS[3]} Officials said that two inmates were killed and nine soldiers were wounded.</p></article></body></html>",
        encoding="utf-8")
    return folder


# The fast layer (`make test-fast`, under a minute): the modules listed in _FAST_MODULES, by inclusion (a new test
# module is not in it until it is added here), less any test marked e2e. Everything that runs the whole pipeline over
# a corpus, a CLI process, a server, a browser or a cluster is marked e2e here.
_FAST_MODULES = {"test_spans", "test_stages", "test_contract", "test_imports", "test_times", "test_quantities",
                 "test_quotes", "test_claims", "test_offsets", "test_store", "test_real_shapes", "test_structured",
                 "test_stance", "test_verifier_model", "test_cache_keys"}
_E2E_FIXTURES = {"demo_result", "demo_docs", "browser", "store", "server", "cli_out"}
_E2E_MODULES = {"test_linear", "test_engine", "test_crash", "test_cli", "test_web", "test_web_limits", "test_report_browser",
                "test_store_api", "test_no_loss", "test_fuzz", "test_bad_input", "test_check", "test_docs",
                "test_benchmark_gate", "test_timeline_brief", "test_export"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in _E2E_MODULES or _E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
        if module in _FAST_MODULES and not item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.fast)
