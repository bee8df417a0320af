"""How a story.json payload becomes the store's query tables: one declaration per table, read by `store.write` (the
INSERTs) and checked by a test against the declared records (`contract`) and the migrated schema.

Each `Table` names the contract record one row is made from, where its rows come from in the payload, and each column:
the record's field it holds (`field`, as JSON when `as_json`), a value of the row's context (`key`: the story id, the
document a row belongs to, a position), or a function of the record for a column that flattens a sub-record. Every
field of the record is either in some column or listed in `elsewhere` with where it is kept, so a field added to the
contract without a decision about its storage fails the test (tests/test_store.py), and so does a column that the
migrations and this declaration do not agree on. The whole story is kept besides, compressed, in `stories.payload_z`:
the tables are for search and SQL, the payload is what the UI and the exports read.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import contract

Row = tuple[dict[str, Any], Any]  # (context: story id, parent ids, position; the item)


def as_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Column:
    name: str
    field: str | None = None  # the record's field it holds
    key: str | None = None  # or: a value of the row's context
    read: Callable[[Any], Any] | None = None  # or: a function of the item (a flattened sub-record)
    from_fields: tuple[str, ...] = ()  # the fields `read` reads (for the coverage check)
    json: bool = False

    def value(self, item: Any, context: dict[str, Any]) -> Any:
        if self.key is not None:
            return context[self.key]
        if self.read is not None:
            return self.read(item)
        value = item[self.field]
        return as_json(value) if self.json else value

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,) if self.field else self.from_fields


def f(name: str, column: str | None = None, *, as_json: bool = False) -> Column:
    """A column holding the field `name` (as JSON text with `as_json`)."""
    return Column(column or (name + "_json" if as_json else name), field=name, json=as_json)


def k(column: str, key: str | None = None) -> Column:
    """A column holding a value of the row's context."""
    return Column(column, key=key or column)


def r(column: str, read: Callable[[Any], Any], *fields: str) -> Column:
    """A column computed from the item, reading `fields`."""
    return Column(column, read=read, from_fields=fields)


@dataclass(frozen=True)
class Table:
    name: str
    record: type
    rows: Callable[[dict[str, Any], dict[str, Any]], Iterable[Row]]  # (payload, the story's context) -> rows
    columns: tuple[Column, ...]
    elsewhere: dict[str, str] = field(default_factory=dict)  # the record's fields in no column, and where they are

    def insert_sql(self) -> str:
        names = ", ".join(c.name for c in self.columns)
        return f"INSERT INTO {self.name} ({names}) VALUES ({', '.join('?' for _ in self.columns)})"

    def values(self, payload: dict[str, Any], context: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(c.value(item, ctx) for c in self.columns) for ctx, item in self.rows(payload, context)]


def _each(key: str) -> Callable[[dict[str, Any], dict[str, Any]], Iterator[Row]]:
    return lambda payload, ctx: ((ctx, item) for item in payload[key])


def _per_document(key: str) -> Callable[[dict[str, Any], dict[str, Any]], Iterator[Row]]:
    return lambda payload, ctx: (({**ctx, "document_id": d["id"]}, item) for d in payload["documents"] for item in d[key])


