"""Named read operations over story.db: everything the web UI, the exports and the run's index ask of the store.

No SQL outside `store/`. A story is served exactly as story.json holds it: the part the run stored (`payload_z`) with
its run's generator block, so the API, the report and story.json cannot drift apart.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from typing import Any

from .. import labels, storyjson
from .load import load_payload

# The contract: what exports list, table by table. Everything else in story.db is the engine's (work queue, cache,
# run problems, migrations) or SQLite's (full-text shadow tables), and no export shows it. A test checks that every
# table of a new store is in one list or the other.
CONTRACT_TABLES = ("stories", "documents", "removals", "paragraphs", "derivations", "relations", "entities", "mentions",
                   "quotes", "time_expressions", "quantities", "claims", "verdicts", "events", "event_citations",
                   "happenings", "happening_mentions", "brief_sentences", "brief_citations", "input_problems", "judgements")
ENGINE_TABLES = ("schema_migrations", "work_documents", "run_problems", "story_aliases")
ENGINE_COLUMNS = {"stories": ("members_hash", "payload_z", "generator_json")}  # the engine's cache of each story


def rows_of(conn: sqlite3.Connection, table: str) -> tuple[list[str], Iterator[tuple]]:
    """A contract table's columns (without the engine's) and its rows in insertion order."""
    if table not in CONTRACT_TABLES:
        raise KeyError(f"{table} is not a table of the story.db contract")
    hidden = ENGINE_COLUMNS.get(table, ())
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in hidden]
    if not columns:  # a store from before the table existed (exports read a store as it is, without migrating it)
        return [], iter(())
    listed = ", ".join(f'"{c}"' for c in columns)
    return columns, conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid')


def check(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError unless `conn` is a storydesk store."""
    conn.execute("SELECT 1 FROM stories LIMIT 1").fetchall()


