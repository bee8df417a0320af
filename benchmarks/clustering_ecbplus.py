"""Story clustering on real gold: ECB+'s 982 articles, each gold story one of its 86 subtopics.

    python benchmarks/clustering_ecbplus.py                      # figures with today's ClusterOptions
    python benchmarks/clustering_ecbplus.py --options '{"cosine": 0.6}'   # tuning: read the train and dev figures only

Each ECB+ topic holds two different events of one kind (two earthquakes, two arrests): the `ecb` files tell one,
the `ecbplus` files the other. That is a firehose's hard case, the same words and another story. Every article of
every topic goes through the real per-document stages (extract, annotate, clustering features) and then
`cluster.cluster` over all 982 at once, as a run over one store would; a document's text is its tokens joined by
spaces, one sentence a line (`ecbplus_entities.read_doc`); ECB+ gives no publication dates.

B-cubed precision, recall and F1 (gold: topic and subtopic) are reported over all 982 articles and apart over the
topics of each split (train, dev: tune on these; test, topics 36-45: report). A split's figure averages over its own
articles, and a cluster that mixes splits counts every article in it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time

from common import DATA, ROOT, record, require
from ecbplus_entities import SPLITS, read_doc, subtopic

sys.path.insert(0, str(ROOT / "src"))
from storydesk.cluster import ClusterOptions, Features, bcubed, cluster
from storydesk.engine.work import documents
from storydesk.model import RawDocument

PARTITION = 16
CACHE_DIR = ROOT / "benchmarks" / ".cache"


def articles() -> list[tuple[str, str, str]]:
    """(file name, gold subtopic, text) for every ECB+ article, in topic and file order."""
    base = require(DATA / "ecbplus" / "ECB+_LREC2014" / "ECB+")
    out = []
    for folder in sorted(base.iterdir(), key=lambda p: int(p.name)):
        for path in sorted(folder.glob("*.xml"), key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)]):
            text, _ = read_doc(path, set())
            out.append((path.name, subtopic(path), text))
    return out


def features(items: list[tuple[str, str, str]]) -> dict[str, Features]:
    """Clustering features by file name, through the per-document stages (cached: they take minutes)."""
    cache = CACHE_DIR / "ecbplus-cluster-features.json"
    if cache.exists():
        return {name: Features.from_json(f) for name, f in json.loads(cache.read_text(encoding="utf-8")).items()}
    raws = [RawDocument(source=name, content=text, kind="text") for name, _, text in items]
    out: dict[str, Features] = {}
    for i in range(0, len(raws), PARTITION):
        for r in documents(raws[i:i + PARTITION]):
            if r.id is None or r.features is None:  # refused (a headline alone is nothing left after cleaning)
                print(f"{r.source}: refused: {'; '.join(p['reason'] for p in r.problems)}", file=sys.stderr)
                continue
            out[r.source] = Features.from_json(json.loads(r.features))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({k: f.to_json() for k, f in out.items()}), encoding="utf-8")
    return out


def topic_split(subtopic: str) -> str:
    topic = int(subtopic.split("/")[0])
    return next(name for name, topics in SPLITS.items() if topic in topics)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--options", default="{}", help="ClusterOptions fields as JSON (tune on train and dev)")
    args = parser.parse_args()
    every = articles()
    feats = features(every)
    items = [it for it in every if it[0] in feats]  # an article storydesk refuses is left out of both sides
    gold_of = {feats[name].doc: sub for name, sub, _ in items}
    options = ClusterOptions(**json.loads(args.options))
    started = time.perf_counter()
    predicted = cluster([feats[name] for name, _, _ in items], options)
    seconds = time.perf_counter() - started
    figures: dict = {"articles": len(items), "refused": sorted(name for name, _, _ in every if name not in feats), "gold_stories": len(set(gold_of.values())), "clusters": len(predicted),
                     "bcubed_all": bcubed(predicted, gold_of), "cluster_seconds": round(seconds, 3),
                     "options": options.__dict__}
    for split in ("train", "dev", "test"):
        mine = {d for d, sub in gold_of.items() if topic_split(sub) == split}
        figures[f"bcubed_{split}"] = bcubed(predicted, gold_of, over=mine)
    # the mistakes a reader checks first: clusters that join two subtopics, and the same topic's two events
    mixed = [sorted({gold_of[d] for d in c}) for c in predicted if len({gold_of[d] for d in c}) > 1]
    figures["clusters_mixing_subtopics"] = len(mixed)
    figures["clusters_mixing_topics"] = sum(1 for m in mixed if len({s.split("/")[0] for s in m}) > 1)
    print(json.dumps({k: v for k, v in figures.items() if k.startswith("bcubed")}, indent=1))
    record("clustering_ecbplus", figures)


if __name__ == "__main__":
    main()
