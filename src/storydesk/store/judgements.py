"""A person's judgements in story.db: kept across runs by their stable key (one per subject: the latest wins)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..model import Judgement

_COLUMNS = "key, kind, decision, label, subject_json, documents_json, who, at, note"


def put(conn: sqlite3.Connection, j: Judgement) -> None:
    """Record a judgement, replacing an earlier one of the same subject."""
    with conn:
        conn.execute(f"INSERT OR REPLACE INTO judgements ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (j.key, j.kind, j.decision, j.label, json.dumps(j.subject, ensure_ascii=False, sort_keys=True),
                      json.dumps(sorted(j.documents)), j.who, j.at, j.note))


def remove(conn: sqlite3.Connection, key: str) -> bool:
    with conn:
        return conn.execute("DELETE FROM judgements WHERE key = ?", (key,)).rowcount > 0


def _row(r: tuple) -> Judgement:
    return Judgement(key=r[0], kind=r[1], decision=r[2], label=r[3], subject=json.loads(r[4]), documents=json.loads(r[5]),
                     who=r[6], at=r[7], note=r[8])


def every(conn: sqlite3.Connection) -> list[Judgement]:
    """All judgements, oldest first (a store from before judgements existed has none)."""
    try:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM judgements ORDER BY at, key").fetchall()
    except sqlite3.OperationalError:
        return []
    return [_row(r) for r in rows]


def concerning(judgements: Iterable[Judgement], doc_ids: Iterable[str]) -> list[Judgement]:
    """The judgements made on any of these documents, oldest first."""
    ids = set(doc_ids)
    return [j for j in judgements if ids & set(j.documents)]
