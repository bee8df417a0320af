"""Candidate evidence for a claim: BM25 over content stems, sentence embeddings and shared names.

The index holds the sentences of the sources. A query scores only the sentences that share a
stem with it (an inverted index, so the work grows with the matches, not with all pairs),
plus the sentences that share a name with it; embeddings rank those candidates. Small
indexes (up to DENSE_LIMIT sentences) also compare the query's embedding with every
sentence, so a paraphrase with no shared word is still found.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import sentences as sentence_splitter
from ..embedder import embedder
from ..words import content

# Below this many sentences a dense comparison with every sentence costs less than a few
# milliseconds per query (384-dim dot products); above it only lexical/entity candidates are scored.
DENSE_LIMIT = 5000
# Stems found in more than this share of sentences are skipped by the inverted index (like stopwords).
COMMON_SHARE = 0.2
BM25_K1, BM25_B = 1.2, 0.75


@dataclass
class Passage:
    doc: str
    start: int
    end: int
    text: str
    lang: str = "en"
    stems: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    # The document's own time expressions and amounts inside the passage, offsets relative to the passage: the dates
    # and amounts the report shows, anchored to the document's date. None when the document was not annotated (a
    # summary's sources in `check`): then the verifier reads them from the passage's text.
    times: list[Any] | None = None
    quantities: list[Any] | None = None
    # The sentence as the document writes it, when `text` is its English rendering (a story's other language, read
    # through the translator): evidence shows these characters.
    shown: str | None = None


@dataclass
class Hit:
    passage: Passage
    index: int
    bm25: float
    cosine: float
    shared_names: list[str]

    def to_json(self) -> dict:
        p = self.passage
        return {"doc": p.doc, "start": p.start, "end": p.end, "text": p.shown if p.shown is not None else p.text}


class SourceIndex:
    def __init__(self, passages: list[Passage], embeddings: dict | None = None):
        self.passages = passages
        self.embeddings = embeddings  # the story's embedding cache (provenance filled it), or None
        for p in passages:
            if not p.stems:
                p.stems = content(p.text)
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.names: dict[str, list[int]] = defaultdict(list)
        self.tf: list[Counter] = []
        for i, p in enumerate(passages):
            tf = Counter(p.stems)
            self.tf.append(tf)
            for s in tf:
                self.postings[s].append(i)
            for name in p.names:
                self.names[name].append(i)
        n = max(len(passages), 1)
        self.avg_len = sum(len(p.stems) for p in passages) / n
        self.idf = {s: math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5)) for s, ids in self.postings.items()}
        # embedded on first use: a one-document story's brief never needs them
        self._vectors: tuple[np.ndarray, list[np.ndarray]] | None = None
        self.claim_vectors: dict[str, np.ndarray] = {}  # filled by corroborate, reused by the brief
        self.caches: dict[str, dict[str, Any]] = {}  # per-document values the features compute once (features.py)
        # the same sources read in English, for claims in another language than a source's (corroborate)
        self.pivot: SourceIndex | None = None
        self.doc_stems: dict[str, set[str]] = defaultdict(set)
        for p in passages:
            self.doc_stems[p.doc].update(p.stems)

    def _embed(self) -> None:
        if self._vectors is None:
            self._vectors = embedder().encode([p.text for p in self.passages], cache=self.embeddings)

    @property
    def vectors(self):
        self._embed()
        return self._vectors[0]

    @property
    def token_vectors(self):
        self._embed()
        return self._vectors[1]

    @classmethod
    def from_texts(cls, texts: list[tuple[str, str]], lang: str = "en") -> SourceIndex:
        """Index (doc id, text) pairs sentence by sentence."""
        passages = []
        for doc, text in texts:
            for s, e in split_sentences(text):
                passages.append(Passage(doc, s, e, text[s:e], lang))
        return cls(passages)

    def search(self, query: str, k: int = 5, names: set[str] | None = None, docs: set[str] | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        stems = Counter(content(query))
        n = len(self.passages)
        bm25: dict[int, float] = defaultdict(float)
        limit = max(COMMON_SHARE * n, 10)
        for s in stems:
            ids = self.postings.get(s, ())
            idf = self.idf.get(s)
            if idf is None or len(ids) > limit:
                continue
            for i in ids:
                tf = self.tf[i][s]
                norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len(self.passages[i].stems) / self.avg_len))
                bm25[i] += idf * norm
        shared: dict[int, list[str]] = defaultdict(list)
        for name in names or ():
            for i in self.names.get(name, ()):
                shared[i].append(name)
        candidates = set(bm25) | set(shared)
        if query_vector is None:
            query_vector = embedder().sentences([query])[0]
        if n <= DENSE_LIMIT and n:
            cos_all = self.vectors @ query_vector
            pool = cos_all if docs is None else np.where([p.doc in docs for p in self.passages], cos_all, -2.0)
            candidates |= set(np.argsort(-pool)[: 3 * k].tolist())
            cos = {i: float(cos_all[i]) for i in candidates}
        else:
            ids = sorted(candidates)
            cos = dict(zip(ids, (self.vectors[ids] @ query_vector).tolist())) if ids else {}
        if docs is not None:
            candidates = {i for i in candidates if self.passages[i].doc in docs}
        top_bm25 = max(bm25.values(), default=0.0) or 1.0
        ranked = sorted(candidates, key=lambda i: -(cos[i] + 0.5 * bm25.get(i, 0.0) / top_bm25 + 0.05 * len(shared.get(i, ()))))
        return [Hit(self.passages[i], i, bm25.get(i, 0.0), cos[i], shared.get(i, [])) for i in ranked[:k]]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences with offsets; texts written all in lower case (as some summarisers do) split on end marks."""
    if text and not any(ch.isupper() for ch in text):
        spans, start = [], 0
        for i, ch in enumerate(text):
            if ch in ".!?" and (i + 1 == len(text) or text[i + 1].isspace()):
                spans.append(sentence_splitter._trim(text, start, i + 1))
                start = i + 1
        if start < len(text):
            spans.append(sentence_splitter._trim(text, start, len(text)))
        return [s for s in spans if s[1] > s[0]]
    return sentence_splitter.split(text)
