"""MEANTIME: each Spanish article is a translation of the English article with the same id. Does provenance link it?

    python benchmarks/meantime_links.py [--topics airbus apple]

All 120 English and 120 Spanish articles (4 topics, 30 each) go through extract and the provenance stage as one
story. Per topic, for the Spanish articles: precision and recall of the links between a Spanish and an English
article (a link is right when the ids match), and the accuracy of the direction (the English article is the source)
over the right links. Thresholds are tuned on airbus and apple; gm is the dev topic and stock the test topic
(the uCDCR split). Text is the corpus' tokens joined (title, date line, body). Writes
benchmarks/results/meantime_links.json.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, extracted, record, require
from storydesk.provenance import AlignOptions, find_relations
from storydesk.translate import available

BASE = require(DATA / "meantime_multilingual")
TOPICS = ("airbus", "apple", "gm", "stock")


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[¿¡$]) ", r"\1", text)
    return re.sub(r" (['’]s)\b", r"\1", text)


def sentences_of(lang: str) -> dict[str, list[tuple[int, str]]]:
    """Each article's sentences, (sentence id, text) in order: 0 is the title, 1 the date line."""
    sentences: dict[str, dict[int, list[str]]] = collections.OrderedDict()
    doc = None
    for line in (BASE / lang / "meantime.conll").read_text(encoding="utf-8").splitlines():
        if line.startswith("#begin"):
            found = re.search(r"\((.*?)\)", line)
            doc = found.group(1) if found else None
            continue
        if line.startswith("#end") or not line.strip() or doc is None:
            continue
        parts = line.split("\t")
        sentences.setdefault(doc, {}).setdefault(int(parts[1]), []).append(parts[3])
    return {doc: [(n, _detok(t)) for n, t in sorted(sents.items())] for doc, sents in sentences.items()}


def article(sentences: list[tuple[int, str]]) -> str:
    lines = [t for _, t in sentences]
    return "\n\n".join([lines[0], lines[1] if len(lines) > 1 else "", " ".join(lines[2:])])


def articles(lang: str) -> dict[str, str]:
    return {doc: article(sents) for doc, sents in sentences_of(lang).items()}


def documents():
    return extracted([(f"{lang}:{key}", text) for lang in ("en", "es") for key, text in articles(lang).items()])


def score(relations, docs) -> dict[str, dict]:
    by_topic: dict[str, dict] = {}
    spanish = [d for d in docs if d.id.startswith("es:")]
    for topic in TOPICS:
        mine = {d.id for d in spanish if f"corpus_{topic}/" in d.id}
        links = [r for r in relations if {r.a[:2], r.b[:2]} == {"en", "es"} and (r.a in mine or r.b in mine)]
        right = [r for r in links if r.a[3:] == r.b[3:]]
        found = {r.a if r.a in mine else r.b for r in right}
        directed = [r for r in right if r.direction is not None]
        by_topic[topic] = {
            "spanish_articles": len(mine), "links": len(links), "right_links": len(right),
            "precision": round(len(right) / len(links), 3) if links else 0.0,
            "recall": round(len(found) / len(mine), 3) if mine else 0.0,
            "direction_given": round(len(directed) / len(right), 3) if right else 0.0,
            "direction_accuracy": round(sum(r.direction.startswith("en:") for r in right if r.direction) / len(right), 3)
            if right else 0.0,
            "kinds": dict(collections.Counter(r.kind for r in links)),
        }
    return by_topic


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    if not available("es"):
        sys.exit("apertium-eng-spa is not installed: run make install (or apt-get install apertium-eng-spa)")
    started = time.perf_counter()
    docs = documents()
    extracted = time.perf_counter()
    relations = find_relations(docs, AlignOptions())
    done = time.perf_counter()
    figures = score(relations, docs)
    # the wrong links of the topics tuned on, to read; the dev and test topics' only as counts
    wrong = [(r.a, r.b, r.kind, r.share_a, r.share_b) for r in relations if r.a[3:] != r.b[3:]
             and any(f"corpus_{t}/" in r.a for t in ("airbus", "apple"))]
    record("meantime_links", {"by_topic": figures, "tuned_on": ["airbus", "apple"], "dev": "gm", "test": "stock",
                              "documents": len(docs), "relations": len(relations), "wrong_on_train_topics": wrong,
                              "provenance_seconds": round(done - extracted, 1),
                              "extract_seconds": round(extracted - started, 1)})


if __name__ == "__main__":
    main()
