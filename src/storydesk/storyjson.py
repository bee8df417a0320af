"""story.json: the analysed story as JSON, validated against the schema shipped in the package.

Offsets: spans of a document's `text` (cleaned) everywhere, except `removed[]`,
whose spans are in `original` (removed text is by definition not in `text`);
`segments[]` maps one to the other.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jsonschema

from .model import BriefItem, Claim, Document, Entity, Event, Relation, Story
from .pipeline import STAGES, Result

SCHEMA_VERSION = 4


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("storydesk").joinpath("schema/story.schema.json").read_text("utf-8"))


def _doc(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "kind": doc.kind,
        "title": doc.title,
        "outlet": doc.outlet,
        "outlet_basis": doc.outlet_basis,
        "author": doc.author,
        "url": doc.url,
        "published": doc.published,
        "published_basis": doc.published_basis,
        "language": doc.language,
        "paragraphs": doc.paragraphs,
        "dateline": doc.dateline,
        "text": doc.text,
        "original": doc.original,
        "segments": [{"clean": s.clean, "orig": s.orig, "length": s.length} for s in doc.segments],
        "removed": [r.to_json() for r in doc.removed],
        "derived_from": [{"doc": d.source, "share": d.share, "basis": d.basis, "kind": d.kind, "spans": d.spans} for d in doc.derived_from],
        "group": doc.group,
        "decoding": doc.decoding,
        "nlp": doc.nlp,
        "times": [t.to_json() for t in doc.times],
        "quantities": [q.to_json() for q in doc.quantities],
    }


def _relation(rel: Relation) -> dict[str, Any]:
    return {"a": rel.a, "b": rel.b, "kind": rel.kind, "share_a": rel.share_a, "share_b": rel.share_b,
            "direction": rel.direction, "basis": rel.basis, "spans": rel.spans}


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases, "evidence": e.evidence,
            "mentions": [m.to_json() for m in e.mentions]}


def _quotes(story: Story) -> list[dict[str, Any]]:
    out = []
    for doc in story.documents:
        for n, q in enumerate(doc.quotes):
            out.append({"id": f"{doc.id}-q{n}", "doc": doc.id, "start": q.start, "end": q.end, "text": q.text,
                        "kind": q.kind, "speaker": q.speaker_entity, "speaker_text": q.speaker_text,
                        "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                        "ref_start": q.ref_start, "ref_end": q.ref_end, "ref_text": q.ref_text,
                        "cue": q.cue, "cue_start": q.cue_start, "cue_end": q.cue_end})
    return out


def _claim(c: Claim) -> dict[str, Any]:
    return {"id": c.id, "doc": c.doc, "start": c.start, "end": c.end, "text": c.text,
            "spans": [{"start": s, "end": e} for s, e in c.spans],
            "sentence": {"start": c.sentence[0], "end": c.sentence[1]}, "kind": c.kind,
            "attribution": c.attribution, "hedged": c.hedged, "checkworthiness": c.checkworthiness,
            "time": c.time, "place": c.place, "quantities": c.quantities, "entities": c.entities,
            "status": c.status, "status_reason": c.status_reason,
            "verdicts": [{"doc": v.doc, "label": v.label, "score": v.score, "evidence": v.evidence,
                          "features": v.features, "reasons": v.reasons, "verifier": v.verifier} for v in c.verdicts]}


def _event(e: Event) -> dict[str, Any]:
    return {"id": e.id, "text": e.text, "when": e.when, "claims": e.claims, "docs": e.docs, "citations": e.citations,
            "expressions": e.expressions, "status": e.status, "reason": e.reason}


def _brief(b: BriefItem) -> dict[str, Any]:
    return {"text": b.text, "section": b.section, "claim": b.claim, "attribution": b.attribution,
            "citations": b.citations, "against": b.against, "check": b.check}


def to_json(result: Result) -> dict[str, Any]:
    story: Story = result.story
    groups = sorted({d.group for d in story.documents if d.group is not None})
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "storydesk", "version": result.version, "started": result.started, "finished": result.finished,
                      "stages": [name for name, _ in STAGES]},
        "story": {"id": story.id, "documents": len(story.documents), "groups": len(groups)},
        "documents": [_doc(d) for d in story.documents],
        "relations": [_relation(r) for r in story.relations],
        "groups": [{"id": g, "documents": [d.id for d in story.documents if d.group == g]} for g in groups],
        "entities": [_entity(e) for e in story.entities],
        "quotes": _quotes(story),
        "claims": [_claim(c) for d in story.documents for c in d.claims],
        "events": [_event(e) for e in story.events],
        "brief": [_brief(b) for b in story.brief],
        "errors": [p.to_json() for p in story.errors],
    }


def validate(payload: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `payload` breaks the published contract."""
    jsonschema.validate(payload, schema())


def dumps(payload: dict[str, Any]) -> str:
    # Sorted keys and fixed separators: the same input gives byte-identical files (but for run times).
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
