"""Cross-document entity coreference on ECB+ (test topics 36-45), the way storydesk resolves who is who.

    python benchmarks/ecbplus_entities.py                 # test topics (report this one)
    python benchmarks/ecbplus_entities.py --split dev     # tune here (topics 2, 5, 12, 18, 21, 23, 34, 35)

Each topic is one story. A document's text is its tokens joined by spaces, one
sentence a line. Entity mentions are the HUMAN_PART, NON_HUMAN_PART, LOC and TIME
markables in the validated sentences (ECBplus_coreference_sentences.csv); a gold
chain is a CROSS_DOC_COREF instance, else an INTRA_DOC_COREF group, else the
mention alone. Two settings:
- gold mentions: every gold mention is handed to `resolve.resolve` with the type
  its markable gives (PERSON, ORG, PLACE; times and things kept apart), and the
  clusters it builds are scored;
- named mentions: the documents go through `annotate` (our NER), and the
  mentions whose characters are exactly a gold mention's are scored (the mention
  recall says how many gold mentions that is).
Baseline on the same mentions and stories: same last word, lowercased (the
same-head-lemma baseline, with the last word as the head). MUC, B-cubed, CEAF-e
and CoNLL F1 as the reference scorer defines them (benchmarks/coref_metrics.py).
"""
from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from common import DATA, ROOT, record, require
from coref_metrics import conll

sys.path.insert(0, str(ROOT / "src"))
from storydesk.annotate import annotate_documents
from storydesk.model import Document, Mention, Story
from storydesk.resolve import resolve

SPLITS = {"test": range(36, 46), "dev": (2, 5, 12, 18, 21, 23, 34, 35),
          "train": (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33)}
ENTITY = ("HUMAN_PART", "NON_HUMAN_PART", "LOC", "TIME")


def type_of(tag: str) -> str:
    if tag == "HUMAN_PART_PER":
        return "PERSON"
    if tag.startswith("HUMAN_PART"):
        return "ORG"
    if tag.startswith("LOC"):
        return "PLACE"
    return "TIME" if tag.startswith("TIME") else "THING"


def read_doc(path: Path, validated: set[int], kinds: tuple[str, ...] = ENTITY) -> tuple[str, list[dict]]:
    """The text (tokens joined by spaces, one sentence a line) and the markables of `kinds` in validated sentences."""
    root = ET.parse(path).getroot()
    tokens = {}
    lines: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        tokens[tok.get("t_id")] = (int(tok.get("sentence")), tok.text or "")
    offsets = {}
    text_parts, pos = [], 0
    by_sent: dict[int, list[str]] = defaultdict(list)
    for tid, (sent, _) in tokens.items():
        by_sent[sent].append(tid)
    for sent in sorted(by_sent):
        for k, tid in enumerate(by_sent[sent]):
            word = tokens[tid][1]
            if k:
                text_parts.append(" ")
                pos += 1
            offsets[tid] = (pos, pos + len(word))
            text_parts.append(word)
            pos += len(word)
            lines[sent].append(word)
        text_parts.append("\n")
        pos += 1
    text = "".join(text_parts)
    chain: dict[str, str] = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        for src in rel.iter("source"):
            chain[src.get("m_id")] = "x:" + rel.get("note", "")
    for rel in root.iter("INTRA_DOC_COREF"):
        ids = [s.get("m_id") for s in rel.iter("source")]
        group = next((chain[i] for i in ids if i in chain), f"i:{path.stem}:{rel.get('r_id')}")
        for i in ids:
            chain.setdefault(i, group)
    mentions = []
    for mark in root.find("Markables") or []:
        anchors = [a.get("t_id") for a in mark.iter("token_anchor")]
        if not anchors or not mark.tag.startswith(kinds) or any(a not in offsets for a in anchors):
            continue
        if tokens[anchors[0]][0] not in validated:
            continue
        start, end = offsets[anchors[0]][0], offsets[anchors[-1]][1]
        mid = mark.get("m_id")
        mentions.append({"start": start, "end": end, "type": type_of(mark.tag), "tag": mark.tag,
                         "chain": chain.get(mid, f"s:{path.stem}:{mid}")})
    return text, mentions


