"""The story record, declared once: story.json's shape, its vocabularies and where each field comes from.

Every other form is derived from these declarations:
- `dump(StoryPart, story)` is the story.json mapping (`storyjson.story_part`): each field is read from the working
  record (`model.py`) by its own name, or by the `source` its metadata names;
- `json_schema()` is the shipped JSON Schema (`schema/story.schema.json`; `python -m storydesk.contract` writes it,
  and a test fails when the shipped file differs);
- `api_model(cls)` is the web API's pydantic model of a record (the OpenAPI document and its tests use them).

A declaration is a dataclass whose fields may carry `Annotated[type, spec(...)]`: a description, bounds, a pattern, a source.
The vocabularies are `StrEnum`s, so a member is its string everywhere (JSON, SQLite, comparisons).
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

SCHEMA_VERSION = 10


# -- vocabularies -------------------------------------------------------------------------------------------------

class Status(enum.StrEnum):
    """What the independent sources say about a claim, taken together."""

    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    UNSUPPORTED = "unsupported"
    CORROBORATED = "corroborated"
    SINGLE_SOURCE = "single_source"


class Label(enum.StrEnum):
    """What one source says about one claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    # about the same thing without vouching for it: relays it as someone's allegation, "reportedly", asks whether it
    # is true, reports a denial, says it is unconfirmed (schema 9)
    DISCUSSES = "discusses"
    NOT_MENTIONED = "not_mentioned"


class Judged(enum.StrEnum):
    """What the verifiers say about one sentence or claim against the sources together (`check`, the brief)."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


class RelationKind(enum.StrEnum):
    EXACT = "exact"
    NEAR_DUPLICATE = "near-duplicate"
    COPY = "copy"
    REWRITE = "rewrite"
    CONDENSATION = "condensation"
    TRANSLATION = "translation"


class EntityType(enum.StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"


class QuoteKind(enum.StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class ClaimKind(enum.StrEnum):
    STATEMENT = "statement"
    QUOTE = "quote"
    REPORTED = "reported"


class Section(enum.StrEnum):
    CORROBORATED = "corroborated"
    DISPUTED = "disputed"
    SINGLE_SOURCE = "single_source"


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class DocumentKind(enum.StrEnum):
    TEXT = "text"
    HTML = "html"


class OutletBasis(enum.StrEnum):
    METADATA = "metadata"
    COPYRIGHT = "copyright"
    DATELINE = "dateline"


class PublishedBasis(enum.StrEnum):
    METADATA = "metadata"
    DATELINE = "dateline"
    TEXT = "text"


class JudgementKind(enum.StrEnum):
    """What a person judges: one source on one claim, a claim's status, two entity names, two documents."""

    VERDICT = "verdict"
    STATUS = "status"
    ENTITY = "entity"
    DERIVATION = "derivation"


# each kind of judgement and its two decisions: the one vocabulary the CLI, the web form, the API and the store use
DECISIONS: dict[JudgementKind, tuple[str, str]] = {
    JudgementKind.VERDICT: ("right", "wrong"), JudgementKind.STATUS: ("right", "wrong"),
    JudgementKind.ENTITY: ("merge", "split"), JudgementKind.DERIVATION: ("confirm", "reject")}


