"""Features of one claim against the evidence one source (or a set of sources) offers.

Each feature is a number with a name and a one-line meaning (FEATURES), so a verdict can
show what decided it. The structured comparisons (numbers, dates, negation, state changes)
are computed here too and read by the structured verifier.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from ..annotate import Quantity, quantities, times
from ..embedder import embedder
from ..words import CONTINUING, ENDED, NEGATIONS, content, has_any, numbers, words
from .retrieve import Hit, Passage, SourceIndex

FEATURES: dict[str, str] = {
    "cos_max": "highest cosine similarity (MiniLM sentence embeddings) between the claim and one evidence sentence",
    "cos_mean3": "mean cosine of the three best evidence sentences",
    "cov_top": "share of the claim's content words found in its three best evidence sentences",
    "cov_src": "share of the claim's content words found anywhere in the source",
    "novel": "number of the claim's content words the source never uses (capped at 6)",
    "novel_num": "numbers in the claim that the source never writes",
    "bigram_src": "share of the claim's word pairs that occur in the source",
    "tok_p": "token alignment precision: mean best cosine of each claim word piece with the evidence's word pieces",
    "num_conflict": "an amount of the same thing differs between the claim and aligned evidence",
    "date_conflict": "a date in the claim does not overlap the date of aligned evidence",
    "neg_flip": "the claim or its aligned evidence is negated and the other is not",
    "state_ended": "the claim says a state goes on; aligned evidence says it ended",
}
NAMES = list(FEATURES)


@dataclass
class Comparison:
    features: dict[str, float]
    hits: list[Hit]
    reasons: list[str] = field(default_factory=list)  # readable reasons behind structured conflicts
    conflict_hits: list[Hit] = field(default_factory=list)

    def vector(self) -> list[float]:
        return [self.features[n] for n in NAMES]


def compare(claim: str, index: SourceIndex, hits: list[Hit], docs: set[str] | None = None, lang: str = "en",
            published: str | None = None, claim_tokens: np.ndarray | None = None) -> Comparison:
    """Features of `claim` against `hits` (best first) from the sources `docs` of `index` (all when None)."""
    stems = content(claim)
    uniq = set(stems)
    scope = set(index.doc_stems) if docs is None else docs
    src_stems: set[str] = set().union(*(index.doc_stems.get(d, set()) for d in scope)) if scope else set()
    top = hits[:3]
    top_stems = set().union(*(set(h.passage.stems) for h in top)) if top else set()
    f = dict.fromkeys(NAMES, 0.0)
    f["cos_max"] = max((h.cosine for h in hits), default=0.0)
    f["cos_mean3"] = float(np.mean([h.cosine for h in top])) if top else 0.0
    f["cov_top"] = len(uniq & top_stems) / len(uniq) if uniq else 1.0
    f["cov_src"] = len(uniq & src_stems) / len(uniq) if uniq else 1.0
    f["novel"] = float(min(len(uniq - src_stems), 6))
    src_numbers = _scope_set(index, scope, "numbers")
    f["novel_num"] = float(len(numbers(claim) - src_numbers))
    pairs = _bigrams(claim)
    src_pairs = _scope_set(index, scope, "bigrams")
    f["bigram_src"] = len(pairs & src_pairs) / len(pairs) if pairs else 1.0
    f["tok_p"] = _token_precision(claim, index, top, claim_tokens)
    comp = Comparison(f, hits)
    _structured(claim, comp, lang, published)
    return comp


def _scope_set(index: SourceIndex, scope: set[str], kind: str) -> set[str]:
    cache = index.caches.setdefault(kind, {})
    out: set[str] = set()
    for d in scope:
        if d not in cache:
            texts = [p.text for p in index.passages if p.doc == d]
            cache[d] = set().union(*(numbers(t) if kind == "numbers" else _bigrams(t) for t in texts)) if texts else set()
        out |= cache[d]
    return out


def _bigrams(text: str) -> set[tuple[str, str]]:
    ws = [w for w, _, _ in words(text)]
    return set(itertools.pairwise(ws))


def _token_precision(claim: str, index: SourceIndex, top: list[Hit], claim_tokens: np.ndarray | None) -> float:
    if not top:
        return 0.0
    if claim_tokens is None:
        claim_tokens = embedder().tokens([claim])[0]
    evidence = np.concatenate([index.token_vectors[h.index] for h in top])
    return float((claim_tokens @ evidence.T).max(axis=1).mean())


def _aligned(claim_stems: set[str], hit: Hit) -> bool:
    """Evidence talks about the same thing: shares 40% of the claim's content words, is close in meaning, or shares two names."""
    shared = claim_stems & set(hit.passage.stems)
    return (len(shared) >= max(2, 0.4 * len(claim_stems))) or hit.cosine >= 0.6 or len(hit.shared_names) >= 2


