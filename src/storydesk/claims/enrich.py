"""The claims stage: atomic claims per document, with attribution, hedging, time, place, quantities and entities.

`claims_from_doc` runs inside annotate, on the one parse of each document; `enrich`
runs after resolve, when entities have ids, and ranks check-worthiness.
"""
from __future__ import annotations

import re
from typing import Any

from ..contract import ClaimKind
from ..extract.rules import is_headline_like
from ..happenings.triggers import article_verbs, claim_triggers
from ..model import Claim, Document, Story
from ..spans import Spans, joined
from ..words import HEDGES, has_any
from .split import Piece, claim_spans

# Check-worthiness (0..1) is a sum of what makes a statement checkable, chosen by hand, not learned:
# a number (0.25), a date (0.2), named actors (0.1 each, up to 3), an event verb rather than a copula (0.1),
# a quote (0.05); opinion words take 0.2 off. The base 0.15 keeps every claim above zero.
_WEIGHTS = {"base": 0.15, "quantity": 0.25, "date": 0.2, "entity": 0.1, "event": 0.1, "quote": 0.05, "opinion": -0.2}
_OPINION = re.compile(r"\b(i think|i believe|beautiful|terrible|wonderful|awful|shameful|best|worst|great|"
                      r"should|must|ought|hermos\w+|terrible\w*|vergonzos\w+)\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\b(according to|según|segun|de acuerdo con)\s+([^,.;:]+)", re.IGNORECASE)
_COPULA = {"be", "have", "seem", "ser", "estar", "haber", "tener", "parecer"}
_HEDGE_WORDS = HEDGES + ("allege", "alleges", "accused of", "accuses", "suspect", "believe", "believes", "acusó",
                         "acusa", "sospecha",
                         # a counterfactual or a conditional states no fact ("had he not fled", "would have won")
                         "would have", "could have", "had ... not", "if ... had", "de no haber", "hubiera", "hubiese")


def claims_from_doc(sdoc: Any, doc: Document, lang: str, full_parse: bool) -> list[Claim]:
    """Claims of one parsed document; a sentence is one claim when there is no parser."""
    out: list[Claim] = []
    headings = [(p.start, p.end) for p in doc.paragraphs if p.heading]
    verbs = article_verbs(sdoc) if full_parse else set()
    for sent in sdoc.sents:
        if not sent.text.strip() or _is_heading(doc.text, sent.start_char, sent.end_char) \
                or any(a <= sent.start_char < b for a, b in headings):
            continue
        pieces = claim_spans(sent, lang) if full_parse else [Piece(spans=[(sent.start_char, sent.end_char)],
                                                                   attribution=None, cue=None)]
        for piece in pieces:
            spans = [(s, e) for s, e in (_after_dateline(doc, s, e) for s, e in piece["spans"]) if e > s]
            if not spans:
                continue
            text = joined(doc.text, spans)
            claim = Claim(f"{doc.id}/c{len(out) + 1}", doc.id, spans[0][0], spans[-1][1], text, spans,
                          (sent.start_char, sent.end_char))
            if piece["attribution"]:
                a, b = piece["attribution"]
                claim.attribution = {"text": doc.text[a:b], "start": a, "end": b, "cue": piece["cue"], "speaker": None}
                claim.kind = ClaimKind.REPORTED
            claim_verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and any(s <= t.idx < e for s, e in spans)]
            claim.event = any(t.lemma_.lower() not in _COPULA for t in claim_verbs)
            if full_parse:
                claim.triggers = claim_triggers(sent, spans, piece["attribution"], lang, verbs)
            out.append(claim)
    return out


