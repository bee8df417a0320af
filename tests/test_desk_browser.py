"""The desk in a real Chromium: every citation lands on its marked characters below the sticky bar, in the report
and in the web UI; the entity graph's labels never overlap; a judgement made through the web form changes the
claim's status and survives `analyze` again; no page names the folder the articles were read from. Screenshots of
each report section and UI page are kept under build/screenshots/ (look at them)."""
from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

import desk_corpus
from storydesk.api import analyze
from storydesk.report.render import render
from storydesk.store import open_readonly, read
from storydesk.storyjson import to_json
from storydesk.web.app import Settings
from web_server import Server

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
SECTIONS = ["overview", "sources", "claims", "timeline", "people", "quotes", "texts", "reviews"]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("desk-browser")
    folder = desk_corpus.write(tmp / "articles")
    analyze([str(folder.resolve())], tmp / "out")
    return {"tmp": tmp, "folder": folder, "db": tmp / "out" / "story.db"}


@pytest.fixture(scope="module")
def server(desk):
    with Server(Settings(db=str(desk["db"]))) as s:
        yield s


def _landed(page, anchor: str) -> dict:
    """Where the marked characters of a span are after following a link to it."""
    return page.evaluate("""(id) => {
        const n = id.split('-')[1], mark = document.querySelector('.m' + n), nav = document.querySelector('nav.toc');
        if (!mark) return {found: false};
        const r = mark.getBoundingClientRect();
        return {found: true, top: r.top, bottom: r.bottom, nav: nav.getBoundingClientRect().bottom, height: innerHeight,
                background: getComputedStyle(mark).backgroundColor, outline: getComputedStyle(mark).outlineStyle};
    }""", anchor)


