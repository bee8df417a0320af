"""Features of one claim against the evidence one source (or a set of sources) offers.

Each feature is a number with a name and a one-line meaning (FEATURES), so a verdict can
show what decided it. The structured comparisons (numbers, dates, negation, state changes)
are computed here too and read by the structured verifier.
"""
from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..annotate import Quantity, quantities, times
from ..embedder import embedder
from ..words import CONTINUING, DENIAL, DISTANCE, ENDED, NEGATIONS, content, has_any, numbers, words
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
    "nli_entail": "the cross-encoder's highest probability that a source passage (a sentence, it with its neighbours, "
                  "or the two best sentences together) entails the claim",
    "nli_contra": "the cross-encoder's highest probability that a source passage contradicts the claim",
    "num_conflict": "an amount of the same thing differs between the claim and aligned evidence",
    "date_conflict": "a date in the claim does not overlap the date of aligned evidence",
    "neg_flip": "the claim or its aligned evidence is negated and the other is not",
    "state_ended": "the claim says a state goes on; aligned evidence says it ended",
    "hedge_top": "share of the three best evidence sentences that keep their distance: reportedly, allegedly, a claim, "
                 "a rumour, unconfirmed, a question",
    "hedge_src": "share of the source's sentences that keep their distance in those words",
    "deny_top": "one of the three best evidence sentences calls something false, a hoax or denied",
    "deny_src": "share of the source's sentences that call something false, a hoax or denied",
}
NAMES = list(FEATURES)


@dataclass
class Comparison:
    features: dict[str, float]
    hits: list[Hit]
    reasons: list[str] = field(default_factory=list)  # readable reasons behind structured conflicts
    conflict_hits: list[Hit] = field(default_factory=list)
    entail_hits: list[Hit] = field(default_factory=list)  # the passage the cross-encoder found entailing the claim
    contra_hits: list[Hit] = field(default_factory=list)  # the passage it found contradicting the claim
    across: bool = False  # the claim and the source are in different languages, compared in English
    read_as: str | None = None  # the claim's English rendering, when it is not English
    note: str | None = None  # why a comparison across languages could not be made
    # False when no reading of the cross-encoder could make the sources back the claim (verifiers.could_support):
    # it is then read only for a contradiction (_worth, NEGATION_READS)
    could_support: bool = True
    model_read: bool = False  # the cross-encoder read at least one passage for it (`nli_*` are its readings)

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
    f["hedge_top"] = sum(distanced(h.passage.text) for h in top) / len(top) if top else 0.0
    f["deny_top"] = float(any(has_any(h.passage.text, DENIAL) for h in top))
    f["hedge_src"], f["deny_src"] = _scope_cues(index, scope)
    comp = Comparison(f, hits)
    _structured(claim, comp, lang, published, lambda doc: _doc_times(index, doc))
    return comp


# The model reads a claim's candidates only when one of them is near it (in meaning or in words); below both lines
# no passage says it, and the cross-encoder's features stay 0. This keeps a story's corroboration affordable.
READ_COSINE, READ_COVERAGE = 0.4, 0.4
PREMISE_HITS = 3  # the cross-encoder reads at most the best three candidates


def nearness(claim: str, hits: list[Hit]) -> tuple[float, float]:
    """(best cosine, share of the claim's content words in its three best candidates): `cos_max` and `cov_top`
    without the rest of the comparison."""
    uniq = set(content(claim))
    top = set().union(*(set(h.passage.stems) for h in hits[:3])) if hits else set()
    return max((h.cosine for h in hits), default=0.0), (len(uniq & top) / len(uniq) if uniq else 1.0)


def near(claim: str, hits: list[Hit]) -> bool:
    """Whether a source's candidates come near the claim, in meaning or in words: the line below which the
    cross-encoder does not read them (and corroboration calls the source silent without comparing further)."""
    cosine, coverage = nearness(claim, hits)
    return cosine >= READ_COSINE or coverage >= READ_COVERAGE
DECIDED = 0.8  # after the first reading, a claim this surely entailed or contradicted is not read further
# A contradiction the cross-encoder reads counts only in a passage at least this near the claim in meaning (farther,
# it is not about the same thing): verifiers._contradiction
CONTRADICTION_COSINE = 0.45
# A claim no reading could back (Comparison.could_support False) is read only for a contradiction: once (no second
# pass), and only where it or the passage negates or denies something (_worth). False reads such a claim as one that
# could be backed (both passes, every near passage): benchmarks/corroboration_pairs.py compares the two.
NEGATION_READS = True
# With NEGATION_READS, a reading for a contradiction is of one sentence, the best candidate alone: the model's
# contradictions read in a three-sentence window on real stories were a negation in a neighbouring sentence about
# something else (7 of 7 on a 32-article PolNeAR story). And the first reading is made in two steps (the candidate
# alone, then with its neighbours): a claim that the first step leaves beyond backing (the contradiction read is
# already too high for any entailment to lift it over the line: verifiers.could_support) is read on only for a
# contradiction. False: the reading before (benchmarks/corroboration_pairs.py compares them).
NARROW_READS = True


