"""story.json: the analysed story as JSON, validated against the schema shipped in the package.

Offsets: spans of a document's `text` (cleaned) everywhere, except `removed[]`,
whose spans are in `original` (removed text is by definition not in `text`);
`segments[]` maps one to the other.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema

from .model import BriefItem, Claim, Document, Entity, Event, Relation, Story

if TYPE_CHECKING:
    from .pipeline import Result

SCHEMA_VERSION = 5


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


def story_part(story: Story) -> dict[str, Any]:
    """One story as it sits in story.json's `stories[]`: no run times in it, so the same input gives the same bytes."""
    groups = sorted({d.group for d in story.documents if d.group is not None})
    title = next((d.title for d in story.documents if d.title), None)
    return {
        "story": {"id": story.id, "title": title, "documents": len(story.documents), "groups": len(groups)},
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


def generator(version: str, started: str, finished: str) -> dict[str, Any]:
    return {"name": "storydesk", "version": version, "started": started, "finished": finished,
            "stages": _stage_names()}


def _stage_names() -> list[str]:
    from .pipeline import STAGES

    return [stage.name for stage in STAGES]


def to_json(result: Result) -> dict[str, Any]:
    """One story with its run: what the report, the store and the web UI take (`stories()` yields these from a file)."""
    return with_run(story_part(result.story), generator(result.version, result.started, result.finished))


def with_run(part: dict[str, Any], generator_block: dict[str, Any]) -> dict[str, Any]:
    """A story.json part with its run attached: the one-story shape the report, the store and the web UI take."""
    return {"schema_version": SCHEMA_VERSION, "generator": generator_block, **part}


def stories(file_payload: dict[str, Any]):
    """Each story of a story.json file, with the run's generator attached."""
    for part in file_payload["stories"]:
        yield with_run(part, file_payload["generator"])


@functools.lru_cache(maxsize=1)
def _validators():
    """Compiled validators (fastjsonschema: twenty times faster than walking the schema, which mattered per story)."""
    import fastjsonschema

    local = {k: v for k, v in schema().items() if k != "$id"}  # refs are local: never resolve the $id over the network
    return (fastjsonschema.compile(local, handlers={}),
            fastjsonschema.compile({"$ref": "#/$defs/story", "$defs": local["$defs"]}, handlers={}))


def validate(payload: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `payload` (a story.json file, or one story with its run) breaks the contract."""
    import fastjsonschema

    whole, story = _validators()
    try:
        (whole if "stories" in payload else story)(payload)
    except fastjsonschema.JsonSchemaException as exc:
        raise jsonschema.ValidationError(str(exc)) from None


def dumps(payload: dict[str, Any]) -> str:
    # Sorted keys and fixed separators: the same input gives byte-identical files (but for run times).
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _indented(value: Any, depth: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * depth)


def part_text(part: dict[str, Any]) -> str:
    """A story.json part as text, the way the store keeps it and `write_file` takes it."""
    return json.dumps(part, ensure_ascii=False, indent=1, sort_keys=True)


def write_file(handle, generator_block: dict[str, Any], parts, errors: list[dict[str, Any]]) -> None:
    """Write story.json one story at a time (a firehose run never holds every story in memory).

    `parts` are `part_text` strings; the bytes are those of `dumps` on the whole file."""
    handle.write('{\n "errors": ' + _indented(errors, 1) + ',\n "generator": ' + _indented(generator_block, 1)
                 + f',\n "schema_version": {SCHEMA_VERSION},\n "stories": [')
    first = True
    for part in parts:
        handle.write(("\n  " if first else ",\n  ") + part.replace("\n", "\n  "))
        first = False
    handle.write("\n ]\n}\n" if not first else "]\n}\n")