def test_every_citation_in_the_report_lands_on_a_visible_mark(browser, demo_result, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render(to_json(demo_result)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    hrefs = sorted(set(page.eval_on_selector_all("a[href^='#cite-']", "els => els.map(e => e.getAttribute('href'))")),
                   key=lambda h: int(h.split("-")[1]))
    assert len(hrefs) > 50
    for href in hrefs:  # every one
        page.evaluate("(h) => { location.hash = ''; location.hash = h; }", href)
        got = _landed(page, href[1:])
        assert got["found"], f"{href}: no marked span"
        assert got["top"] >= got["nav"] - 1 and got["top"] < got["height"], f"{href}: the span is not in view ({got})"
        assert got["background"] == "rgb(255, 224, 138)" and got["outline"] == "solid", f"{href}: not marked"
    page.close()


def test_the_entity_graph_labels_never_overlap(browser, demo_result, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render(to_json(demo_result)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    for selector in ("#entity-graph text.entity-label", "svg[aria-label='Who copied whom'] text.node-label"):
        boxes = page.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect(); "
                                                    "return [r.left, r.top, r.right, r.bottom, e.textContent]; })")
        assert len(boxes) >= 2, selector
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, f"labels overlap: {a[4]!r} and {b[4]!r}"
        assert not any(t[4].endswith("…") and " " not in t[4] for t in boxes), "a name cut mid-word"
    page.close()


def test_a_judgement_through_the_web_form_changes_the_status_and_survives_analyze(browser, desk, server):
    conn = open_readonly(desk["db"])
    (head,) = read.stories(conn)
    payload = read.story(conn, head["id"])
    conn.close()
    harbour = next(d["id"] for d in payload["documents"] if d["source"].endswith("harbour-wire.txt"))
    claim = next(c for c in payload["claims"] if c["doc"] == harbour and "routine scan" in c["text"])
    assert claim["status"] != "contradicted"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/stories/{head['id']}/claims/{claim['id']}")
    form = page.locator("#judge-status")
    form.locator("select[name=decision]").select_option("wrong")
    form.locator("select[name=label]").select_option("contradicted")
    form.locator("input[name=who]").fill("ben")
    form.locator("input[name=note]").fill("the port authority denies any scan")
    form.locator("button[type=submit]").click()
    deadline = time.monotonic() + 300
    while page.locator("#state").get_attribute("data-state") not in ("done", "failed"):
        assert time.monotonic() < deadline, "the re-analysis did not finish"
        page.wait_for_timeout(500)
        page.reload()
    assert page.locator("#state").get_attribute("data-state") == "done", page.content()
    page.locator("#story-link").click()
    page.goto(f"{server.url}/stories/{head['id']}/claims/{claim['id']}")
    assert page.locator("#claim-status").inner_text() == "contradicted"
    assert "reviewed by ben" in page.content()
    page.goto(f"{server.url}/judgements")
    assert "the port authority denies any scan" in page.locator("#judgement-table").inner_text()
    page.close()
    analyze([str(desk["folder"].resolve())], desk["db"].parent)  # the CLI's run over the same articles
    conn = open_readonly(desk["db"])
    again = read.story(conn, head["id"])
    conn.close()
    assert next(c for c in again["claims"] if c["id"] == claim["id"])["status"] == "contradicted"


def test_web_citations_land_under_the_sticky_bar_and_no_page_names_the_local_folder(browser, desk, server):
    conn = open_readonly(desk["db"])
    (head,) = read.stories(conn)
    payload = read.story(conn, head["id"])
    conn.close()
    sid = head["id"]
    claim = next(c for c in payload["claims"] if any(v["evidence"] for v in c["verdicts"]))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/stories/{sid}/claims/{claim['id']}")
    page.locator(".verdict .evidence a").first.click()
    page.wait_for_load_state()
    box = page.evaluate("() => { const r = document.getElementById('hl').getBoundingClientRect(); "
                        "return [r.top, r.bottom, document.querySelector('nav.toc').getBoundingClientRect().bottom, innerHeight]; }")
    assert box[0] >= box[2] - 1 and box[1] <= box[3], f"the highlight is under the bar or out of view: {box}"
    root = str(desk["tmp"])
    doc = payload["documents"][0]["id"]
    pages = ["/", f"/stories/{sid}", f"/stories/{sid}/claims", f"/stories/{sid}/claims/{claim['id']}",
             f"/stories/{sid}/documents/{doc}", "/judgements", "/search?q=cocaine", f"/api/stories/{sid}", "/api/search?q=cocaine"]
    for url in pages:
        text = httpx.get(server.url + url, timeout=30).text
        assert root not in text, f"{url} names {root}"
    assert head["title"] and head["title"] in httpx.get(server.url + "/", timeout=30).text  # stories by title
    assert httpx.get(server.url + "/search?q=cocaine OR nightclub", timeout=30).text.count("<mark>") >= 1
    page.close()


def test_screenshots_of_each_report_section_and_ui_page(browser, desk, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    conn = open_readonly(desk["db"])
    (head,) = read.stories(conn)
    payload = read.story(conn, head["id"])
    conn.close()
    report = desk["db"].parent / "report.html"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report.as_uri())
    taken = []
    for section in SECTIONS:
        if page.locator(f"#{section}").count():
            page.locator(f"#{section}").screenshot(path=SHOTS / f"report-{section}.png")
            taken.append(f"report-{section}.png")
    sid, claim = head["id"], payload["claims"][0]["id"]
    for name, url in [("ui-index", "/"), ("ui-story", f"/stories/{sid}"), ("ui-claims", f"/stories/{sid}/claims"),
                      ("ui-claim", f"/stories/{sid}/claims/{claim}"),
                      ("ui-document", f"/stories/{sid}/documents/{payload['documents'][0]['id']}"),
                      ("ui-judgements", "/judgements"), ("ui-search", "/search?q=%22dock+workers%22+OR+scanners")]:
        page.goto(server.url + url)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        taken.append(f"{name}.png")
    page.close()
    assert {"report-overview.png", "report-people.png", "ui-story.png", "ui-claim.png"} <= set(taken)
    for name in taken:
        data = (SHOTS / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000, name
    assert re.fullmatch(r"story-[0-9a-f]+", sid)
