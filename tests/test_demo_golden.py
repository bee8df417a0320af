"""The demo corpus against its hand-written gold: cleaning, metadata, provenance, groups, errors."""
from __future__ import annotations

from pathlib import Path

import pytest

GOLD_DOCS = [
    "pws-san-telmo-raid.txt", "daily-meridian-scraped.txt", "harbor-ledger-raid.html", "el-faro-del-sur-fuga.txt",
    "cv-tribune-escape.md", "northern-courier-indictment.txt", "feeds.jsonl:1", "feeds.jsonl:2",
]


def test_every_gold_document_is_found_and_nothing_else(demo_docs, gold):
    assert sorted(demo_docs) == sorted(gold["documents"])
    assert sorted(GOLD_DOCS) == sorted(gold["documents"])


@pytest.mark.parametrize("name", GOLD_DOCS)
def test_cleaned_text_and_metadata(demo_docs, gold, name):
    doc, want = demo_docs[name], gold["documents"][name]
    for snippet in want["must_contain"]:
        assert snippet in doc.text, f"{name}: lost {snippet!r}"
    for snippet in want["must_not_contain"]:
        assert snippet not in doc.text, f"{name}: kept {snippet!r}"
    for field in ("title", "outlet", "published", "published_basis", "language"):
        assert getattr(doc, field) == want[field], f"{name}: {field}"
    if "author" in want:
        assert doc.author == want["author"]
    if "repeated_once" in want:
        assert doc.text.count(want["repeated_once"]) == 1
        assert any(r.reason.startswith("repeated") for r in doc.removed)


@pytest.mark.parametrize("name", GOLD_DOCS)
def test_nothing_is_lost(demo_docs, name):
    """Every non-space character of the original is either in the cleaned text or in a recorded removal."""
    doc = demo_docs[name]
    covered = [False] * len(doc.original)
    for seg in doc.segments:
        assert doc.text[seg.clean:seg.clean + seg.length] == doc.original[seg.orig:seg.orig + seg.length]
        for i in range(seg.orig, seg.orig + seg.length):
            covered[i] = True
    for r in doc.removed:
        assert doc.original[r.start:r.end] == r.text and r.reason
        for i in range(r.start, r.end):
            covered[i] = True
    lost = "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())
    assert lost == ""


def test_derivations(demo_docs, gold):
    ids = {d.id: name for name, d in demo_docs.items()}
    found = {(name, ids[df.source], df.kind) for name, d in demo_docs.items() for df in d.derived_from}
    want = {(g["copy"], g["source"], g["kind"]) for g in gold["derived_from"]}
    assert found == want


def test_rewrite_share_leaves_invented_sentences_unaligned(demo_docs):
    rewrite = demo_docs["feeds.jsonl:1"]
    (df,) = rewrite.derived_from
    assert 0.3 < df.share < 0.8
    aligned = "".join(rewrite.text[s.start:s.end] for s in df.spans)
    assert "300-meter tunnel" not in aligned and "$5 million" not in aligned


def test_wire_siblings_have_no_direction(demo_result, demo_docs, gold):
    for a, b in gold["siblings"]:
        pair = {demo_docs[a].id, demo_docs[b].id}
        (rel,) = [r for r in demo_result.story.relations if {r.a, r.b} == pair]
        assert rel.direction is None and rel.basis.startswith("shared source")


def test_independence_groups(demo_docs, gold):
    groups = {}
    for name, doc in demo_docs.items():
        groups.setdefault(doc.group, set()).add(name)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, gold["groups"]))


def test_bad_line_is_reported(demo_result, gold):
    found = {(Path(p.source).name, p.code) for p in demo_result.story.errors if p.level == "error"}
    assert found == {(e["source"], e["code"]) for e in gold["errors"]}