def _story(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    yield ctx, {**payload["story"], "generator": payload["generator"]}


def _mentions(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    return (({**ctx, "entity_id": e["id"]}, m) for e in payload["entities"] for m in e["mentions"])


def _verdicts(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    return (({**ctx, "claim_id": c["id"]}, v) for c in payload["claims"] for v in c["verdicts"])


def _positioned(key: str) -> Callable[[dict[str, Any], dict[str, Any]], Iterator[Row]]:
    return lambda payload, ctx: (({**ctx, "position": n}, item) for n, item in enumerate(payload[key]))


def _event_citations(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    return (({**ctx, "event_id": e["id"], "time_text": x.get("text")}, c)
            for e in payload["events"] for c, x in zip(e["citations"], e["expressions"]))


def _happening_mentions(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    return (({**ctx, "happening_id": h["id"]}, m) for h in payload["happenings"] for m in h["mentions"])


def _brief_citations(payload: dict[str, Any], ctx: dict[str, Any]) -> Iterator[Row]:
    return (({**ctx, "position": n, "role": role}, c) for n, b in enumerate(payload["brief"])
            for role, cites in (("supports", b["citations"]), ("contradicts", b["against"])) for c in cites)


def _interval(name: str, part: str) -> Callable[[Any], Any]:
    return lambda item: (item[name] or {}).get(part)


def _claim_time(part: str) -> Callable[[Any], Any]:
    return lambda c: ((c["time"] or {}).get("interval") or {}).get(part)


_PAYLOAD = "the story's payload (stories.payload_z)"

# In the order of writing: a row's parent exists before it (foreign keys).
TABLES: tuple[Table, ...] = (
    Table("stories", contract.StoryHead, _story, (
        f("id"), r("generator_version", lambda s: s["generator"]["version"]),
        r("analysed_at", lambda s: s["generator"]["finished"]), f("documents", "document_count"),
        f("groups", "group_count"), k("members_hash"), k("payload_z"), r("title", lambda s: s.get("title"), "title"),
        r("generator_json", lambda s: as_json(s["generator"])))),
    Table("documents", contract.Document, _each("documents"), (
        k("story_id"), f("id"), f("source"), f("kind"), f("title"), f("outlet"), f("outlet_basis"), f("author"),
        f("url"), f("published"), f("published_basis"), f("language"), f("group", "independence_group"), f("text"),
        f("original"), f("segments", as_json=True), f("dateline", as_json=True), f("decoding", as_json=True)),
        {"paragraphs": "table paragraphs", "removed": "table removals", "derived_from": "table derivations",
         "times": "table time_expressions", "quantities": "table quantities", "nlp": _PAYLOAD}),
    Table("removals", contract.Removal, _per_document("removed"), (
        k("story_id"), k("document_id"), f("start"), f("end"), f("reason"), f("text"))),
    Table("paragraphs", contract.Paragraph, _per_document("paragraphs"), (
        k("story_id"), k("document_id"), f("start"), f("end"), f("language"),
        r("heading", lambda p: int(bool(p.get("heading"))), "heading"))),
    Table("derivations", contract.Derivation, _per_document("derived_from"), (
        k("story_id"), k("document_id"), f("doc", "source_document_id"), f("share"), f("basis"), f("kind"),
        f("spans", as_json=True), f("additions", as_json=True)),
        {"review": f"{_PAYLOAD}; the judgement itself in table judgements"}),
    Table("relations", contract.Relation, _each("relations"), (
        k("story_id"), f("a", "document_a"), f("b", "document_b"), f("kind"), f("share_a"), f("share_b"),
        f("direction", "source_document_id"), f("basis"), f("spans", as_json=True)),
        {"review": f"{_PAYLOAD}; the judgement itself in table judgements"}),
    Table("entities", contract.Entity, _each("entities"), (
        k("story_id"), f("id"), f("name"), f("type"), f("aliases", as_json=True), f("evidence", as_json=True)),
        {"mentions": "table mentions", "review": f"{_PAYLOAD}; the judgement itself in table judgements"}),
    Table("mentions", contract.Mention, _mentions, (
        k("story_id"), f("doc", "document_id"), f("start"), f("end"), f("text"), k("entity_id"))),
    Table("quotes", contract.Quote, _each("quotes"), (
        k("story_id"), f("doc", "document_id"), f("id"), f("kind"), f("start"), f("end"), f("text"),
        f("speaker", "speaker_entity_id"), f("speaker_text"), f("speaker_start"), f("speaker_end"), f("cue")),
        {"ref_text": _PAYLOAD, "ref_start": _PAYLOAD, "ref_end": _PAYLOAD, "cue_start": _PAYLOAD, "cue_end": _PAYLOAD}),
    Table("time_expressions", contract.Time, _per_document("times"), (
        k("story_id"), k("document_id"), f("start"), f("end"), f("text"), f("type"), f("value"),
        r("interval_start", _interval("interval", "start"), "interval"), r("interval_end", _interval("interval", "end")),
        r("granularity", _interval("interval", "granularity")), f("reason")),
        {"mod": _PAYLOAD, "anchored": _PAYLOAD}),
    Table("quantities", contract.Quantity, _per_document("quantities"), (
        k("story_id"), k("document_id"), f("start"), f("end"), f("text"), f("value"), f("unit"), f("currency"),
        f("approx"), r("json", as_json, "high", "conversion"))),
    Table("claims", contract.Claim, _each("claims"), (
        k("story_id"), f("id"), f("doc", "document_id"), f("start"), f("end"), f("text"), f("kind"), f("status"),
        f("status_reason"), f("checkworthiness"), r("hedged", lambda c: ", ".join(c["hedged"]) or None, "hedged"),
        r("attribution_text", lambda c: (c["attribution"] or {}).get("text"), "attribution"),
        r("attribution_entity_id", lambda c: (c["attribution"] or {}).get("speaker")),
        r("time_value", lambda c: (c["time"] or {}).get("value"), "time"), r("time_start", _claim_time("start")),
        r("time_end", _claim_time("end")), f("spans", as_json=True), f("entities", as_json=True),
        f("quantities", as_json=True)),
        {"sentence": _PAYLOAD, "place": _PAYLOAD, "verdicts": "table verdicts",
         "triggers": f"{_PAYLOAD}; those in a happening in table happening_mentions",
         "review": f"{_PAYLOAD}; the judgement itself in table judgements"}),
    Table("verdicts", contract.Verdict, _verdicts, (
        k("story_id"), k("claim_id"), f("doc", "document_id"), f("label"), f("score"), f("verifier"),
        f("reasons", as_json=True), f("features", as_json=True), f("evidence", as_json=True)),
        {"review": f"{_PAYLOAD}; the judgement itself in table judgements"}),
    Table("events", contract.Event, _positioned("events"), (
        k("story_id"), f("id"), k("position"), f("text"), r("when_text", _interval("when", "text"), "when"),
        r("when_start", _interval("when", "start")), r("when_end", _interval("when", "end")),
        r("granularity", _interval("when", "granularity")), f("status"), f("reason", "unanchored_reason")),
        {"citations": "table event_citations", "expressions": "table event_citations (time_text)",
         "claims": "table event_citations (claim_id)", "docs": "table event_citations (document_id)"}),
    Table("event_citations", contract.Citation, _event_citations, (
        k("story_id"), k("event_id"), f("claim", "claim_id"), f("doc", "document_id"), f("start"), f("end"), f("text"),
        k("time_text"))),
    Table("happenings", contract.Happening, _positioned("happenings"), (
        k("story_id"), f("id"), k("position"), f("name"), f("lemma"), f("kind"), f("entities", as_json=True),
        f("events", as_json=True)),
        {"mentions": "table happening_mentions", "claims": "table happening_mentions (claim_id)",
         "docs": "table happening_mentions (document_id)"}),
    Table("happening_mentions", contract.Citation, _happening_mentions, (
        k("story_id"), k("happening_id"), f("claim", "claim_id"), f("doc", "document_id"), f("start"), f("end"),
        f("text"))),
    Table("brief_sentences", contract.BriefItem, _positioned("brief"), (
        k("story_id"), k("position"), f("text"), f("section"), f("claim", "claim_id"), f("attribution"),
        r("check_label", lambda b: b["check"]["label"], "check"), r("check_score", lambda b: b["check"]["score"]),
        r("check_verifier", lambda b: b["check"].get("verifier"))),
        {"citations": "table brief_citations (role supports)", "against": "table brief_citations (role contradicts)"}),
    Table("brief_citations", contract.Citation, _brief_citations, (
        k("story_id"), k("position"), k("role"), f("doc", "document_id"), f("start"), f("end"), f("text")),
        {"claim": "table brief_sentences (claim_id)"}),
    Table("input_problems", contract.Problem, _each("errors"), (
        k("story_id"), f("source"), f("code"), f("level"), f("reason"))),
)

# The store's other tables, and what they hold instead of a story's rows.
NOT_STORY_ROWS = {
    "work_documents": "each article's analysed record, keyed by document and analyser (the per-article cache)",
    "run_problems": "the last run's problems that belong to no story",
    "judgements": "a person's judgements (store.judgements), kept across runs",
    "story_aliases": "story ids given up, and the story each leads to now",
    "schema_migrations": "the migrations applied",
}


def insert(conn: Any, story_id: str, payload: dict[str, Any], members_hash: str | None, payload_z: bytes | None) -> None:
    """Every table's rows of one story (inside the caller's transaction)."""
    context = {"story_id": story_id, "members_hash": members_hash, "payload_z": payload_z}
    for table in TABLES:
        conn.executemany(table.insert_sql(), table.values(payload, context))
