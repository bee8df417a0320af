"""What the report and the web UI show, computed once from a story.json payload (the web UI loads the same
payload from story.db): the claims matrix, quotes by speaker, counts."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from .. import labels
from ..contract import Label, Status

STATUS_ORDER = list(Status)  # most contested first
CELL = {Label.SUPPORTS: ("✓", "supports"), Label.CONTRADICTS: ("✗", "contradicts"),
        Label.DISCUSSES: ("?", "discusses it, without vouching for it"), Label.NOT_MENTIONED: ("·", "not mentioned")}


# What each verifier feature means, for the figures shown one click behind a verdict's reasons.
FEATURE_WORDS = {
    "tok_p": "share of the claim's words in the source passage",
    "cov_src": "share of its content words anywhere in the source",
    "cov_top": "share of its content words in the closest source sentences",
    "cos_max": "closeness in meaning of the closest source sentence (0 to 1)",
    "cos_mean3": "closeness in meaning of the three closest source sentences, on average",
    "bigram_src": "share of its word pairs in the source",
    "novel": "content words the source never uses",
    "novel_num": "numbers the source never gives",
    "num_conflict": "an amount that differs from the source's amount of the same thing",
    "date_conflict": "a date that differs from the source's date of the same event",
    "neg_flip": "the source says it with a negation the claim lacks, or the other way round",
    "state_ended": "the source says the state it describes has ended",
    "nli_entail": "probability the model reads the source as saying it",
    "nli_contra": "probability the model reads the source as contradicting it",
}

def title(payload: dict[str, Any], labels_of: dict[str, str]) -> str:
    """What a page calls the story: its headline, else a name from its documents (`labels.story_name`: a title, an
    outlet and date, its opening words; a file name last)."""
    if payload["story"].get("title"):
        return payload["story"]["title"]
    return labels.story_name(payload["documents"])


def overview(payload: dict[str, Any], m: dict[str, Any]) -> dict[str, Any]:
    """The story at a glance: the claim counts by status and which documents are copies of which."""
    counts = m["counts"]
    copies = [{"copy_id": d["id"], "source_id": df["doc"], "kind": df["kind"], "share": df["share"]}
              for d in payload["documents"] for df in d["derived_from"]]
    return {"claims": len(m["rows"]), "corroborated": counts.get("corroborated", 0),
            "single_source": counts.get("single_source", 0),
            "contradicted": counts.get("contradicted", 0) + counts.get("disputed", 0), "disputed": counts.get("disputed", 0),
            "unsupported": counts.get("unsupported", 0), "copies": copies,
            "reviewed": sum(1 for r in payload.get("reviews", []) if r["applied"])}


_DOC_ID = re.compile(r"\bd[0-9a-f]{10}\b")


def named(text: str, labels_of: dict[str, str]) -> str:
    """A reason with the document ids in it replaced by the documents' labels ("the model reads d534ca1afba as
    saying otherwise" -> "... reads “Stein condensed” as ...")."""
    return _DOC_ID.sub(lambda m: f"“{labels_of[m.group(0)]}”" if m.group(0) in labels_of else m.group(0), text or "")


def names(payload: dict[str, Any]) -> dict[str, str]:
    """Each document's label: its title, else outlet and date, else its file name; never two alike."""
    return labels.labels(payload["documents"])


def matrix(payload: dict[str, Any]) -> dict[str, Any]:
    """Claims × sources: one row per distinct claim wording (copies repeat claims), most contested first."""
    docs = payload["documents"]
    seen: set[str] = set()
    rows = []
    for c in sorted(payload["claims"], key=lambda c: (STATUS_ORDER.index(c["status"]) if c["status"] in STATUS_ORDER else 9,
                                                       -c["checkworthiness"], c["doc"], c["start"])):
        key = " ".join(c["text"].lower().split())
        if key in seen:
            continue
        seen.add(key)
        by_doc = {v["doc"]: v for v in c["verdicts"]}
        cells = []
        for d in docs:
            if d["id"] == c["doc"]:
                cells.append({"mark": "●", "cls": "own", "title": "the claim's own document"})
                continue
            v = by_doc.get(d["id"])
            label = v["label"] if v else Label.NOT_MENTIONED
            mark, words = CELL[label]
            ev = (v or {}).get("evidence") or []
            title = f"{words}" + (f": {ev[0]['text'][:160]}" if ev and label != Label.NOT_MENTIONED else "")
            cells.append({"mark": mark, "cls": label, "title": title})
        rows.append({"claim": c, "cells": cells,
                     "evidence": [v for v in c["verdicts"] if v["label"] != Label.NOT_MENTIONED]})
    return {"rows": rows, "columns": [{"id": d["id"], "n": n + 1} for n, d in enumerate(docs)],
            "counts": Counter(r["claim"]["status"] for r in rows)}


