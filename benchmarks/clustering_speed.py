"""The clustering stage's time at about 1,000 and 10,000 articles (features already computed, as in a run).

    python benchmarks/clustering_speed.py      # after clustering_ecbplus.py has cached ECB+'s features

The 981 ECB+ articles, then ten copies of them that can never meet: each copy's names carry the copy's number and
its shingle signatures are drawn at random (no copy is a copy of another), while the embeddings, years and amounts
stay as they are. So the 9,810 articles hold 860 stories' worth of the same shapes, and the time shows how the
stage grows with the number of articles, not with what they say. Median of 3 runs each.
"""
from __future__ import annotations

import random
import statistics
import time

from clustering_ecbplus import articles, features
from common import record
from storydesk.cluster import Features, cluster


def copies_of(base: list[Features], copies: int) -> list[Features]:
    rnd = random.Random(7)
    out = []
    for c in range(copies):
        for f in base:
            shingles = [rnd.getrandbits(32) for _ in f.shingles] if c else f.shingles
            out.append(Features(doc=f"{f.doc}-{c}", shingles=shingles, names=[f"{n} {c}" for n in f.names],
                                vector=f.vector, day=f.day, language=f.language, years=f.years, amounts=f.amounts))
    return out


def main() -> None:
    every = articles()
    feats = features(every)
    base = [feats[name] for name, _, _ in every if name in feats]
    figures = {}
    for copies in (1, 10):
        batch = copies_of(base, copies)
        times, stories = [], 0
        for _ in range(3):
            started = time.perf_counter()
            stories = len(cluster(batch))
            times.append(time.perf_counter() - started)
        figures[str(len(batch))] = {"seconds_median": round(statistics.median(times), 2), "stories": stories}
        print(len(batch), figures[str(len(batch))])
    record("clustering_speed", figures)


if __name__ == "__main__":
    main()