def _premises(index: SourceIndex, hits: list[Hit], first: bool) -> list[list[Hit]]:
    """The passages the cross-encoder reads for one claim, each a run of source sentences. First the best candidate
    alone and with the sentences before and after it; then, unless that decided it, the next two candidates alone
    and the two best together in document order (a summary sentence often joins two sentences of its source)."""
    top = hits[:PREMISE_HITS]
    if not top:
        return []
    if first:
        h = top[0]
        window = [h] + [Hit(index.passages[j], j, 0.0, 0.0, []) for j in (h.index - 1, h.index + 1)
                        if 0 <= j < len(index.passages) and index.passages[j].doc == h.passage.doc]
        return [[h]] + ([sorted(window, key=lambda x: x.index)] if len(window) > 1 else [])
    out = [[h] for h in top[1:]]
    if len(top) >= 2 and top[0].passage.doc == top[1].passage.doc and abs(top[0].index - top[1].index) > 1:
        out.append(sorted(top[:2], key=lambda x: x.index))
    return out


NLI_LANGUAGES = {"en"}  # the shipped cross-encoder is English; other languages keep the lexical scorer


def entailment(items: list[tuple[str, Comparison]], index: SourceIndex, lang: str = "en",
               bound: Callable[[Comparison, float], bool] | None = None) -> None:
    """Fill `nli_entail` and `nli_contra` of every (claim, comparison): all claims' passages in batched passes, and a
    second reading for the claims the first left undecided.

    `bound(comp, contra)` says whether some further reading could still change the verdict (back the claim), given the
    highest contradiction read so far (verifiers.could_support). With it, the first reading is done in two steps (the
    best candidate alone, then with its neighbours), and after each step a claim that no further reading could back
    is read on only for a contradiction (_worth), as one that could never be backed is from the start."""
    if lang not in NLI_LANGUAGES:
        return
    read = [n for n, (_, comp) in enumerate(items)
            if comp.features["cos_max"] >= READ_COSINE or comp.features["cov_top"] >= READ_COVERAGE]
    best: dict[int, tuple[float, list[Hit]]] = {}
    worst: dict[int, tuple[float, list[Hit]]] = {}
    if bound is None or not (NEGATION_READS and NARROW_READS):
        _read(items, index, read, True, best, worst)
    else:
        for part in (0, 1):  # the best candidate alone, then with its neighbours; the bound narrows after each
            _read(items, index, read, True, best, worst, part=part)
            for n in read:
                comp = items[n][1]
                if comp.could_support and n in worst and not bound(comp, worst[n][0]):
                    comp.could_support = False
    # the second reading looks for what backs the claim: one that nothing could back was read once, for a contradiction
    _read(items, index, [n for n in read if (items[n][1].could_support or not NEGATION_READS) and
                         (n not in best or best[n][0] < DECIDED and worst[n][0] < DECIDED)], False, best, worst)
    for n, (_, comp) in enumerate(items):
        if n in best:  # every passage read keeps a reading here (_keep)
            comp.model_read = True
            comp.features["nli_entail"], comp.entail_hits = best[n][0], best[n][1]
            comp.features["nli_contra"], comp.contra_hits = worst[n][0], worst[n][1]


def _read(items: list[tuple[str, Comparison]], index: SourceIndex, which: list[int], first: bool,
          best: dict[int, tuple[float, list[Hit]]], worst: dict[int, tuple[float, list[Hit]]],
          part: int | None = None) -> None:
    """Read the passages of `_premises` for the claims `which`: all of them, or only the one at `part`."""
    from .entail import CONTRADICTS, ENTAILS, entailer

    plan = [(n, run) for n in which for k, run in enumerate(_premises(index, items[n][1].hits, first))
            if (part is None or k == part) and _worth(items[n][0], items[n][1], run)]
    if not plan:
        return
    probs = entailer().probabilities([(" ".join(h.passage.text for h in run), items[n][0]) for n, run in plan])
    for (n, run), row in zip(plan, probs):
        _keep(best, n, float(row[ENTAILS]), run)
        _keep(worst, n, float(row[CONTRADICTS]), run)


