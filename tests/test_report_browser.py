"""The report in a real headless Chromium: it renders, toggles removed parts, and never runs a payload."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from storydesk.api import analyze

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PAYLOADS = [
    '<script>window.__pwned = 1; alert(1)</script>',
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"><circle r=5></svg>',
    '<a href="javascript:window.__pwned=4">click</a>',
    '"><iframe srcdoc="<script>parent.__pwned=5</script>">',
    '</title><script>window.__pwned=6</script><!--',
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium",
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield b
        b.close()


def _open(browser, path: Path, shot: str):
    page = browser.new_page()
    errors, dialogs = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    return page, errors, dialogs


def test_demo_report_renders_and_toggles(browser, tmp_path):
    from storydesk.pipeline import DEMO_CORPUS

    analyze([str(DEMO_CORPUS)], tmp_path)
    page, errors, dialogs = _open(browser, tmp_path / "report.html", "report-demo.png")
    assert errors == [] and dialogs == []
    assert page.locator("#sources tbody tr").count() == 8
    removed = page.locator(".removed").first
    assert not removed.is_visible()
    page.locator("label.tl").first.click()
    assert page.locator("article.doc").first.locator(".removed").first.is_visible()
    assert page.locator("svg line").count() >= 3


def test_payloads_in_titles_bodies_and_outlets_never_run(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = []
    for i, payload in enumerate(PAYLOADS):
        records.append({"title": f"Title {payload}", "outlet": f"Outlet {payload}", "published": "2025-03-04",
                        "text": f"The minister spoke on Tuesday about the raid on the prison {payload} and the escape of its leader.\n\n"
                                f"Officials said {i} inmates were moved to other prisons after the raid on Tuesday {payload}."})
    (corpus / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (corpus / f"{PAYLOADS[1]}.html".replace("/", "_")).write_text(
        f"<html><head><title>{PAYLOADS[0]}</title></head><body><article><h1>Raid {PAYLOADS[2]}</h1>"
        f"<p>The minister said the prison was retaken on Tuesday after a long standoff with the inmates there.</p>"
        f"<p>{PAYLOADS[3]} Officials said that two inmates were killed and nine soldiers were wounded.</p></article></body></html>",
        encoding="utf-8")
    analyze([str(corpus)], tmp_path / "out")
    page, errors, dialogs = _open(browser, tmp_path / "out" / "report.html", "report-hostile.png")
    page.locator("label.tl").first.click()
    for link in page.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:")
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("script").count() == 0
    assert page.locator("iframe, img, #sources svg").count() == 0
    body = page.locator("body").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in body  # shown as text, not run
    assert not [e for e in errors if "Content Security Policy" not in e]
