"""Sentence alignment between two documents: which sentences of one come from the other."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .. import sentences
from ..normalize import normalize


@dataclass
class AlignOptions:
    # Two sentences are "the same sentence" at this similarity (0-100, the best of rapidfuzz's
    # ratio and token_sort_ratio on normalised text). 70 is where a wire paragraph lightly edited
    # (a word changed, a clause moved) still aligns and two independent reports of one fact,
    # which share names and numbers but little wording, do not, on the demo corpus gold.
    sentence_similarity: float = 70.0
    # A document copies or rewrites another when at least this share of its characters sits in
    # aligned sentences. Independent reports share a quoted statement or two, not a third of their text.
    min_share: float = 0.3
    # A pair is a copy when at least this share of its aligned sentences is near-verbatim
    # (similarity >= verbatim_similarity); otherwise the copy reworded the source: a rewrite.
    copy_verbatim_share: float = 0.66
    verbatim_similarity: float = 95.0
    # Sentences shorter than this many words are not aligned (datelines, "He said.").
    min_words: int = 5


@dataclass
class Alignment:
    pairs: list[tuple[tuple[int, int], tuple[int, int], float]]  # (span in a, span in b, similarity)
    share_a: float
    share_b: float
    verbatim_share: float  # share of aligned sentence pairs that are near-verbatim


def _sentences(text: str, min_words: int) -> tuple[list[tuple[int, int]], list[str]]:
    spans, norms = [], []
    for start, end in sentences.split(text):
        norm = normalize(text[start:end])
        if len(norm.split()) >= min_words:
            spans.append((start, end))
            norms.append(norm)
    return spans, norms


def _score(a: str, b: str, **_: object) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def align(text_a: str, text_b: str, options: AlignOptions) -> Alignment:
    spans_a, norm_a = _sentences(text_a, options.min_words)
    spans_b, norm_b = _sentences(text_b, options.min_words)
    if not norm_a or not norm_b:
        return Alignment([], 0.0, 0.0, 0.0)
    matrix = cdist(norm_a, norm_b, scorer=_score)
    pairs = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    # Greedy one-to-one by similarity: the best pairs first, each sentence used once per side
    # (a rewrite that repeats a paragraph aligns its second copy to nothing new).
    candidates = sorted(((matrix[i][j], i, j) for i in range(len(norm_a)) for j in range(len(norm_b)) if matrix[i][j] >= options.sentence_similarity), reverse=True)
    for score, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((spans_a[i], spans_b[j], round(float(score), 1)))
    pairs.sort(key=lambda p: p[1][0])
    covered_a = sum(e - s for (s, e), _, _ in pairs)
    covered_b = sum(e - s for _, (s, e), _ in pairs)
    total_a = sum(e - s for s, e in spans_a) or 1
    total_b = sum(e - s for s, e in spans_b) or 1
    verbatim = sum(1 for p in pairs if p[2] >= options.verbatim_similarity) / len(pairs) if pairs else 0.0
    return Alignment(pairs, covered_a / total_a, covered_b / total_b, verbatim)
