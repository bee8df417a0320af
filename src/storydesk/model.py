"""Typed records that flow through the stages.

One `Document` is made by ingest+extract and later stages add to it; the
`Story` holds the documents of one story and the cross-document results.
Every span is a pair of character offsets into `Document.text` (the cleaned
text) unless its name says `orig`; `Document.to_original` maps cleaned
offsets back into `Document.original`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from . import contract
from .contract import (
    Addition,
    AlignedSpan,
    ClaimKind,
    Dateline,
    JudgementKind,
    Label,
    Paragraph,
    RelationSpan,
    Removal,
    Review,
    Section,
    Segment,
    Status,
)


@dataclass
class Problem:
    """A per-input problem: reported to the user, never fatal to the run.

    `level` is "error" (the input, or part of it, could not be used) or
    "warning" (it was used, with the caveat in `reason`).
    """

    source: str
    reason: str
    code: str
    level: str = "error"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "code": self.code, "level": self.level, "reason": self.reason}


@dataclass
class RawDocument:
    """What a reader produced: decoded text or HTML plus what the source said about itself."""

    source: str  # path, path:line, path#record, URL or "<stdin>"
    content: str  # decoded text (HTML markup kept when kind == "html")
    kind: str  # "html" or "text"
    meta: dict[str, Any] = field(default_factory=dict)  # title/url/published/outlet/author given by the source
    decoding: dict[str, Any] = field(default_factory=dict)  # encoding, repairs applied while decoding
    problems: list[Problem] = field(default_factory=list)  # warnings raised while reading
    # the id a stored article keeps when it is analysed again from what the store kept of it (engine.Run); None: the id
    # is made from source and content (extract.doc_id)
    id: str | None = None


@dataclass
class Derivation:
    """Document `doc` copies, rewrites or condenses `source` (both document ids)."""

    doc: str
    source: str
    share: float  # share of `doc`'s cleaned characters aligned to `source`
    basis: str  # how the direction was decided: "dates", "wire credit", "text evidence", "containment"
    kind: str  # "exact", "near-duplicate", "copy", "rewrite", "condensation", "translation"
    spans: list[AlignedSpan] = field(default_factory=list)  # the copy's spans aligned to its source's
    # the copy's own sentences that align to nothing in the source: {start, end, text}, the candidates for added facts
    additions: list[Addition] = field(default_factory=list)
    review: Review | None = None  # a person's judgement of it


@dataclass
class Document:
    id: str
    source: str
    original: str  # the text as read (for HTML: the page's visible text, one block a line)
    text: str = ""  # the cleaned article text
    segments: list[Segment] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    outlet_basis: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime, or None when the text gives no date
    published_basis: str | None = None  # "metadata", "dateline", "text" or None
    language: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    dateline: Dateline | None = None
    kind: str = "text"
    decoding: dict[str, Any] = field(default_factory=dict)
    group: int | None = None
    derived_from: list[Derivation] = field(default_factory=list)
    # filled by annotate (offsets into `text`)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)  # annotate.quotes.Quote
    times: list[Any] = field(default_factory=list)  # annotate.times.TimeExpression
    quantities: list[Any] = field(default_factory=list)  # annotate.quantities.Quantity
    nlp: dict[str, Any] = field(default_factory=dict)  # {pipeline, fallback_reason}
    # filled by claims and corroborate
    claims: list[Claim] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned-text span [start, end) to the original text.

        Cleaned text is verbatim runs of the original joined by paragraph
        breaks that cleaning inserted: a start inside such a break maps to
        the next run's first character, an end to the previous run's end.
        """
        if not self.segments:
            return start, end
        return self._map_start(start), self._map_end(end)

    def _map_start(self, pos: int) -> int:
        for seg in self.segments:
            if pos < seg.clean + seg.length:
                return seg.orig + max(pos - seg.clean, 0)
        last = self.segments[-1]
        return last.orig + last.length

    def _map_end(self, pos: int) -> int:
        best = self.segments[0].orig
        for seg in self.segments:
            if pos <= seg.clean:
                break
            best = seg.orig + min(pos - seg.clean, seg.length)
        return best


@dataclass
class Mention:
    """A name in a document's cleaned text, with the type the story settled on."""

    doc: str
    start: int
    end: int
    text: str
    label: str  # what the parser said (PERSON, ORG, GPE, PER, LOC, ... or "alias" when found by name)
    type: str = ""  # PERSON, ORG, PLACE after story-level correction
    entity: str | None = None  # entity id after resolve

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Entity:
    id: str
    name: str
    type: str  # PERSON, ORG, PLACE
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # why the type and the merges: readable reasons
    review: Review | None = None  # a person merged or split it


@dataclass
class Verdict:
    """What one source says about one claim: supports, contradicts or not_mentioned, and why."""

    doc: str
    label: Label
    score: float  # calibrated probability that this source supports the claim
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {doc, start, end, text}
    features: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    verifier: str = ""
    review: Review | None = None  # a person's judgement of this verdict


