"""Exports of a story.db into the formats other tools read: an explicit registry, looked up by name.

- csv, jsonl: one file per table of the contract (documents.csv, claims.jsonl, ...; `store.read.CONTRACT_TABLES`),
  every column as stored; the engine's tables and columns (work queue, cache) are never listed.
- ftm: FollowTheMoney entities (Person, Organization, Address, Article, Mention, UnknownLink), one JSON
  object a line, which Aleph imports (`alephclient write-entities`) and `ftm` validates.
- graphml: documents and entities as nodes; mentions, co-occurrence in claims and derivations as edges (Gephi).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..store import StoreError, open_readonly, read
from .ftm import export_ftm
from .graphml import export_graphml
from .tables import export_csv, export_jsonl

Exporter = Callable[[sqlite3.Connection, Path], list[Path]]

# name -> (function, what --out names by default: a folder or a file)
EXPORTERS: dict[str, tuple[Exporter, str]] = {
    "csv": (export_csv, "csv"),
    "jsonl": (export_jsonl, "jsonl"),
    "ftm": (export_ftm, "entities.ftm.json"),
    "graphml": (export_graphml, "story.graphml"),
}


class ExportError(Exception):
    pass


def export(db: str | Path, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write `db` in format `fmt` to `out` (default: beside the database, in export/); return the files written."""
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(EXPORTERS)}")
    db = Path(db)
    if not db.is_file():
        raise ExportError(f"{db}: no such database file")
    function, default = EXPORTERS[fmt]
    target = Path(out) if out else db.parent / "export" / default
    try:
        conn = open_readonly(db)
    except StoreError as exc:
        raise ExportError(str(exc)) from exc
    try:
        try:
            read.check(conn)
        except sqlite3.DatabaseError as exc:
            raise ExportError(f"{db}: not a storydesk database ({exc})") from exc
        return function(conn, target)
    finally:
        conn.close()
