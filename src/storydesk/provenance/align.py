"""Sentence alignment between two documents: which sentences of one come from the other, by wording or by meaning.

Each document is read once into `Units`: its sentences (offsets into its own text), what is compared (the sentence
normalised; for a document in another language than the story's pivot, its English rendering), and the sentences'
embeddings. Two sentences align when
- their wording is close (rapidfuzz similarity >= `sentence_similarity`), or
- their meaning is (embedding cosine >= `semantic_similarity`), or
- their meaning is near (cosine >= `confirm_similarity`) and the cross-encoder reads one as entailing the other
  (probability >= `confirm_entail`, and above its probability of contradiction), where the model reads the language
  (English and English renderings).
A sentence that merges two of the other's (or is split into two) aligns to the pair of them read together. Last, a
sentence still free that the cross-encoder reads as entailed by its two closest sentences of the other (a condensed
sentence, a paraphrase far in wording) aligns to the closer of them, which may already be aligned (many to one).
The first thresholds were chosen on MRPC train (benchmarks/align_mrpc.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .. import sentences
from ..normalize import normalize


@dataclass
class AlignOptions:
    # Wording: the best of rapidfuzz's ratio and token_sort_ratio on normalised text, 0-100. At 70 a wire paragraph
    # lightly edited (a word changed, a clause moved) still aligns.
    sentence_similarity: float = 70.0
    # Meaning (MiniLM cosine): above semantic_similarity a pair aligns on its own; between confirm_similarity and it,
    # only when the cross-encoder confirms (entailment either way >= confirm_entail). Chosen on MRPC train
    # (benchmarks/align_mrpc.py: best accuracy as a paraphrase detector).
    semantic_similarity: float = 0.80
    confirm_similarity: float = 0.70
    confirm_entail: float = 0.1
    # A document copies or rewrites another when at least this share of its characters sits in aligned sentences.
    # Independent reports share a quoted statement or two, not a third of their text.
    min_share: float = 0.3
    # ... in at least this many aligned sentence pairs (one long sentence is not a copy), unless one of the two has
    # no more sentences than that.
    min_pairs: int = 2
    # A pair is a copy when at least this share of its aligned sentences is near-verbatim
    # (similarity >= verbatim_similarity); otherwise the copy reworded the source: a rewrite.
    copy_verbatim_share: float = 0.66
    verbatim_similarity: float = 95.0
    # Sentences shorter than this many words are not aligned (datelines, "He said.").
    min_words: int = 5
    # Two adjacent sentences read as one against a sentence of the other: stricter than one sentence to one, since a
    # longer passage is close in meaning to more sentences (set on the demo corpus and MEANTIME airbus/apple).
    window_similarity: float = 0.85
    # The last pass: the two closest sentences of the other (cosine >= read_similarity) read together by the
    # cross-encoder as the premise; the free sentence aligns when it is entailed at read_entail and not contradicted
    # more (0.5, the model's own decision point; not tuned).
    read_similarity: float = 0.5
    read_entail: float = 0.5
    # The semantic blocking: two documents are a candidate pair when this many of their sentences have a
    # neighbour in the other at cosine >= block_similarity.
    block_similarity: float = 0.75
    block_matches: int = 2


@dataclass
class Units:
    """One document's sentences as the aligner reads them."""

    doc: str
    lang: str
    spans: list[tuple[int, int]]
    views: list[str]  # normalised wording compared (an English rendering for a translated document)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32))
    translated: bool = False
    quoted: list[bool] = field(default_factory=list)  # the sentence is mostly a speaker's words in quote marks
    chars: int = 0

    def __post_init__(self) -> None:
        self.chars = sum(e - s for s, e in self.spans)
        if not self.quoted:
            self.quoted = [False] * len(self.spans)


@dataclass
class Alignment:
    pairs: list[tuple[tuple[int, int], tuple[int, int], float, str]]  # (span in a, span in b, similarity 0-100, how)
    share_a: float
    share_b: float
    verbatim_share: float  # share of aligned sentence pairs that are near-verbatim
    unaligned_a: list[tuple[int, int]] = field(default_factory=list)
    unaligned_b: list[tuple[int, int]] = field(default_factory=list)
    # the shares without quoted sentences: two reports of one public statement quote the same words, which is not
    # copying each other (what decides whether a pair is related)
    own_share_a: float = 0.0
    own_share_b: float = 0.0


