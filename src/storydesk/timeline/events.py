"""The timeline: dated claims become events, one event per thing that happened, over all sources.

A claim with a time expression whose interval is known is an anchored event; the same event
told by several documents is merged into one (its citations kept). Two claims are the same
event when their intervals overlap and either a verifier found one source saying the other
(a `supports` or `contradicts` verdict whose evidence lies in the other claim's sentence), or
their content words mostly agree, or (both anchored) they name one of the story's happenings (the same
action at agreeing times: `happenings`). Each happening lists the events of its dated claims. A claim whose time could not be placed (an undated article's
"Sunday night", a bare "in December") is an event too, listed apart with the reason.

Claims come from the cleaned text only, so dates in captions, teasers and other removed parts
never reach the timeline.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from ..annotate import UNANCHORED
from ..contract import Status
from ..dates import intervals_overlap
from ..model import Claim, Document, Event, Story
from ..unionfind import DisjointSets
from ..verify import says
from ..words import content

# Content-word overlap (Jaccard of stems) above which two claims at overlapping times tell one event.
# Set on the demo corpus: wire copies and their rewrites score 0.5-1.0, different events of one day 0.0-0.2.
SAME_EVENT_OVERLAP = 0.4
# A time expression that spans more than this many days (a year, a decade) does not merge claims on its own:
# two things that happened "in 2023" need the stronger evidence of a verdict linking them.
WIDE_DAYS = 31
_STATUS_RANK: dict[Status | None, int] = {Status.CORROBORATED: 0, Status.DISPUTED: 1, Status.CONTRADICTED: 2,
                                          Status.SINGLE_SOURCE: 3, Status.UNSUPPORTED: 4, None: 5}
_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def label(interval: dict, value: str | None = None) -> str:
    """What a partial date is, in words: "2014", "September 2023", "Tuesday 4 March 2025", "2 March 2025, night"."""
    start, end, gran = interval["start"], interval["end"], interval.get("granularity")
    try:
        s = datetime.date.fromisoformat(start[:10])
        e = datetime.date.fromisoformat(end[:10])
    except ValueError:
        return start if start == end else f"{start} – {end}"
    if gran in ("year",):
        return str(s.year)
    if gran in ("decade", "century"):
        return f"{s.year}–{e.year}"
    if gran == "month":
        return f"{_MONTHS[s.month - 1]} {s.year}"
    if gran in ("quarter", "season"):
        return f"{_MONTHS[s.month - 1]}–{_MONTHS[e.month - 1]} {s.year}" if s.year == e.year else f"{s} – {e}"
    if gran in ("week", "weekend") or s != e:
        return f"{s.day} {_MONTHS[s.month - 1]} – {e.day} {_MONTHS[e.month - 1]} {e.year}"
    day = f"{s.strftime('%A')} {s.day} {_MONTHS[s.month - 1]} {s.year}"
    if gran == "time" and value and "T" in value:
        tail = value.split("T", 1)[1]
        part = _PARTS_OF_DAY.get(tail) or (tail[:5] if tail[:1].isdigit() else None)
        if part:
            return f"{day}, {part}"
    return day


def build_events(story: Story) -> list[Event]:
    """Events of the story, anchored ones in time order, then the unanchored ones."""
    docs = {d.id: d for d in story.documents}
    dated = [(c, d) for d in story.documents for c in d.claims if c.time]
    anchored = [(c, d) for c, d in dated if (c.time or {}).get("interval")]
    loose = [(c, d) for c, d in dated if not (c.time or {}).get("interval")]
    together: dict[str, set[str]] = defaultdict(set)
    for h in story.happenings:
        if h.kind == "action":
            for claim_id in h.claims:
                together[claim_id].add(h.id)
    groups = _merge(anchored, together)
    # A copy with no date of its own ("on Wednesday" in an undated rewrite) joins the anchored event it repeats:
    # the same time words, and a verifier found one saying the other.
    loose_left = []
    for item in loose:
        c = item[0]
        words = ((c.time or {}).get("text") or "").lower()
        home = next((g for g in groups for a, _ in g if a.doc != c.doc and ((a.time or {}).get("text") or "").lower() == words
                     and (says(a, c) or says(c, a))), None)
        if home is None:
            loose_left.append(item)
        else:
            home.append(item)
    loose = loose_left
    events = [_event(members, docs) for members in groups]
    events.sort(key=lambda e: ((e.when or {}).get("start", ""), (e.when or {}).get("end", ""), e.citations[0]["doc"],
                               e.citations[0]["start"]))
    unanchored = [_event(members, docs) for members in _merge(loose, anchored=False)]
    unanchored.sort(key=lambda e: (e.citations[0]["doc"], e.citations[0]["start"]))
    out = events + unanchored
    for n, e in enumerate(out, start=1):
        e.id = f"event-{n}"
    for h in story.happenings:
        told = set(h.claims)
        h.events = [e.id for e in out if told.intersection(e.claims)]
    return out


def _merge(items: list[tuple[Claim, Document]], together: dict[str, set[str]] | None = None, anchored: bool = True
           ) -> list[list[tuple[Claim, Document]]]:
    """Union-find over claims that tell the same event (`together`: claim id -> the action happenings it names; only
    anchored claims are given it, since two undated "Friday"s of one happening may be weeks apart)."""
    sets: DisjointSets[int] = DisjointSets(range(len(items)))
    stems = [set(content(c.text)) for c, _ in items]
    by_sentence: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (c, _) in enumerate(items):
        by_sentence[(c.doc, c.sentence[0])].append(i)
    for i, (a, _) in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j][0]
            if a.doc == b.doc:
                continue  # one article does not tell one event twice as separate claims
            if anchored and not intervals_overlap(_interval(a), _interval(b)):
                continue
            if not anchored and (a.time or {}).get("value") != (b.time or {}).get("value"):
                continue
            jac = len(stems[i] & stems[j]) / max(len(stems[i] | stems[j]), 1)
            linked = says(a, b) or says(b, a)
            alike = jac >= SAME_EVENT_OVERLAP or bool(together and together.get(a.id, set()) & together.get(b.id, set()))
            if linked or (alike and not (anchored and _wide(_interval(a)))):
                sets.union(j, i)
    groups: dict[int, list[tuple[Claim, Document]]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[sets.find(i)].append(item)
    return list(groups.values())


def _interval(claim: Claim) -> dict[str, Any]:
    """The calendar interval of an anchored claim's time (only anchored claims are compared by interval)."""
    return (claim.time or {}).get("interval") or {}


