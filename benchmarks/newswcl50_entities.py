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
import re
import sys
from collections import defaultdict

from common import DATA, ROOT, record, require
from ecbplus_entities import score_stories

sys.path.insert(0, str(ROOT / "src"))
from storydesk.model import Document

TYPES = {"ACTOR": "PERSON", "ACTOR-I": "PERSON", "COUNTRY": "PLACE", "GROUP": "ORG", "OBJECT": "THING"}


def read(base) -> dict[str, list[tuple[Document, list[dict]]]]:
    """event id -> [(document, gold entity mentions)]"""
    events = {m["coref_chain"] for m in json.loads((base / "event_mentions.json").read_text(encoding="utf-8"))}
    docs: dict[str, dict] = {}
    for line in (base / "NewsWCL50.conll").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sent, _tok, word, tags = (line.split("\t") + ["", ""])[:5]
        d = docs.setdefault(name, {"parts": [], "pos": 0, "sent": None, "open": defaultdict(list), "mentions": []})
        if d["sent"] is not None and d["sent"] != sent:
            d["parts"].append("\n")
            d["pos"] += 1
        elif d["sent"] is not None:
            d["parts"].append(" ")
            d["pos"] += 1
        d["sent"] = sent
        start, end = d["pos"], d["pos"] + len(word)
        d["parts"].append(word)
        d["pos"] = end
        for tag in tags.strip().split("|") if tags.strip() not in ("", "-") else []:
            chain = tag.strip("()")
            if tag.startswith("("):
                d["open"][chain].append(start)
            if tag.endswith(")") and d["open"][chain]:
                s = d["open"][chain].pop()
                if chain not in events:
                    suffix = chain.rsplit("_", 1)[-1]
                    d["mentions"].append({"start": s, "end": end, "type": TYPES.get(suffix, "THING"), "chain": chain})
    out: dict[str, list] = defaultdict(list)
    for name, d in docs.items():
        text = "".join(d["parts"]) + "\n"
        doc_id = re.sub(r"\W+", "_", name)
        doc = Document(id=doc_id, source=name, original=text, text=text, language="en")
        out[name.split("/")[0]].append((doc, d["mentions"]))
    return out


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