def _is_heading(text: str, start: int, end: int) -> bool:
    """The sentence is a whole line of its own, short and without a closing stop: a subhead ("How the network
    grew", "Beyond the border") states nothing to check."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    return is_headline_like(text[start:end].strip()) and len(text[start:end].split()) <= 10 \
        and (line_start > 0 or line_end < len(text))


def _after_dateline(doc: Document, start: int, end: int) -> tuple[int, int]:
    """A span cut to begin after the dateline ("PUERTO ALBA, Costa Verde (PWS) — "): a place and credit, not a claim."""
    line = doc.dateline
    if not line or start >= line.end:
        return start, end
    start = max(start, line.end)
    while start < end and (doc.text[start].isspace() or doc.text[start] in "—–-:·|"):
        start += 1
    return start, end


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def enrich(story: Story) -> None:
    """Attach entities, place, time, quantities, attribution and hedging; rank check-worthiness."""
    places = {e.id for e in story.entities if e.type == "PLACE"}
    for doc in story.documents:
        mentions, quantities = Spans((m.start, m.end) for m in doc.mentions), Spans((q.start, q.end) for q in doc.quantities)
        dated = [t for t in doc.times if t.type in ("DATE", "TIME")]
        dates = Spans((t.start, t.end) for t in dated)
        quotes = Spans((q.start, q.end) for q in doc.quotes)
        for claim in doc.claims:
            sent_text = doc.text[claim.sentence[0]:claim.sentence[1]]
            claim.entities = sorted({e for i in _within(mentions, claim.spans) if (e := doc.mentions[i].entity)})
            claim.place = [e for e in claim.entities if e in places]
            claim.quantities = [doc.quantities[i].to_json() for i in _within(quantities, claim.spans)]
            own = [dated[i] for i in _within(dates, claim.spans)]
            in_sentence = [dated[i] for i in dates.starting_in(claim.sentence[0], claim.sentence[1])]
            when = (own or in_sentence or [None])[0]
            claim.time = None if when is None else {"text": when.text, "start": when.start, "end": when.end,
                                                     "value": when.value, "interval": when.interval,
                                                     "anchored": when.anchored}
            # every quote that contains the claim or touches its spans (the test in _attribute decides)
            near = sorted(set(_within(quotes, claim.spans)) | set(quotes.overlapping(claim.start - 2, claim.end + 1)))
            _attribute(doc, claim, sent_text, [doc.quotes[i] for i in near])
            attribution = claim.attribution or {}
            claim.hedged = has_any(" ".join([claim.text, attribution.get("text") or "", attribution.get("cue") or ""]),
                                   _HEDGE_WORDS)
            claim.checkworthiness = _checkworthiness(claim, sent_text)


def _within(index: Spans, spans: list[tuple[int, int]]) -> list[int]:
    """Indices of the indexed spans that share a character with any of `spans`, in index order."""
    if len(spans) == 1:
        return index.overlapping(*spans[0])
    return sorted({i for s, e in spans for i in index.overlapping(s, e)})


def _attribute(doc: Document, claim: Claim, sent_text: str, quotes: list[Any]) -> None:
    for q in quotes:
        # the quote with its cue and speaker: "Y, according to X" and "Y, X told reporters" are X's claims
        lo = min(x for x in (q.start, q.cue_start, q.speaker_start) if x is not None)
        hi = max(x for x in (q.end, q.cue_end, q.speaker_end) if x is not None)
        if lo <= claim.start and claim.end <= hi + 1 or (q.kind == "direct" and _inside(claim.spans, q.start, q.end)):
            claim.kind = ClaimKind.QUOTE if q.kind == "direct" else ClaimKind.REPORTED
            if q.speaker_text:
                claim.attribution = {"text": q.speaker_text, "start": q.speaker_start, "end": q.speaker_end,
                                     "cue": q.cue, "speaker": getattr(q, "speaker_entity", None)}
            _speech_trigger(doc, claim, q)
            return
    m = _ACCORDING.search(sent_text)
    if m:
        s = claim.sentence[0] + m.start()
        claim.attribution = {"text": m.group(0), "start": s, "end": s + len(m.group(0)), "cue": m.group(1).lower(),
                             "speaker": None}
        claim.kind = ClaimKind.REPORTED


def _speech_trigger(doc: Document, claim: Claim, quote: Any) -> None:
    """The quote's verb of saying is the claim's statement, one of its event words (happenings), once."""
    a, b = quote.cue_start, quote.cue_end
    if a is None or b is None or any(t["start"] == a for t in claim.triggers):
        return
    claim.triggers.append({"start": a, "end": b, "text": doc.text[a:b], "lemma": (quote.cue or doc.text[a:b]).lower(),
                           "kind": "speech"})


def _checkworthiness(claim: Claim, sent_text: str) -> float:
    w = _WEIGHTS
    score = w["base"]
    score += w["quantity"] if claim.quantities else 0.0
    score += w["date"] if claim.time else 0.0
    score += w["entity"] * min(len(claim.entities), 3)
    score += w["event"] if claim.event else 0.0
    score += w["quote"] if claim.kind == "quote" else 0.0
    score += w["opinion"] if _OPINION.search(claim.text) else 0.0
    return round(max(0.0, min(1.0, score)), 3)