def _wide(interval: dict) -> bool:
    return _width(interval) > WIDE_DAYS


def _event(members: list[tuple[Claim, Document]], docs: dict[str, Document]) -> Event:
    # The event is told in the words of an original (not a copy), the most precise date, then the most check-worthy.
    def rank(item: tuple[Claim, Document]):
        c, d = item
        interval = (c.time or {}).get("interval")
        width = _width(interval) if interval else 0
        return (bool(d.derived_from), width, -c.checkworthiness, d.id, c.start)

    members = sorted(members, key=rank)
    lead, lead_doc = next((m for m in members if (m[0].time or {}).get("interval")), members[0])
    when = None
    reason = None
    interval = (lead.time or {}).get("interval")
    if interval:
        narrowest = interval
        when = {"text": label(narrowest, (lead.time or {}).get("value")), "start": narrowest["start"], "end": narrowest["end"],
                "granularity": narrowest.get("granularity")}
    else:
        reason = _reason(lead, lead_doc)
    citations, expressions, seen_docs = [], [], []
    for c, d in sorted(members, key=lambda m: (m[1].id, m[0].start)):
        citations.append({"doc": c.doc, "start": c.start, "end": c.end, "text": d.text[c.start:c.end], "claim": c.id})
        t = c.time or {}
        expressions.append({"doc": c.doc, "start": t.get("start"), "end": t.get("end"), "text": t.get("text")})
        if c.doc not in seen_docs:
            seen_docs.append(c.doc)
    best = min((c.status for c, _ in members), key=lambda s: _STATUS_RANK.get(s, 5))
    return Event(id="", text=lead.text, when=when, claims=[c.id for c, _ in members], docs=seen_docs,
                 citations=citations, expressions=expressions, status=best, reason=reason)


def _width(interval: dict) -> int:
    try:
        return (datetime.date.fromisoformat(interval["end"][:10]) - datetime.date.fromisoformat(interval["start"][:10])).days
    except ValueError:
        return 10**6


def _reason(claim: Claim, doc: Document) -> str:
    t = claim.time or {}
    words = t.get("text") or "the time"
    expr = next((x for x in doc.times if x.start == t.get("start") and x.end == t.get("end")), None)
    why = getattr(expr, "reason", None)
    if why == UNANCHORED or (why is None and not doc.published):
        return f"“{words}” is relative to the publication date, and this article gives none"
    if why:
        return f"“{words}”: {why}"
    return f"“{words}” names no year or other anchor"
