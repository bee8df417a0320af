"""Speed of `storydesk.check`: a 300-word summary against 10 articles, warm, median of repeated runs.

Two figures: `median_seconds`, the articles already seen by this process (a desk checks summary after summary against
the same articles: their sentences are embedded once, verify.check.SOURCE_MEMORY), and `new_articles_median_seconds`,
that memory emptied before each run, so the articles are embedded again. The cross-encoder's pair cache is emptied
before every run of both: each pays for its pairs.

    python benchmarks/check_speed.py

The articles are 10 FRANK valid CNN/DM articles (the first 10 by hash); the summary is 300
words made of the machine summaries' sentences with every fifth sentence's numbers changed,
so the verifiers see supported, contradicted and unsupported sentences. Writes
benchmarks/results/check_speed.json.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import storydesk
from frank_data import items
from storydesk.verify.check import SOURCE_MEMORY
from storydesk.verify.entail import entailer


def main() -> None:
    valid = [it for it in items("valid") if it["dataset"] == "cnndm"]
    cnn = sorted({it["hash"]: it for it in valid}.values(), key=lambda i: i["hash"])[:10]
    articles = [it["article"] for it in cnn]
    chosen = {it["hash"] for it in cnn}
    sentences = []
    for it in valid:  # the machine summaries of those ten articles
        if it["hash"] in chosen:
            # FRANK's summaries are lower-cased and tokenised; written as a person would, each sentence starts with a capital
            sentences += [s.strip()[0].upper() + s.strip()[1:] for s in re.split(r"(?<=\.)\s+", it["summary"]) if s.strip()]
    words, summary = 0, []
    for n, s in enumerate(sentences * 3):
        if words >= 300:
            break
        summary.append(re.sub(r"\d+", lambda m: str(int(m.group()) + 7), s) if n % 5 == 4 else s)
        words += len(s.split())
    text = " ".join(summary)
    storydesk.check(text, articles)  # warm: models loaded
    model = entailer()
    runs, pairs, new = [], [], []
    for _ in range(7):
        model.cache.clear()  # every run pays for its cross-encoder pairs: nothing is remembered from the run before
        before = model.pairs_run
        t = time.perf_counter()
        result = storydesk.check(text, articles)
        runs.append(time.perf_counter() - t)
        pairs.append(model.pairs_run - before)
        model.cache.clear()
        SOURCE_MEMORY.forget()
        t = time.perf_counter()
        again = storydesk.check(text, articles)
        new.append(time.perf_counter() - t)
        if [s.label for s in again.sentences] != [s.label for s in result.sentences]:
            sys.exit("the labels differ with the articles embedded again")
    out = {"summary_words": len(text.split()), "summary_sentences": len(result.sentences), "articles": len(articles),
           "article_words": sum(len(a.split()) for a in articles), "runs": len(runs),
           "median_seconds": round(statistics.median(runs), 3), "min_seconds": round(min(runs), 3),
           "new_articles_median_seconds": round(statistics.median(new), 3),
           "cross_encoder_pairs_per_run": pairs[0],
           "labels": {lab: sum(1 for s in result.sentences if s.label == lab) for lab in ("supported", "contradicted", "unsupported")},
           "machine": "2-core dev machine, CPU only"}
    print(json.dumps(out, indent=1))
    (Path(__file__).parent / "results").mkdir(exist_ok=True)
    (Path(__file__).parent / "results" / "check_speed.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