@functools.lru_cache(maxsize=4096)
def _amounts(text: str, lang: str, published: str | None) -> tuple:
    """The amounts with a unit or currency in a text (the same evidence sentence comes back for many claims)."""
    return tuple(q for q in quantities(text, lang, times(text, published, lang)) if q.unit or q.currency)


def _passage_amounts(p: Passage) -> tuple:
    """The amounts with a unit or currency in an evidence passage: the document's own when it was annotated."""
    if p.quantities is None:
        return _amounts(p.text, p.lang, None)
    return tuple(q for q in p.quantities if q.unit or q.currency)


def _structured(claim: str, comp: Comparison, lang: str, published: str | None) -> None:
    f = comp.features
    claim_stems = set(content(claim))
    aligned = [h for h in comp.hits[:5] if _aligned(claim_stems, h)]
    cq = _amounts(claim, lang, published)
    claim_neg = bool({w for w, _, _ in words(claim)} & NEGATIONS) or "n't" in claim
    claim_cont = has_any(claim, CONTINUING)
    for h in comp.hits[:5]:
        is_aligned = h in aligned
        text = h.passage.text
        hq = _passage_amounts(h.passage)
        for q in cq:
            # an amount of the same thing: same unit, and aligned sentences or a shared word next to both amounts
            same = [o for o in hq if _same_thing(q, o) and (is_aligned or _near(claim, q, text, o))]
            if same and not any(_compatible(q, o) for o in same):
                f["num_conflict"] = 1.0
                comp.reasons.append(f"'{q.text}' in the claim, '{same[0].text}' in {h.passage.doc}")
                comp.conflict_hits.append(h)
        if not is_aligned:
            continue
        if h is aligned[0]:
            hit_neg = bool({w for w, _, _ in words(text)} & NEGATIONS) or "n't" in text
            shared = claim_stems & set(h.passage.stems)
            # both must say nearly the same words (at most two differ each way), so the negation is the difference
            hit_stems = set(h.passage.stems)
            if (claim_neg != hit_neg and len(shared) >= 3 and len(hit_stems - claim_stems) <= 2
                    and len(claim_stems - hit_stems) <= 2):
                f["neg_flip"] = 1.0
                comp.reasons.append(f"negated in {'the claim' if claim_neg else h.passage.doc} only")
        if claim_cont and has_any(text, ENDED):
            f["state_ended"] = 1.0
            comp.reasons.append(f"the claim says it goes on ('{claim_cont[0]}'); {h.passage.doc} says it ended "
                                f"('{has_any(text, ENDED)[0]}')")
            comp.conflict_hits.append(h)
    f["date_conflict"] = _date_conflict(claim, aligned[:1], lang, published, comp)


def _near(text_a: str, a: Quantity, text_b: str, b: Quantity, width: int = 40) -> bool:
    """Both amounts have a content word in common within `width` characters after them ('soldiers and police')."""
    after_a = set(content(text_a[a.end:a.end + width])) - set(content(a.text))
    after_b = set(content(text_b[b.end:b.end + width])) - set(content(b.text))
    return bool(after_a & after_b)


def _same_thing(a: Quantity, b: Quantity) -> bool:
    if a.currency or b.currency:
        return a.currency == b.currency and bool(a.currency)
    ua, ub = (a.unit or "").lower(), (b.unit or "").lower()
    return bool(ua) and (ua == ub or ua.rstrip("s") == ub.rstrip("s"))


def _compatible(a: Quantity, b: Quantity) -> bool:
    lo_a, hi_a = a.value, a.high or a.value
    lo_b, hi_b = b.value, b.high or b.value
    tol = 0.15 if (a.approx or b.approx) else 0.005  # "about 2,000" covers 1,700..2,300
    return lo_a <= hi_b * (1 + tol) and lo_b <= hi_a * (1 + tol)


def _date_conflict(claim: str, aligned: list[Hit], lang: str, published: str | None, comp: Comparison) -> float:
    if not aligned:
        return 0.0
    ct = [t for t in times(claim, published, lang) if t.type == "DATE" and t.interval and t.value[:4].isdigit()]
    h = aligned[0]
    found = times(h.passage.text, None, h.passage.lang) if h.passage.times is None else h.passage.times
    ht = [t for t in found if t.type == "DATE" and t.interval and t.value[:4].isdigit()]
    if not ct or not ht:
        return 0.0
    for c in ct:
        if not any(c.interval["start"] <= o.interval["end"] and o.interval["start"] <= c.interval["end"] for o in ht):
            comp.reasons.append(f"'{c.text}' in the claim, '{ht[0].text}' in {h.passage.doc}")
            comp.conflict_hits.append(h)
            return 1.0
    return 0.0


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
