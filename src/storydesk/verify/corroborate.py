"""Corroboration: every claim against every other source, and a status counted over independence groups.

Per (claim, source) the verifiers give supports / contradicts / discusses / not_mentioned (verifiers.stance). Per
claim, counting only `supports` for it:
- corroborated: another independent group supports it and none contradicts it;
- single_source: no other independent group supports or contradicts it;
- disputed: other independent groups both support and contradict it;
- contradicted: another independent group contradicts it and none supports it;
- unsupported: the claim's document was copied or rewritten from a source that does not say it,
  and no independent source does: the copy added it.
A copy or rewrite never corroborates what it copied: documents of the claim's own group
are compared and shown, but not counted.
"""
from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .. import translate
from ..contract import Label, Status
from ..model import Claim, Document, Problem, Story, Verdict
from .features import Comparison, compare, entailment, near, nearness
from .retrieve import Passage, SourceIndex, split_sentences
from .verifiers import CONTRADICTION, VerifyOptions, could_support, decide, stance

HITS_PER_CLAIM = 24  # candidate sentences over all sources; a source with none of them is not_mentioned


def _inside(items: list[Any], start: int, end: int) -> list[Any]:
    """The annotations inside [start, end), their offsets made relative to `start`."""
    return [dataclasses.replace(x, start=x.start - start, end=x.end - start) for x in items
            if start <= x.start and x.end <= end]


def build_index(story: Story, embeddings: dict | None = None) -> SourceIndex:
    passages = []
    for doc in story.documents:
        lang = translate.base(doc.language)
        annotated = bool(doc.nlp)  # annotate ran (it records its pipeline): its times and amounts are the document's
        for s, e in split_sentences(doc.text):
            names = {m.entity for m in doc.mentions if m.entity and s <= m.start < e}
            passages.append(Passage(doc.id, s, e, doc.text[s:e], lang, names=names,
                                    times=_inside(doc.times, s, e) if annotated else None,
                                    quantities=_inside(doc.quantities, s, e) if annotated else None))
    index = SourceIndex(passages, embeddings)
    langs = {p.lang for p in passages}
    if len(langs) > 1 and all(translate.available(la) for la in langs - {translate.PIVOT}):
        try:
            index.pivot = pivot_index(passages, embeddings)
        except translate.Unavailable as exc:
            story.errors.append(Problem("story", str(exc), "translation-missing", "warning"))
    return index


def pivot_index(passages: list[Passage], embeddings: dict | None = None) -> SourceIndex:
    """The same sentences read in English: other languages through the translator (one call per language), with the
    document's own words kept for the evidence. Their amounts and dates are read from the English rendering."""
    rendered: dict[int, str] = {}
    for lang in sorted({p.lang for p in passages} - {translate.PIVOT}):
        mine = [n for n, p in enumerate(passages) if p.lang == lang]
        rendered.update(zip(mine, translate.translate([passages[n].text for n in mine], lang)))
    return SourceIndex([p if n not in rendered else
                        Passage(p.doc, p.start, p.end, rendered[n], translate.PIVOT, names=set(p.names), shown=p.text)
                        for n, p in enumerate(passages)], embeddings)


