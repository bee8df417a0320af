"""Find the pairs of documents that share text or meaning, align them and decide the direction of copying.

Blocking keeps the alignment sub-quadratic:
- exact duplicates by hash; near duplicates by MinHash LSH on word 5-gram shingles;
- partial copies (a text that condenses or pads the other) by an inverted index of content-word 3-grams, counting
  shared grams per pair and skipping grams common to many documents;
- rare names and numbers: pairs that share many names and amounts few other documents use;
- meaning: every sentence's embedding against every other document's, in blocks; a pair with a few sentences that
  mean the same (a paraphrase with no shared 5-gram, a translation read through its English rendering) is a candidate.
Only candidate pairs are aligned sentence by sentence (align.py).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
from datasketch import MinHash, MinHashLSH

from .. import translate
from ..model import Addition, AlignedSpan, Derivation, Document, Problem, Relation, RelationSpan
from ..normalize import normalize
from .align import Alignment, AlignOptions, Units, align, quoted, sentence_spans

_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "was", "were", "be", "been", "are", "that", "this", "it", "its", "he", "she", "they", "his", "her", "their", "said", "says", "el", "la", "los", "las", "un", "una", "y", "o", "de", "del", "en", "con", "por", "para", "que", "se", "su", "sus", "al", "es", "fue", "son", "lo", "le", "les"}
# Near duplicates: MinHash with 128 permutations estimates Jaccard within about 0.09 (1/sqrt(128));
# 0.8 estimated similarity leaves copies with a changed headline or a dropped paragraph in.
NEAR_DUPLICATE_JACCARD = 0.8
_NUM_PERM = 128
# A pair is aligned when it shares at least this many content 3-grams that fewer than
# _MAX_DF_SHARE of the documents contain: a few names and a shared quote stay below it.
MIN_SHARED_GRAMS = 8
_MAX_DF_SHARE = 0.5
# Rare names and numbers: a pair sharing this many that at most _RARE_DF_SHARE of the documents use.
MIN_SHARED_RARE = 6
_RARE_DF_SHARE = 0.1
_RARE = re.compile(r"\b(?:[A-ZÁÉÍÓÚÑ][\w'-]{2,}|\d[\d.,]*\d|\d)")
_BLOCK_ROWS = 1024  # sentences compared at once in the semantic blocking (1024 x all of the story's sentences)
# A condensation: the copy is at most this share of its source's length.
CONDENSED = 0.6
# A translation's source language shows through when it keeps at least this many different common words of that
# language and its source keeps none of the other's (on MEANTIME airbus and apple, 6 of 60 translations show it, all
# rightly; the others stay undetermined unless dates or credits tell: benchmarks/meantime_links.py).
FOREIGN_WORDS = 2


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


def _lexical_pairs(norms: list[str], pairs: dict[tuple[int, int], str]) -> None:
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
    _shared(norms, _content_grams, _MAX_DF_SHARE, MIN_SHARED_GRAMS, "shared text", pairs)


def _shared(texts: list[str], keys, df_share: float, minimum: int, how: str, pairs: dict[tuple[int, int], str]) -> None:
    """Pairs that share at least `minimum` keys which at most `df_share` of the documents hold (an inverted index)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for key in keys(text):
            index[key].append(i)
    max_df = max(2, int(df_share * len(texts)))
    shared: Counter = Counter()
    for members in index.values():
        if 1 < len(members) <= max_df:
            for i, j in combinations(members, 2):
                shared[(i, j)] += 1
    for pair, count in shared.items():
        if count >= minimum and pair not in pairs:
            pairs[pair] = how


def _rare(text: str) -> set[str]:
    return {t.replace(",", "").replace(".", "") if t[0].isdigit() else t for t in _RARE.findall(text)}


def _semantic_pairs(units: list[Units], options: AlignOptions, pairs: dict[tuple[int, int], str]) -> None:
    """Pairs with at least `block_matches` sentences whose closest sentence of the other is close in meaning."""
    rows = [u.vectors for u in units if len(u.vectors)]
    if len(rows) < 2:
        return
    owner = np.concatenate([np.full(len(u.vectors), n) for n, u in enumerate(units) if len(u.vectors)])
    matrix = np.concatenate(rows)
    counts: Counter = Counter()
    for start in range(0, len(matrix), _BLOCK_ROWS):
        sims = matrix[start:start + _BLOCK_ROWS] @ matrix.T
        for r, c in zip(*np.nonzero(sims >= options.block_similarity)):
            i, j = int(owner[start + r]), int(owner[c])
            if i < j:
                counts[(i, j, start + int(r))] += 1
    sentences: Counter = Counter()
    for i, j, _ in counts:
        sentences[(i, j)] += 1
    for pair, n in sentences.items():
        if n >= options.block_matches and pair not in pairs:
            pairs[pair] = "shared meaning"


