"""Cross-document entity coreference on NewsWCL50 (test events 4-9): who is who when five outlets of different
slant name the same actors with different, often loaded words.

    python benchmarks/newswcl50_entities.py                # test events (report this one)
    python benchmarks/newswcl50_entities.py --split val    # events 0-3, to tune on

Each event is one story of five articles; a document's text is its tokens joined
by spaces, one sentence a line (the conll file of Diverse_CDCR_datasets). Entity
chains are the chains that are not events (event_mentions.json lists those):
actors, countries, groups, objects. Settings, baseline and scores as in
benchmarks/ecbplus_entities.py. The article text is third-party: nothing of it is
printed or kept.
"""
from __future__ import annotations

import argparse
import json
import sys

from common import DATA, ROOT, record, require
from conll_docs import read_conll
from ecbplus_entities import score_stories

sys.path.insert(0, str(ROOT / "src"))
from storydesk.model import Document

TYPES = {"ACTOR": "PERSON", "ACTOR-I": "PERSON", "COUNTRY": "PLACE", "GROUP": "ORG", "OBJECT": "THING"}


def read(base) -> dict[str, list[tuple[Document, list[dict]]]]:
    """event id -> [(document, gold entity mentions)]"""
    events = {m["coref_chain"] for m in json.loads((base / "event_mentions.json").read_text(encoding="utf-8"))}
    return read_conll(base / "NewsWCL50.conll", lambda c: c not in events,
                      lambda c: TYPES.get(c.rsplit("_", 1)[-1], "THING"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["val", "test"])
    args = ap.parse_args()
    base = require(DATA / "newswcl50")
    split = json.loads((base / "uCDCR_train_val_test_split.json").read_text())[args.split]
    stories = {k: v for k, v in read(base / "diverse_cdcr_output").items() if k in split}
    figures = {"split": args.split, "events": sorted(stories), **score_stories(stories),
               "published": {"same_head_lemma_uCDCR_entities": 58.1}}
    record("newswcl50_entities" if args.split == "test" else f"newswcl50_entities_{args.split}", figures)


if __name__ == "__main__":
    main()