def sentence_spans(text: str, min_words: int) -> list[tuple[int, int]]:
    return [(s, e) for s, e in sentences.split(text) if len(text[s:e].split()) >= min_words]


_QUOTE = re.compile(r"[“\"«]([^“”\"«»]{1,3000})[”\"»]")


def quoted(text: str, spans: list[tuple[int, int]], share: float = 0.6) -> list[bool]:
    """Per sentence, whether at least `share` of its characters lie between quote marks (a quote may run over
    several sentences)."""
    inside = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    out = []
    for s, e in spans:
        chars = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in inside)
        out.append(chars >= share * max(1, e - s))
    return out


def lexical(a: list[str], b: list[str]) -> np.ndarray:
    return np.asarray(cdist([normalize(x) for x in a], [normalize(x) for x in b], scorer=_score), dtype=np.float32)


def _score(a: str, b: str, **_: object) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def aligned(lex: float, cos: float, entail: float | None, options: AlignOptions) -> bool:
    """Whether two sentences align, from their wording similarity (0-100), cosine and the cross-encoder's
    entailment probability (either way, 0 where it reads a contradiction; None where no model reads them). What
    `align` decides, pair by pair."""
    if lex >= options.sentence_similarity or cos >= options.semantic_similarity:
        return True
    return entail is not None and cos >= options.confirm_similarity and entail >= options.confirm_entail


