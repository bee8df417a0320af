"""The README's screenshots, from the bundled demo corpus: python docs/make_screenshots.py (needs /usr/bin/chromium).

Analyses the demo into a temporary folder, keeps one judgement (so the report shows one), serves the store, and
photographs the report and the web UI with headless Chromium into docs/."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from storydesk.api import analyze, judge  # noqa: E402
from storydesk.pipeline import DEMO_CORPUS  # noqa: E402
from storydesk.review import make  # noqa: E402
from storydesk.store import open_readonly, read  # noqa: E402
from storydesk.web.app import Settings  # noqa: E402
from web_server import Server  # noqa: E402

DOCS = ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        analyze([str(DEMO_CORPUS)], out)
        conn = open_readonly(out / "story.db")
        (head,) = read.stories(conn)
        payload = read.story(conn, head["id"])
        conn.close()
        single = next(c for c in payload["claims"] if c["status"] == "single_source" and len(c["verdicts"]) > 1)
        other = next(v["doc"] for v in single["verdicts"])
        judge(out / "story.db", make.verdict(payload, single["id"], other, "wrong", "supports", "ana",
                                             "says it in its third paragraph"))
        with sync_playwright() as p, Server(Settings(db=str(out / "story.db"))) as server:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((out / "report.html").as_uri())
            page.screenshot(path=DOCS / "report.png")
            page.locator("label[for=f-contradicted]").click()
            page.locator("table.matrix tbody tr:visible summary.claimtext").first.click()
            page.locator("#claims").screenshot(path=DOCS / "report-claims.png")
            for section in ("timeline", "happenings", "people", "sources"):
                page.locator(f"#{section}").screenshot(path=DOCS / f"report-{section}.png")
            page.goto(server.url + f"/stories/{head['id']}/claims/{single['id']}")
            page.screenshot(path=DOCS / "ui-claim.png", full_page=False)
            browser.close()


if __name__ == "__main__":
    main()
