"""Derivation links on real articles: do machine-style rewrites of PolNeAR articles link to their source?

    python benchmarks/derivation_links.py [--distractors 4]

benchmarks/derivation/ holds rewrites we wrote of PolNeAR dev articles (paraphrase, condensation, repeated body,
translation into Spanish, light edit, with facts added; see manifest.json). Each source article, its rewrites and,
per source, the N PolNeAR train/dev articles closest to it (TF-IDF cosine: same-topic articles from other outlets) go
through extract and the provenance stage as one story, undated. Reported: precision of the relations found (right when
both documents come from one source article), recall of the (source, rewrite) links, the direction given and right
over the links found, and how many of the added sentences the rewrite's additions list. Writes
benchmarks/results/derivation_links.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sklearn.feature_extraction.text import TfidfVectorizer

from common import DATA, ROOT, extracted, record, require
from storydesk.provenance import AlignOptions, find_relations

HERE = ROOT / "benchmarks" / "derivation"
POLNEAR = require(DATA / "polnear" / "data")


def corpus(distractors: int):
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    rewrites = manifest["rewrites"]
    sources = sorted({r["source"] for r in rewrites})
    pool = sorted(f"{split}/{p.name}" for split in ("train", "dev") for p in (POLNEAR / split / "text").glob("*.txt"))
    texts = {name: (POLNEAR / name.split("/")[0] / "text" / name.split("/")[1]).read_text(encoding="utf-8") for name in pool}
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit([texts[n] for n in pool])
    matrix = tfidf.transform([texts[n] for n in pool])
    family = {s: s for s in sources}
    chosen: list[str] = list(sources)
    for s in sources:
        sims = (matrix @ matrix[pool.index(s)].T).toarray().ravel()
        near = [pool[i] for i in sims.argsort()[::-1] if pool[i] not in sources and pool[i] not in chosen]
        chosen += near[:distractors]
    items = [(n, texts[n]) for n in chosen] + [(r["file"], (HERE / "rewrites" / r["file"]).read_text(encoding="utf-8"))
                                               for r in rewrites]
    for r in rewrites:
        family[r["file"]] = r["source"]
    return extracted(items), rewrites, family


def score(relations, rewrites, family, docs) -> dict:
    right = [r for r in relations if family.get(r.a) is not None and family.get(r.a) == family.get(r.b)]
    gold = {(r["source"], r["file"]) for r in rewrites}
    found = {(rel.a, rel.b) if (rel.a, rel.b) in gold else (rel.b, rel.a) for rel in relations
             if (rel.a, rel.b) in gold or (rel.b, rel.a) in gold}
    linked = [rel for rel in relations if (rel.a, rel.b) in gold or (rel.b, rel.a) in gold]
    directed = [rel for rel in linked if rel.direction is not None]
    by_id = {d.id: d for d in docs}
    added = [(r["file"], sentence) for r in rewrites for sentence in r["added"]]
    listed = 0
    for name, sentence in added:
        for derivation in by_id[name].derived_from:
            if any(sentence in a.text or a.text in sentence for a in derivation.additions):
                listed += 1
                break
    per = {r["file"]: next(({"kind": rel.kind, "direction": rel.direction, "basis": rel.basis,
                             "share_rewrite": rel.share_a if rel.a == r["file"] else rel.share_b}
                            for rel in linked if r["file"] in (rel.a, rel.b)), None) for r in rewrites}
    return {
        "relations": len(relations), "right_relations": len(right),
        "precision": round(len(right) / len(relations), 3) if relations else 0.0,
        "recall": round(len(found) / len(gold), 3),
        "direction_given": round(len(directed) / len(linked), 3) if linked else 0.0,
        "direction_right_when_given": round(sum(rel.direction == family[rel.direction] and rel.direction in gold_sources(gold)
                                                for rel in directed) / len(directed), 3) if directed else 0.0,
        "added_sentences": len(added), "added_listed_as_additions": listed,
        "wrong": [(r.a, r.b, r.kind, r.share_a, r.share_b) for r in relations if r not in right],
        "per_rewrite": per,
    }


def gold_sources(gold: set[tuple[str, str]]) -> set[str]:
    return {s for s, _ in gold}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--distractors", type=int, default=4, help="same-topic PolNeAR articles per source")
    args = parser.parse_args()
    docs, rewrites, family = corpus(args.distractors)
    started = time.perf_counter()
    relations = find_relations(docs, AlignOptions())
    seconds = time.perf_counter() - started
    record("derivation_links", {"documents": len(docs), "rewrites": len(rewrites), "distractors_per_source": args.distractors,
                                **score(relations, rewrites, family, docs), "provenance_seconds": round(seconds, 1)})


if __name__ == "__main__":
    main()
