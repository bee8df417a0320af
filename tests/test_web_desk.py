"""The desk under real use, over a real server on 127.0.0.1 and a store a real run wrote: an upload keeps the id of the
story it joins and writes story.json and the report again, an old story address redirects, a person gets an HTML page
for a bad request, posts from other sites are refused however they come, and the sticky bar never hides a heading."""
from __future__ import annotations

import json
import re
import sqlite3
import time
import zlib
from pathlib import Path

import httpx
import pytest

from storydesk import labels
from storydesk.api import analyze
from storydesk.engine import RunOptions
from storydesk.pipeline import DEMO_CORPUS
from storydesk.web.app import Settings
from web_server import Server

FIRST = [str(DEMO_CORPUS / "cv-tribune-escape.md"), str(DEMO_CORPUS / "northern-courier-indictment.txt")]
LATER = DEMO_CORPUS / "harbor-ledger-raid.html"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    out = tmp_path_factory.mktemp("desk") / "out"
    written = analyze(FIRST, out, run_options=RunOptions(workers=1))
    assert len(written.payload["stories"]) == 1
    with Server(Settings(db=str(out / "story.db"))) as server:
        yield out, server


def _wait(server, job: dict) -> dict:
    deadline = time.monotonic() + 300
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.3)
        job = httpx.get(f"{server.url}/api/jobs/{job['id']}").json()
    return job


def _texts_of_store(db: Path) -> str:
    """Every text and zlib-compressed text the store holds, joined (to look for what must not be in it)."""
    conn = sqlite3.connect(db)
    found = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            for value in row:
                if isinstance(value, bytes):
                    try:
                        value = zlib.decompress(value).decode("utf-8")
                    except (zlib.error, UnicodeDecodeError):
                        continue
                if isinstance(value, str):
                    found.append(value)
    conn.close()
    return "\n".join(found)


def test_an_upload_keeps_the_story_id_and_writes_the_outputs_again(desk):
    out, server = desk
    before = json.loads((out / "story.json").read_text())["stories"][0]["story"]["id"]
    r = httpx.post(server.url + "/api/jobs", files=[("files", (LATER.name, LATER.read_bytes(), "text/html"))],
                   headers={"Origin": server.url})
    assert r.status_code == 202, r.text
    job = _wait(server, r.json())
    assert job["state"] == "done", job
    assert job["stories"] == [before]  # the story it joined keeps its id, though the new article is dated earlier
    assert httpx.get(f"{server.url}/stories/{before}").status_code == 200
    story = json.loads((out / "story.json").read_text())["stories"]
    assert [(s["story"]["id"], len(s["documents"])) for s in story] == [(before, 3)]
    report = (out / "report.html").read_text()
    added = next(d for d in story[0]["documents"] if d["source"].endswith("harbor-ledger-raid.html"))
    assert added["title"] and added["title"] in report
    # no server folder anywhere: not in the store, story.json, the report or the API
    uploads = str((out / "uploads").resolve())
    for text in (_texts_of_store(out / "story.db"), (out / "story.json").read_text(), report,
                 httpx.get(f"{server.url}/api/stories/{before}").text):
        assert uploads not in text and str(out.resolve()) not in text


def test_an_old_story_address_leads_to_the_story_that_took_its_articles(tmp_path):
    out = tmp_path / "out"
    alone = analyze(FIRST[:1], out, run_options=RunOptions(workers=1))
    old = alone.payload["stories"][0]["id"]
    merged = analyze(FIRST[1:], out, run_options=RunOptions(workers=1, one_story=True))  # every article, one story
    new = merged.payload["stories"][0]["id"]
    assert new != old and merged.payload["moved"] == {old: new}
    with Server(Settings(db=str(out / "story.db"))) as server:
        for path in (f"/stories/{old}", f"/stories/{old}/claims?status=corroborated", f"/api/stories/{old}"):
            r = httpx.get(server.url + path)
            assert r.status_code == 308, (path, r.status_code)
            assert r.headers["location"] == path.replace(old, new)
            assert httpx.get(server.url + r.headers["location"]).status_code == 200
        assert httpx.get(server.url + "/stories/story-nowhere").status_code == 404


