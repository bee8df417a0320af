"""The report in a real headless Chromium: it renders, toggles removed parts, and never runs a payload."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import hostile_corpus
from storydesk.api import analyze

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
    assert page.locator("#source-table tbody tr").count() == 8
    removed = page.locator(".removed").first
    assert not removed.is_visible()
    page.locator("label.tl").first.click()
    assert page.locator("article.doc").first.locator(".removed").first.is_visible()
    assert page.locator("svg line").count() >= 3
    # the brief: every sentence cites its sources
    assert page.locator("ol.brief li").count() >= 3
    assert all(li.locator(".cite a").count() >= 1 for li in page.locator("ol.brief li").all())
    # claims matrix: filter by status with the radio labels, click a claim for its evidence
    rows = page.locator("table.matrix tbody tr")
    total = rows.count()
    page.locator("label[for=f-contradicted]").click()
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    assert all("s-contradicted" in r.get_attribute("class") for r in visible)
    first = visible[0]
    evidence = first.locator(".ev").first
    assert not evidence.is_visible()
    first.locator("summary.claimtext").click()
    assert evidence.is_visible() and "contradicts" in first.inner_text()
    page.locator("label[for=f-all]").click()
    assert sum(1 for r in rows.all() if r.is_visible()) == total
    # real charts: the timeline and the entity graph are SVG with one mark per event / name
    assert page.locator("#timeline svg g.event").count() == sum(
        1 for e in json.loads((tmp_path / "story.json").read_text("utf-8"))["stories"][0]["events"] if e["when"])
    assert page.locator("#people svg g.entity").count() >= 10
    # what happened: a row per happening, each word a link that opens its characters in the cleaned text
    part = json.loads((tmp_path / "story.json").read_text("utf-8"))["stories"][0]
    rows = page.locator("#happenings table.happenings tbody tr")
    assert rows.count() == min(len(part["happenings"]), 25) > 0
    top = next(h for h in part["happenings"] if h["id"] == rows.first.get_attribute("id"))
    links = rows.first.locator("a")
    assert links.count() == len({(m["doc"], m["start"]) for m in top["mentions"]})
    n = links.first.get_attribute("href").removeprefix("#cite-")
    assert page.locator(f"#cite-{n}").count() == 1  # the anchor the link opens, in the cleaned text
    assert "".join(page.locator(f"span.cited.m{n}").all_inner_texts()) == top["mentions"][0]["text"]
    page.screenshot(path=str(ARTIFACTS / "report-demo-filtered.png"), full_page=False)


def test_payloads_in_titles_bodies_and_outlets_never_run(browser, tmp_path):
    corpus = hostile_corpus(tmp_path / "corpus")
    analyze([str(corpus)], tmp_path / "out")
    pages = [tmp_path / "out" / "report.html", *sorted((tmp_path / "out" / "stories").glob("*.html"))]
    shown = ""
    for n, path in enumerate(pages):  # the run's index of stories, and each story's own page
        page, errors, dialogs = _open(browser, path, f"report-hostile-{n}.png")
        if page.locator("label.tl").count():
            page.locator("label.tl").first.click()
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:")
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
        assert page.locator("script").count() == 0
        assert page.locator("iframe, img, [onload], [onerror], [onmouseover], [srcdoc]").count() == 0
        shown += page.locator("body").inner_text()
        assert not [e for e in errors if "Content Security Policy" not in e]
        page.close()
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown  # shown as text, not run
