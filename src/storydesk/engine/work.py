"""The two units of work an engine runs, as plain functions of plain data (so a Dask worker can run them).

- `documents(raws)`: one partition of articles through extract and annotate, plus clustering features;
- `stories(batch, options)`: the cross-document stages over each story of a batch, returning its story.json part.

Both are deterministic: the same input gives the same output on any worker.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from .. import codec
from ..model import Problem, RawDocument, Story


@dataclass
class DocumentResult:
    id: str | None  # None when nothing usable came out of the input
    source: str
    record: str | None  # codec JSON of the annotated Document
    features: str | None  # JSON of cluster.Features
    problems: list[dict]


def _fault_hook(source: str) -> None:
    """Test-only fault injection: STORYDESK_FAULT_KILL=<marker file>:<text> kills this worker process once, the first
    time it meets a source containing <text>; used to prove that a dead worker's work is retried."""
    spec = os.environ.get("STORYDESK_FAULT_KILL")
    if not spec:
        return
    marker, _, needle = spec.partition(":")
    if needle and needle in source and not os.path.exists(marker):
        with open(marker, "w") as handle:
            handle.write(str(os.getpid()))
        os._exit(9)


def documents(raws: list[RawDocument]) -> list[DocumentResult]:
    from ..annotate import annotate_documents
    from ..cluster import features_for
    from ..pipeline import _extract_safely

    out: list[DocumentResult] = []
    docs = []
    problems: dict[str, list[Problem]] = {}
    for raw in raws:
        _fault_hook(raw.source)
        doc, doc_problems = _extract_safely(raw)
        if doc is None:
            out.append(DocumentResult(None, raw.source, None, None, [p.to_json() for p in doc_problems]))
            continue
        problems[doc.id] = doc_problems
        docs.append(doc)
    for p in annotate_documents(docs):
        for doc in docs:  # annotate names the document by its source
            if doc.source == p.source:
                problems[doc.id].append(p)
                break
        else:
            for doc in docs:
                problems[doc.id].append(p)
    for doc, feats in zip(docs, features_for(docs)):
        out.append(DocumentResult(doc.id, doc.source, codec.dumps(doc), json.dumps(feats.to_json(), sort_keys=True),
                                  [p.to_json() for p in problems[doc.id]]))
    return out


@dataclass
class StoryJob:
    id: str
    records: list[str]  # codec JSON of each member, in story order
    problems: list[list[dict]]  # each member's own problems
    judgements: list[dict] = field(default_factory=list)  # a person's judgements made on its documents (model.Judgement)


def analyse(job: StoryJob, options) -> tuple[Story, dict]:
    """The cross-document stages over one story: the Story and its story.json part, validated against the schema."""
    from .. import storyjson
    from ..pipeline import analyze_story

    docs = [codec.loads(r) for r in job.records]
    errors = [Problem(**p) for ps in job.problems for p in ps]
    from ..model import Judgement

    story = analyze_story(docs, job.id, options, errors, [Judgement(**j) for j in job.judgements])
    part = storyjson.story_part(story)
    storyjson.validate(part)
    return story, part


def stories(batch: list[StoryJob], options) -> list[tuple[str, str]]:
    """(story id, story.json part as JSON text) for each job."""
    from .. import storyjson

    out = []
    for job in batch:
        _, part = analyse(job, options)
        out.append((job.id, storyjson.part_text(part)))
    return out


def stories_kept(batch: list[StoryJob], options) -> list[tuple[str, str, Story]]:
    """As `stories`, with each Story itself (for a run in this process that hands its stories to the caller)."""
    from .. import storyjson

    out = []
    for job in batch:
        story, part = analyse(job, options)
        out.append((job.id, storyjson.part_text(part), story))
    return out
