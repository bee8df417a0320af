"""Entity coreference across languages on MEANTIME: the English and Spanish articles of a topic pooled as one story,
scored against the chain ids the two languages share (test topic stock; tune on airbus and apple, gm is dev).

    python benchmarks/meantime_entities.py                # stock (report this one)
    python benchmarks/meantime_entities.py --topic gm     # dev

Each Spanish article is a translation of the English one with the same id, so a
cluster that joins an English and a Spanish mention of one chain is a
cross-language link. Settings, baseline and scores as in
benchmarks/ecbplus_entities.py; besides them, the share of gold chains with
mentions in both languages that storydesk puts in one cluster (cross_language_recall)
and the share of its clusters spanning both languages that hold one chain only
(cross_language_precision). The Spanish side needs Apertium for the names it
translates (`make translator`).
"""
from __future__ import annotations

import argparse
import json
import sys

from common import DATA, ROOT, record, require
from conll_docs import read_conll
from ecbplus_entities import score_stories

sys.path.insert(0, str(ROOT / "src"))
from storydesk.annotate import annotate_documents
from storydesk.model import Story
from storydesk.resolve import resolve

TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "PRO": "THING", "FIN": "THING", "MIX": "THING"}


def core(chain: str) -> str:
    """The instance id of a chain: the files prefix it "cross_intra_", "intra_" or "cross_" by how it was annotated,
    not alike in the two languages."""
    for prefix in ("cross_intra_", "intra_", "cross_"):
        if chain.startswith(prefix):
            return chain[len(prefix):]
    return chain


def type_of(chain: str) -> str:
    return TYPES.get(core(chain)[:3], "THING")


def pooled(base, topic: str) -> list:
    out = []
    for lang in ("en", "es"):
        entities = {m["coref_chain"] for m in json.loads((base / lang / "entities_mentions.json").read_text(encoding="utf-8"))}
        docs = read_conll(base / lang / "meantime.conll", lambda c, e=entities: c in e, type_of, lang, prefix=f"{lang}:")
        for _doc, mentions in docs.get(f"corpus_{topic}", []):
            for m in mentions:
                m["chain"] = core(m["chain"])
        out += docs.get(f"corpus_{topic}", [])
    return out


def cross_language(pairs: list) -> dict[str, float]:
    """Named mentions through annotate and resolve: are an English and a Spanish name of one chain one entity?"""
    from storydesk.model import Document

    docs, gold = [], {}
    for doc0, mentions in pairs:
        doc = Document(id=doc0.id, source=doc0.source, original=doc0.text, text=doc0.text, language=doc0.language)
        docs.append(doc)
        for m in mentions:
            gold[(doc.id, m["start"], m["end"])] = m["chain"]
    annotate_documents(docs)
    story = Story(id="meantime", documents=docs)
    resolve(story)
    owner = {(m.doc, m.start, m.end): e.id for e in story.entities for m in e.mentions}
    by_chain: dict[str, dict[str, set]] = {}
    for ident, chain in gold.items():
        if ident in owner:
            by_chain.setdefault(chain, {}).setdefault(ident[0][:2], set()).add(owner[ident])
    both = [c for c, langs in by_chain.items() if len(langs) == 2]
    joined = sum(1 for c in both if by_chain[c]["en"] & by_chain[c]["es"])
    clusters: dict[str, set] = {}
    for ident, entity in owner.items():
        if ident in gold:
            clusters.setdefault(entity, set()).add((ident[0][:2], gold[ident]))
    spanning = [c for c in clusters.values() if {lang for lang, _ in c} == {"en", "es"}]
    pure = sum(1 for c in spanning if len({chain for _, chain in c}) == 1)
    return {"chains_named_in_both_languages": len(both),
            "cross_language_recall": round(joined / len(both), 3) if both else 0.0,
            "clusters_spanning_both": len(spanning),
            "cross_language_precision": round(pure / len(spanning), 3) if spanning else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", default="stock", choices=["airbus", "apple", "gm", "stock"])
    args = ap.parse_args()
    base = require(DATA / "meantime_multilingual")
    pairs = pooled(base, args.topic)
    figures = {"topic": args.topic, "documents": len(pairs), **score_stories({args.topic: pairs}),
               "cross_language": cross_language(pairs),
               "published": {"same_head_lemma_uCDCR_english_entities": 56.8}}
    record("meantime_entities" if args.topic == "stock" else f"meantime_entities_{args.topic}", figures)


if __name__ == "__main__":
    main()