def units_of(docs: list[Document], options: AlignOptions, problems: list[Problem] | None = None,
             embeddings: dict | None = None) -> list[Units]:
    """Each document's sentences, what the aligner compares of them, and their embeddings (one batch for all).

    When the story mixes languages, a document not in the pivot language is compared through its English rendering;
    where no translator is installed, a warning says so and its own words are compared."""
    from ..embedder import embedder

    langs = [translate.base(d.language) for d in docs]
    mixed = len(set(langs)) > 1
    spans = [sentence_spans(doc.text, options.min_words) for doc in docs]
    texts = [[doc.text[s:e] for s, e in sp] for doc, sp in zip(docs, spans)]
    views = [list(t) for t in texts]
    translated = [False] * len(docs)
    for lang in sorted(set(langs) - {translate.PIVOT}) if mixed else ():
        mine = [n for n, la in enumerate(langs) if la == lang]
        try:
            rendered = iter(translate.translate([t for n in mine for t in texts[n]], lang))  # one translator call
        except translate.Unavailable as exc:
            if problems is not None:
                problems.append(Problem("story", f"{exc}; {len(mine)} document(s) in {lang} are compared by their "
                                        "own words only", "translation-missing", "warning"))
            continue
        for n in mine:
            views[n], translated[n] = [next(rendered) for _ in texts[n]], True
    out = [Units(doc.id, lang, sp, [" ".join(v.split()) for v in vs], translated=tr, quoted=quoted(doc.text, sp))
           for doc, lang, sp, vs, tr in zip(docs, langs, spans, views, translated)]
    # what is embedded is the sentence as written (or its rendering), the text the sentence index embeds too, so
    # corroborate finds it in the story's cache; whitespace does not change the embedding
    flat = [v for u, t in zip(out, texts) for v in (u.views if u.translated else t)]
    vectors = embedder().encode(flat, cache=embeddings if embeddings is not None else {})[0] if flat \
        else np.zeros((0, 384), dtype=np.float32)
    at = 0
    for u in out:
        u.vectors = vectors[at:at + len(u.views)]
        at += len(u.views)
    return out


def candidate_pairs(docs: list[Document], units: list[Units] | None = None,
                    options: AlignOptions | None = None) -> dict[tuple[int, int], str]:
    """Index pairs (i < j) worth aligning, with how they were found."""
    options = options or AlignOptions()
    norms = [normalize(d.text) for d in docs]
    pairs: dict[tuple[int, int], str] = {}
    _lexical_pairs(norms, pairs)
    views = [" ".join(u.views) for u in units] if units else [d.text for d in docs]
    _shared(views, _rare, _RARE_DF_SHARE, MIN_SHARED_RARE, "shared names and numbers", pairs)
    if units:
        _semantic_pairs(units, options, pairs)
    return pairs


def _credit(doc: Document) -> str | None:
    """The wire or outlet its dateline credits, if any."""
    return doc.dateline.credit if doc.dateline else None


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


def _foreign(docs: list[Document], ids: set[str]) -> dict[str, list[str]]:
    """The other language's common words each document of a translation keeps, for all of them at once."""
    out: dict[str, list[str]] = {}
    for lang in sorted({translate.base(d.language) for d in docs if d.id in ids}):
        mine = [d for d in docs if d.id in ids and translate.base(d.language) == lang]
        try:
            out.update(zip((d.id for d in mine), translate.foreign_words([d.text for d in mine], lang)))
        except translate.Unavailable:
            continue  # no evidence from the words: the direction comes from the rest
    return out


def direction(a: Document, b: Document, share_a: float, share_b: float, repeats: dict[str, int],
              foreign: dict[str, list[str]] | None = None) -> tuple[Document | None, str]:
    """The source document of the pair (or None) and the basis for saying so."""
    credit_a, credit_b = _credit(a), _credit(b)
    if credit_a and credit_b and normalize(credit_a) == normalize(credit_b) \
            and not _same_outlet(credit_a, a.outlet) and not _same_outlet(credit_b, b.outlet):
        # Two republications of one wire story: siblings, whichever went online first.
        return None, f"shared source (both credit {credit_a})"
    if a.published and b.published:
        pa, pb = _comparable(a.published, b.published)
        if pa != pb:
            return (a if pa < pb else b), "dates"
    if _same_outlet(_credit(b), a.outlet) and not _same_outlet(_credit(a), b.outlet):
        return a, "wire credit"
    if _same_outlet(_credit(a), b.outlet) and not _same_outlet(_credit(b), a.outlet):
        return b, "wire credit"
    if foreign is not None and translate.base(a.language) != translate.base(b.language):
        wa, wb = foreign.get(a.id, []), foreign.get(b.id, [])
        if max(len(wa), len(wb)) >= FOREIGN_WORDS and min(len(wa), len(wb)) == 0:
            copy, words = (a, wa) if len(wa) > len(wb) else (b, wb)
            return (b if copy is a else a), (f"text evidence (the translation keeps words of its source's language: "
                                             f"{', '.join(words[:4])})")
        return None, "undetermined (a translation, with no sign of which language came first)"
    # A machine rewrite repeats its paragraphs; the original does not.
    if repeats.get(a.id, 0) != repeats.get(b.id, 0):
        return (a if repeats.get(a.id, 0) < repeats.get(b.id, 0) else b), "text evidence (the copy repeats paragraphs)"
    # The copy is the one made mostly of the other: a condensed version aligns almost entirely.
    if abs(share_a - share_b) >= 0.2:
        return (a if share_a < share_b else b), "containment (the copy is mostly made of the other)"
    return None, "undetermined"


