"""The engine's state in story.db: the analysed articles (its cache and work queue), each story's members, the run's
problems. Named operations, so no SQL lives outside `store/`; none of these tables is part of the exported contract."""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any, NamedTuple


class WorkDocument(NamedTuple):
    """One analysed article: its codec record, clustering features and problems, all JSON text, and its input as read
    (JSON of its RawDocument), kept so that a run after an upgrade can analyse it again."""

    id: str
    source: str
    record: str
    features: str | None  # None until the features pass (`put_features`)
    problems: str
    raw: str | None = None


class StaleDocument(NamedTuple):
    """An analysed article whose per-document work was made by other code or weights than this run's."""

    id: str
    source: str
    raw: str | None  # JSON of its RawDocument; None in a store written before inputs were kept (schema < 11)
    record: str | None  # its codec record, what is left to analyse again when the input was not kept


def cached_ids(conn: sqlite3.Connection, analyser: str) -> set[str]:
    """The articles already analysed by this analyser version."""
    rows = conn.execute("SELECT document_id FROM work_documents WHERE analyser_version = ?", (analyser,))
    return {r[0] for r in rows}


def put_documents(conn: sqlite3.Connection, analyser: str, documents: Iterable[WorkDocument], added_at: str) -> None:
    """Store analysed articles in one transaction (a killed run keeps every committed partition)."""
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO work_documents (document_id, source, analyser_version, record_json, features_json, "
            "problems_json, added_at, raw_z) VALUES (?, ?, ?, ?, ?, ?, COALESCE((SELECT added_at FROM work_documents "
            "WHERE document_id = ?), ?), COALESCE(?, (SELECT raw_z FROM work_documents WHERE document_id = ?)))",
            [(d.id, d.source, analyser, d.record, d.features, d.problems, d.id, added_at,
              compress(d.raw) if d.raw is not None else None, d.id) for d in documents])


def stale(conn: sqlite3.Connection, analyser: str) -> list[StaleDocument]:
    """The analysed articles whose per-document work was made by another analyser (other code or weights), in the
    order they were first stored."""
    rows = conn.execute("SELECT document_id, source, raw_z, record_json FROM work_documents WHERE analyser_version != ? "
                        "ORDER BY rowid", (analyser,))
    return [StaleDocument(r[0], r[1], zlib.decompress(r[2]).decode("utf-8") if r[2] is not None else None, r[3])
            for r in rows]


def without_features(conn: sqlite3.Connection) -> dict[str, str]:
    """id -> source of the analysed articles whose clustering features are still to compute (new ones, or a killed
    run's), in the order they were stored."""
    rows = conn.execute("SELECT document_id, source FROM work_documents WHERE record_json IS "
                        "NOT NULL AND features_json IS NULL ORDER BY rowid")
    return {r[0]: r[1] for r in rows}


def put_features(conn: sqlite3.Connection, features: Iterable[tuple[str, str]]) -> None:
    """(document id, features JSON) of analysed articles, in one transaction."""
    with conn:
        conn.executemany("UPDATE work_documents SET features_json = ? WHERE document_id = ?",
                         [(f, d) for d, f in features])


def members(conn: sqlite3.Connection) -> list[tuple[str, str, str | None, str]]:
    """(id, source, published, features JSON) of every analysed article with its features, for clustering: every
    article the store holds, whichever analyser made it (an article that could not be analysed again after an upgrade
    keeps its earlier analysis rather than leave its story)."""
    return conn.execute("SELECT document_id, source, json_extract(record_json, '$.published'), features_json "
                        "FROM work_documents WHERE record_json IS NOT NULL AND features_json IS NOT NULL").fetchall()


def record(conn: sqlite3.Connection, doc_id: str) -> tuple[str, list[dict[str, Any]]]:
    """An analysed article's codec record and its problems."""
    rec, problems = conn.execute("SELECT record_json, problems_json FROM work_documents WHERE document_id = ?",
                                 (doc_id,)).fetchone()
    return rec, json.loads(problems)


