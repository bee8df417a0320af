"""A person's judgements applied after the machine's stages, on every run.

- `review_derivations`, after provenance: a rejected derivation is taken out (relation and derived_from) and the
  independence groups are counted again, so the two documents can corroborate each other; a confirmed one is marked.
- `review_entities`, after resolve: two names merged into one entity, or one name split out of an entity.
- `review_verdicts`, after corroborate: a source's verdict on a claim set to the label the person gave, then the
  claim's status counted again from its verdicts; a claim's status set outright.

Each judgement of the story is listed in `Story.reviews` with whether it applied and what it changed. A judgement
whose subject the run does not find (the derivation is no longer detected, a name is gone) is kept and listed as not
applied, never dropped.
"""
from __future__ import annotations

import dataclasses

from .. import contract
from ..contract import JudgementKind, Label, Review, Status
from ..model import Claim, Document, Entity, Judgement, Story, Verdict
from ..provenance import assign_groups
from ..resolve import entity_id
from ..resolve import key as name_key
from ..verify import claim_status
from . import keys


def _mark(j: Judgement) -> Review:
    return Review(decision=j.decision, label=j.label, who=j.who, at=j.at, note=j.note)


def _listed(story: Story, j: Judgement, applied: bool, outcome: str) -> None:
    story.reviews.append(contract.Judgement(**dataclasses.asdict(j), applied=applied, outcome=outcome))


def _by_key(docs: list[Document]) -> dict[str, Document]:
    return {keys.doc_key(d): d for d in docs}


# -- derivations ---------------------------------------------------------------------------------------------------

def review_derivations(story: Story, judgements: list[Judgement]) -> None:
    docs = story.documents
    by_pair = {keys.derivation_key(a, b): (a, b) for a in docs for b in docs if a.id < b.id}
    changed = False
    for j in (j for j in judgements if j.kind == JudgementKind.DERIVATION):
        pair = by_pair.get(j.key)
        if pair is None:
            _listed(story, j, False, "the two documents are not both in this story")
            continue
        ids = {pair[0].id, pair[1].id}
        relations = [r for r in story.relations if {r.a, r.b} == ids]
        derived = [(d, df) for d in pair for df in d.derived_from if {d.id, df.source} == ids]
        if not relations and not derived:
            _listed(story, j, False, "the machine no longer finds shared text between them; nothing to "
                    + ("confirm" if j.decision == "confirm" else "reject"))
            continue
        if j.decision == "reject":
            story.relations = [r for r in story.relations if r not in relations]
            for d, df in derived:
                d.derived_from.remove(df)
            changed = True
            _listed(story, j, True, "taken out: the two documents count as independent sources unless another "
                    "relation joins them")
        else:
            for r in relations:
                r.review = _mark(j)
            for _, df in derived:
                df.review = _mark(j)
            _listed(story, j, True, "confirmed")
    if changed:
        assign_groups(story)


# -- entities ------------------------------------------------------------------------------------------------------

def _holder(entities: list[Entity], name: str) -> Entity | None:
    k = name_key(name)
    for e in entities:
        if name_key(e.name) == k or any(name_key(a) == k for a in e.aliases):
            return e
    return next((e for e in entities if any(name_key(m.text) == k for m in e.mentions)), None)


def review_entities(story: Story, judgements: list[Judgement]) -> None:
    for j in (j for j in judgements if j.kind == JudgementKind.ENTITY):
        a, b = j.subject["names"][:2]
        ea, eb = _holder(story.entities, a), _holder(story.entities, b)
        if ea is None or eb is None:
            _listed(story, j, False, f"“{a if ea is None else b}” is not a name in this story")
            continue
        if j.decision == "merge":
            if ea is eb:
                ea.review = _mark(j)
                _listed(story, j, True, "already one entity; confirmed")
                continue
            keep, other = (ea, eb) if len(ea.mentions) >= len(eb.mentions) else (eb, ea)
            _merge(story, keep, other, j)
            _listed(story, j, True, f"“{other.name}” merged into “{keep.name}”")
        else:
            if ea is not eb:
                _listed(story, j, True, "already two entities; kept apart")
                continue
            moved = _split(story, ea, b if name_key(b) != name_key(ea.name) else a, j)
            _listed(story, j, bool(moved), f"{moved} mention(s) split out" if moved else "no mention to split out")


