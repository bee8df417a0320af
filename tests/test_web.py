"""The web UI and JSON API over a real story.db, served by a real uvicorn on 127.0.0.1: pages, search,
claim pages, uploads with progress, the token, hostile text in a real Chromium, and schemathesis."""
from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error

from conftest import hostile_corpus
from storydesk.api import analyze
from storydesk.engine import RunOptions
from storydesk.pipeline import DEMO_CORPUS
from storydesk.store import save
from storydesk.storyjson import to_json
from storydesk.web import api, judging, pages
from storydesk.web.app import Settings
from storydesk.web.desk import Desk
from web_server import Server, first_answer

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def store(demo_result, tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    db = folder / "story.db"
    save(db, to_json(demo_result))
    hostile = analyze([str(hostile_corpus(folder / "hostile"))], folder / "hostile-out", run_options=RunOptions(one_story=True))
    payload = next(hostile.stories())
    payload["story"]["id"] = "hostile"
    save(db, payload)
    return db


@pytest.fixture(scope="module")
def server(store):
    with Server(Settings(db=str(store), max_upload_bytes=2_000_000, max_file_bytes=200_000)) as s:
        yield s


def _page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, dialogs = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, errors, dialogs


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_api_lists_stories_claims_and_a_claim_with_its_evidence(server, demo_result):
    stories = httpx.get(server.url + "/api/stories").json()
    assert {s["id"] for s in stories} == {"story-1", "hostile"}
    claims = httpx.get(server.url + "/api/stories/story-1/claims", params={"status": "corroborated", "limit": 5}).json()
    expected = sum(1 for d in demo_result.story.documents for c in d.claims if c.status == "corroborated")
    assert claims["total"] == expected and all(c["status"] == "corroborated" for c in claims["claims"])
    one = claims["claims"][0]
    got = httpx.get(f"{server.url}/api/stories/story-1/claims/{one['id']}").json()
    assert got["text"] == one["text"]
    support = [v for v in got["verdicts"] if v["label"] == "supports"]
    assert support and support[0]["evidence"] and support[0]["features"]
    docs = {d.id: d for d in demo_result.story.documents}
    ev = support[0]["evidence"][0]
    assert docs[ev["doc"]].text[ev["start"]:ev["end"]] == ev["text"]
    missing = httpx.get(server.url + "/api/stories/story-1/claims/nope")
    assert missing.status_code == 404 and missing.json() == {"error": "no claim 'nope' in story 'story-1'"}


def test_each_router_answers_alone_over_the_store(store):
    """The routers by concern each serve their own routes from a Desk, with nothing else mounted."""
    from fastapi import FastAPI

    desk = Desk(store, Settings(db=str(store)))
    alone = FastAPI()
    alone.include_router(api.routes(desk))
    with Server(app=alone) as s:
        assert {x["id"] for x in httpx.get(s.url + "/api/stories").json()} == {"story-1", "hostile"}
        claim = httpx.get(s.url + "/api/stories/story-1/claims", params={"limit": 1}).json()["claims"][0]
        assert httpx.get(s.url + f"/api/stories/story-1/claims/{claim['id']}").json()["text"] == claim["text"]
        assert httpx.get(s.url + "/stories/story-1").status_code == 404  # the pages are another router
    alone = FastAPI()
    alone.include_router(pages.routes(desk))
    with Server(app=alone) as s:
        page = httpx.get(s.url + "/stories/story-1")
        assert page.status_code == 200 and "<h1" in page.text
        assert httpx.get(s.url + "/api/stories").status_code == 404
    alone = FastAPI()
    alone.include_router(judging.routes(desk))
    with Server(app=alone) as s:
        said = httpx.post(s.url + "/api/stories/story-1/judgements",
                          json={"kind": "opinion", "decision": "right", "who": "ana"})
        assert said.status_code == 422 and "verdict, status, entity, derivation" in said.text
        assert httpx.get(s.url + "/api/judgements").json() == []


def test_search_is_full_text_accent_folding_and_safe_for_any_input(server):
    r = httpx.get(server.url + "/api/search", params={"q": "fiscalia"}).json()
    assert any("Fiscalía" in c["text"] for c in r["claims"])
    r = httpx.get(server.url + "/api/search", params={"q": "quint"}).json()  # prefix of the last word
    assert r["documents"] and r["claims"]
    for q in ['"', "AND(", "NEAR(a b", "*", "prison OR", "'; DROP TABLE claims; --", "\x00"]:
        resp = httpx.get(server.url + "/api/search", params={"q": q})
        assert resp.status_code == 200, q
    assert httpx.get(server.url + "/api/stories").status_code == 200  # the tables are still there


def test_pages_send_a_policy_that_forbids_scripts(server):
    r = httpx.get(server.url + "/stories/story-1")
    assert r.status_code == 200 and "script-src 'none'" in r.headers["content-security-policy"]
    assert "<script" not in r.text.lower()


def test_a_cross_site_post_is_refused(server):
    r = httpx.post(server.url + "/api/jobs", headers={"Origin": "http://evil.example"},
                   files={"files": ("a.txt", b"Officials said the prison was retaken on Tuesday.")})
    assert r.status_code == 403


def test_upload_is_analysed_in_the_background_and_bad_files_are_named(server):
    good = DEMO_CORPUS / "harbor-ledger-raid.html"
    files = [("files", (good.name, good.read_bytes(), "text/html")),
             ("files", ("broken.pdf", b"%PDF-1.4 \x00\x01\x02 binary junk", "application/pdf")),
             ("files", ("huge.txt", b"word " * 60_000, "text/plain")),
             ("files", ("../../escape.txt", b"Soldiers left the prison on Friday, the army said.", "text/plain"))]
    r = httpx.post(server.url + "/api/jobs", files=files, headers={"Origin": server.url})
    assert r.status_code == 202, r.text
    job = r.json()
    deadline = time.monotonic() + 120
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.3)
        job = httpx.get(f"{server.url}/api/jobs/{job['id']}").json()
    assert job["state"] == "done", job
    named = {p["source"].rsplit("/", 1)[-1]: p["reason"] for p in job["problems"]}
    assert any(n.endswith("broken.pdf") for n in named) and any(n.endswith("huge.txt") for n in named)
    assert any("large" in reason or "bytes" in reason for n, reason in named.items() if n.endswith("huge.txt"))
    # the good page and the renamed, contained text file, in the stories they joined or made (clustered as `analyze` does)
    assert job["story"] == job["stories"][0]
    documents = [d for sid in job["stories"] for d in httpx.get(f"{server.url}/api/stories/{sid}").json()["documents"]]
    assert sorted(d["source"].split("-", 1)[1] for d in documents) == ["escape.txt", "harbor-ledger-raid.html"]
    assert not any(".." in d["source"] for d in documents)


