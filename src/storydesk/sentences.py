"""A fast rule-based sentence splitter with offsets, for stages that must not wait for a parser.

Splits after . ! ? (and closing quotes or brackets) followed by whitespace and a
capital, digit or opening quote, except after common abbreviations and initials.
Paragraph breaks always split.
"""
from __future__ import annotations

import re

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "gov", "sen", "rep", "rev", "st",
    "jr", "sr", "sra", "srta", "dra", "lic", "ing", "no", "vol", "fig", "inc", "corp", "ltd", "co", "dept", "u.s",
    "u.k", "u.n", "e.g", "i.e", "vs", "etc", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "ave", "blvd", "ee.uu", "d.c", "a.m", "p.m", "mt", "ft",
}
# The lookbehind starts a match only at the first mark of a run: tried from every mark of a long run ("......"), the
# run would be read again each time, quadratic in its length (a 80,000-dot leader took 98 s).
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-ZÁÉÍÓÚÑ¿¡0-9])")
_TAIL = 80  # characters before a boundary that decide whether it ends an abbreviation (the longest is 6)


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start = para.start()
        for m in _BOUNDARY.finditer(text, para.start(), para.end()):
            # only the tail: after a run of abbreviations ("Mr. Dr. ...") the sentence so far can be the whole text
            before = text[max(start, m.start() + 1 - _TAIL):m.start() + 1]
            last = re.search(r"([\w.]+)\.$", before.rstrip(".!?…\"'”’»)]") + ".")
            word = last.group(1).lower() if last else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
            end = m.end()
            spans.append(_trim(text, start, end))
            start = end
        if start < para.end():
            spans.append(_trim(text, start, para.end()))
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