def _worth(claim: str, comp: Comparison, run: list[Hit]) -> bool:
    """Whether reading this passage could change the verdict: it could back the claim; or it is near enough in
    meaning for a contradiction to count and the claim or the passage negates or denies something (a contradiction
    the model reads between two sentences that do neither is left to the structured layer: amounts, dates, states).
    The second rule was measured on FNC-1 train (benchmarks/corroboration_pairs.py): no label changed. With
    NARROW_READS, that passage is one sentence."""
    if comp.could_support:
        return True
    if NEGATION_READS and NARROW_READS and len(run) > 1:
        return False
    return max(h.cosine for h in run) >= CONTRADICTION_COSINE and (not NEGATION_READS or _negates(claim) or
                                                                    any(_negates(h.passage.text) for h in run))


@functools.lru_cache(maxsize=8192)
def _negates(text: str) -> bool:
    return bool(has_any(text, NEGATIONS) or has_any(text, DENIAL))


def _keep(found: dict[int, tuple[float, list[Hit]]], n: int, p: float, run: list[Hit]) -> None:
    """Keep the run with the highest probability for claim n; a longer passage must do clearly better to be the one
    shown, so the evidence stays as short as it can be."""
    if n not in found or p > found[n][0] + 0.05 * (len(run) - len(found[n][1])):
        found[n] = (p, run)


def _scope_set(index: SourceIndex, scope: set[str], kind: str) -> set[str]:
    cache = index.caches.setdefault(kind, {})
    out: set[str] = set()
    for d in scope:
        if d not in cache:
            texts = [p.text for p in index.passages if p.doc == d]
            cache[d] = set().union(*(numbers(t) if kind == "numbers" else _bigrams(t) for t in texts)) if texts else set()
        out |= cache[d]
    return out


def distanced(text: str) -> bool:
    """A sentence that keeps its distance from what it tells: a distancing word, or a question."""
    return text.rstrip(" \"'”’»)").endswith("?") or bool(has_any(text, DISTANCE))


def _scope_cues(index: SourceIndex, scope: set[str]) -> tuple[float, float]:
    """(share of the scope's sentences with a distancing cue, share with a denial cue), computed once per document."""
    cache = index.caches.setdefault("cues", {})
    hedged = denied = total = 0
    for d in scope:
        if d not in cache:
            texts = [p.text for p in index.passages if p.doc == d]
            cache[d] = (sum(distanced(t) for t in texts), sum(bool(has_any(t, DENIAL)) for t in texts),
                        len(texts))
        hedged, denied, total = hedged + cache[d][0], denied + cache[d][1], total + cache[d][2]
    return (hedged / total, denied / total) if total else (0.0, 0.0)


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


def _doc_times(index: SourceIndex, doc: str) -> list:
    """Every time expression of a source document (its own annotations when it has them), computed once."""
    cache = index.caches.setdefault("times", {})
    if doc not in cache:
        cache[doc] = [t for p in index.passages if p.doc == doc
                      for t in (times(p.text, None, p.lang) if p.times is None else p.times)]
    return cache[doc]


def _structured(claim: str, comp: Comparison, lang: str, published: str | None,
                doc_times: Callable[[str], list]) -> None:
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
        years = bool(cq) and _years_agree(claim, text)
        rest = years and is_aligned and _rest_agrees(claim, text)
        for q in cq:
            # an amount of the same thing in the same event: the same unit, no other year named, and either sentences
            # that say the same once the amounts are set aside or a word they share right after both amounts ("soldiers
            # and police") (issue 31: a count from another survey or another year, or of another thing that only shares
            # the word after the number, is no conflict)
            same = [o for o in hq if _same_thing(q, o) and years and (rest or _near(claim, q, text, o))]
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
                comp.reasons.append(f"negated in {'the claim' if claim_neg else h.passage.doc} only: "
                                    f"“{text}”")
                comp.conflict_hits.append(h)
        if claim_cont and has_any(text, ENDED):
            f["state_ended"] = 1.0
            comp.reasons.append(f"the claim says it goes on ('{claim_cont[0]}'); {h.passage.doc} says it ended "
                                f"('{has_any(text, ENDED)[0]}')")
            comp.conflict_hits.append(h)
    f["date_conflict"] = _date_conflict(claim, aligned[:1], lang, published, comp, doc_times)