def dict_rows(conn: sqlite3.Connection, table: str, order: str) -> list[dict[str, Any]]:
    columns, _ = rows_of(conn, table)
    if not columns:
        return []
    listed = ", ".join(f'"{c}"' for c in columns)
    return [dict(zip(columns, r)) for r in conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY {order}')]


# -- stories ----------------------------------------------------------------------------------------------------------

def stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every story, newest first; `name` is its headline, else `labels.story_name` of its documents."""
    rows = conn.execute("SELECT id, title, generator_version, analysed_at, document_count, group_count FROM stories "
                        "ORDER BY analysed_at DESC, id").fetchall()
    return [{"id": r[0], "title": r[1], "name": r[1] or _first_document_name(conn, r[0]), "version": r[2], "analysed_at": r[3],
             "documents": r[4], "groups": r[5]} for r in rows]


def story_names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The `name` (as `stories` gives it) of each story in `ids` that the store holds."""
    out = {}
    for sid in dict.fromkeys(ids):
        row = conn.execute("SELECT title FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is not None:
            out[sid] = row[0] or _first_document_name(conn, sid)
    return out


def _first_document_name(conn: sqlite3.Connection, story_id: str) -> str:
    rows = conn.execute("SELECT title, outlet, published, source, substr(text, 1, 300) FROM documents "
                        "WHERE story_id = ? ORDER BY rowid LIMIT 50", (story_id,)).fetchall()
    if not rows:
        return f"Story {story_id}"
    return labels.story_name([{"title": r[0], "outlet": r[1], "published": r[2], "source": r[3], "text": r[4]}
                              for r in rows])


def part_text(conn: sqlite3.Connection, story_id: str) -> str | None:
    """A story's story.json part as the run stored it (JSON text), or None."""
    row = conn.execute("SELECT payload_z FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    return zlib.decompress(row[0]).decode("utf-8")


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story with its run, exactly as story.json holds it (`storyjson.with_run` of the part), or None.

    A story written before the store kept parts (schema 4 and older) is rebuilt from the tables; a part kept by an
    earlier schema gets the fields added since, empty (`storyjson.upgraded`)."""
    row = conn.execute("SELECT payload_z, generator_json FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    if row[0] is None or row[1] is None:
        conn.row_factory = sqlite3.Row
        try:
            rebuilt = load_payload(conn, story_id)
            return storyjson.upgraded(rebuilt) if rebuilt is not None else None
        finally:
            conn.row_factory = None
    part = storyjson.upgraded(json.loads(zlib.decompress(row[0]).decode("utf-8")))
    return storyjson.with_run(part, json.loads(row[1]))


def story_summaries(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Title, size, claims, languages, outlets and dates of each story in `ids`, biggest first."""
    out = []
    for sid in ids:
        row = conn.execute("SELECT title, document_count, group_count FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is None:
            continue
        docs = conn.execute("SELECT language, outlet, published FROM documents WHERE story_id = ?", (sid,)).fetchall()
        dates = sorted(d[2][:10] for d in docs if d[2])
        # a story none of whose documents has a headline is named by its first document (outlet and date, or file)
        out.append({"id": sid, "title": row[0] or _first_document_name(conn, sid), "documents": row[1], "groups": row[2],
                    "claims": conn.execute("SELECT COUNT(*) FROM claims WHERE story_id = ?", (sid,)).fetchone()[0],
                    "languages": sorted({d[0] or "unknown" for d in docs}), "outlets": sorted({d[1] for d in docs if d[1]})[:6],
                    "first": dates[0] if dates else None, "last": dates[-1] if dates else None})
    out.sort(key=lambda s: (-s["documents"], s["id"]))
    return out


# -- documents ---------------------------------------------------------------------------------------------------------

def document(conn: sqlite3.Connection, story_id: str, doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """A document's row and the parts cleaning removed from it (offsets into `original`), or None."""
    conn.row_factory = sqlite3.Row
    try:
        d = conn.execute("SELECT * FROM documents WHERE story_id = ? AND id = ?", (story_id, doc_id)).fetchone()
        if d is None:
            return None
        removed = [dict(r) for r in conn.execute("SELECT start, end, reason FROM removals WHERE story_id = ? AND document_id = ? "
                                                 "ORDER BY start", (story_id, doc_id))]
        return dict(d), removed
    finally:
        conn.row_factory = None


# -- what the exports read --------------------------------------------------------------------------------------------

def all_documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return dict_rows(conn, "documents", "story_id, id")


def all_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return dict_rows(conn, "entities", "story_id, id")


def mentions_by_document(conn: sqlite3.Connection) -> list[tuple[str, str, str, int, str]]:
    """(story, entity, document, mentions, the distinct names used) for every entity named in a document."""
    return conn.execute("SELECT story_id, entity_id, document_id, COUNT(*), GROUP_CONCAT(DISTINCT text) FROM mentions "
                        "GROUP BY story_id, entity_id, document_id ORDER BY 1, 2, 3").fetchall()


def all_derivations(conn: sqlite3.Connection) -> list[tuple[str, str, str, str, float, str]]:
    """(story, document, source document, kind, share, basis) for every derivation."""
    return conn.execute("SELECT story_id, document_id, source_document_id, kind, share, basis FROM derivations "
                        "ORDER BY 1, 2, 3").fetchall()


def claim_entities(conn: sqlite3.Connection) -> Iterator[tuple[str, list[str]]]:
    """(story, entity ids) of every claim, in order."""
    for sid, ents in conn.execute("SELECT story_id, entities_json FROM claims ORDER BY story_id, rowid"):
        yield sid, json.loads(ents) if ents else []


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return bool(conn.execute(f'PRAGMA table_info("{table}")').fetchall())


def all_happenings(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every story's happenings, each with `documents` ({document: the words it uses}) and `dates` (the first and last
    day of the timeline events of its dated claims, or None) and `mentions` (its event words); none from a store written before they existed."""
    if not _has_table(conn, "happenings"):
        return []
    words: dict[tuple[str, str], dict[str, list[str]]] = {}
    counts: dict[tuple[str, str], int] = {}
    for sid, hid, did, text in conn.execute("SELECT story_id, happening_id, document_id, text FROM happening_mentions "
                                            "ORDER BY story_id, happening_id, rowid"):
        counts[(sid, hid)] = counts.get((sid, hid), 0) + 1
        seen = words.setdefault((sid, hid), {}).setdefault(did, [])
        if text not in seen:
            seen.append(text)
    when = {(sid, eid): (s, e) for sid, eid, s, e in conn.execute(
        "SELECT story_id, id, when_start, when_end FROM events WHERE when_start IS NOT NULL")}
    out = []
    for h in dict_rows(conn, "happenings", "story_id, position"):
        spans = [when[(h["story_id"], e)] for e in json.loads(h["events_json"]) if (h["story_id"], e) in when]
        out.append({**h, "entities": json.loads(h["entities_json"]), "documents": words.get((h["story_id"], h["id"]), {}),
                    "mentions": counts.get((h["story_id"], h["id"]), 0),
                    "dates": (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None})
    return out
