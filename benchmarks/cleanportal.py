"""Boilerplate removal on CleanPortalEval (71 news-portal pages with hand-cleaned text), plain-text and HTML paths.

    python benchmarks/cleanportal.py            # renders the pages once (cached), then scores both paths

Plain-text path: each HTML page is rendered by headless Chromium (the Debian
`chromium` the tests use, JavaScript off, no network) and its `document.body.innerText`
is what a reader's copy-paste or a scrape gives; that text is read as a .txt file
and cleaned. HTML path: the page's bytes go through the HTML reader, as an .html
file would. Both are scored against the gold text two ways:
- bag of words (lowercased \\w+ tokens, multiset overlap, per page, macro-averaged),
  the measure the published figures below were computed with from the systems'
  stored outputs (data/cleanportaleval/SOURCE.txt);
- the 4-token shingle F1 of benchmarks/extraction.py.
What is scored is what a reader is shown: the headline (kept as the title) and the cleaned text.
The set is test only: no rule was tuned on it.
"""
from __future__ import annotations

import html
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from common import DATA, ROOT, record, require
from extraction import score as shingle_score

sys.path.insert(0, str(ROOT / "src"))
from storydesk.extract import extract
from storydesk.ingest.readers import read_html, read_text
from storydesk.model import RawDocument

CACHE = ROOT / "benchmarks" / ".cache" / "cleanportal_innertext"
SYSTEMS = ("goldminer", "boilerpipe", "justext")
_TOKEN = re.compile(r"\w+")


def gold_text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    body = [ln for ln in lines if not ln.startswith("URL:")]
    return html.unescape(re.sub(r"<[phl]>", " ", "\n".join(body)))


def bag(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = Counter(_TOKEN.findall(gold.lower())), Counter(_TOKEN.findall(pred.lower()))
    tp = sum((g & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(g.values()) if g else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def bag_score(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    rows = [bag(gold[k], pred.get(k, "")) for k in gold]
    return {"f1": round(statistics.mean(r[2] for r in rows), 4), "precision": round(statistics.mean(r[0] for r in rows), 4),
            "recall": round(statistics.mean(r[1] for r in rows), 4)}


def shown(doc) -> str:
    """What the reader is shown as the article: its headline (kept as the title) and its cleaned text."""
    if doc is None:
        return ""
    return (doc.title + "\n\n" if doc.title else "") + doc.text


def render(pages: list[Path]) -> dict[str, str]:
    """innerText of each page, rendered once and cached (the cache is ignored by git: third-party text)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    todo = [p for p in pages if not (CACHE / (p.stem + ".txt")).exists()]
    if todo:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(java_script_enabled=False)
            context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
            page = context.new_page()
            for path in todo:
                raw = path.read_bytes()
                page.set_content(raw.decode("utf-8", errors="replace"), wait_until="domcontentloaded")
                (CACHE / (path.stem + ".txt")).write_text(page.evaluate("document.body ? document.body.innerText : ''"),
                                                          encoding="utf-8")
            browser.close()
    return {p.stem: (CACHE / (p.stem + ".txt")).read_text(encoding="utf-8") for p in pages}


def cleaned(item_source, key: str) -> str:
    raw = next((r for r in item_source if isinstance(r, RawDocument)), None)
    if raw is None:
        return ""
    doc, _ = extract(raw)
    return shown(doc)


def main() -> None:
    base = require(DATA / "cleanportaleval")
    pages = sorted((base / "input").glob("*.html"))
    gold = {p.stem: gold_text(base / "GoldStandard" / (p.stem + ".txt")) for p in pages}
    rendered = render(pages)
    plain = {k: cleaned(read_text(v.encode("utf-8"), k + ".txt"), k) for k, v in rendered.items()}
    from_html = {p.stem: cleaned(read_html(p.read_bytes(), p.name), p.stem) for p in pages}
    published = {}
    for system in SYSTEMS:
        folder = base / "published_system_outputs" / system
        outs = {k: (folder / (k + ".txt")).read_text(encoding="utf-8", errors="replace") if (folder / (k + ".txt")).exists()
                else "" for k in gold}
        published[system] = {"bag_of_words": bag_score(gold, {k: html.unescape(re.sub(r"<[phl]>|^URL:.*$", " ", v, flags=re.MULTILINE))
                                                              for k, v in outs.items()})}
    figures = {
        "pages": len(pages),
        "render": "headless Chromium innerText (JavaScript off, no network)",
        "plain_text": {"bag_of_words": bag_score(gold, plain), "shingles": shingle_score(gold, plain)},
        "html": {"bag_of_words": bag_score(gold, from_html), "shingles": shingle_score(gold, from_html)},
        "rendered_text_uncleaned": {"bag_of_words": bag_score(gold, rendered)},
        "published_outputs_rescored": published,
    }
    record("cleanportal", figures)



if __name__ == "__main__":
    main()
