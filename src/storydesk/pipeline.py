"""The stages in order, over one story.

Each stage names the Document/Story fields it fills (see STAGES). Every run goes through `engine.Run`; `engine.run_one` is
the one-story form of it that hands back the records.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .annotate import annotate_documents
from .brief import BriefOptions, build_brief
from .claims import enrich as enrich_claims
from .cluster import cluster
from .extract import extract_safely
from .happenings import embedded_similarity, group_happenings
from .ingest import IngestOptions, read_sources
from .model import Document, Judgement, Problem, Story
from .provenance import AlignOptions, analyze_provenance
from .resolve import resolve
from .review import review_derivations, review_entities, review_verdicts
from .stages import Stage, check
from .timeline import build_events
from .verify import SourceIndex
from .verify.corroborate import corroborate
from .verify.verifiers import VerifyOptions

DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"

@dataclass
class Options:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    story_id: str = "story-1"
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    brief: BriefOptions = field(default_factory=BriefOptions)
    # the SQLite file that keeps the cross-encoder's answers across runs (verify/pair_memory.py); None: none kept.
    # Not part of the options' fingerprint: it changes no answer.
    pair_memory: str | None = None


@dataclass
class Result:
    story: Story
    started: str
    finished: str
    version: str = __version__
    stages: list[str] = field(default_factory=lambda: [s.name for s in STAGES])


Progress = Callable[[int, str], None]


def extract_all(sources: Iterable[str], options: Options, progress: Progress | None = None) -> tuple[list[Document], list[Problem]]:
    docs: list[Document] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    for n, item in enumerate(read_sources(sources, options.ingest), start=1):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            doc, doc_problems = extract_safely(item)
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


@dataclass
class Context:
    """What the story stages share besides the story: the run's options and the sentence index corroborate builds
    (the brief checks its sentences against it)."""

    options: Options
    index: SourceIndex | None = None
    # sentence text -> (embedding, word-piece vectors): provenance fills it, corroborate's index reuses it
    embeddings: dict = field(default_factory=dict)
    # a person's judgements made on the story's documents (store.judgements), applied after the machine's stages
    judgements: list[Judgement] = field(default_factory=list)


def _provenance(story: Story, ctx: Context) -> None:
    analyze_provenance(story, ctx.options.align, ctx.embeddings)


def _corroborate(story: Story, ctx: Context) -> None:
    ctx.index = corroborate(story, ctx.options.verify, embeddings=ctx.embeddings)


def _happenings(story: Story, ctx: Context) -> None:
    story.happenings = group_happenings(story, embedded_similarity())


def _timeline(story: Story, ctx: Context) -> None:
    story.events = build_events(story)


def _brief(story: Story, ctx: Context) -> None:
    story.brief = build_brief(story, ctx.options.brief, ctx.options.verify, ctx.index)


def _resolve(story: Story, ctx: Context) -> None:
    resolve(story)


def _review_provenance(story: Story, ctx: Context) -> None:
    review_derivations(story, ctx.judgements)


def _review_entities(story: Story, ctx: Context) -> None:
    review_entities(story, ctx.judgements)


def _review_verdicts(story: Story, ctx: Context) -> None:
    review_verdicts(story, ctx.judgements)


def _claims(story: Story, ctx: Context) -> None:
    enrich_claims(story)


# What a reader gives: the fields of RawDocument.
GIVEN = ("RawDocument.source", "RawDocument.content", "RawDocument.kind", "RawDocument.meta", "RawDocument.decoding")

_DOC = ("Document.text", "Document.segments", "Document.removed", "Document.title", "Document.outlet",
        "Document.outlet_basis", "Document.author", "Document.url", "Document.published", "Document.published_basis",
        "Document.language", "Document.paragraphs", "Document.dateline", "Document.kind", "Document.decoding")

STAGES: list[Stage] = [
    Stage("ingest", (), GIVEN, read_sources, "document", "read files, folders, archives, URLs and stdin"),
    Stage("extract", GIVEN, ("Document.id", "Document.source", "Document.original", *_DOC),
          extract_safely, "document", "clean the text, read its metadata, dateline and language"),
    Stage("annotate", ("Document.text", "Document.language", "Document.published", "Document.dateline"),
          ("Document.mentions", "Document.quotes", "Document.times", "Document.quantities", "Document.nlp",
           "Document.claims"), annotate_documents, "document", "parse; names, quotes, times, amounts, claim spans"),
    Stage("cluster", ("Document.text", "Document.title", "Document.published", "Document.mentions", "Document.times",
                      "Document.quantities"),
          ("Story.documents",), cluster, "corpus", "group every article in the store into stories (engine.Run)"),
    Stage("provenance", ("Document.text", "Document.published", "Document.outlet", "Document.dateline",
                         "Document.language", "Document.removed"),
          ("Story.relations", "Document.derived_from", "Document.group"), _provenance, "story",
          "who copied, rewrote or translated whom (by wording and meaning), independence groups"),
    Stage("review-provenance", ("Story.relations", "Document.derived_from", "Document.group"),
          ("Story.relations", "Document.derived_from", "Document.group", "Relation.review", "Derivation.review",
           "Story.reviews"), _review_provenance, "story",
          "a person's judgements of derivations: a rejected one taken out, groups counted again"),
    Stage("resolve", ("Document.mentions", "Document.quotes", "Document.text"),
          ("Story.entities", "Document.mentions", "Mention.entity", "Mention.type", "Quote.speaker_entity"), _resolve, "story", "entities across documents; speakers linked"),
    Stage("review-entities", ("Story.entities", "Mention.entity", "Quote.speaker_entity"),
          ("Story.entities", "Mention.entity", "Quote.speaker_entity", "Story.reviews"), _review_entities, "story",
          "a person's merges and splits of entities"),
    Stage("claims", ("Document.claims", "Document.mentions", "Document.times", "Document.quantities", "Document.quotes",
                     "Mention.entity"),
          ("Claim.entities", "Claim.place", "Claim.time", "Claim.quantities", "Claim.attribution", "Claim.hedged",
           "Claim.checkworthiness", "Claim.event", "Claim.kind", "Claim.triggers"), _claims, "story", "claims' entities, time, place, amounts, attribution, hedges, check-worthiness"),
    Stage("corroborate", ("Document.claims", "Document.group", "Document.text", "Claim.entities", "Claim.time",
                          "Claim.quantities", "Claim.hedged"),
          ("Claim.verdicts", "Claim.status", "Claim.status_reason", "Context.index"), _corroborate, "story", "each claim against each independent source; its status"),
    Stage("review-verdicts", ("Claim.verdicts", "Claim.status", "Document.group"),
          ("Claim.verdicts", "Claim.status", "Claim.status_reason", "Claim.review", "Story.reviews"), _review_verdicts,
          "story", "a person's corrections of verdicts and statuses; statuses counted again"),
    Stage("happenings", ("Document.claims", "Claim.triggers", "Claim.time", "Claim.entities", "Claim.attribution"),
          ("Story.happenings",), _happenings, "story", "event words grouped over documents: what happened, who told it"),
    Stage("timeline", ("Claim.time", "Claim.status", "Claim.verdicts", "Story.happenings"),
          ("Story.events", "Happening.events"), _timeline, "story", "dated events merged across sources"),
    Stage("brief", ("Claim.status", "Claim.verdicts", "Claim.attribution", "Context.index"), ("Story.brief",), _brief, "story", "cited brief, each sentence checked"),
]
check(STAGES)  # a list that cannot run fails at import, not half-way through a story
STORY_STAGES = [s for s in STAGES if s.scope == "story"]


def stage(name: str) -> Stage:
    """The stage of that name: the engine runs each stage's own function from STAGES (the document stages per
    partition, clustering over the store, the story stages per story)."""
    found = next((s for s in STAGES if s.name == name), None)
    if found is None:
        raise KeyError(f"no stage {name!r}: {', '.join(s.name for s in STAGES)}")
    return found


def analyze_story(docs: list[Document], story_id: str, options: Options, errors: list[Problem] | None = None,
                  judgements: list[Judgement] | None = None, seconds: dict[str, float] | None = None) -> Story:
    """The cross-document stages, in the order of STAGES, over documents that went through extract and annotate;
    `judgements` are a person's (store.judgements), applied after the machine's stages they correct. With `seconds`,
    each stage's time is added to it under the stage's name."""
    story = Story(id=story_id, documents=docs, errors=list(errors or []))
    ctx = Context(options, judgements=list(judgements or []))
    for stage in STORY_STAGES:
        clock = time.perf_counter()
        stage.run(story, ctx)
        if seconds is not None:
            seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - clock
    return story

