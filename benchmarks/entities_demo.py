"""Entity clustering on the demo corpus gold: B-cubed over surface forms, forbidden merges, wrong types.

    python benchmarks/entities_demo.py
"""
from __future__ import annotations

import json
import sys

from common import ROOT, record

sys.path.insert(0, str(ROOT / "src"))
from storydesk.engine import run_one as run
from storydesk.pipeline import DEMO_CORPUS
from storydesk.resolve.evaluate import bcubed, forbidden_merges, wrong_types


def main() -> None:
    gold = json.loads((ROOT / "tests" / "golden" / "demo_gold.json").read_text("utf-8"))["entities"]
    entities = run([str(DEMO_CORPUS)]).story.entities
    record("entities_demo", {
        "bcubed": bcubed(entities, gold["clusters"]),
        "forbidden_merges": forbidden_merges(entities, gold["must_not_merge"]),
        "wrong_types": wrong_types(entities, gold["clusters"]),
        "entities": len(entities),
        "gold_clusters": len(gold["clusters"]),
    })


if __name__ == "__main__":
    main()
