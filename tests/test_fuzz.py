"""Property-based fuzzing of what reads untrusted bytes: the readers, cleaning, and time normalisation.

Arbitrary bytes in every supported file format, arbitrary text and markup through cleaning, and arbitrary
date-laden text with any publication date through time normalisation: none may raise, and every offset they
return must point at the characters it names.
"""
from __future__ import annotations

import datetime as dt
import gzip
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storydesk.annotate.times import times
from storydesk.extract import extract
from storydesk.ingest import IngestOptions, read_sources
from storydesk.model import Problem, RawDocument

SCALE = int(os.environ.get("STORYDESK_FUZZ_SCALE", "1"))  # e.g. 30 for a long hunt; CI runs the default
FORMATS = [".txt", ".html", ".json", ".jsonl", ".warc", ".gz", ".md"]

FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<div class='x'>", "</div>", "<script>alert(1)</script>", "<figcaption>Photo: AP</figcaption>",
    "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<br/>", "<h1>", "</h1>", "<meta charset='x'>",
    "\x00", "\ufeff", "\u202e", "\r\n", "\n\n", "Published March 4, 2025", "By Ana Ruiz", "PUERTO ALBA (PWS) —",
    "{\"text\": ", "\"}", "WARC/1.0\r\n", "Content-Length: 99999\r\n", "\ud7ff", "🚓", "é", "e\u0301",
])
TEXTISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30).map("".join)


def _read_all(path: Path) -> list:
    return list(read_sources([str(path)], IngestOptions(max_bytes=200_000)))


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=3000), TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from(FORMATS))
@example(data=b"\x1f\x8b\x08\x00garbage", suffix=".gz")
@example(data=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000000\r\n\r\nshort", suffix=".warc")
@example(data=b'{"html": 3, "text": ["x"]}', suffix=".json")
def test_readers_never_raise_and_name_the_file(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(gzip.compress(data) if suffix == ".gz" and not data.startswith(b"\x1f\x8b") else data)
        items = _read_all(path)
    for item in items:
        assert isinstance(item, (RawDocument, Problem))
        assert "fuzz" in item.source
        if isinstance(item, Problem):
            assert item.reason


@settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=TEXTISH, kind=st.sampled_from(["text", "html"]), title=st.one_of(st.none(), st.text(max_size=30)))
def test_cleaning_never_raises_and_keeps_offsets(content, kind, title):
    raw = RawDocument(source="fuzz.doc", content=content, kind=kind, meta={"title": title} if title else {})
    doc, problems = extract(raw)
    if doc is None:
        assert problems and all(p.source == "fuzz.doc" for p in problems)
        return
    for seg in doc.segments:
        assert doc.text[seg.clean:seg.clean + seg.length] == doc.original[seg.orig:seg.orig + seg.length]
    for r in doc.removed:
        assert 0 <= r.start <= r.end <= len(doc.original)


DATEISH = st.lists(st.one_of(st.sampled_from([
    "on Tuesday", "last year", "in 2023", "March 4", "4 de marzo de 2025", "el martes", "yesterday", "next week",
    "at 3 p.m.", "two days earlier", "since 1999", "in the 1990s", "31 February 2025", "0 January 0000", "the 32nd",
    "hace dos años", "the following day", "Monday night", "9999", "earlier this month", "March 2025", "Q3 2024",
    "12/31/2025", "2025-02-30", "10,000 years ago", "  ", ". ", "\n",
]), st.text(max_size=12)), max_size=20).map(" ".join)


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DATEISH, lang=st.sampled_from(["en", "es"]),
       published=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
                           st.text(max_size=12)))
@example(text="on Tuesday the 31st", lang="en", published="9999-12-31")
@example(text="el martes", lang="es", published="0001-01-01")
def test_time_normalisation_never_raises_and_points_at_its_words(text, lang, published):
    for t in times(text, published, lang):
        assert text[t.start:t.end] == t.text
        if t.interval:
            assert t.interval["start"] <= t.interval["end"]