def _kind(how: str, a: Units, b: Units, result: Alignment, options: AlignOptions) -> str:
    if how in ("exact", "near-duplicate"):
        return how
    if a.lang != b.lang:
        return "translation"
    if result.verbatim_share >= options.copy_verbatim_share:
        return "copy"
    short, long_ = sorted((a.chars, b.chars))
    share_short = result.share_a if a.chars <= b.chars else result.share_b
    if short <= CONDENSED * long_ and share_short >= 0.5:
        return "condensation"
    return "rewrite"


def _reader(a: Units, b: Units) -> CrossEncoderReader | None:
    """The cross-encoder, for pairs it can read: both sides English, or English renderings."""
    if not all(u.lang == translate.PIVOT or u.translated for u in (a, b)):
        return None
    return READER


class CrossEncoderReader:
    """The verifier's cross-encoder, as the aligner asks it: a probability of entailment that is 0 where the model
    reads a contradiction as likelier."""

    def either_way(self, pairs: list[tuple[str, str]]) -> list[float]:
        probs = self._probabilities([*pairs, *((y, x) for x, y in pairs)])
        n = len(pairs)
        entail = np.maximum(probs[:n, 0], probs[n:, 0])
        contra = np.maximum(probs[:n, 2], probs[n:, 2])
        return np.where(entail > contra, entail, 0.0).tolist()

    def entails(self, pairs: list[tuple[str, str]]) -> list[float]:
        probs = self._probabilities(pairs)
        return np.where(probs[:, 0] > probs[:, 2], probs[:, 0], 0.0).tolist()

    @staticmethod
    def _probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
        from ..verify.entail import CONTRADICTS, ENTAILS, NEUTRAL, entailer

        return entailer().probabilities(pairs)[:, [ENTAILS, NEUTRAL, CONTRADICTS]]


READER = CrossEncoderReader()


def find_relations(docs: list[Document], options: AlignOptions, problems: list[Problem] | None = None,
                   embeddings: dict | None = None) -> list[Relation]:
    repeats = {d.id: sum(1 for r in d.removed if r.reason.startswith("repeated")) for d in docs}
    units = units_of(docs, options, problems, embeddings)
    found: list[tuple[Document, Document, str, Alignment]] = []
    for (i, j), how in sorted(candidate_pairs(docs, units, options).items()):
        result = align(units[i], units[j], options, _reader(units[i], units[j]))
        enough = len(result.pairs) >= min(options.min_pairs, len(units[i].spans), len(units[j].spans))
        if how in ("exact", "near-duplicate") or (enough and max(result.own_share_a, result.own_share_b) >= options.min_share):
            found.append((docs[i], docs[j], _kind(how, units[i], units[j], result, options), result))
    foreign = _foreign(docs, {d.id for a, b, kind, _ in found if kind == "translation" for d in (a, b)})
    relations: list[Relation] = []
    for a, b, kind, result in found:
        source, basis = direction(a, b, result.share_a, result.share_b, repeats, foreign)
        spans = [RelationSpan(sa, ea, sb, eb, sim, m) for (sa, ea), (sb, eb), sim, m in result.pairs]
        relations.append(Relation(a=a.id, b=b.id, kind=kind, share_a=round(result.share_a, 3), share_b=round(result.share_b, 3),
                                  direction=source.id if source else None, basis=basis, spans=spans))
        if source is not None:
            copy_is_b = source is a
            copy = b if copy_is_b else a
            share = result.share_b if copy_is_b else result.share_a
            own = result.unaligned_b if copy_is_b else result.unaligned_a
            copy.derived_from.append(Derivation(doc=copy.id, source=source.id, share=round(share, 3), basis=basis, kind=kind,
                                                spans=_copy_spans(result.pairs, copy_is_b),
                                                additions=[Addition(s, e, copy.text[s:e]) for s, e in own]))
    return relations


def _copy_spans(pairs, copy_is_b: bool) -> list[AlignedSpan]:
    """Aligned spans seen from the copy: its own span first, then the source's."""
    out = []
    for span_a, span_b, similarity, how in pairs:
        mine, theirs = (span_b, span_a) if copy_is_b else (span_a, span_b)
        out.append(AlignedSpan(mine[0], mine[1], theirs[0], theirs[1], similarity, how))
    return out