def _merge(story: Story, keep: Entity, other: Entity, j: Judgement) -> None:
    keep.aliases = sorted((set(keep.aliases) | {other.name} | set(other.aliases)) - {keep.name})
    keep.mentions = sorted(keep.mentions + other.mentions, key=lambda m: (m.doc, m.start))
    for m in other.mentions:
        m.entity = keep.id
    _speakers(story.documents, {other.id: keep.id})
    keep.evidence.append(f"merged with “{other.name}” by {j.who} ({j.at[:10]})")
    keep.review = _mark(j)
    story.entities.remove(other)


def _split(story: Story, entity: Entity, name: str, j: Judgement) -> int:
    k = name_key(name)
    out = [m for m in entity.mentions if name_key(m.text) == k]
    if not out or len(out) == len(entity.mentions):
        return 0
    new = Entity(entity_id(entity.type, name), name, entity.type, [], out,
                 [f"split from “{entity.name}” by {j.who} ({j.at[:10]})"], review=_mark(j))
    entity.mentions = [m for m in entity.mentions if name_key(m.text) != k]
    entity.aliases = [a for a in entity.aliases if name_key(a) != k]
    for m in out:
        m.entity = new.id
    for doc in story.documents:
        for q in doc.quotes:
            if q.speaker_entity == entity.id and q.speaker_text and name_key(q.speaker_text) == k:
                q.speaker_entity = new.id
    entity.review = _mark(j)
    story.entities.append(new)
    return len(out)


def _speakers(docs: list[Document], renamed: dict[str, str]) -> None:
    for doc in docs:
        for q in doc.quotes:
            if q.speaker_entity in renamed:
                q.speaker_entity = renamed[q.speaker_entity]


# -- verdicts and statuses -----------------------------------------------------------------------------------------

def review_verdicts(story: Story, judgements: list[Judgement]) -> None:
    wanted = {j.key: j for j in judgements if j.kind in (JudgementKind.VERDICT, JudgementKind.STATUS)}
    if not wanted:
        return
    docs = story.documents
    by_key = _by_key(docs)
    group_of = {d.id: (d.group if d.group is not None else d.id) for d in docs}
    found: set[str] = set()
    for doc in docs:
        for claim in doc.claims:
            ck = keys.claim_key(doc, claim)
            touched = False
            for dk, source in by_key.items():
                j = wanted.get(f"verdict:{ck}:{dk}")
                if j is None or source.id == doc.id:
                    continue
                found.add(j.key)
                touched = True
                _listed(story, j, True, _set_verdict(claim, source, j))
            js = wanted.get(f"status:{ck}")
            if touched and not (js and js.decision == "wrong"):
                claim.status, reason = claim_status(claim, group_of, doc)
                claim.status_reason = f"{reason} (after a reviewer's correction of a source's verdict)"
            if js is not None:
                found.add(js.key)
                if js.decision == "wrong" and js.label:
                    before = claim.status
                    claim.status = Status(js.label)
                    claim.status_reason = (f"set to {Status(js.label).value.replace('_', ' ')} by {js.who} "
                                           f"({js.at[:10]}); the machine said {str(before).replace('_', ' ')}"
                                           + (f": {js.note}" if js.note else ""))
                    _listed(story, js, True, f"status {before} → {js.label}")
                else:
                    _listed(story, js, True, "confirmed")
                claim.review = _mark(js)
    for key, j in wanted.items():
        if key not in found:
            _listed(story, j, False, "the claim is not in this story's documents any more")


def _set_verdict(claim: Claim, source: Document, j: Judgement) -> str:
    verdict = next((v for v in claim.verdicts if v.doc == source.id), None)
    if j.decision == "right":
        if verdict is not None:
            verdict.review = _mark(j)
        return "confirmed"
    label = Label(j.label or Label.NOT_MENTIONED)
    if verdict is None:
        verdict = Verdict(doc=source.id, label=label, score=1.0 if label == Label.SUPPORTS else 0.0, verifier="reviewer")
        claim.verdicts.append(verdict)
    before = verdict.label
    verdict.label = label
    verdict.score = 1.0 if label == Label.SUPPORTS else 0.0
    verdict.reasons = [f"set to “{label.value.replace('_', ' ')}” by {j.who} ({j.at[:10]}); the machine said "
                       f"“{str(before).replace('_', ' ')}”" + (f": {j.note}" if j.note else ""),
                       *(r if r.startswith("the machine's reading: ") else f"the machine's reading: {r}" for r in verdict.reasons)]
    verdict.review = _mark(j)
    return f"verdict {before} → {label}"
