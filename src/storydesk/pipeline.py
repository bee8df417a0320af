"""The stages in order, over one story. The CLI and the Python API both call `run`.

Each stage names the Document/Story fields it fills (see STAGES); `run` reads
sources, extracts every document, then runs the cross-document stages.
"""
from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .extract import extract
from .ingest import IngestOptions, read_sources
from .budget import over_budget
from .model import Document, Problem, RawDocument, Story
from .annotate import annotate_documents
from .provenance import AlignOptions, analyze_provenance
from .resolve import resolve
from .claims import enrich as enrich_claims
from .verify.corroborate import corroborate
from .verify.verifiers import VerifyOptions
from .timeline import build_events
from .brief import BriefOptions, build_brief

DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"

# What each stage fills, checked by the tests against the records (STYLE.md: stages declare what they write).
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("ingest", ("RawDocument.content", "RawDocument.meta", "RawDocument.decoding")),
    ("extract", ("Document.text", "Document.segments", "Document.removed", "Document.title", "Document.outlet",
                 "Document.published", "Document.published_basis", "Document.language", "Document.paragraphs",
                 "Document.dateline")),
    ("annotate", ("Document.mentions", "Document.quotes", "Document.times", "Document.quantities", "Document.nlp")),
    ("provenance", ("Story.relations", "Document.derived_from", "Document.group")),
    ("resolve", ("Story.entities", "Mention.entity", "Mention.type", "Quote.speaker_entity")),
    ("claims", ("Document.claims", "Claim.entities", "Claim.time", "Claim.quantities", "Claim.attribution",
                "Claim.hedged", "Claim.checkworthiness")),
    ("corroborate", ("Claim.verdicts", "Claim.status")),
    ("timeline", ("Story.events",)),
    ("brief", ("Story.brief",)),
]


@dataclass
class Options:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    story_id: str = "story-1"
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    brief: BriefOptions = field(default_factory=BriefOptions)


@dataclass
class Result:
    story: Story
    started: str
    finished: str
    version: str = __version__


Progress = Callable[[int, str], None]


def extract_all(sources: Iterable[str], options: Options, progress: Progress | None = None) -> tuple[list[Document], list[Problem]]:
    docs: list[Document] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    for n, item in enumerate(read_sources(sources, options.ingest), start=1):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            doc, doc_problems = _extract_safely(item)
            problems.extend(doc_problems)
            if doc is not None:
                if doc.id in seen_ids:  # the same source given twice (a file and its folder)
                    problems.append(Problem(doc.source, "given more than once; analysed once", "repeated-input", "warning"))
                else:
                    seen_ids.add(doc.id)
                    docs.append(doc)
        if progress:
            progress(n, item.source)
    return docs, problems


def _extract_safely(raw: RawDocument) -> tuple[Document | None, list[Problem]]:
    started = time.perf_counter()
    try:
        doc, problems = extract(raw)
    except Exception as exc:  # noqa: BLE001 - one bad document must never take the run down
        return None, [*raw.problems, Problem(raw.source, f"could not be processed ({type(exc).__name__}: {exc}); "
                                             "please report this with the file", "internal")]
    slow = over_budget(raw.source, "cleaning", time.perf_counter() - started)
    return doc, problems + [slow] if slow else problems


def run(sources: Iterable[str], options: Options | None = None, progress: Progress | None = None) -> Result:
    options = options or Options()
    started = _now()
    docs, problems = extract_all(sources, options, progress)
    problems.extend(annotate_documents(docs))
    story = analyze_story(docs, options.story_id, options, problems)
    return Result(story=story, started=started, finished=_now())


def analyze_story(docs: list[Document], story_id: str, options: Options, errors: list[Problem] | None = None) -> Story:
    """The cross-document stages over documents that went through extract and annotate."""
    story = Story(id=story_id, documents=docs, errors=list(errors or []))
    analyze_provenance(story, options.align)
    resolve(story)
    enrich_claims(story)
    index = corroborate(story, options.verify)
    story.events = build_events(story)
    story.brief = build_brief(story, options.brief, options.verify, index)
    return story


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
