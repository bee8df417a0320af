"""Article-body extraction on the Scrapinghub/Zyte benchmark (181 pages), scored as that benchmark defines it.

Score: text split into \\w+ tokens, 4-token shingles counted; per page TP/FP/FN
normalised to sum 1; precision and recall averaged over pages (pages with no
predicted, resp. no gold, shingles left out); F1 from the two means. Our scorer
reproduces the published trafilatura figure (0.958) from the benchmark's own
output file, which this script also prints as a check.

There is no dev split: extraction is never tuned on these pages.

    python benchmarks/extraction.py
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter

from common import DATA, record, require

sys.path.insert(0, str(__import__("common").ROOT / "src"))

from storydesk.extract import extract
from storydesk.ingest.readers import read_html
from storydesk.model import RawDocument

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    rows = [page_counts(gold[k], pred.get(k, "")) for k in gold]
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))
    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))
    p = statistics.mean(prec(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(rec(*r) for r in rows if r[0] + r[2] > 0)
    return {"f1": round(2 * p * r / (p + r), 4), "precision": round(p, 4), "recall": round(r, 4)}


def main() -> None:
    base = require(DATA / "scrapinghub")
    truth = json.loads((base / "ground-truth.json").read_text())
    gold = {k: v["articleBody"] for k, v in truth.items()}
    published = json.loads((base / "output" / "trafilatura.json").read_text())["output"]
    check = score(gold, {k: v["articleBody"] for k, v in published.items()})

    pred: dict[str, str] = {}
    started = time.perf_counter()
    for key in gold:
        data = gzip.decompress((base / "html" / f"{key}.html.gz").read_bytes())
        raw = next(r for r in read_html(data, key) if isinstance(r, RawDocument))
        doc, _ = extract(raw)
        pred[key] = doc.text if doc else ""
    elapsed = time.perf_counter() - started
    figures = {
        "pages": len(gold),
        "storydesk": score(gold, pred),
        "published_trafilatura_output_rescored": check,
        "seconds": round(elapsed, 2),
    }
    record("extraction", figures)


if __name__ == "__main__":
    main()