def story_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """The members hash of every story an engine run wrote."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, members_hash FROM stories WHERE members_hash IS NOT NULL")}


def story_of_documents(conn: sqlite3.Connection) -> dict[str, str]:
    """The story each article is in, for the stories an engine run wrote."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT d.id, d.story_id FROM documents d JOIN stories s ON s.id = d.story_id WHERE s.members_hash IS NOT NULL")}


def drop_stories(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    with conn:
        conn.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in ids])


def pending_judgements(conn: sqlite3.Connection, story_id: str | None = None) -> list[tuple[str, str, str, str]]:
    """The judgements a story's last analysis did not see (a re-run that was stopped, a server that was closed, a
    judgement kept while a run that had already started was analysing): (story id, kind, decision, at), oldest first;
    of one story with `story_id`. A story's analysis lists every judgement it was given in its `reviews`, applied or
    not, so a judgement is waiting when its key and time are not there (whatever the clocks say)."""
    try:
        rows = conn.execute(
            "SELECT DISTINCT s.id, j.key, j.kind, j.decision, j.at FROM judgements j, json_each(j.documents_json) d "
            "JOIN documents doc ON doc.id = d.value JOIN stories s ON s.id = doc.story_id"
            + (" WHERE s.id = ?" if story_id else "") + " ORDER BY j.at, s.id",
            (story_id,) if story_id else ()).fetchall()
    except sqlite3.OperationalError:  # a store from before judgements
        return []
    seen: dict[str, set[tuple[str, str]]] = {}
    out = []
    for sid, key, kind, decision, at in rows:
        if sid not in seen:
            row = conn.execute("SELECT payload_z FROM stories WHERE id = ?", (sid,)).fetchone()
            part = json.loads(zlib.decompress(row[0])) if row and row[0] is not None else {}
            seen[sid] = {(r["key"], r["at"]) for r in part.get("reviews", [])}
        if (key, at) not in seen[sid]:
            out.append((sid, kind, decision, at))
    return out


def alias_stories(conn: sqlite3.Connection, moved: dict[str, str]) -> None:
    """Old story ids and the story that took their articles (a merge, a regrouping), so an old address still leads
    somewhere. An id that is a story again stops being an alias."""
    with conn:
        conn.executemany("INSERT OR REPLACE INTO story_aliases (old_id, new_id) VALUES (?, ?)", sorted(moved.items()))
        conn.execute("DELETE FROM story_aliases WHERE old_id IN (SELECT id FROM stories)")


def story_alias(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The story an old id leads to now (following merges of merges), or None."""
    seen = {story_id}
    current = story_id
    while (row := conn.execute("SELECT new_id FROM story_aliases WHERE old_id = ?", (current,)).fetchone()):
        current = row[0]
        if current in seen:
            return None
        seen.add(current)
        if conn.execute("SELECT 1 FROM stories WHERE id = ?", (current,)).fetchone():
            return current
    return None


def record_problems(conn: sqlite3.Connection, problems: list[tuple[str, str, str, str]]) -> None:
    """The last run's (source, code, level, reason) problems, replacing the run before."""
    with conn:
        conn.execute("DELETE FROM run_problems")
        conn.executemany("INSERT INTO run_problems (position, source, code, level, reason) VALUES (?, ?, ?, ?, ?)",
                         [(n, *p) for n, p in enumerate(problems)])


def stamp_generator(conn: sqlite3.Connection, ids: Iterable[str], generator: dict[str, Any]) -> None:
    """Give the stories of a finished run the run's generator block (the one story.json carries), so the store serves
    each story exactly as that story.json holds it."""
    block = json.dumps(generator, ensure_ascii=False, sort_keys=True)
    with conn:
        conn.executemany("UPDATE stories SET generator_json = ? WHERE id = ?", [(block, sid) for sid in ids])


def compress(part_json: str) -> bytes:
    return zlib.compress(part_json.encode("utf-8"), 6)
