"""Cleaning: decide, line by line, what a reader sees as the article, and record every removal.

Input is the original text and the spans of it that are candidate body
(every line for plain text; trafilatura's body for HTML). Output is the
cleaned text built from verbatim runs of the original, the segment map back
to it, the removals with reasons, and what the header told us (headline,
byline, timestamp, dateline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import find_dates
from ..model import Dateline, Removal, Segment
from ..normalize import normalize
from . import language, page, rules

# Reasons, as shown to users (the report groups removals by these strings).
OUTSIDE_BODY = "outside the article body (page furniture)"
HEADLINE = "headline (kept as the title)"
SECTION = "section label"
BYLINE = "byline (kept as the author)"
TIMESTAMP = "timestamp"
CAPTION = "photo caption or credit"
CAPTION_COPY = "truncated copy of a photo caption"
CREDITS = "reporting credits"
PROMPT = "share, subscribe or advertising prompt"
COPYRIGHT = "copyright notice"
REPEATED = "repeated paragraph (kept once)"
TEASER = "teaser for another story (page tail)"
FURNITURE = "page furniture (menu, links, footer)"

# A header is the lines before the first body-like line; 12 words is shorter than any lede
# sentence in our demo and public corpora and longer than every headline-with-byline line there.
_BODY_MIN_WORDS = 12
# Repeats of lines shorter than this are left alone ("He declined to comment." may legitimately recur).
_REPEAT_MIN_WORDS = 6
_MARKDOWN = re.compile(r"^\s*#{1,6}\s+|^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$")


def _plain(text: str) -> str:
    """The line without Markdown heading marks and emphasis around it."""
    return _MARKDOWN.sub("", text).strip()


def _starts_body(text: str) -> bool:
    """A lede-like line: long and ending as a sentence ends (headlines carry no final period)."""
    n = len(rules.words(text))
    return n > 30 or (n >= _BODY_MIN_WORDS and text.rstrip("\"'”’»)").endswith((".", "!", "?", "…")))


@dataclass
class Unit:
    start: int
    end: int
    text: str
    reason: str | None = None
    heading: bool = False  # a subhead inside the body: kept, as a paragraph of its own


@dataclass
class Cleaned:
    text: str
    segments: list[Segment]
    removed: list[Removal]
    title: str | None = None
    author: str | None = None
    stamp_dates: list[str] = field(default_factory=list)  # ISO dates from removed timestamp lines, in order
    dateline: Dateline | None = None
    copyright: str | None = None
    headings: list[tuple[int, int]] = field(default_factory=list)  # subheads kept in the text (clean offsets)


def _units(original: str, spans: list[tuple[int, int]]) -> list[Unit]:
    units: list[Unit] = []
    for span_start, span_end in spans:
        pos = span_start
        for line in original[span_start:span_end].split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                units.append(Unit(pos + lead, pos + lead + len(stripped), stripped))
            pos += len(line) + 1
    return units


def _pasted_headline(original: str, units: list[Unit]) -> Unit | None:
    """The text's first line when it is a pasted article's headline: a paragraph of its own, followed (after at most
    a few short header lines) by a body paragraph longer than it, and headline-like (`rules.is_pasted_headline`,
    which takes one ending in a period)."""
    if len(units) < 2 or units[0].reason or original[:units[0].start].strip():
        return None
    first, after = units[0], units[1]
    # a paragraph of its own; or a line ending in the semicolon news databases set between a headline and its deck
    if "\n\n" not in original[first.end:after.start].replace("\r", "") and not first.text.endswith(";"):
        return None
    # the body: the next paragraph, or the first after a few short header lines (a byline, a timestamp)
    text, body = _plain(first.text), ""
    for unit in units[1:5]:
        plain = _plain(unit.text)
        if _starts_body(plain) or rules.dateline(plain):  # a lede opens on its dateline
            body = plain
            break
        if len(rules.words(unit.text)) > _BODY_MIN_WORDS:
            return None
    if not body:
        return None
    if len(rules.words(body)) <= len(rules.words(text)) or rules.is_caption(text) or rules.is_timestamp(text) \
            or rules.is_section_label(text):
        return None
    return first if rules.is_pasted_headline(text, language.detect(body)) else None


def _header(units: list[Unit], meta_title: str | None, out: Cleaned) -> None:
    title_key = normalize(meta_title) if meta_title else None
    for unit in units:
        if unit.reason:
            continue
        text = _plain(unit.text)
        if _starts_body(text) and not rules.is_caption(text):
            return
        if title_key and normalize(text) == title_key:
            unit.reason = HEADLINE
        elif (who := rules.byline_author(text)) is not None:
            unit.reason = BYLINE
            out.author = out.author or who
        elif rules.is_section_label(text):
            unit.reason = SECTION
        elif rules.is_timestamp(text):
            unit.reason = TIMESTAMP
        elif out.title is None and not title_key and rules.is_headline_like(text) and not rules.is_caption(text):
            unit.reason = HEADLINE
            out.title = text


def _line_rules(units: list[Unit], out: Cleaned) -> None:
    for unit in units:
        if unit.reason:
            continue
        text = _plain(unit.text)
        if rules.is_caption(text):
            unit.reason = CAPTION
        elif rules.is_reporting_credit(text):
            unit.reason = CREDITS
        elif (holder := rules.copyright_holder(text)) is not None:
            unit.reason = COPYRIGHT
            out.copyright = out.copyright or holder
        elif rules.is_prompt(text):
            unit.reason = PROMPT
        elif rules.is_dated_timestamp(text):
            unit.reason = TIMESTAMP
        elif (who := rules.byline_author(text)) is not None:
            unit.reason = BYLINE
            out.author = out.author or who


def _caption_copies(units: list[Unit]) -> None:
    """A line that is the start of a caption found elsewhere (alt text, a truncated teaser of the photo)."""
    captions = [normalize(u.text) for u in units if u.reason == CAPTION]
    if not captions:
        return
    for unit in units:
        if unit.reason:
            continue
        key = normalize(unit.text.rstrip(".…"))
        # 15 characters: long enough that an ordinary sentence opening does not match by chance.
        if len(key) >= 15 and any(c != key and c.startswith(key) for c in captions):
            unit.reason = CAPTION_COPY


def _repeats(units: list[Unit]) -> None:
    seen: set[str] = set()
    for unit in units:
        if unit.reason:
            continue
        key = normalize(unit.text)
        if len(key.split()) < _REPEAT_MIN_WORDS:
            continue
        if key in seen:
            unit.reason = REPEATED
        seen.add(key)


def _teaser_tail(units: list[Unit]) -> None:
    """Headline + blurb + '2 hours ago' runs at the end of a scraped page.

    Walk back from the last kept line while lines are teaser-shaped: a time
    marker, a 'More stories' heading, a headline-like line, or a short blurb
    whose line before it is headline-like. The run counts as teasers only if
    it has a headline and a time marker or heading, so an article ending in
    a short sentence is never cut.
    """
    # Lines already removed for their form (prompts, captions) sit between teasers and do not
    # interrupt the run; timestamp lines are the run's time markers.
    kept = [u for u in units if not u.reason or u.reason == TIMESTAMP]
    tail: list[Unit] = []
    heads = markers = 0
    i = len(kept) - 1
    while i >= 0:
        text = kept[i].text
        n = len(rules.words(text))
        if kept[i].reason == TIMESTAMP or rules.is_time_ago(text) or rules.is_more_heading(text):
            markers += 1
        elif rules.is_headline_like(text):
            heads += 1
        elif n <= 45 and i > 0 and rules.is_headline_like(kept[i - 1].text):
            pass  # a blurb under a teaser headline
        else:
            break
        tail.append(kept[i])
        i -= 1
    # A lone headline is not a teaser run, and a page that is all teaser shape is left alone.
    if heads and markers and len(tail) >= 2 and i >= 0:
        for unit in tail:
            unit.reason = TEASER


def _subheads(units: list[Unit]) -> None:
    """A short headline-like line alone between two paragraphs of the article (the one before it ends as a sentence
    ends, the one after it is a paragraph): a subhead, kept as a paragraph of its own."""
    kept = [u for u in units if not u.reason]
    for i in range(1, len(kept) - 1):
        text = _plain(kept[i].text)
        before, after = _plain(kept[i - 1].text), _plain(kept[i + 1].text)
        if kept[i].heading or len(rules.words(text)) > 10 or not rules.is_headline_like(text):
            continue
        if before.rstrip("\"'”’»)").endswith((".", "!", "?", "…")) and len(rules.words(after)) >= _BODY_MIN_WORDS:
            kept[i].heading = True


def clean(original: str, body_spans: list[tuple[int, int]], meta_title: str | None = None,
          outside_reason: str = OUTSIDE_BODY, whole_page: bool = False) -> Cleaned:
    """`whole_page`: the text may be a whole page (plain text as scraped or pasted); an HTML page's body spans are
    the article already, and its menus were left outside them."""
    out = Cleaned(text="", segments=[], removed=[])
    units = _units(original, body_spans)
    if whole_page:
        head = page.furniture(units, FURNITURE, TEASER)
        if head is not None and not meta_title:  # the page's headline, even one that ends with a quoted stop
            head.reason, out.title = HEADLINE, _plain(head.text)
        elif not meta_title and (first := _pasted_headline(original, units)) is not None:
            first.reason, out.title = HEADLINE, _plain(first.text).removesuffix(";").rstrip()
    _header(units, meta_title, out)
    _line_rules(units, out)
    _caption_copies(units)
    _repeats(units)
    _teaser_tail(units)
    _subheads(units)

    for unit in units:
        if unit.reason == TIMESTAMP:
            out.stamp_dates.extend(d.iso for d in find_dates(unit.text))

    # Removals: text outside the candidate spans, then each removed unit; neighbours with one reason merge.
    removals: list[Removal] = []
    covered = 0
    for span_start, span_end in sorted(body_spans):
        if original[covered:span_start].strip():
            removals.append(Removal(covered, span_start, outside_reason))
        covered = max(covered, span_end)
    if original[covered:].strip():
        removals.append(Removal(covered, len(original), outside_reason))
    removals.extend(Removal(u.start, u.end, u.reason) for u in units if u.reason)
    removals.sort(key=lambda r: r.start)
    merged: list[Removal] = []
    for r in removals:
        if merged and merged[-1].reason == r.reason and not original[merged[-1].end:r.start].strip():
            merged[-1].end = r.end
        else:
            merged.append(r)
    for r in merged:
        # trim whitespace so spans point at words
        while r.start < r.end and original[r.start].isspace():
            r.start += 1
        while r.end > r.start and original[r.end - 1].isspace():
            r.end -= 1
        r.text = original[r.start:r.end]
    out.removed = merged

    # Cleaned text: kept units; a unit continues the paragraph when only spaces and at most a single
    # line break separate it from the previous kept unit in the original, else a new paragraph starts.
    # (Anything removed between them is non-space text, so a whitespace-only gap means nothing was.)
    pieces: list[str] = []
    length = 0
    prev: Unit | None = None
    for unit in units:
        if unit.reason:
            continue
        gap = original[prev.end:unit.start] if prev is not None else ""
        if prev is not None and not gap.strip() and "\n\n" not in gap and not unit.heading and not prev.heading:
            seg = out.segments[-1]
            addition = original[prev.end:unit.end]
            pieces.append(addition)
            seg.length += len(addition)
            length += len(addition)
        else:
            if pieces:
                pieces.append("\n\n")
                length += 2
            pieces.append(unit.text)
            out.segments.append(Segment(clean=length, orig=unit.start, length=len(unit.text)))
            if unit.heading:
                out.headings.append((length, length + len(unit.text)))
            length += len(unit.text)
        prev = unit
    out.text = "".join(pieces)

    first = next((u for u in units if not u.reason), None)
    if first is not None:
        found = rules.dateline(first.text)
        if found:
            clean_start = out.segments[0].clean
            out.dateline = Dateline(start=clean_start, end=clean_start + found["end"],
                                    text=first.text[:found["end"]].strip(), place=found["place"], credit=found["credit"],
                                    date=found["date"])
    return out