class TimeType(enum.StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Spec(dict):
    """What a declaration says about a field beside its type (`Annotated[int, spec(minimum=0)]`)."""


def spec(doc: str = "", *, source: str | Callable[[Any], Any] | None = None, minimum: float | None = None,
         maximum: float | None = None, pattern: str | None = None, min_items: int | None = None) -> Spec:
    """A declared field: its description, its bounds, and where `dump` reads it (an attribute name, or a function
    of the working record; by default the attribute of the field's own name)."""
    meta = {"doc": doc, "source": source, "minimum": minimum, "maximum": maximum, "pattern": pattern,
            "min_items": min_items}
    return Spec({k: v for k, v in meta.items() if v is not None})


def _offset(doc: str = "") -> Spec:
    return spec(doc, minimum=0)


def _pair(index: int) -> Callable[[Any], Any]:
    return lambda pair: pair[index]


# -- the records --------------------------------------------------------------------------------------------------

@dataclass
class Span:
    """A [start, end) span of the document's cleaned text."""

    start: Annotated[int, spec(source=_pair(0), minimum=0)]
    end: Annotated[int, spec(source=_pair(1), minimum=0)]


@dataclass
class TextSpan:
    """Characters of a document, with the text they hold."""

    doc: str
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str


@dataclass
class Segment:
    """text[clean:clean+length] == original[orig:orig+length]."""

    clean: int
    orig: int
    length: int


@dataclass
class Removal:
    """What cleaning took out of the article (offsets into `original`), and why."""

    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    reason: str
    text: str = ""  # filled once the removed text is cut out


@dataclass
class Paragraph:
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    language: str | None
    heading: Annotated[bool, spec("a subhead or section heading inside the article: kept, never part of a claim")]


@dataclass
class Dateline:
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    place: str | None
    credit: str | None
    date: str | None


@dataclass
class AlignedSpan:
    """A span of the copy aligned to a span of its source."""

    start: int
    end: int
    source_start: int
    source_end: int
    similarity: float
    how: Annotated[str, spec("what aligned them: wording, meaning, meaning confirmed by the cross-encoder, or two "
                             "sentences read as one")]


@dataclass
class Addition:
    """A sentence of the copy that aligns to nothing in its source: a candidate for a fact the copy added."""

    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str


@dataclass
class Review:
    """A person's judgement of a machine answer (store.judgements), applied after the machine's stages."""

    decision: Annotated[str, spec("right or wrong (a verdict, a status), merge or split (entities), confirm or reject "
                                  "(a derivation)")]
    label: Annotated[str | None, spec("the correct label or status the person gave")]
    who: str
    at: Annotated[str, spec("when, ISO date and time")]
    note: str


@dataclass
class Judgement:
    """A judgement that concerns this story, and what it did in this run."""

    key: Annotated[str, spec("stable id: the kind and a content hash of what is judged")]
    kind: JudgementKind
    decision: str
    label: str | None
    subject: Annotated[dict[str, Any], spec("what it is about, in words")]
    documents: Annotated[list[str], spec("the documents it was made on")]
    who: str
    at: str
    note: str
    applied: bool
    outcome: Annotated[str, spec("what it changed, or why it did not apply")]


@dataclass
class Derivation:
    doc: Annotated[str, spec("the source document", source="source")]
    share: Annotated[float, spec("share of this document's cleaned characters aligned to the source", minimum=0, maximum=1)]
    basis: Annotated[str, spec("how the direction was decided")]
    kind: RelationKind
    spans: list[AlignedSpan]
    additions: list[Addition]
    review: Annotated[Review | None, spec("a person's judgement of it, when there is one")]


@dataclass
class Interval:
    """A date as the days it may be: ISO first and last day, and how fine it is."""

    start: str
    end: str
    granularity: str


@dataclass
class Time:
    """A time expression of a document, normalised against the document's own date where it is anchored."""

    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    type: TimeType
    value: Annotated[str, spec("TIMEX3 value (XXXX for what the text does not fix)")]
    interval: Interval | None
    mod: str | None
    anchored: bool
    reason: Annotated[str | None, spec("why the expression is not anchored")]


@dataclass
class Conversion:
    """An amount stated next to another as its conversion ("($1.2 million)")."""

    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    value: float
    unit: str | None
    currency: str | None
    approx: str | None
    high: float | None
    conversion: dict[str, Any] | None


@dataclass
class Quantity:
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    value: float
    unit: str | None
    currency: str | None
    approx: Annotated[str | None, spec("the word that makes it approximate or bounded: about, more than, ...")]
    high: Annotated[float | None, spec("the upper end of a range")]
    conversion: Conversion | None


@dataclass
class Document:
    id: str
    source: Annotated[str, spec("the file, line, record or URL it came from")]
    kind: DocumentKind
    title: str | None
    outlet: str | None
    outlet_basis: OutletBasis | None
    author: str | None
    url: str | None
    published: Annotated[str | None, spec("ISO date or date and time", pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")]
    published_basis: PublishedBasis | None
    language: str | None
    paragraphs: list[Paragraph]
    dateline: Dateline | None
    text: Annotated[str, spec("the cleaned article text: every span of this record points into it")]
    original: Annotated[str, spec("the text as read (for HTML: the page's visible text)")]
    segments: list[Segment]
    removed: list[Removal]
    derived_from: list[Derivation]
    group: Annotated[int | None, spec("independence group: documents that share a source are in one")]
    decoding: dict[str, Any]
    nlp: dict[str, Any]
    times: list[Time]
    quantities: list[Quantity]


@dataclass
class RelationSpan:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    how: str


@dataclass
class Relation:
    """Two documents that share text, whatever the direction."""

    a: str
    b: str
    kind: RelationKind
    share_a: float
    share_b: float
    direction: Annotated[str | None, spec("the source document when the direction is known")]
    basis: str
    spans: list[RelationSpan]
    review: Annotated[Review | None, spec("a person's judgement of it, when there is one")]


@dataclass
class Group:
    id: int
    documents: list[str]


@dataclass
class Mention:
    doc: str
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str


@dataclass
class Entity:
    id: str
    name: str
    type: EntityType
    aliases: list[str]
    evidence: Annotated[list[str], spec("why the type and the merges, in words")]
    mentions: list[Mention]
    review: Annotated[Review | None, spec("a person's judgement of it, when there is one")]


@dataclass
class Quote:
    id: str
    doc: str
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    kind: QuoteKind
    speaker: Annotated[str | None, spec("the speaker's entity id", source="speaker_entity")]
    speaker_text: str | None
    speaker_start: Annotated[int | None, _offset()]
    speaker_end: Annotated[int | None, _offset()]
    ref_text: Annotated[str | None, spec("for a pronoun speaker: the name it refers to")]
    ref_start: Annotated[int | None, _offset()]
    ref_end: Annotated[int | None, _offset()]
    cue: str | None
    cue_start: Annotated[int | None, _offset()]
    cue_end: Annotated[int | None, _offset()]


@dataclass
class Attribution:
    text: str
    start: int | None
    end: int | None
    cue: str | None
    speaker: Annotated[str | None, spec("the speaker's entity id")]


@dataclass
class ClaimTime:
    text: str
    start: int
    end: int
    value: str
    interval: Interval | None
    anchored: bool


@dataclass
class Verdict:
    """What one source says about the claim, why, and the characters that show it."""

    doc: str
    label: Label
    score: Annotated[float, spec("calibrated probability that this source supports the claim", minimum=0, maximum=1)]
    evidence: list[TextSpan]
    features: dict[str, float]
    reasons: list[str]
    verifier: str
    review: Annotated[Review | None, spec("a person's judgement of it, when there is one")]


@dataclass
class Trigger:
    """One event word of a claim: a verb or noun naming what happened, or the verb of its attribution."""

    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    lemma: Annotated[str, spec("the word's dictionary form, lower case: what happenings group on")]
    kind: Annotated[Literal["action", "speech"], spec("action: what happened; speech: the verb of saying")]


@dataclass
class Claim:
    """One atomic factual statement of a document, with the exact spans it came from."""

    id: str
    doc: str
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    spans: Annotated[list[Span], spec("the words it came from, in order", min_items=1)]
    sentence: Span
    kind: ClaimKind
    attribution: Attribution | None
    hedged: list[str]
    checkworthiness: Annotated[float, spec(minimum=0, maximum=1)]
    time: ClaimTime | None
    place: list[str]
    quantities: list[Quantity]
    entities: list[str]
    status: Status
    status_reason: str
    verdicts: list[Verdict]
    review: Annotated[Review | None, spec("a person's judgement of it, when there is one")]
    triggers: Annotated[list[Trigger], spec("its event words, grouped over the story into happenings")]


@dataclass
class When:
    text: Annotated[str, spec("the partial date in words: 2014, September 2023, Tuesday 4 March 2025")]
    start: Annotated[str, spec("ISO date: first day of the interval")]
    end: Annotated[str, spec("ISO date: last day of the interval")]
    granularity: str | None


@dataclass
class Citation:
    doc: str
    start: Annotated[int, _offset()]
    end: Annotated[int, _offset()]
    text: str
    claim: str


@dataclass
class Event:
    """Something that happened at a stated time, merged over every source that tells it."""

    id: str
    text: str
    when: When | None
    claims: list[str]
    docs: list[str]
    citations: list[Citation]
    expressions: list[TextSpan]
    status: Status | None
    reason: Annotated[str | None, spec("why `when` is empty")]


@dataclass
class Happening:
    """One thing that happened, named by event words in the claims of several documents: the same action (or one
    close in meaning, with a shared participant) at times that do not disagree, or one speaker's statements."""

    id: str
    name: Annotated[str, spec("the event word most documents use (for a statement: the speaker and the verb)")]
    lemma: str
    kind: Annotated[Literal["action", "speech"], spec("action: something that happened; speech: what a speaker said")]
    mentions: Annotated[list[Citation], spec("each event word, the claim it is in", min_items=2)]
    claims: list[str]
    docs: Annotated[list[str], spec("the documents that tell it", min_items=2)]
    entities: Annotated[list[str], spec("entity ids named in its claims, the most named first")]
    events: Annotated[list[str], spec("the timeline events of its dated claims")]


@dataclass
class Check:
    label: Literal["supported"]
    score: float
    verifier: str
    against_docs: list[str]


@dataclass
class BriefItem:
    text: str
    section: Section
    claim: str
    attribution: str | None
    citations: Annotated[list[TextSpan], spec(min_items=1)]
    against: list[TextSpan]
    check: Check


@dataclass
class Problem:
    source: str
    code: str
    level: Level
    reason: str


def _groups(story: Any) -> list[dict[str, Any]]:
    ids = sorted({d.group for d in story.documents if d.group is not None})
    return [{"id": g, "documents": [d.id for d in story.documents if d.group == g]} for g in ids]


def _quotes(story: Any) -> list[dict[str, Any]]:
    return [{**q.to_json(), "id": f"{doc.id}-q{n}", "doc": doc.id} for doc in story.documents for n, q in enumerate(doc.quotes)]


@dataclass
class StoryHead:
    id: str
    title: Annotated[str | None, spec("the headline of the story's first titled document",
                                      source=lambda s: next((d.title for d in s.documents if d.title), None))]
    documents: Annotated[int, spec(source=lambda s: len(s.documents))]
    groups: Annotated[int, spec("independence groups", source=lambda s: len(_groups(s)))]


@dataclass
class StoryPart:
    """One story: what its documents say, who copied whom, who is who, what is corroborated, when it happened."""

    story: Annotated[StoryHead, spec(source=lambda s: s)]
    documents: list[Document]
    relations: list[Relation]
    groups: Annotated[list[Group], spec(source=_groups)]
    entities: list[Entity]
    quotes: Annotated[list[Quote], spec(source=_quotes)]
    claims: Annotated[list[Claim], spec(source=lambda s: [c for d in s.documents for c in d.claims])]
    events: Annotated[list[Event], spec("dated claims merged into events across sources; anchored events first, in time order")]
    happenings: Annotated[list[Happening], spec("what happened, each told by several documents; the most widely told first")]
    brief: Annotated[list[BriefItem], spec("corroborated facts first, then disputed, then single-source; every sentence cited")]
    errors: list[Problem]
    reviews: Annotated[list[Judgement], spec("a person's judgements made on this story's documents, each with what it did")]


@dataclass
class Generator:
    name: Literal["storydesk"]
    version: str
    started: str
    finished: str
    stages: list[str]


@dataclass
class StoryWithRun(StoryPart):
    """One story with its run: what the report, the store and the web API take and serve."""

    schema_version: Literal[10]
    generator: Generator


@dataclass
class StoryFile:
    """A run's stories. Articles are grouped into stories first; each story is analysed on its own. Spans are
    [start, end) character offsets into a document's cleaned `text`, except removed[] whose spans are into `original`;
    segments[] maps cleaned offsets to original ones."""

    schema_version: Literal[10]
    generator: Generator
    stories: list[StoryPart]
    errors: list[Problem]


RECORDS: list[type] = [Span, TextSpan, Segment, Removal, Paragraph, Dateline, AlignedSpan, Addition, Review, Judgement, Derivation, Interval, Time,
                       Conversion, Quantity, Document, RelationSpan, Relation, Group, Mention, Entity, Quote, Attribution,
                       ClaimTime, Verdict, Claim, When, Citation, Event, Happening, Trigger, Check, BriefItem, Problem, StoryHead, StoryPart,
                       Generator, StoryWithRun, StoryFile]


# -- derived: the mapping -----------------------------------------------------------------------------------------

@functools.cache
def _declared(cls: type) -> dict[str, tuple[Any, Spec]]:
    """Each field's type and its spec (empty when the field has none)."""
    out = {}
    # the module as globals: a `source` lambda in an annotation must see the module's functions
    module = vars(sys.modules[cls.__module__])
    for name, hint in typing.get_type_hints(cls, globalns=module, include_extras=True).items():
        if typing.get_origin(hint) is Annotated:
            base, *extras = typing.get_args(hint)
            out[name] = (base, next((e for e in extras if isinstance(e, Spec)), Spec()))
        else:
            out[name] = (hint, Spec())
    return out


def _record(hint: Any) -> type | None:
    return hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None


def _parts(hint: Any) -> tuple[Any, bool]:
    """The type inside an optional, and whether it is optional."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _read(obj: Any, name: str) -> Any:
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


def dump(cls: type, obj: Any) -> dict[str, Any]:
    """The declared record `cls` read from a working record (or a dict): story.json's form of it."""
    out: dict[str, Any] = {}
    for name, (hint, meta) in _declared(cls).items():
        source = meta.get("source")
        value = source(obj) if callable(source) else _read(obj, source or name)
        out[name] = _value(hint, value)
    return out


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    inner, _ = _parts(hint)
    record = _record(inner)
    if record is not None:
        return dump(record, value)
    if typing.get_origin(inner) is list:
        item = _record(typing.get_args(inner)[0])
        return [dump(item, v) for v in value] if item is not None else value
    return value


# -- derived: the JSON Schema -------------------------------------------------------------------------------------

def _def_name(cls: type) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(cls.__name__))


def _type_schema(hint: Any, meta: dict[str, Any]) -> dict[str, Any]:
    inner, optional = _parts(hint)
    out: dict[str, Any]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        out = {"enum": [m.value for m in inner] + ([None] if optional else [])}
        optional = False
    elif typing.get_origin(inner) is Literal:
        values = list(typing.get_args(inner))
        out = {"const": values[0]} if len(values) == 1 else {"enum": values}
    elif _record(inner) is not None:
        out = {"$ref": f"#/$defs/{_def_name(inner)}"}
    elif typing.get_origin(inner) is list:
        out = {"type": "array", "items": _type_schema(typing.get_args(inner)[0], {})}
        if "min_items" in meta:
            out["minItems"] = meta["min_items"]
    elif typing.get_origin(inner) is dict:
        value = typing.get_args(inner)[1]
        out = {"type": "object"} if value is Any else {"type": "object", "additionalProperties": _type_schema(value, {})}
    elif inner is Any:
        out = {}
    else:
        out = {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[inner]}
    for key, name in (("minimum", "minimum"), ("maximum", "maximum"), ("pattern", "pattern")):
        if key in meta:
            out[name] = meta[key]
    if optional:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    if meta.get("doc"):
        out["description"] = meta["doc"]
    return out


def _record_schema(cls: type) -> dict[str, Any]:
    declared = _declared(cls)
    out: dict[str, Any] = {"type": "object"}
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        out["description"] = " ".join(cls.__doc__.split())
    out["required"] = list(declared)
    out["additionalProperties"] = False
    out["properties"] = {name: _type_schema(hint, meta) for name, (hint, meta) in declared.items()}
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of story.json (and, as `#/$defs/story_with_run`, of one story with its run)."""
    top = _record_schema(StoryFile)
    defs = {_def_name(c): _record_schema(c) for c in RECORDS if c is not StoryFile}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://storydesk.invalid/schema/story.schema.json", "title": "storydesk story.json", **top,
            "$defs": defs}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=1, ensure_ascii=False) + "\n"


# -- derived: the API models ---------------------------------------------------------------------------------------

@functools.cache
def api_model(cls: type) -> Any:
    """A pydantic model of a declared record (extra keys forbidden), for the web API's OpenAPI document."""
    import pydantic

    def annotation(hint: Any) -> Any:
        inner, optional = _parts(hint)
        if _record(inner) is not None:
            inner = api_model(inner)
        elif typing.get_origin(inner) is list:
            inner = list[annotation(typing.get_args(inner)[0])]  # type: ignore[misc]
        return inner | None if optional else inner

    fields: dict[str, Any] = {name: (annotation(hint), ...) for name, (hint, _) in _declared(cls).items()}
    return pydantic.create_model(cls.__name__, __config__=pydantic.ConfigDict(extra="forbid"), **fields)


if __name__ == "__main__":  # python -m storydesk.contract > src/storydesk/schema/story.schema.json
    sys.stdout.write(schema_text())
