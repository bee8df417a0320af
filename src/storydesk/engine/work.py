"""The two units of work an engine runs, as plain functions of plain data (so a Dask worker can run them).

- `documents(raws)`: one partition of articles through extract and annotate, plus clustering features;
- `stories(batch, options)`: the cross-document stages over each story of a batch, returning its story.json part.

Both are deterministic: the same input gives the same output on any worker.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field

from .. import codec
from ..model import Problem, RawDocument, Story
from .engines import release_memory


@dataclass
class DocumentResult:
    id: str | None  # None when nothing usable came out of the input
    source: str
    record: str | None  # codec JSON of the annotated Document
    features: str | None  # JSON of cluster.Features
    problems: list[dict]
    seconds: dict[str, float] = field(default_factory=dict)  # time spent on it per stage (a batch's time shared out)


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


def parsed(raws: list[RawDocument]) -> list[DocumentResult]:
    """One partition through extract and annotate (the parse models: spaCy and the language detector). The clustering
    features come in a second pass (`featured`), on workers that hold the embedder instead."""
    from ..pipeline import stage

    extract_safely, annotate_documents = stage("extract").run, stage("annotate").run
    out: list[DocumentResult] = []
    docs = []
    problems: dict[str, list[Problem]] = {}
    extracted: dict[str, float] = {}
    for raw in raws:
        _fault_hook(raw.source)
        clock = time.perf_counter()
        doc, doc_problems = extract_safely(raw)
        if doc is None:
            out.append(DocumentResult(None, raw.source, None, None, [p.to_json() for p in doc_problems]))
            continue
        extracted[doc.id] = time.perf_counter() - clock
        problems[doc.id] = doc_problems
        docs.append(doc)
    clock = time.perf_counter()
    for p in annotate_documents(docs):
        for doc in docs:  # annotate names the document by its source
            if doc.source == p.source:
                problems[doc.id].append(p)
                break
        else:
            for doc in docs:
                problems[doc.id].append(p)
    share = (time.perf_counter() - clock) / max(len(docs), 1)  # the partition is parsed as one batch
    for doc in docs:
        out.append(DocumentResult(doc.id, doc.source, codec.dumps(doc), None, [p.to_json() for p in problems[doc.id]],
                                  {"extract": extracted[doc.id], "annotate": share}))
    release_memory()
    return out


def featured(records: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, float]]:
    """Clustering features (JSON) of analysed articles given as (id, codec record), and the seconds they took; the
    headline-and-lead embeddings run as one batch, so the result depends on the batch, never on the worker."""
    from ..cluster import features_for

    clock = time.perf_counter()
    docs = [codec.loads(rec) for _, rec in records]
    feats = features_for(docs)
    out = [(did, json.dumps(f.to_json(), sort_keys=True)) for (did, _), f in zip(records, feats)]
    return out, {"features": time.perf_counter() - clock}


def documents(raws: list[RawDocument]) -> list[DocumentResult]:
    """A partition through every per-document stage in this process: `parsed`, then `featured` on its articles."""
    out = parsed(raws)
    kept = [(r, r.id, r.record) for r in out if r.id is not None and r.record is not None]
    feats, seconds = featured([(did, rec) for _, did, rec in kept])
    for (r, _, _), (_, f) in zip(kept, feats):
        r.features = f
        r.seconds["features"] = seconds["features"] / max(len(kept), 1)
    return out


@dataclass
class StoryJob:
    id: str
    records: list[str]  # codec JSON of each member, in story order
    problems: list[list[dict]]  # each member's own problems
    judgements: list[dict] = field(default_factory=list)  # a person's judgements made on its documents (model.Judgement)


def analyse(job: StoryJob, options, seconds: dict[str, float] | None = None) -> tuple[Story, dict]:
    """The cross-document stages over one story: the Story and its story.json part, validated against the schema.
    With `seconds`, the time of each stage is added to it."""
    from .. import storyjson
    from ..model import Judgement
    from ..pipeline import analyze_story
    from ..verify import entail

    entail.remember_in(options.pair_memory)
    docs = [codec.loads(r) for r in job.records]
    errors = [Problem(**p) for ps in job.problems for p in ps]
    story = analyze_story(docs, job.id, options, errors, [Judgement(**j) for j in job.judgements], seconds)
    clock = time.perf_counter()
    part = storyjson.story_part(story)
    storyjson.validate(part)
    if seconds is not None:
        seconds["story.json"] = seconds.get("story.json", 0.0) + time.perf_counter() - clock
    return story, part


def stories(batch: list[StoryJob], options) -> list[tuple[str, str, dict[str, float]]]:
    """(story id, story.json part as JSON text, seconds per stage) for each job."""
    from .. import storyjson

    out = []
    for job in batch:
        seconds: dict[str, float] = {}
        _, part = analyse(job, options, seconds)
        out.append((job.id, storyjson.part_text(part), seconds))
    release_memory()
    return out


def stories_kept(batch: list[StoryJob], options) -> list[tuple[str, str, dict[str, float], Story]]:
    """As `stories`, with each Story itself (for a run in this process that hands its stories to the caller)."""
    from .. import storyjson

    out = []
    for job in batch:
        seconds: dict[str, float] = {}
        story, part = analyse(job, options, seconds)
        out.append((job.id, storyjson.part_text(part), seconds, story))
    return out