SAME_EVENT_SHARE = 0.5  # of the shorter sentence's content words (numbers set aside) found in the other
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _rest_agrees(a: str, b: str) -> bool:
    """Two sentences say the same once their amounts are set aside: at least half of the shorter one's content words
    are in the other."""
    sa = {s for s in content(a) if not s[:1].isdigit()}
    sb = {s for s in content(b) if not s[:1].isdigit()}
    return bool(sa and sb) and len(sa & sb) >= SAME_EVENT_SHARE * min(len(sa), len(sb))


def _years_agree(a: str, b: str) -> bool:
    """No year is named in one sentence that the other does not name, when both name one (a 1990 survey and a 2023
    crossing are two events)."""
    ya, yb = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    return not (ya and yb and not ya & yb)


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


_AT_LEAST = {"over", "more than", "at least", "as many as", "más de", "mas de", "al menos", "por lo menos"}
_AT_MOST = {"up to", "less than", "fewer than", "under", "menos de", "hasta"}
_NEARLY = {"nearly", "almost", "casi"}
# "9 of its 32 districts", "5 of the country's 32 states": the second number is the whole the first is part of
_WHOLE = re.compile(r"\b(?:of|de)\s+(?:(?:the|las|los|all|todas|todos|its|their|his|her|our|sus|su)\s+)?"
                    r"(?:\w+['’]s\s+)?([\d,.]+)\s")


def _bounds(q: Quantity) -> tuple[float, float]:
    """The values an amount allows: "more than 600" is 600 and up, "about 600" 510 to 690, "nearly 600" 510 to 600."""
    lo, hi = q.value, q.high or q.value
    word = q.approx or ""
    if word in _AT_LEAST:
        return lo, math.inf
    if word in _AT_MOST:
        return 0.0, hi
    if word in _NEARLY:
        return lo * 0.85, hi
    if word:
        return lo * 0.85, hi * 1.15
    return lo * 0.995, hi * 1.005


def _compatible(a: Quantity, b: Quantity) -> bool:
    """Two amounts of the same thing can both be true: their ranges meet, or one is the whole the other is part of."""
    lo_a, hi_a = _bounds(a)
    lo_b, hi_b = _bounds(b)
    if lo_a <= hi_b and lo_b <= hi_a:
        return True
    wholes = [w for q in (a, b) if (m := _WHOLE.search(q.text)) and (w := _number(m.group(1))) is not None]
    return any(w in (a.value, b.value) for w in wholes)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _date_conflict(claim: str, aligned: list[Hit], lang: str, published: str | None, comp: Comparison,
                   doc_times: Callable[[str], list]) -> float:
    if not aligned:
        return 0.0
    ct = [t for t in times(claim, published, lang) if t.type == "DATE" and t.interval and t.value[:4].isdigit()]
    h = aligned[0]
    found = times(h.passage.text, None, h.passage.lang) if h.passage.times is None else h.passage.times
    ht = [t for t in found if t.type == "DATE" and t.interval and t.value[:4].isdigit()]
    if not ct or not ht:
        return 0.0
    # the same event: without the dates' own words, the two sentences still share most of the claim's words, or
    # mean nearly the same ("a 2005 report" and "the 2021 raid" are two events, each with its date)
    date_words = set(content(" ".join(t.text for t in ct + ht)))
    claim_stems = set(content(claim)) - date_words
    shared = claim_stems & (set(h.passage.stems) - date_words)
    if not (h.cosine >= 0.75 or (len(shared) >= 3 and len(shared) >= 0.6 * len(claim_stems))):
        return 0.0
    text = h.passage.text
    for c in ct:
        if any(_meets(c, o) for o in ht):
            continue
        # the date of another thing: "the 2021 raid" against "a 2005 report"
        others = [o for o in ht if not (_event(claim, c) and _event(text, o) and _event(claim, c) != _event(text, o))]
        if not others:
            continue
        if any(_meets(c, o) for o in doc_times(h.passage.doc) if o.type == "DATE" and o.interval):
            continue  # the source gives this date to something elsewhere: the sentences may be about two events
        comp.reasons.append(f"'{c.text}' in the claim, '{others[0].text}' in {h.passage.doc}")
        comp.conflict_hits.append(h)
        return 1.0
    return 0.0


def _meets(a, b) -> bool:
    return a.interval["start"] <= b.interval["end"] and b.interval["start"] <= a.interval["end"]


def _event(text: str, t) -> str | None:
    """The noun a date names the time of, when it stands right after it: "2021 raid" → raid."""
    after = content(text[t.end:t.end + 25])
    return after[0] if after and text[t.end:t.end + 1] == " " and not text[t.end + 1:t.end + 2].isupper() else None


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