def corroborate(story: Story, options: VerifyOptions | None = None, index: SourceIndex | None = None,
                embeddings: dict | None = None) -> SourceIndex:
    """Fill `verdicts` and `status` of every claim of every document; return the story's sentence index."""
    options = options or VerifyOptions()
    index = index or build_index(story, embeddings)
    claims = [c for d in story.documents for c in d.claims]
    if not claims:
        return index
    group_of = {d.id: (d.group if d.group is not None else d.id) for d in story.documents}
    if len(story.documents) == 1:  # no other source: nothing to compare, every claim rests on this one
        for claim in claims:
            claim.verdicts = []
            claim.status, claim.status_reason = status(claim, group_of, story.documents[0])
        return index
    from ..embedder import embedder
    # a claim that is a whole sentence was embedded with the sentences (provenance's units): taken from the cache
    vectors, tokens = embedder().encode([c.text for c in claims], cache=embeddings)
    index.claim_vectors = {c.id: v for c, v in zip(claims, vectors)}  # the brief reuses them
    docs = {d.id: d for d in story.documents}
    lang_of = {d.id: translate.base(d.language) for d in story.documents}
    across = _across(story, claims, index, lang_of)
    # (claim, its verdict's place, what is compared, the language it is read in, the index, comparison): judged in
    # one batch per language and index
    pending: list[tuple[Claim, int, str, str, SourceIndex, Any]] = []
    for claim, vec, tok in zip(claims, vectors, tokens):
        own = docs[claim.doc]
        lang = lang_of[claim.doc]
        hits = [h for h in index.search(claim.text, k=HITS_PER_CLAIM, names=set(claim.entities), query_vector=vec)
                if h.passage.doc != claim.doc]
        by_doc = defaultdict(list)
        for h in hits:
            by_doc[h.passage.doc].append(h)
        claim.verdicts = []
        for doc in story.documents:
            if doc.id == claim.doc:
                continue
            if lang_of[doc.id] != lang:
                if index.pivot is None:
                    claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0, reasons=[
                        f"written in another language ({lang_of[doc.id]}); {translate.why()}"], verifier="none"))
                    continue
                english, e_tok, e_hits = across[claim.id]
                doc_hits = e_hits.get(doc.id, [])
                read, read_lang, read_index = english, translate.PIVOT, index.pivot
            else:
                doc_hits = by_doc.get(doc.id, [])
                read, read_lang, read_index, e_tok = claim.text, lang, index, tok
            if not doc_hits:
                claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0, reasons=["no candidate evidence"],
                                              verifier="retrieval"))
                continue
            if not near(read, doc_hits):  # pruned by retrieval: no features, no evidence, no cross-encoder pass
                cosine, coverage = nearness(read, doc_hits)
                why = (f"no candidate evidence: no sentence of this source comes near the claim (best cosine "
                       f"{cosine:.2f}; {coverage:.0%} of its words in the three nearest)")
                claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0, reasons=[why], verifier="retrieval"))
                continue
            comp = compare(read, read_index, doc_hits, docs={doc.id}, lang=read_lang, published=own.published,
                           claim_tokens=e_tok)
            if read_index is not index:
                comp.across, comp.read_as = True, (read if read != claim.text else None)
            comp.could_support = could_support(comp, dataclasses.replace(options, lang=read_lang))
            pending.append((claim, len(claim.verdicts), read, read_lang, read_index, comp))
            claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0))  # filled below, in the same place
    indexes = [ix for ix in (index, index.pivot) if ix is not None]
    for read_lang, one in [(la, ix) for la in sorted({p[3] for p in pending}) for ix in indexes]:
        batch = [(read, comp) for _, _, read, la, ix, comp in pending if la == read_lang and ix is one]
        if batch:
            entailment(batch, one, read_lang, bound=functools.partial(_bound, dataclasses.replace(options, lang=read_lang)))
    for claim, slot, read, read_lang, _, comp in pending:
        j = decide(read, comp, dataclasses.replace(options, lang=read_lang))
        doc_id = claim.verdicts[slot].doc
        reasons = list(j.reasons)
        if lang_of[doc_id] != lang_of[claim.doc]:
            read_as = f'; the claim read as: "{read}"' if read != claim.text else ""
            reasons.append(f"read across languages ({lang_of[claim.doc]} claim, {lang_of[doc_id]} source), both in "
                           f"English through the Apertium translator{read_as}")
        label, said = stance(read, j, comp)
        reasons = said + reasons
        claim.verdicts[slot] = Verdict(doc_id, label, round(j.score, 4),
                                       [h.to_json() for h in j.evidence],
                                       {k: round(v, 4) for k, v in comp.features.items()}, reasons, j.verifier)
    for claim in claims:
        claim.status, claim.status_reason = status(claim, group_of, docs[claim.doc])
    return index


def _bound(options: VerifyOptions, comp: Comparison, contra: float) -> bool:
    """Whether a further reading could still change the verdict (features.entailment narrows on it): make the source
    back the claim, or, where the model has read a contradiction, undo it with an entailment (verifiers._contradiction
    counts a contradiction only where no passage entails the claim)."""
    return contra >= CONTRADICTION or could_support(comp, options, contra)