class Reader(Protocol):
    """The cross-encoder as the aligner uses it (provenance.detect.CrossEncoderReader)."""

    def either_way(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Per pair, the probability that one entails the other (0 where contradiction is likelier)."""

    def entails(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Per (premise, hypothesis), the probability that the premise entails it (0 where contradiction is likelier)."""


def align(a: Units, b: Units, options: AlignOptions, reader: Reader | None = None) -> Alignment:
    """Aligned sentence pairs of `a` and `b`: one-to-one (a merged sentence may take two adjacent ones), then what
    the cross-encoder reads as entailed (many to one).

    `reader` is None where no model reads the pair's language (then only wording and close meaning align)."""
    if not a.views or not b.views:
        return Alignment([], 0.0, 0.0, 0.0, list(a.spans), list(b.spans))
    lex = lexical(a.views, b.views)
    cos = a.vectors @ b.vectors.T if len(a.vectors) and len(b.vectors) else np.zeros_like(lex)
    sure = (lex >= options.sentence_similarity) | (cos >= options.semantic_similarity)
    strength = np.maximum(lex / 100.0, cos)
    pairs: list[tuple[int, int, float, str]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    # Greedy one-to-one by strength: the best pairs first, each sentence used once per side
    # (a rewrite that repeats a paragraph aligns its second copy to nothing new).
    for i, j in sorted(zip(*np.nonzero(sure)), key=lambda ij: -strength[ij]):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            how = "wording" if lex[i, j] >= options.sentence_similarity else "meaning"
            pairs.append((int(i), int(j), float(lex[i, j] if how == "wording" else 100 * cos[i, j]), how))
    if reader is not None:
        grey = [(float(cos[i, j]), int(i), int(j)) for i, j in zip(*np.nonzero((cos >= options.confirm_similarity) & ~sure))
                if i not in used_a and j not in used_b]
        best: dict[int, tuple[float, int, int]] = {}
        for c, i, j in grey:  # each sentence of a asks the model about its closest free partner only
            if i not in best or c > best[i][0]:
                best[i] = (c, i, j)
        asked = sorted(best.values(), reverse=True)
        if asked:
            probs = reader.either_way([(a.views[i], b.views[j]) for _, i, j in asked])
            for (c, i, j), p in zip(asked, probs):
                if p >= options.confirm_entail and i not in used_a and j not in used_b:
                    used_a.add(i)
                    used_b.add(j)
                    pairs.append((i, j, 100 * c, "meaning, confirmed by the cross-encoder"))
    # The costly passes (window embeddings, the model reading every free sentence) only for a pair that already
    # shares sentences: two articles of one topic that share none are not a copy of each other (what keeps a story of
    # 200 same-topic articles from asking the model about every sentence of every candidate pair).
    related = len(pairs) >= options.min_pairs
    merged = _windows(a, b, used_a, used_b, options) if related else []
    read = _read(a, b, used_a, used_b, options, reader) if reader is not None and related else []
    spans = [(a.spans[i], b.spans[j], round(sim, 1), how) for i, j, sim, how in pairs]
    spans += merged + read
    spans.sort(key=lambda p: p[1][0])
    covered_a = _covered(a, used_a)
    covered_b = _covered(b, used_b)
    verbatim = sum(1 for p in spans if p[3] == "wording" and p[2] >= options.verbatim_similarity) / len(spans) if spans else 0.0
    return Alignment(spans, covered_a / (a.chars or 1), covered_b / (b.chars or 1), verbatim,
                     [a.spans[i] for i in range(len(a.spans)) if i not in used_a],
                     [b.spans[j] for j in range(len(b.spans)) if j not in used_b],
                     _covered(a, {i for i in used_a if not a.quoted[i]}) / (a.chars or 1),
                     _covered(b, {j for j in used_b if not b.quoted[j]}) / (b.chars or 1))


def _read(a: Units, b: Units, used_a: set[int], used_b: set[int], options: AlignOptions, reader: Reader) -> list:
    """Each free sentence against its two closest sentences of the other read together: aligned (to the closer one)
    when the cross-encoder reads them as entailing it. Both sides' free sentences go to the model in one batch."""
    asks: list[tuple[bool, int, list[int]]] = []
    for flip, one, two, used_one in ((False, a, b, used_a), (True, b, a, used_b)):
        free = [i for i in range(len(one.spans)) if i not in used_one]
        if not free or not len(one.vectors) or not len(two.vectors):
            continue
        sims = one.vectors[free] @ two.vectors.T
        for r, i in enumerate(free):
            top = [int(j) for j in np.argsort(-sims[r])[:2] if sims[r, j] >= options.read_similarity]
            if top:
                asks.append((flip, i, top))
    if not asks:
        return []
    premises = [(" ".join((b if not flip else a).views[j] for j in sorted(top)), (a if not flip else b).views[i])
                for flip, i, top in asks]
    out = []
    for (flip, i, top), p in zip(asks, reader.entails(premises)):
        if p < options.read_entail:
            continue
        one, two, used_one = (b, a, used_b) if flip else (a, b, used_a)
        used_one.add(i)
        sim = round(100 * float(one.vectors[i] @ two.vectors[top[0]]), 1)
        how = "meaning, read by the cross-encoder" + (" in two sentences of the other" if len(top) > 1 else "")
        out.append((two.spans[top[0]], one.spans[i], sim, how) if flip else (one.spans[i], two.spans[top[0]], sim, how))
    return out


def _covered(u: Units, used: set[int]) -> int:
    return sum(u.spans[i][1] - u.spans[i][0] for i in used)


def _windows(a: Units, b: Units, used_a: set[int], used_b: set[int], options: AlignOptions) -> list:
    """A free sentence of one side against two adjacent free sentences of the other read together (one sentence
    merged from two, or split in two): aligned when their combined meaning is close."""
    from ..embedder import embedder

    out = []
    for one, two, used_one, used_two, flip in ((a, b, used_a, used_b, False), (b, a, used_b, used_a, True)):
        free = [i for i in range(len(one.spans)) if i not in used_one]
        adjacent = [j for j in range(len(two.spans) - 1) if j not in used_two and j + 1 not in used_two]
        if not free or not adjacent or not len(one.vectors):
            continue
        # only pairs whose first sentence is already close: the window's embedding is computed for those alone
        near = [j for j in adjacent if float((one.vectors[free] @ two.vectors[j]).max()) >= options.confirm_similarity]
        if not near:
            continue
        joined = embedder().sentences([two.views[j] + " " + two.views[j + 1] for j in near])
        sims = one.vectors[free] @ joined.T
        for r, c in sorted(zip(*np.nonzero(sims >= options.window_similarity)), key=lambda rc: -sims[rc]):
            i, j = free[r], near[c]
            if i in used_one or j in used_two or j + 1 in used_two:
                continue
            used_one.add(i)
            used_two.update((j, j + 1))
            window = (two.spans[j][0], two.spans[j + 1][1])
            sim = round(100 * float(sims[r, c]), 1)
            out.append((window, one.spans[i], sim, "meaning, two sentences read as one") if flip
                       else (one.spans[i], window, sim, "meaning, two sentences read as one"))
    return out
