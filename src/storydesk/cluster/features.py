"""What story clustering needs from one document, computed with the per-document stages.

- `shingles`: MinHash of the document's word 4-grams (copies and rewrites share them);
- `names`: the folded names it mentions (people, organisations, places), with a
  person's surname alone too, so "Joaquín Guzmán" and "Guzmán" meet across texts;
- `vector`: a MiniLM embedding of the headline and lead;
- `day`: the publication date, when known;
- `years`: the years the article is set in: its publication year and the years of the dates it states (two
  articles that name only different years tell different happenings, even in the same words);
- `amounts`: the amounts it states, bigger than ten and not years (a toll, a magnitude, a sum: the same happening
  told twice states the same ones).

Everything here is deterministic: a fixed MinHash seed, and embeddings computed in
fixed batches in input order (see `features_for`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..model import Document
from ..normalize import normalize

NUM_PERM = 64
SEED = 7
SCHEME = "affine32"  # datasketch 2 hashing scheme, fixed so stored signatures stay comparable
SHINGLE = 4
LEAD_WORDS = 120
NAME_TYPES = {"PERSON", "ORG", "PLACE", "GPE", "LOC", "NORP", "PER", "MISC", "FAC", "EVENT"}
_DIGITS = re.compile(r"\d")
_YEAR = re.compile(r"^(\d{4})(?:$|-)")


@dataclass
class Features:
    doc: str
    shingles: list[int]  # MinHash hash values
    names: list[str]  # sorted, folded
    vector: list[float] = field(default_factory=list)
    day: str | None = None
    language: str | None = None
    title: str | None = None
    years: list[int] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"doc": self.doc, "shingles": self.shingles, "names": self.names, "vector": self.vector, "day": self.day,
                "language": self.language, "title": self.title, "years": self.years,
                "amounts": self.amounts}

    @classmethod
    def from_json(cls, data: dict) -> Features:
        return cls(**data)


def _minhash(tokens: set[str]) -> list[int]:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch([t.encode("utf-8") for t in sorted(tokens)])
    return [int(v) for v in m.hashvalues]


def shingles(text: str) -> set[str]:
    words = normalize(text).split()
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def names(doc: Document) -> list[str]:
    out: set[str] = set()
    for m in doc.mentions:
        if (m.type or m.label) not in NAME_TYPES:
            continue
        name = normalize(m.text)
        if len(name) < 3 or _DIGITS.search(name):
            continue
        out.add(name)
        parts = name.split()
        if len(parts) > 1 and (m.type or m.label) in ("PERSON", "PER"):
            out.add(parts[-1])
    return sorted(out)


def years(doc: Document) -> list[int]:
    """The publication year and the year of every dated expression the text anchors (a weekday with no date to anchor
    it says nothing), sorted."""
    out = set()
    for t in doc.times:
        match = _YEAR.match(t.value or "") if t.type == "DATE" and t.anchored else None
        if match:
            out.add(int(match.group(1)))
    if doc.published and (match := _YEAR.match(doc.published[:10])):
        out.add(int(match.group(1)))
    return sorted(out)


def amounts(doc: Document) -> list[str]:
    """The amounts the article states (each value as written by `%g`, the upper end of a range too), leaving out
    counts up to ten and anything that reads as a year, sorted."""
    out = set()
    for q in doc.quantities:
        for value in (q.value, q.high):
            if value is None or (float(value).is_integer() and (value <= 10 or 1900 <= value <= 2100)):
                continue
            out.add(f"{value:g}")
    return sorted(out)


def lead(doc: Document) -> str:
    words = doc.text.split()[:LEAD_WORDS]
    return " ".join(([doc.title] if doc.title else []) + words)


def features_for(docs: list[Document]) -> list[Features]:
    """Features of a batch of documents; the embeddings run as one batch, so a batch's result is fixed."""
    from ..embedder import embedder

    vectors = embedder().sentences([lead(d) for d in docs], batch_size=32) if docs else np.zeros((0, 384))
    out = []
    for doc, vec in zip(docs, vectors):
        out.append(Features(doc=doc.id, shingles=_minhash(shingles(doc.text)), names=names(doc),
                            vector=[round(float(x), 5) for x in vec], day=(doc.published or "")[:10] or None,
                            language=doc.language, title=doc.title, years=years(doc),
                            amounts=amounts(doc)))
    return out