def _across(story: Story, claims: list[Claim], index: SourceIndex, lang_of: dict[str, str]) -> dict[str, tuple]:
    """Per claim of a mixed-language story: the claim in English, its word-piece vectors, and its candidate sentences
    of the documents in the other languages (from the English reading of the sources), by document."""
    if len(set(lang_of.values())) < 2:
        return {}
    if index.pivot is None:
        if not any(p.code == "translation-missing" for p in story.errors):
            story.errors.append(Problem("story", f"{translate.why()}; claims are compared with sources in their "
                                        "own language only", "translation-missing", "warning"))
        return {}
    from ..embedder import embedder

    english = [c.text for c in claims]
    for lang in sorted(set(lang_of.values()) - {translate.PIVOT}):
        mine = [n for n, c in enumerate(claims) if lang_of[c.doc] == lang]
        try:
            rendered = translate.translate([claims[n].text for n in mine], lang)
        except translate.Unavailable as exc:
            story.errors.append(Problem("story", str(exc), "translation-missing", "warning"))
            index.pivot = None
            return {}
        for n, text in zip(mine, rendered):
            english[n] = text
    vectors, tokens = embedder().encode(english)
    out = {}
    for claim, text, vec, tok in zip(claims, english, vectors, tokens):
        others = {d for d, la in lang_of.items() if la != lang_of[claim.doc]}
        hits = index.pivot.search(text, k=HITS_PER_CLAIM, names=set(claim.entities), docs=others, query_vector=vec)
        by_doc = defaultdict(list)
        for h in hits:
            by_doc[h.passage.doc].append(h)
        out[claim.id] = (text, tok, by_doc)
    return out


def says(a: Claim, b: Claim, labels: tuple[str, ...] = (Label.SUPPORTS, Label.CONTRADICTS)) -> bool:
    """A verdict on claim `a` found b's document saying it (with one of `labels`), with evidence inside b's sentence."""
    for v in a.verdicts:
        if v.doc != b.doc or v.label not in labels:
            continue
        if any(ev["doc"] == b.doc and ev["start"] < b.sentence[1] and b.sentence[0] < ev["end"] for ev in v.evidence):
            return True
    return False


def status(claim: Claim, group_of: Mapping[str, object], doc: Document) -> tuple[Status, str]:
    """The claim's status, counted over independent groups: only `supports` counts for it; the sources that only
    discuss it are counted in the reason of a single-source claim ("N other independent sources are about it without
    vouching for it"); an invented or contested claim's reason does not mention them."""
    found, why = _status(claim, group_of, doc)
    own_group = group_of[claim.doc]
    discussed = {group_of[v.doc] for v in claim.verdicts if v.label == Label.DISCUSSES and group_of[v.doc] != own_group}
    if discussed and found == Status.SINGLE_SOURCE:
        why += f"; {len(discussed)} other independent source(s) are about it without vouching for it (not counted)"
    return found, why


def _status(claim: Claim, group_of: Mapping[str, object], doc: Document) -> tuple[Status, str]:
    own_group = group_of[claim.doc]
    support = {group_of[v.doc] for v in claim.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] != own_group}
    contra = {group_of[v.doc] for v in claim.verdicts if v.label == Label.CONTRADICTS and group_of[v.doc] != own_group}
    same_group_support = [v.doc for v in claim.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] == own_group]
    parents = [d.source for d in doc.derived_from]
    # a sentence the aligner matched to its source's sentence says what the source says, even where the verifier
    # did not find it: it is the source's fact, told by a copy (not an addition of the copy)
    same_group_support += [d.source for d in doc.derived_from if d.source not in same_group_support and
                           any(sp.start <= claim.start < sp.end for sp in d.spans)]
    if support and contra:
        return Status.DISPUTED, f"supported by {len(support)} and contradicted by {len(contra)} other independent source(s)"
    if contra:
        return Status.CONTRADICTED, f"contradicted by {len(contra)} independent source(s); no other independent source supports it"
    if support:
        return Status.CORROBORATED, f"{len(support) + 1} independent sources say it"
    if parents and not any(p in same_group_support for p in parents):
        added = any(a.start <= claim.start < a.end for d in doc.derived_from for a in d.additions)
        return Status.UNSUPPORTED, ("added by a copy or rewrite: " + ", ".join(parents) +
                                    ", which it derives from, does not say it" +
                                    (" (its sentence aligns to nothing there)" if added else "") +
                                    ", and no independent source does")
    if same_group_support:
        return Status.SINGLE_SOURCE, "only copies of one source say it: " + ", ".join(sorted({claim.doc, *same_group_support}))
    return Status.SINGLE_SOURCE, "no other independent source mentions it"
