"""Offsets are exact: cleaned text is verbatim runs of the original, removals are original slices (property-based)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.extract import extract
from storydesk.model import RawDocument

LINES = st.sampled_from([
    "WORLD", "By Ana Ruiz", "Published March 4, 2025", "Share this article", "Advertisement", "2 hours ago",
    "Soldiers patrol the yard. (PWS Photo/Marta Quiroz)", "Soldiers patrol the...", "Marta Quiroz contributed to this report.",
    "The prison held 3,200 inmates, according to the national penitentiary institute.",
    "Officials said two inmates were killed and nine soldiers were wounded in the operation.",
    "“We will not negotiate,” the minister said on Tuesday night in the capital city.", "Local team wins the cup",
    "", "   ", "ñandú — ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text with emoji 🚓 in the middle of a sentence here.",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=25), st.sampled_from(["\n", "\n\n", "\n \n"]))
def test_cleaning_keeps_exact_offsets(lines, sep):
    text = sep.join(lines)
    doc, problems = extract(RawDocument(source="prop.txt", content=text, kind="text"))
    if doc is None:
        assert problems
        return
    for seg in doc.segments:
        assert doc.text[seg.clean:seg.clean + seg.length] == doc.original[seg.orig:seg.orig + seg.length]
    for r in doc.removed:
        assert doc.original[r.start:r.end] == r.text
    for para in doc.paragraphs:
        start, end = doc.to_original(para.start, para.end)
        assert 0 <= start <= end <= len(doc.original)
        assert doc.original[start:end].startswith(doc.text[para.start:para.end].split("\n")[0])
