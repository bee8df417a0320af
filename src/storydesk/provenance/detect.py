"""Find the pairs of documents that share text and decide the direction of copying.

Blocking keeps this sub-quadratic: exact duplicates by hash; near duplicates by
MinHash LSH on word 5-gram shingles; partial copies and rewrites (where one text
condenses or pads the other, so whole-text Jaccard is low) by an inverted index
of content-word 3-grams, counting shared grams per pair and skipping grams common
to many documents. Only candidate pairs are aligned sentence by sentence.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from itertools import combinations

from datasketch import MinHash, MinHashLSH

from ..model import Derivation, Document, Relation
from ..normalize import normalize
from .align import AlignOptions, align

_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "was", "were", "be", "been", "are", "that", "this", "it", "its", "he", "she", "they", "his", "her", "their", "said", "says", "el", "la", "los", "las", "un", "una", "y", "o", "de", "del", "en", "con", "por", "para", "que", "se", "su", "sus", "al", "es", "fue", "son", "lo", "le", "les"}
# Near duplicates: MinHash with 128 permutations estimates Jaccard within about 0.09 (1/sqrt(128));
# 0.8 estimated similarity leaves copies with a changed headline or a dropped paragraph in.
NEAR_DUPLICATE_JACCARD = 0.8
_NUM_PERM = 128
# A pair is aligned when it shares at least this many content 3-grams that fewer than
# _MAX_DF_SHARE of the documents contain: a few names and a shared quote stay below it.
MIN_SHARED_GRAMS = 8
_MAX_DF_SHARE = 0.5


def _shingles(norm: str, n: int) -> set[str]:
    words = norm.split()
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def _content_grams(norm: str) -> set[str]:
    words = [w[:6] for w in norm.split() if w not in _STOP]
    return {" ".join(words[i:i + 3]) for i in range(max(0, len(words) - 2))}


def _minhash(shingles: set[str]) -> MinHash:
    mh = MinHash(num_perm=_NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def candidate_pairs(docs: list[Document]) -> dict[tuple[int, int], str]:
    """Index pairs (i < j) worth aligning, with how they were found."""
    norms = [normalize(d.text) for d in docs]
    pairs: dict[tuple[int, int], str] = {}
    by_hash: dict[str, list[int]] = defaultdict(list)
    for i, norm in enumerate(norms):
        by_hash[hashlib.sha1(norm.encode()).hexdigest()].append(i)
    for group in by_hash.values():
        for i, j in combinations(group, 2):
            pairs[(i, j)] = "exact"
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=_NUM_PERM)
    shingle_sets = [_shingles(n, 5) for n in norms]
    for i, sh in enumerate(shingle_sets):
        mh = _minhash(sh)
        for key in lsh.query(mh):
            j = int(key)
            pair = (min(i, j), max(i, j))
            if pair not in pairs:
                jac = len(sh & shingle_sets[j]) / max(1, len(sh | shingle_sets[j]))
                if jac >= NEAR_DUPLICATE_JACCARD:
                    pairs[pair] = "near-duplicate"
        lsh.insert(str(i), mh)
    index: dict[str, list[int]] = defaultdict(list)
    for i, norm in enumerate(norms):
        for gram in _content_grams(norm):
            index[gram].append(i)
    max_df = max(2, int(_MAX_DF_SHARE * len(docs)))
    shared: Counter = Counter()
    for members in index.values():
        if 1 < len(members) <= max_df:
            for i, j in combinations(members, 2):
                shared[(i, j)] += 1
    for pair, count in shared.items():
        if count >= MIN_SHARED_GRAMS and pair not in pairs:
            pairs[pair] = "shared text"
    return pairs


def _same_outlet(credit: str | None, outlet: str | None) -> bool:
    if not credit or not outlet:
        return False
    c, o = normalize(credit), normalize(outlet)
    initials = "".join(w[0] for w in o.split() if w not in _STOP)
    return c == o or c == initials or (len(c) > 3 and c in o)


def _comparable(a: str, b: str) -> tuple[str, str]:
    if len(a) != len(b):
        return a[:10], b[:10]
    return a, b


def direction(a: Document, b: Document, share_a: float, share_b: float, repeats: dict[str, int]) -> tuple[Document | None, str]:
    """The source document of the pair (or None) and the basis for saying so."""
    credit_a, credit_b = (a.dateline or {}).get("credit"), (b.dateline or {}).get("credit")
    if credit_a and credit_b and normalize(credit_a) == normalize(credit_b) \
            and not _same_outlet(credit_a, a.outlet) and not _same_outlet(credit_b, b.outlet):
        # Two republications of one wire story: siblings, whichever went online first.
        return None, f"shared source (both credit {credit_a})"
    if a.published and b.published:
        pa, pb = _comparable(a.published, b.published)
        if pa != pb:
            return (a if pa < pb else b), "dates"
    if _same_outlet((b.dateline or {}).get("credit"), a.outlet) and not _same_outlet((a.dateline or {}).get("credit"), b.outlet):
        return a, "wire credit"
    if _same_outlet((a.dateline or {}).get("credit"), b.outlet) and not _same_outlet((b.dateline or {}).get("credit"), a.outlet):
        return b, "wire credit"
    # A machine rewrite repeats its paragraphs; the original does not.
    if repeats.get(a.id, 0) != repeats.get(b.id, 0):
        return (a if repeats.get(a.id, 0) < repeats.get(b.id, 0) else b), "text evidence (the copy repeats paragraphs)"
    # The copy is the one made mostly of the other: a condensed version aligns almost entirely.
    if abs(share_a - share_b) >= 0.2:
        return (a if share_a < share_b else b), "containment (the copy is mostly made of the other)"
    return None, "undetermined"


def find_relations(docs: list[Document], options: AlignOptions) -> list[Relation]:
    relations: list[Relation] = []
    repeats = {d.id: sum(1 for r in d.removed if r.reason.startswith("repeated")) for d in docs}
    for (i, j), how in sorted(candidate_pairs(docs).items()):
        a, b = docs[i], docs[j]
        result = align(a.text, b.text, options)
        if how not in ("exact", "near-duplicate") and max(result.share_a, result.share_b) < options.min_share:
            continue
        if how in ("exact", "near-duplicate"):
            kind = how
        elif result.verbatim_share >= options.copy_verbatim_share:
            kind = "copy"
        else:
            kind = "rewrite"
        source, basis = direction(a, b, result.share_a, result.share_b, repeats)
        spans = [{"a_start": sa, "a_end": ea, "b_start": sb, "b_end": eb, "similarity": sim} for (sa, ea), (sb, eb), sim in result.pairs]
        relations.append(Relation(a=a.id, b=b.id, kind=kind, share_a=round(result.share_a, 3), share_b=round(result.share_b, 3),
                                  direction=source.id if source else None, basis=basis, spans=spans))
        if source is not None:
            copy_is_b = source is a
            copy = b if copy_is_b else a
            share = result.share_b if copy_is_b else result.share_a
            copy.derived_from.append(Derivation(doc=copy.id, source=source.id, share=round(share, 3), basis=basis, kind=kind,
                                                spans=_copy_spans(result.pairs, copy_is_b)))
    return relations


def _copy_spans(pairs, copy_is_b: bool) -> list[dict]:
    """Aligned spans seen from the copy: its own span first, then the source's."""
    out = []
    for span_a, span_b, similarity in pairs:
        mine, theirs = (span_b, span_a) if copy_is_b else (span_a, span_b)
        out.append({"start": mine[0], "end": mine[1], "source_start": theirs[0], "source_end": theirs[1], "similarity": similarity})
    return out
