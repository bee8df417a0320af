"""report.html for the demo corpus: its size and its time to first render in headless Chromium.

Time to first render is the browser's first-contentful-paint entry, for a cold page load from file://,
median of RUNS loads in fresh pages.

    python benchmarks/report_render.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from common import ROOT, record

RUNS = 7


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from storydesk.api import analyze
    from storydesk.pipeline import DEMO_CORPUS

    with tempfile.TemporaryDirectory() as tmp:
        analyze([str(DEMO_CORPUS)], tmp)
        report = Path(tmp) / "report.html"
        size = report.stat().st_size
        fcp, load = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for _ in range(RUNS):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(report.as_uri())
                page.wait_for_load_state("load")
                paint = []
                for _ in range(100):  # the paint entry is recorded after the first frame, which may follow "load"
                    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)")
                    if paint:
                        break
                    page.wait_for_timeout(20)
                nav = page.evaluate("performance.getEntriesByType('navigation').map(e => e.loadEventEnd)")
                fcp.append(paint[0])
                load.append(nav[0])
                page.close()
            browser.close()
    record("report_render", {"report_bytes": size, "report_kb": round(size / 1024, 1), "runs": RUNS,
                             "first_contentful_paint_ms_median": round(statistics.median(fcp), 1),
                             "load_event_ms_median": round(statistics.median(load), 1)})


if __name__ == "__main__":
    main()