def quotes_by_speaker(payload: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    entity_names = {e["id"]: e["name"] for e in payload["entities"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in payload["quotes"]:
        who = entity_names.get(q["speaker"]) or q["speaker_text"] or "unattributed"
        groups.setdefault(who, []).append(q)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "unattributed", -len(kv[1]), kv[0]))


# The happenings a page lists in full; the rest are counted (a firehose story can have hundreds).
HAPPENINGS_SHOWN = 25


def happenings(payload: dict[str, Any], limit: int = HAPPENINGS_SHOWN) -> dict[str, Any]:
    """The story's happenings as rows, those told by the most independent sources first: what (the event word), who
    and where (entity names), when (the timeline's dates of its dated claims), and each document's words, each a
    citation of the claim that holds it."""
    entity_names = {e["id"]: e["name"] for e in payload["entities"]}
    claims = {c["id"]: c for c in payload["claims"]}
    events = {e["id"]: e for e in payload["events"]}
    group_of = {d["id"]: d["group"] if d["group"] is not None else d["id"] for d in payload["documents"]}
    listed = payload.get("happenings") or []  # a story stored before happenings existed has none
    # what most independent sources tell first (story.json's order counts documents, copies included)
    ranked = sorted(listed, key=lambda h: -len({group_of.get(d, d) for d in h["docs"]}))
    rows = []
    for h in ranked[:limit]:
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for m in h["mentions"]:
            claim = claims.get(m["claim"])
            words = by_doc.setdefault(m["doc"], [])
            if all(w["start"] != m["start"] for w in words):  # one verb of saying can attribute two claims
                words.append({**m, "claim_text": claim["text"] if claim else ""})
        when = [events[e]["when"]["text"] for e in h["events"] if e in events and events[e]["when"]]
        rows.append({"id": h["id"], "name": h["name"], "kind": h["kind"], "docs": h["docs"], "by_doc": by_doc,
                     "independent": len({group_of.get(d, d) for d in h["docs"]}),
                     "who": [entity_names[e] for e in h["entities"][:5] if e in entity_names],
                     "when": list(dict.fromkeys(when)), "events": h["events"]})
    return {"rows": rows, "more": max(len(listed) - limit, 0)}


def pieces(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The original text cut into kept and removed runs: {text, reason or None, ...} (a page that cites no span)."""
    return Citations().pieces(doc)


def to_original(segments: list[dict[str, Any]], start: int, end: int) -> tuple[int, int]:
    """A span of the cleaned text in the original text (as `model.Document.to_original`), from story.json's segments."""
    if not segments:
        return start, end
    s = next((seg["orig"] + max(start - seg["clean"], 0) for seg in segments if start < seg["clean"] + seg["length"]),
             segments[-1]["orig"] + segments[-1]["length"])
    e = segments[0]["orig"]
    for seg in segments:
        if end <= seg["clean"]:
            break
        e = seg["orig"] + min(end - seg["clean"], seg["length"])
    return s, max(s, e)


class Citations:
    """The spans a page links to, per document, each with the anchor id the link goes to. The report registers a
    span when it writes a link to it, then marks every registered span in the document's text, so a citation opens at
    its own characters, outlined, and never at the top of the document."""

    def __init__(self) -> None:
        self.spans: dict[str, dict[tuple[int, int], int]] = {}
        self.count = 0

    def anchor(self, doc: str, start: int, end: int) -> str:
        spans = self.spans.setdefault(doc, {})
        if (start, end) not in spans:
            self.count += 1
            spans[(start, end)] = self.count
        return f"cite-{spans[(start, end)]}"

    def pieces(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        """The original text cut at every removal and every cited span: {text, reason, marks (span numbers covering
        it), anchors (span numbers starting here)}."""
        original = doc["original"]
        cited = [(n, *to_original(doc["segments"], s, e)) for (s, e), n in self.spans.get(doc["id"], {}).items() if e > s]
        cuts = {0, len(original)}
        for r in doc["removed"]:
            cuts |= {r["start"], r["end"]}
        for _, s, e in cited:
            cuts |= {s, e}
        points = sorted(c for c in cuts if 0 <= c <= len(original))
        removed = sorted(doc["removed"], key=lambda r: r["start"])
        out = []
        for a, b in itertools.pairwise(points):
            reason = next((r["reason"] for r in removed if r["start"] <= a and b <= r["end"]), None)
            out.append({"text": original[a:b], "reason": reason, "marks": [n for n, s, e in cited if s <= a and b <= e],
                        "anchors": [n for n, s, e in cited if s == a]})
        # a span that starts at the very end of the text (an empty tail) still gets its anchor
        tail = [n for n, s, e in cited if s >= len(original)]
        if tail:
            out.append({"text": "", "reason": None, "marks": [], "anchors": tail})
        return out

    def css(self) -> str:
        """One rule per cited span: the span's characters (siblings after its anchor in the text) marked while the
        anchor is the page's target (a sibling selector: `:has()` on the body made every load slower)."""
        rules = ",".join(f"#cite-{n}:target~.m{n}" for spans in self.spans.values() for n in spans.values())
        return f"{rules}{{background:#ffe08a;outline:2px solid #d99a00}}" if rules else ""
