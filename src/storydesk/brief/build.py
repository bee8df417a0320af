"""The brief: a few sentences a reporter can read first, every one cited and checked.

Extractive: each sentence is a claim in the words of its source. Order: the most central
corroborated facts, then what is disputed or contradicted, then what rests on one source.
Centrality counts the independent sources that say the claim, how widely its names occur in
the story, and its check-worthiness. A candidate that says the same as a chosen sentence
(near-identical embedding or wording, or a verifier linking the two) is left out.

Before a sentence goes in, the verification engine checks it against the documents it cites
(for a corroborated claim, the independent sources other than its own; otherwise its own
document). Only a `supported` outcome goes out; unsupported claims are never candidates.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..contract import Judged, Label, Section, Status
from ..model import BriefItem, Claim, Document, Story
from ..normalize import normalize
from ..spans import joined
from ..verify import HITS_PER_CLAIM, SourceIndex, VerifyOptions, build_index, compare, decide, entailment, says
from ..words import content

# Two candidates whose sentence embeddings are this close say the same thing (all-MiniLM-L6-v2 cosine;
# wire copies and light rewrites of one sentence score 0.85-1.0 on the demo corpus, distinct facts below 0.7).
SAME_THING_COSINE = 0.8
SAME_THING_OVERLAP = 0.5  # Jaccard of content stems, for pairs the embedding misses


@dataclass
class BriefOptions:
    max_sentences: int = 8
    max_disputed: int = 2  # at most this many disputed/contradicted sentences
    max_single: int = 2  # at most this many single-source sentences while corroborated ones remain


EMBED_AHEAD = 12


def build_brief(story: Story, options: BriefOptions | None = None, verify: VerifyOptions | None = None,
                index: SourceIndex | None = None) -> list[BriefItem]:
    options = options or BriefOptions()
    verify = verify or VerifyOptions()
    if options.max_sentences <= 0:
        return []
    docs = {d.id: d for d in story.documents}
    group_of = {d.id: (d.group if d.group is not None else d.id) for d in story.documents}
    candidates = _candidates(story, docs, group_of)
    if not candidates:
        return []
    index = index or build_index(story)
    from ..embedder import embedder
    # claim vectors from corroboration when it embedded them; otherwise on demand, a section's next few at a time
    vectors: dict[int, np.ndarray] = {i: index.claim_vectors[c.id] for i, (c, _) in enumerate(candidates)
                                      if c.id in index.claim_vectors}

    def vector(order: list[int], at: int) -> np.ndarray:
        i = order[at]
        if i not in vectors:
            batch = [j for j in order[at:] if j not in vectors][:EMBED_AHEAD]
            for j, v in zip(batch, embedder().sentences([candidates[j][0].text for j in batch])):
                vectors[j] = v
        return vectors[i]

    sections: dict[Section, list] = {section: [] for section in Section}
    for i, (c, score) in enumerate(candidates):
        sections[_section(c)].append((score, i))
    quota = {Section.DISPUTED: min(options.max_disputed, len(sections[Section.DISPUTED])),
             Section.SINGLE_SOURCE: min(options.max_single, len(sections[Section.SINGLE_SOURCE]))}
    quota[Section.CORROBORATED] = max(options.max_sentences - quota[Section.DISPUTED] - quota[Section.SINGLE_SOURCE], 0)
    chosen: list[int] = []
    out: list[BriefItem] = []
    for name in Section:
        taken = 0
        room = options.max_sentences - len(out)
        if name == Section.CORROBORATED:  # leaves room for the other sections' quotas
            limit = room - quota[Section.DISPUTED] - quota[Section.SINGLE_SOURCE]
        elif name == Section.DISPUTED:
            limit = min(quota[Section.DISPUTED], room)
        else:  # single-source facts fill whatever corroborated facts could not
            limit = room
        order = [i for _, i in sorted(sections[name], key=lambda t: (-t[0], t[1]))]
        for at, i in enumerate(order):
            if taken >= limit:
                break
            claim = candidates[i][0]
            if any(_same_thing(claim, candidates[j][0], vector(order, at), vectors[j]) for j in chosen):
                continue
            item = _checked_item(claim, name, docs, group_of, index, vector(order, at), verify)
            if item is None:
                continue
            chosen.append(i)
            out.append(item)
            taken += 1
    return out


def _section(c: Claim) -> Section:
    if c.status == Status.CORROBORATED:
        return Section.CORROBORATED
    if c.status in (Status.DISPUTED, Status.CONTRADICTED):
        return Section.DISPUTED
    return Section.SINGLE_SOURCE


def _candidates(story: Story, docs: dict[str, Document], group_of: dict) -> list[tuple[Claim, float]]:
    """One claim per distinct wording (copies repeat their source), never an unsupported one, with its centrality."""
    n_docs = max(len(story.documents), 1)
    doc_freq = {e.id: len({m.doc for m in e.mentions}) / n_docs for e in story.entities}
    best: dict[str, tuple[Claim, float]] = {}
    for d in story.documents:
        for c in d.claims:
            if c.status in (None, Status.UNSUPPORTED):
                continue
            support = {group_of[v.doc] for v in c.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] != group_of[c.doc]}
            # a copy's own claims (a rewrite's) rank below an original's: one point, the weight of one more source
            score = len(support) - (1.0 if d.derived_from else 0.0) + 0.5 * min(sum(doc_freq.get(e, 0.0) for e in c.entities), 3.0) + c.checkworthiness
            key = normalize(c.text)
            # the original's words rather than a copy's; between originals, the higher score
            rank = (not d.derived_from, score)
            held = best.get(key)
            if held is None or rank > (not docs[held[0].doc].derived_from, held[1]):
                best[key] = (c, score)
    return sorted(best.values(), key=lambda t: (t[0].doc, t[0].start))


def _same_thing(a: Claim, b: Claim, va: np.ndarray, vb: np.ndarray) -> bool:
    if float(va @ vb) >= SAME_THING_COSINE:
        return True
    sa, sb = set(content(a.text)), set(content(b.text))
    if sa and sb and len(sa & sb) / len(sa | sb) >= SAME_THING_OVERLAP:
        return True
    return says(a, b, (Label.SUPPORTS,)) or says(b, a, (Label.SUPPORTS,))


def _checked_item(claim: Claim, section: Section, docs: dict[str, Document], group_of: dict, index: SourceIndex,
                  vector: np.ndarray, verify: VerifyOptions) -> BriefItem | None:
    own = docs[claim.doc]
    supporters = [v for v in claim.verdicts if v.label == Label.SUPPORTS and group_of[v.doc] != group_of[claim.doc]]
    against = {v.doc for v in supporters} if section == Section.CORROBORATED and supporters else {claim.doc}
    if against == {claim.doc} and claim.text in (own.text[claim.start:claim.end],
                                                 joined(own.text, claim.spans)):
        # the sentence is its own document's words, verbatim and in order, cited where they stand: nothing for a
        # model to check (a claim is made of its spans; the check matters when other sources must back it)
        check = {"label": Judged.SUPPORTED, "score": 1.0, "verifier": "verbatim", "against_docs": [claim.doc]}
    else:
        lang = (own.language or "en").split("-")[0]
        hits = index.search(claim.text, k=HITS_PER_CLAIM, names=set(claim.entities), docs=against, query_vector=vector)
        hits = [h for h in hits if h.passage.doc in against]
        comp = compare(claim.text, index, hits, docs=against, lang=lang, published=own.published)
        entailment([(claim.text, comp)], index, lang)
        judgement = decide(claim.text, comp, dataclasses.replace(verify, lang=lang))
        if judgement.label != Judged.SUPPORTED:
            return None
        check = {"label": judgement.label, "score": round(judgement.score, 4), "verifier": judgement.verifier,
                 "against_docs": sorted(against)}
    citations = [{"doc": claim.doc, "start": claim.start, "end": claim.end, "text": own.text[claim.start:claim.end]}]
    for v in supporters:
        citations.extend({k: ev[k] for k in ("doc", "start", "end", "text")} for ev in v.evidence[:1])
    contra = [{k: ev[k] for k in ("doc", "start", "end", "text")} for v in claim.verdicts if v.label == Label.CONTRADICTS
              for ev in v.evidence[:1]]
    return BriefItem(text=claim.text, section=section, claim=claim.id,
                     attribution=(claim.attribution or {}).get("text") if claim.attribution else None,
                     citations=citations, against=contra, check=check)
