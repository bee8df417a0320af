"""Entity types on real gold: is a named entity storydesk finds a person, an organisation or a place as the gold says?

    python benchmarks/entity_types.py --split test     # ECB+ topics 36-45 and MEANTIME stock, English and Spanish (report)
    python benchmarks/entity_types.py --split dev      # ECB+ dev topics and MEANTIME gm (tune here)

Each ECB+ topic, and each MEANTIME topic with its English and Spanish articles pooled, is one story: the documents go
through `annotate` and `resolve` as in a run, and every mention of one of our entities is matched to the gold
mention it covers (the same characters, or the same last word inside a longer gold mention: "Lohan" in "Lindsay
Lohan" is scored, "the actress" is not a named mention at all). The type compared is the entity's, decided over the
whole story. Gold types: ECB+ HUMAN_PART_PER is PERSON, HUMAN_PART_ORG ORG, HUMAN_PART_GPE (a country or city that
acts) and LOC_* PLACE; MEANTIME PER, ORG, LOC. Gold mentions of other kinds (generic people, vehicles, products,
financial terms) and our mentions that cover none are left out of the accuracy and counted apart
(`ours_without_gold`), since the gold marks only the participants of its events.

Figures: accuracy over matched mentions, per-type precision and recall (of the type, on matched mentions), the
confusion matrix, and the same per distinct name (a name counted once per story, with its most common gold type).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict

import ecbplus_entities as ecb
from common import DATA, ROOT, record, require
from conll_docs import read_conll
from meantime_entities import core

sys.path.insert(0, str(ROOT / "src"))
from storydesk.annotate import annotate_documents
from storydesk.model import Document, Story
from storydesk.resolve import resolve

TYPES = ("PERSON", "ORG", "PLACE")
MEANTIME_TOPICS = {"dev": ("gm",), "test": ("stock",), "train": ("airbus", "apple")}


def ecb_type(tag: str) -> str:
    if tag == "HUMAN_PART_PER":
        return "PERSON"
    if tag == "HUMAN_PART_ORG":
        return "ORG"
    if tag == "HUMAN_PART_GPE" or tag.startswith("LOC"):
        return "PLACE"
    return "OTHER"


def meantime_type(chain: str) -> str:
    return {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}.get(core(chain)[:3], "OTHER")


def ecb_stories(split: str, files: list | None = None) -> dict[str, list]:
    """ECB+ stories of a split (or of exactly `files`) with each gold mention typed as this benchmark compares."""
    kept, ecb.type_of = ecb.type_of, ecb_type  # read_doc types each markable with the module's type_of
    try:
        stories = ecb.stories_of(require(DATA / "ecbplus" / "ECB+_LREC2014"), ecb.SPLITS[split], files)
    finally:
        ecb.type_of = kept
    return {f"ecb+{t}": pairs for t, pairs in stories.items()}


def meantime_stories(split: str) -> dict[str, list]:
    base = require(DATA / "meantime_multilingual")
    out: dict[str, list] = defaultdict(list)
    for lang in ("en", "es"):
        entities = {m["coref_chain"] for m in json.loads((base / lang / "entities_mentions.json").read_text(encoding="utf-8"))}
        docs = read_conll(base / lang / "meantime.conll", lambda c, e=entities: c in e, meantime_type, lang, prefix=f"{lang}:")
        for topic in MEANTIME_TOPICS[split]:
            out[f"meantime-{topic}"] += docs.get(f"corpus_{topic}", [])
    return dict(out)


def matched(ours: tuple[int, int], text: str, gold: list[dict]) -> dict | None:
    """The gold mention our mention is: the same characters, else the one whose last word ours ends on."""
    start, end = ours
    exact = next((g for g in gold if g["start"] == start and g["end"] == end), None)
    if exact is not None:
        return exact
    inside = [g for g in gold if g["start"] <= start and end == g["end"]]
    return min(inside, key=lambda g: g["end"] - g["start"]) if inside else None


def score(stories: dict[str, list]) -> dict:
    confusion: dict[str, Counter] = defaultdict(Counter)
    by_name: dict[tuple[str, str], tuple[str, Counter]] = {}
    without_gold: Counter = Counter()
    other_gold: Counter = Counter()
    errors: list[dict] = []
    for story_id, pairs in stories.items():
        docs, gold_of = [], {}
        for doc0, mentions in pairs:
            doc = Document(id=doc0.id, source=doc0.source, original=doc0.text, text=doc0.text, language=doc0.language or "en")
            docs.append(doc)
            gold_of[doc.id] = mentions
        annotate_documents(docs)
        story = Story(id=story_id, documents=docs)
        resolve(story)
        texts = {d.id: d.text for d in docs}
        for entity in story.entities:
            for m in entity.mentions:
                g = matched((m.start, m.end), texts[m.doc], gold_of.get(m.doc, []))
                if g is None:
                    without_gold[entity.type] += 1
                    continue
                if g["type"] == "OTHER":
                    other_gold[entity.type] += 1
                    continue
                confusion[g["type"]][entity.type] += 1
                name = (story_id, entity.name)
                by_name.setdefault(name, (entity.type, Counter()))[1][g["type"]] += 1
                if g["type"] != entity.type and len(errors) < 400:
                    errors.append({"story": story_id, "name": entity.name, "mention": m.text, "ours": entity.type,
                                   "gold": g["type"]})
    return {"mentions": _figures(confusion), "names": _figures(_name_confusion(by_name)),
            "ours_without_gold": dict(without_gold), "ours_on_other_gold": dict(other_gold),
            "errors_by_kind": dict(Counter(f"{e['gold']}->{e['ours']}" for e in errors).most_common()),
            "error_names": dict(Counter(f"{e['name']} ({e['gold']}->{e['ours']})" for e in errors).most_common(40))}


def _name_confusion(by_name: dict) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for ours, gold in by_name.values():
        out[gold.most_common(1)[0][0]][ours] += 1
    return out


def _figures(confusion: dict[str, Counter]) -> dict:
    total = sum(sum(c.values()) for c in confusion.values())
    right = sum(confusion[t][t] for t in confusion)
    per_type = {}
    for t in TYPES:
        said = sum(confusion[g][t] for g in confusion)
        gold = sum(confusion[t].values())
        p = confusion[t][t] / said if said else 0.0
        r = confusion[t][t] / gold if gold else 0.0
        per_type[t] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                       "gold": gold, "said": said}
    return {"scored": total, "accuracy": round(right / total, 4) if total else 0.0, "per_type": per_type,
            "confusion": {g: dict(c) for g, c in sorted(confusion.items())}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=("dev", "test", "train"))
    ap.add_argument("--set", default="both", choices=("both", "ecbplus", "meantime"))
    args = ap.parse_args()
    figures: dict = {"split": args.split}
    if args.set in ("both", "ecbplus"):
        figures["ecbplus"] = score(ecb_stories(args.split))
    if args.set in ("both", "meantime"):
        figures["meantime"] = score(meantime_stories(args.split))
    record(f"entity_types_{args.split}" + ("" if args.set == "both" else f"_{args.set}"), figures)


if __name__ == "__main__":
    main()
