"""Which spans of a text overlap a given span, in time that does not grow with the number of spans.

Stages attach spans to other spans (a claim's mentions, a number inside a date, a found alias beside the parser's
mentions). Asked span by span against a list, that is quadratic in the length of a document: 90 s for one
250,000-character page before this index. `Spans` keeps the spans sorted by start, with the longest length, so a
question looks only at the spans that start close enough to reach it.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    """[start, end) spans, each with the position it was given in (its index), added in any order."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        # sorted once: inserted one by one, a large document's spans would cost a list shift each
        self._items: list[tuple[int, int, int]] = sorted((s, e, i) for i, (s, e) in enumerate(spans))  # (start, end, index)
        self._starts = [s for s, _, _ in self._items]
        self._longest = max((e - s for s, e, _ in self._items), default=0)
        self._count = len(self._items)

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._items.insert(at, (start, end, self._count))
        self._count += 1
        self._longest = max(self._longest, end - start)

    def _reaching(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The spans that start before `end` and late enough that the longest span could still reach `start`."""
        return self._items[bisect.bisect_left(self._starts, start - self._longest):bisect.bisect_left(self._starts, end)]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices of the spans that share a character with [start, end), in the order they were given."""
        return sorted(i for _, e, i in self._reaching(start, end) if e > start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(e > start for _, e, _ in self._reaching(start, end))

    def starting_in(self, start: int, end: int) -> list[int]:
        """Indices of the spans whose start is in [start, end), in the order they were given."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return sorted(i for _, _, i in self._items[lo:hi])


def joined(text: str, spans: list[tuple[int, int]]) -> str:
    """The characters of `spans` of `text`, in order: a piece after a gap follows a space, unless it opens with
    punctuation ("Obama" + ", and Ryan" is "Obama, and Ryan"). A claim's text is its spans joined so."""
    return "".join(("" if n == 0 or text[s:s + 1] in ",.;:)" else " ") + text[s:e] for n, (s, e) in enumerate(spans))