def test_an_oversized_request_is_refused_before_it_is_read(server):
    r = httpx.post(server.url + "/api/jobs", files={"files": ("big.txt", b"x" * 2_100_000)}, headers={"Origin": server.url})
    assert r.status_code == 413 and "limit" in r.json()["error"]


def test_a_token_is_required_when_one_is_set(store):
    with Server(Settings(db=str(store), token="s3cret-token")) as s:
        assert httpx.get(s.url + "/api/stories").status_code == 401
        assert httpx.get(s.url + "/api/stories", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(s.url + "/api/stories", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        with httpx.Client() as client:  # ?token= once, then the cookie
            assert client.get(s.url + "/", params={"token": "s3cret-token"}).status_code == 200
            assert client.get(s.url + "/stories/story-1").status_code == 200


def test_the_ui_in_chromium_search_claim_evidence_filters_and_upload(server, browser, tmp_path):
    page, errors, dialogs = _page(browser)
    page.goto(server.url + "/")
    page.click("a[href='/stories/story-1']")  # listed by its title, its id beneath
    assert page.locator("ol.brief li").count() >= 3
    _shot(page, "web-story.png")
    page.fill("input[name=q]", "Saldaña")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator("#claim-results li a").count() >= 1
    assert page.locator("#claim-results mark").count() >= 1
    _shot(page, "web-search.png")
    page.locator("#claim-results li a").first.click()
    page.wait_for_url("**/claims/**")
    assert page.locator(".verdict").count() >= 1
    _shot(page, "web-claim.png")
    page.goto(server.url + "/stories/story-1/claims")
    rows = page.locator("table.matrix tbody tr")
    total = rows.count()
    page.locator("label[for=f-corroborated]").click()
    shown = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(shown) < total and all("s-corroborated" in r.get_attribute("class") for r in shown)
    shown[0].locator("summary.claimtext").click()
    assert shown[0].locator(".ev .lab").first.is_visible()
    shown[0].locator("a", has_text="claim page").click()
    page.wait_for_url("**/claims/**")
    evidence = page.locator(".verdict[data-label=supports] .evidence a").first
    assert evidence.is_visible()
    evidence.click()
    page.wait_for_url("**/documents/**")
    assert page.locator("mark#hl").inner_text().strip()
    # upload through the form, then follow the progress page to the new story
    article = tmp_path / "dispatch.txt"
    article.write_text("PUERTO ALBA (PWS) — The army said on Friday that soldiers would stay at San Telmo prison "
                       "for another month while guards are vetted.\n", encoding="utf-8")
    page.goto(server.url + "/upload")
    page.set_input_files("input[type=file]", str(article))
    page.click("button[type=submit] >> text=Analyse")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#story-link", timeout=120_000)
    _shot(page, "web-job.png")
    page.click("#story-link")
    assert "dispatch.txt" in page.content()
    assert errors == [] and dialogs == []


def test_hostile_text_never_runs_in_the_ui(server, browser):
    page, errors, dialogs = _page(browser)
    stories = httpx.get(server.url + "/api/stories/hostile").json()
    urls = ["/stories/hostile", "/stories/hostile/claims", "/search?q=script", "/search?q=window+pwned"]
    urls += [f"/stories/hostile/documents/{d['id']}?start=0&end=20" for d in stories["documents"]]
    urls += [f"/stories/hostile/claims/{c['id']}" for c in stories["claims"][:5]]
    for url in urls:
        page.goto(server.url + url)
        page.wait_for_load_state("load")
        for box in page.locator("summary").all()[:5]:
            box.click()
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("script, iframe, img, [onload], [onerror], [onmouseover], [srcdoc]").count() == 0, url
        assert not [a for a in page.locator("a").all() if (a.get_attribute("href") or "").lower().startswith("javascript:")]
    _shot(page, "web-hostile.png")
    page.goto(server.url + "/stories/hostile")
    assert "<script>window.__pwned = 1; alert(1)</script>" in page.locator("body").inner_text()
    assert dialogs == []
    assert not [e for e in errors if "Content Security Policy" not in e]


def test_api_fuzzing_finds_no_server_error(server):
    """Every operation of the OpenAPI schema, fed by schemathesis's generated requests, never answers 5xx.
    (schemathesis's pytest plugin does not load under this pytest, so its strategies are driven here.)"""
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    calls = []
    for operation in operations:
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def fuzz(case):
            calls.append(case.operation.label)
            case.call_and_validate(checks=[not_a_server_error], headers={"Origin": server.url})

        fuzz()
    assert len(set(calls)) == len(operations)


def test_serve_off_loopback_makes_up_a_token_prints_it_and_requires_it(store):
    import re
    import subprocess

    from conftest import CLI
    from web_server import free_port

    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", str(store), "--host", "0.0.0.0", "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() + proc.stderr.readline()
        token = re.search(r"token: (\S+)", line).group(1)
        assert len(token) >= 24 and f"?token={token}" in line
        base = f"http://127.0.0.1:{port}"
        r = first_answer(base + "/api/stories", 30, alive=lambda: proc.poll() is None)
        assert r.status_code == 401
        assert httpx.get(base + "/api/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