def test_a_person_gets_an_html_page_for_a_bad_request_and_the_api_gets_json(desk):
    out, server = desk
    sid = json.loads((out / "story.json").read_text())["stories"][0]["story"]["id"]
    doc = json.loads((out / "story.json").read_text())["stories"][0]["documents"][0]["id"]
    for r in (httpx.get(f"{server.url}/stories/{sid}/documents/{doc}?start=abc&end=4"),
              httpx.post(f"{server.url}/stories/{sid}/judge", data={"who": "ana"}, headers={"Origin": server.url})):
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("text/html"), r.text[:200]
        assert "could not be used" in r.text and ("start" in r.text or "kind" in r.text)
        assert r.headers["content-security-policy"]
    r = httpx.post(f"{server.url}/api/stories/{sid}/judgements", content=b'{"kind": NaN, "decision": "right"}',
                   headers={"Origin": server.url, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "the request is not valid"
    assert r.headers["content-security-policy"] and r.headers["x-content-type-options"] == "nosniff"


def test_a_post_from_another_site_is_refused_even_without_an_origin(desk):
    _, server = desk
    for fetched in ("cross-site", "same-site"):
        r = httpx.post(server.url + "/judgements/undo", data={"key": "k"}, headers={"Sec-Fetch-Site": fetched})
        assert r.status_code == 403, fetched
    r = httpx.post(server.url + "/judgements/undo", data={"key": "k"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 404  # let through: there is no such judgement


def test_the_sticky_bar_never_hides_the_heading_its_links_lead_to(desk, browser):
    out, server = desk
    sid = json.loads((out / "story.json").read_text())["stories"][0]["story"]["id"]
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for address in ((out / "report.html").as_uri(), f"{server.url}/stories/{sid}"):
        page.goto(address)
        links = page.eval_on_selector_all("nav.toc a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) >= 3, address
        for href in links:
            page.click(f"nav.toc a[href='{href}']")
            page.wait_for_timeout(150)
            bar = page.eval_on_selector("nav.toc", "e => e.getBoundingClientRect().bottom")
            target = page.eval_on_selector(href, "e => (e.querySelector('h2,h3') || e).getBoundingClientRect().top")
            at_end = page.evaluate("window.innerHeight + window.scrollY >= document.body.scrollHeight - 2")
            assert target >= bar or at_end, (address, href, target, bar)
    page.close()


def test_a_story_without_a_headline_is_never_named_by_a_file_name_when_anything_better_exists():
    untitled = {"title": None, "outlet": None, "published": None, "source": "/srv/in/report_0412.txt",
                "text": "Soldiers retook the San Telmo prison on Tuesday after a standoff of fourteen hours."}
    assert labels.story_name([untitled]).startswith("Story beginning \u201cSoldiers retook the San Telmo")
    assert "report_0412" not in labels.story_name([untitled])
    with_outlet = {**untitled, "outlet": "Harbor Ledger", "published": "2024-03-05T10:00:00"}
    assert labels.story_name([untitled, with_outlet]) == "Story of Harbor Ledger, 2024-03-05"
    assert labels.story_name([untitled, with_outlet, {**untitled, "title": "Prison retaken"}]) == "Prison retaken"
    assert re.search("report_0412", labels.story_name([{**untitled, "text": "Page 3"}]))


def test_a_judgement_whose_rerun_was_stopped_is_shown_waiting_and_applied_when_the_server_starts(tmp_path):
    from storydesk.api import judge
    from storydesk.review import make
    from storydesk.store import writing

    out = tmp_path / "out"
    analyze(FIRST, out, run_options=RunOptions(workers=1))
    payload = json.loads((out / "story.json").read_text())["stories"][0]
    sid = payload["story"]["id"]
    claim = next(c for c in payload["claims"] if c["status"] != "disputed")
    # at once, in the same second as the analysis: waiting is told by the story's reviews, not by the clock
    judge(out / "story.db", make.status(payload, claim["id"], "wrong", "disputed", "ana", "two outlets differ"),
          rerun=False)  # kept; the re-run that would apply it never happened (the server was stopped)
    address = f"/stories/{sid}/claims/{claim['id']}"
    with writing(out / "story.db"), Server(Settings(db=str(out / "story.db"))) as server:
        # a CLI run holds the store while the server starts: its re-run waits
        shown = httpx.get(server.url + address).text
        assert 'id="waiting"' in shown and "wait for the story to be analysed again" in shown
        assert 'id="waiting"' in httpx.get(f"{server.url}/stories/{sid}").text
    with Server(Settings(db=str(out / "story.db"))) as server:  # started again, the store free: the re-run goes on
        deadline = time.monotonic() + 300
        while 'id="waiting"' in (shown := httpx.get(server.url + address).text) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert 'id="waiting"' not in shown
        assert 'id="claim-status">disputed' in shown
