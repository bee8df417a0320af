"""spans.Spans answers as the scan over every span it replaces, built at once or span by span."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storydesk.spans import Spans

span = st.tuples(st.integers(0, 200), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(span, max_size=40), st.lists(span, min_size=1, max_size=10))
def test_spans_agree_with_a_scan(spans, questions):
    built, grown = Spans(spans), Spans()
    for s, e in spans:
        grown.add(s, e)
    for s, e in questions:
        overlapping = [i for i, (a, b) in enumerate(spans) if a < e and s < b]
        assert built.overlapping(s, e) == grown.overlapping(s, e) == overlapping
        assert built.overlaps(s, e) is grown.overlaps(s, e) is bool(overlapping)
        assert built.starting_in(s, e) == [i for i, (a, _) in enumerate(spans) if s <= a < e]
