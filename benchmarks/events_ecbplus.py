"""Events inside a story, scored as cross-document event coreference on ECB+'s gold event mentions.

    python benchmarks/events_ecbplus.py --split dev     # develop here (topics 2, 5, 12, 18, 21, 23, 34, 35)
    python benchmarks/events_ecbplus.py                 # test topics 36-45 (report)

Each gold subtopic (one happening and its sub-events, told by several articles) is one story, so the figure is the
event grouping's alone, not story clustering's. Every article goes through the real stages (extract, annotate, then
the story stages: provenance, resolve, claims, corroborate, happenings, timeline, brief). Two groupings are scored:
- `happenings` (`Story.happenings`, issue 32): the claims' event words grouped over the story; a gold mention is
  found when an event word of its article overlaps its characters, and belongs to that word's happening;
- `timeline_events` (`Story.events`): dated claims merged over sources; a gold mention belongs to the event of the
  claim that holds its characters.

A gold event mention is an ACTION_* markable in ECB+'s validated sentences; its gold chain is its CROSS_DOC_COREF
instance (else INTRA_DOC_COREF group, else itself). It is found in storydesk when a claim of its article holds its
characters. A mention in no group stands alone. Reported for each grouping:
- the share of gold event mentions inside some claim, and in some group;
- MUC, B-cubed, CEAF-e and CoNLL F1 over the gold event mentions inside claims (the issue's measure; `in_claims`) and
  over every gold event mention (a mention in no claim stands alone; `all_mentions`), each with the same-head-word
  baseline on the same mentions (the last word, lowercased: the same-lemma baseline's stand-in).
Published, on ECB+ test with gold mentions: Held et al. 2021 CoNLL F1 85.7, same-lemma baseline 61.1 (uCDCR set-up).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from common import DATA, ROOT, record, require
from coref_metrics import conll
from ecbplus_entities import SPLITS, read_doc, subtopic, validated_sentences

sys.path.insert(0, str(ROOT / "src"))
from storydesk import codec, fingerprint
from storydesk.engine.work import documents
from storydesk.model import Document, RawDocument
from storydesk.pipeline import STAGES, Options, analyze_story

CACHE_DIR = ROOT / "benchmarks" / ".cache"


def _to_clean(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The cleaned-text offsets of original characters [start, end), when cleaning kept them in one piece."""
    for s in doc.segments:
        if s.orig <= start and end <= s.orig + s.length:
            return s.clean + start - s.orig, s.clean + end - s.orig
    return None


def analyse(stories: dict[str, list], validated: dict[str, set[int]], cache) -> dict[str, tuple]:
    """Each story analysed (its Story, its gold event mentions by article, the gold mentions of refused articles),
    cached in benchmarks/.cache: the stages take about a minute a story."""
    if cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    out = {}
    for name, paths in sorted(stories.items()):
        gold_by_doc, raws = {}, []
        for path in paths:
            text, mentions = read_doc(path, validated.get(path.stem, set()), kinds=("ACTION",))
            raws.append(RawDocument(source=path.name, content=text, kind="text"))
            gold_by_doc[path.name] = mentions
        docs, refused = [], 0
        for r in documents(raws):
            if r.record is None:
                refused += len(gold_by_doc.get(r.source, []))
                continue
            docs.append(codec.loads(r.record))
        out[name] = (analyze_story(docs, "story-" + name.replace("/", "-"), Options()), gold_by_doc, refused)
        print(f"{name}: {len(docs)} articles analysed", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache, "wb") as fh:
        pickle.dump(out, fh)
    return out


Where = tuple[int, int]  # a gold mention's cleaned-text characters


def timeline_events(story) -> Callable[[Any, Where], str | None]:
    """The timeline's grouping: a mention belongs to the event of the claim that holds it."""
    event_of = {c: e.id for e in story.events for c in e.claims}

    def group(doc, where: Where) -> str | None:
        claim = _claim_at(doc, where)
        return event_of.get(claim.id) if claim else None
    return group


def happenings(story) -> Callable[[Any, Where], str | None]:
    """The happenings' grouping: a mention belongs to the happening of an event word it overlaps."""
    at = {(m["doc"], m["start"]): h.id for h in story.happenings for m in h.mentions}

    def group(doc, where: Where) -> str | None:
        for claim in doc.claims:
            for t in claim.triggers:
                if t["start"] < where[1] and where[0] < t["end"] and (doc.id, t["start"]) in at:
                    return at[(doc.id, t["start"])]
        return None
    return group


def _claim_at(doc, where: Where):
    return next((c for c in doc.claims if c.start <= where[0] and where[1] <= c.end), None)


def score(analysed: dict[str, tuple], grouping) -> dict:
    """Coreference figures of a grouping (`grouping(story)(doc, where)` -> group id or None) over the gold event
    mentions; a mention in no group stands alone."""
    key, ours, baseline = [], [], []
    inside: set = set()  # the gold mentions inside some claim
    total = in_claim = grouped = refused = 0
    for name, (story, gold_by_doc, refused_mentions) in sorted(analysed.items()):
        refused += refused_mentions
        total += refused_mentions
        group_of = grouping(story)
        chains: dict[str, set] = defaultdict(set)
        predicted: dict[str, set] = defaultdict(set)
        heads: dict[str, set] = defaultdict(set)
        for doc in story.documents:
            for n, m in enumerate(gold_by_doc.get(doc.source, [])):
                ident = (doc.source, n)
                total += 1
                chains[m["chain"]].add(ident)
                where = _to_clean(doc, m["start"], m["end"])
                words = doc.original[m["start"]:m["end"]].split()
                heads[words[-1].lower() if words else ""].add(ident)
                if where and _claim_at(doc, where):
                    in_claim += 1
                    inside.add(ident)
                group = group_of(doc, where) if where else None
                grouped += group is not None
                predicted[group or f"alone:{ident}"].add(ident)
        key += list(chains.values())
        ours += list(predicted.values())
        baseline += list(heads.values())

    def within(clusters: list[set]) -> list[set]:
        return [c & inside for c in clusters if c & inside]

    return {"gold_event_mentions": total, "mentions_refused_articles": refused,
            "share_in_a_claim": round(in_claim / max(total, 1), 4), "share_in_a_group": round(grouped / max(total, 1), 4),
            "in_claims": {"storydesk": conll(within(key), within(ours)), "same_head_word": conll(within(key), within(baseline))},
            "all_mentions": {"storydesk": conll(key, ours), "same_head_word": conll(key, baseline)}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test", choices=list(SPLITS))
    args = parser.parse_args()
    base = require(DATA / "ecbplus" / "ECB+_LREC2014")
    validated = validated_sentences(base)
    stories: dict[str, list] = defaultdict(list)
    for topic in SPLITS[args.split]:
        for path in sorted((base / "ECB+" / str(topic)).glob("*.xml")):
            stories[subtopic(path)].append(path)
    started = time.perf_counter()
    # the cache is keyed by the code and models of every stage, so a change to any of them analyses again
    code = "-".join(fingerprint.of(scope, tuple(fingerprint.stage_roots(STAGES, scope)))[:12] for scope in ("document", "story"))
    analysed = analyse(stories, validated, CACHE_DIR / f"events-ecbplus-{args.split}-{code}.pickle")
    figures = {"split": args.split, "stories": len(stories), "happenings": score(analysed, happenings),
               "timeline_events": score(analysed, timeline_events), "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(figures, indent=1))
    record(f"events_ecbplus_{args.split}", figures)


if __name__ == "__main__":
    main()
