"""Story clustering quality: B-cubed precision and recall on an assembled firehose (see corpora.clustering).

    python benchmarks/clustering.py --split dev     # tune here
    python benchmarks/clustering.py --split test    # report this

Runs the real per-document stages (extract, annotate, features) in this process, then `cluster.cluster`.
Reports B-cubed over every article and over the written stories' articles alone. A distractor is gold-labelled as
its own story, unless benchmarks/firehose/same_story.json lists it with others a desk would follow together (the
same debate, probe, shooting or match; judged by reading them).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import record
from corpora import CACHE, clustering, label
from storydesk.cluster import ClusterOptions, Features, bcubed, cluster
from storydesk.engine.work import documents
from storydesk.ingest import IngestOptions, read_sources
from storydesk.model import Problem


def features(sources: list[str]) -> list[tuple[str, Features]]:
    # named by their whole path (relative to /), which label() maps to the gold story
    raws = [r for r in read_sources(sources, IngestOptions(display_root=Path("/"))) if not isinstance(r, Problem)]
    out = []
    for i in range(0, len(raws), 16):
        for r in documents(raws[i:i + 16]):
            if r.id is not None:
                out.append((r.source, Features.from_json(json.loads(r.features))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--options", default="{}", help="ClusterOptions fields as JSON (for tuning on dev)")
    args = parser.parse_args()
    sources, gold_paths = clustering(args.split)
    cache = CACHE / f"cluster-features-{args.split}.json"
    if cache.exists():
        pairs = [(s, Features.from_json(f)) for s, f in json.loads(cache.read_text())]
    else:
        pairs = features(sources)
        cache.write_text(json.dumps([(s, f.to_json()) for s, f in pairs]))
    feats = [f for _, f in pairs]
    source_of = {f.doc: s for s, f in pairs}
    gold = {f.doc: label(s, gold_paths) for s, f in pairs}
    options = ClusterOptions(**json.loads(args.options))
    started = time.perf_counter()
    predicted = cluster(feats, options)
    seconds = time.perf_counter() - started
    story_items = {d: g for d, g in gold.items() if not g.startswith(("distractor:", "same:"))}
    all_scores = bcubed(predicted, gold)
    # the written stories' articles only: their clusters still count any distractor merged into them
    story_scores = bcubed(predicted, gold, over=set(story_items))
    n = len(story_items)
    wrong = [[source_of[d].split("/")[-1] for d in m] for m in predicted
             if len({gold[d] for d in m}) > 1 or any(gold[d] in story_items.values() for d in m)]
    figures = {"split": args.split, "articles": len(feats), "written_stories": len(set(story_items.values())),
               "written_articles": n, "clusters": len(predicted), "bcubed_all": all_scores, "bcubed_written": story_scores,
               "cluster_seconds": round(seconds, 3), "options": options.__dict__}
    print("\n".join(" | ".join(c) for c in wrong[:40]))
    record(f"clustering_{args.split}", figures)


if __name__ == "__main__":
    main()