@dataclass
class Claim:
    """One atomic factual statement of a document, with the exact spans it came from."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # the words it came from, in order
    sentence: tuple[int, int] = (0, 0)
    kind: ClaimKind = ClaimKind.STATEMENT  # quote: what a speaker said, in quote marks; reported: X said that ...
    attribution: dict[str, Any] | None = None  # {text, start, end, cue, speaker (entity id or None)}
    hedged: list[str] = field(default_factory=list)  # the hedging words: alleged, reportedly, could ...
    checkworthiness: float = 0.0
    event: bool = False  # a verb other than a copula states something that happened (feeds check-worthiness)
    # its event words (happenings.triggers): {start, end, text, lemma, kind: action|speech}, grouped into happenings
    triggers: list[dict[str, Any]] = field(default_factory=list)
    time: dict[str, Any] | None = None  # {text, start, end, value, interval}
    place: list[str] = field(default_factory=list)  # PLACE entity ids
    quantities: list[dict[str, Any]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    status: Status | None = None
    status_reason: str = ""
    review: Review | None = None  # a person's judgement of the status


@dataclass
class Relation:
    """Two documents that share text, whatever the direction."""

    a: str
    b: str
    kind: str  # "exact", "near-duplicate", "copy", "rewrite", "shared source"
    share_a: float  # share of a's text aligned to b
    share_b: float
    direction: str | None  # id of the source document when known
    basis: str
    spans: list[RelationSpan] = field(default_factory=list)
    review: Review | None = None  # a person confirmed it


@dataclass
class Judgement:
    """A person's judgement of a machine answer, kept in story.db and applied after the machine's stages on every run.

    `key` is stable across runs: the kind and a content hash of what is judged (the claim's words and its document's
    text, the two entity names, the two documents' texts), so a re-run or an added article finds it again."""

    key: str
    kind: JudgementKind  # one source on one claim, a claim's status, two entity names, two documents
    decision: str  # verdict/status: "right" or "wrong"; entity: "merge" or "split"; derivation: "confirm" or "reject"
    label: str | None  # the correct label (a verdict's Label, a claim's Status), when "wrong"
    subject: dict[str, Any]  # what it is about, in words: {claim, source} / {names} / {documents}
    documents: list[str]  # the ids of the documents it was made on (a story holding one is analysed again)
    who: str
    at: str
    note: str = ""

    WHO_MAX: ClassVar[int] = 80  # a name or initials, as the web form takes it
    NOTE_MAX: ClassVar[int] = 500

    def __post_init__(self) -> None:
        """Who and the note in one line and within the lengths every way in (CLI, web form, API) keeps them."""
        self.kind = JudgementKind(self.kind)
        self.who = " ".join(self.who.split())[:self.WHO_MAX]
        self.note = " ".join(self.note.split())[:self.NOTE_MAX]


@dataclass
class Event:
    """Something that happened at a stated time, merged over every source that tells it.

    `when` is {text, start, end, granularity} for an anchored interval (ISO dates; "2014" is
    the whole year), or None with `reason` saying why the date could not be placed.
    `citations` are the claims' spans: {doc, start, end, text, claim}.
    """

    id: str
    text: str
    when: dict[str, Any] | None
    claims: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    expressions: list[dict[str, Any]] = field(default_factory=list)  # the time words: {doc, start, end, text}
    status: Status | None = None  # the best status among its claims
    reason: str | None = None  # why `when` is None


@dataclass
class Happening:
    """One thing that happened, as the story's claims name it: the same event words (a verb, or a noun naming an
    action) in claims whose times do not disagree and whose participants, when both name some, overlap.

    `mentions` are the event words: {doc, start, end, text, claim}; `events` the timeline rows of its dated claims.
    """

    id: str
    name: str
    lemma: str
    kind: str  # "action" or "speech"
    mentions: list[dict[str, Any]] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # who and where, over its claims
    events: list[str] = field(default_factory=list)


@dataclass
class BriefItem:
    """One sentence of the brief: a claim's words, the sources behind it and the check it passed."""

    text: str
    section: Section
    claim: str
    attribution: str | None = None  # "officials said", "according to the ministry": shown with the sentence
    citations: list[dict[str, Any]] = field(default_factory=list)  # {doc, start, end, text}: sources that say it
    against: list[dict[str, Any]] = field(default_factory=list)  # {doc, start, end, text}: sources that contradict it
    check: dict[str, Any] = field(default_factory=dict)  # {label, score, verifier, against_docs}


@dataclass
class Story:
    id: str
    documents: list[Document] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    happenings: list[Happening] = field(default_factory=list)
    brief: list[BriefItem] = field(default_factory=list)
    # the judgements that concern this story, each with whether it applied ({..., applied, outcome})
    reviews: list[contract.Judgement] = field(default_factory=list)  # each judgement of the story, and what it did