def last_word_clusters(items: list[tuple[str, str, str]]) -> list[set]:
    groups: dict[tuple[str, str], set] = defaultdict(set)
    for ident, text, topic in items:
        groups[(topic, text.split()[-1].lower() if text.split() else "")].add(ident)
    return list(groups.values())


def score_stories(stories: dict[str, list[tuple[Document, list[dict]]]]) -> dict:
    """Both settings over stories given as {story id: [(document, gold mentions {start, end, type, chain})]}."""
    results = {}
    for setting in ("gold_mentions", "named_mentions"):
        key_all, ours_all, base_items, matched, gold_total = [], [], [], 0, 0
        for topic, pairs in stories.items():
            docs, gold = [], {}
            for doc0, mentions in pairs:
                doc = Document(id=doc0.id, source=doc0.source, original=doc0.text, text=doc0.text, language=doc0.language or "en")
                for m in mentions:
                    gold[(doc.id, m["start"], m["end"])] = m["chain"]
                    if setting == "gold_mentions":
                        doc.mentions.append(Mention(doc.id, m["start"], m["end"], doc.text[m["start"]:m["end"]],
                                                    m["type"], m["type"]))
                docs.append(doc)
            if setting == "named_mentions":
                annotate_documents(docs)
            story = Story(id=f"story-{topic}", documents=docs)
            resolve(story)
            chains: dict[str, set] = defaultdict(set)
            for ident, c in gold.items():
                chains[c].add(ident)
            gold_total += len(gold)
            ours: list[set] = []
            for entity in story.entities:
                cluster = {(m.doc, m.start, m.end) for m in entity.mentions} & set(gold)
                if cluster:
                    ours.append(cluster)
            found = set().union(*ours) if ours else set()
            matched += len(found)
            if setting == "named_mentions":
                key_all += [c & found for c in chains.values() if c & found]
            else:
                key_all += list(chains.values())
            texts = {d.id: d.text for d in docs}
            base_items += [(i, texts[i[0]][i[1]:i[2]], str(topic)) for i in (found if setting == "named_mentions" else gold)]
            ours_all += ours
        results[setting] = {"storydesk": conll(key_all, ours_all),
                            "same_last_word": conll(key_all, last_word_clusters(base_items)),
                            "mentions_scored": matched if setting == "named_mentions" else gold_total,
                            "gold_mentions": gold_total}
    return results


def validated_sentences(base: Path) -> dict[str, set[int]]:
    """File stem ("36_1ecb") -> the numbers of its sentences whose markables ECB+ validated."""
    validated: dict[str, set[int]] = defaultdict(set)
    with open(base / "ECBplus_coreference_sentences.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            validated[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return validated


def subtopic(path: Path) -> str:
    """The gold story of an ECB+ article: its topic and which of the topic's two happenings it tells ("36/ecbplus")."""
    return f"{path.parent.name}/{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"


def stories_of(base: Path, topics, files: list[Path] | None = None) -> dict[str, list[tuple[Document, list[dict]]]]:
    """topic -> [(document, gold mentions)] for `topics` (or for exactly `files`, grouped by their topic folder)."""
    validated = validated_sentences(base)
    if files is None:
        files = [p for t in topics for p in sorted((base / "ECB+" / str(t)).glob("*.xml"))]
    stories: dict[str, list] = defaultdict(list)
    for path in files:
        text, mentions = read_doc(path, validated.get(path.stem, set()))
        doc = Document(id=path.stem, source=path.name, original=text, text=text, language="en")
        stories[path.parent.name].append((doc, mentions))
    return dict(stories)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=list(SPLITS))
    args = ap.parse_args()
    base = require(DATA / "ecbplus" / "ECB+_LREC2014")
    figures = {"split": args.split, **score_stories(stories_of(base, SPLITS[args.split])),
               "published": {"held_2021_gold_mentions": 82.0, "same_head_lemma_uCDCR": 59.8}}
    record("ecbplus_entities" if args.split == "test" else f"ecbplus_entities_{args.split}", figures)


if __name__ == "__main__":
    main()
