"""Tune ClusterOptions on ECB+'s train and dev topics only (the test topics 36-45 are never scored here).

    python benchmarks/tune_clustering_ecbplus.py      # after clustering_ecbplus.py has cached the features

Clusters all 982 articles at once (as a firehose would) for each point of a small grid and prints the B-cubed F1
over the train and dev articles, best first. The test figure comes from clustering_ecbplus.py with the chosen
options, once.
"""
from __future__ import annotations

import itertools
import json
import sys

from clustering_ecbplus import articles, features, topic_split
from storydesk.cluster import ClusterOptions, bcubed, cluster

GRID = {"names_weight": (0.75, 1.0, 1.25), "amounts_weight": (0.0, 0.25, 0.5, 1.0), "other_years": (0.2, 0.3, 0.5),
        "link": (0.6, 0.7), "join": (0.65, 0.7, 0.75, 0.8)}


def main() -> None:
    every = articles()
    feats = features(every)
    items = [it for it in every if it[0] in feats]
    gold = {feats[name].doc: sub for name, sub, _ in items}
    tune = {d for d, sub in gold.items() if topic_split(sub) in ("train", "dev")}
    ordered = [feats[name] for name, _, _ in items]
    rows = []
    for values in itertools.product(*GRID.values()):
        opts = dict(zip(GRID, values))
        score = bcubed(cluster(ordered, ClusterOptions(**opts)), gold, over=tune)
        rows.append((score["f1"], score["precision"], score["recall"], opts))
    rows.sort(key=lambda r: -r[0])
    for f1, p, r, opts in rows[:10]:
        print(f"train+dev F1 {f1:.4f} (P {p:.4f}, R {r:.4f})  {json.dumps(opts)}")
    default = bcubed(cluster(ordered, ClusterOptions()), gold, over=tune)
    print(f"today's options: train+dev F1 {default['f1']:.4f} (P {default['precision']:.4f}, R {default['recall']:.4f})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
