"""Corroboration: every claim against every other source, and a status counted over independence groups.

Per (claim, source) the verifiers give supports / contradicts / not_mentioned. Per claim:
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
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ..contract import Judged, Label, Status
from ..model import Claim, Document, Story, Verdict
from .features import compare, entailment
from .retrieve import Passage, SourceIndex, split_sentences
from .verifiers import VerifyOptions, decide

_SENTENCE_LABEL = {Judged.SUPPORTED: Label.SUPPORTS, Judged.CONTRADICTED: Label.CONTRADICTS, Judged.UNSUPPORTED: Label.NOT_MENTIONED}
HITS_PER_CLAIM = 24  # candidate sentences over all sources; a source with none of them is not_mentioned


def _inside(items: list[Any], start: int, end: int) -> list[Any]:
    """The annotations inside [start, end), their offsets made relative to `start`."""
    return [dataclasses.replace(x, start=x.start - start, end=x.end - start) for x in items
            if start <= x.start and x.end <= end]


def build_index(story: Story) -> SourceIndex:
    passages = []
    for doc in story.documents:
        lang = (doc.language or "en").split("-")[0]
        annotated = bool(doc.nlp)  # annotate ran (it records its pipeline): its times and amounts are the document's
        for s, e in split_sentences(doc.text):
            names = {m.entity for m in doc.mentions if m.entity and s <= m.start < e}
            passages.append(Passage(doc.id, s, e, doc.text[s:e], lang, names=names,
                                    times=_inside(doc.times, s, e) if annotated else None,
                                    quantities=_inside(doc.quantities, s, e) if annotated else None))
    return SourceIndex(passages)


def corroborate(story: Story, options: VerifyOptions | None = None, index: SourceIndex | None = None) -> SourceIndex:
    """Fill `verdicts` and `status` of every claim of every document; return the story's sentence index."""
    options = options or VerifyOptions()
    index = index or build_index(story)
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
    vectors, tokens = embedder().encode([c.text for c in claims])
    index.claim_vectors = {c.id: v for c, v in zip(claims, vectors)}  # the brief reuses them
    docs = {d.id: d for d in story.documents}
    pending: list[tuple[Claim, int, Any]] = []  # (claim, its verdict's place, comparison), judged in one batch
    for claim, vec, tok in zip(claims, vectors, tokens):
        own = docs[claim.doc]
        lang = (own.language or "en").split("-")[0]
        hits = [h for h in index.search(claim.text, k=HITS_PER_CLAIM, names=set(claim.entities), query_vector=vec)
                if h.passage.doc != claim.doc]
        by_doc = defaultdict(list)
        for h in hits:
            by_doc[h.passage.doc].append(h)
        claim.verdicts = []
        for doc in story.documents:
            if doc.id == claim.doc:
                continue
            other_lang = (doc.language or "en").split("-")[0]
            if other_lang != lang:
                claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0, reasons=[
                    f"written in another language ({other_lang}); cross-language comparison is not available"],
                    verifier="none"))
                continue
            doc_hits = by_doc.get(doc.id, [])
            if not doc_hits:
                claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0, reasons=["no candidate evidence"],
                                              verifier="retrieval"))
                continue
            comp = compare(claim.text, index, doc_hits, docs={doc.id}, lang=lang, published=own.published,
                           claim_tokens=tok)
            pending.append((claim, len(claim.verdicts), comp))
            claim.verdicts.append(Verdict(doc.id, Label.NOT_MENTIONED, 0.0))  # filled below, in the same place
    lang_of = {d.id: (d.language or "en").split("-")[0] for d in story.documents}
    for lang in sorted({lang_of[claim.doc] for claim, _, _ in pending}):
        entailment([(claim.text, comp) for claim, _, comp in pending if lang_of[claim.doc] == lang], index, lang)
    for claim, slot, comp in pending:
        j = decide(claim.text, comp, dataclasses.replace(options, lang=lang_of[claim.doc]))
        doc_id = claim.verdicts[slot].doc
        claim.verdicts[slot] = Verdict(doc_id, _SENTENCE_LABEL[j.label], round(j.score, 4),
                                       [h.to_json() for h in j.evidence],
                                       {k: round(v, 4) for k, v in comp.features.items()}, j.reasons, j.verifier)
    for claim in claims:
        claim.status, claim.status_reason = status(claim, group_of, docs[claim.doc])
    return index


def says(a: Claim, b: Claim, labels: tuple[str, ...] = (Label.SUPPORTS, Label.CONTRADICTS)) -> bool:
    """A verdict on claim `a` found b's document saying it (with one of `labels`), with evidence inside b's sentence."""
    for v in a.verdicts:
        if v.doc != b.doc or v.label not in labels:
            continue
        if any(ev["doc"] == b.doc and ev["start"] < b.sentence[1] and b.sentence[0] < ev["end"] for ev in v.evidence):
            return True
    return False


def status(claim: Claim, group_of: Mapping[str, object], doc: Document) -> tuple[Status, str]:
    own_group = group_of[claim.doc]
    support = {group_of[v.doc] for v in claim.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] != own_group}
    contra = {group_of[v.doc] for v in claim.verdicts if v.label == Label.CONTRADICTS and group_of[v.doc] != own_group}
    same_group_support = [v.doc for v in claim.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] == own_group]
    parents = [d.source for d in doc.derived_from]
    if support and contra:
        return Status.DISPUTED, f"supported by {len(support)} and contradicted by {len(contra)} other independent source(s)"
    if contra:
        return Status.CONTRADICTED, f"contradicted by {len(contra)} independent source(s); no other independent source supports it"
    if support:
        return Status.CORROBORATED, f"{len(support) + 1} independent sources say it"
    if parents and not any(p in same_group_support for p in parents):
        return Status.UNSUPPORTED, ("added by a copy or rewrite: " + ", ".join(parents) +
                               ", which it derives from, does not say it, and no independent source does")
    if same_group_support:
        return Status.SINGLE_SOURCE, "only copies of one source say it: " + ", ".join(sorted({claim.doc, *same_group_support}))
    return Status.SINGLE_SOURCE, "no other independent source mentions it"
