"""CSV and JSON Lines: one file per table, in a folder."""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection); an article
# title is untrusted text, so such a cell gets a leading apostrophe in CSV (JSON Lines keeps the text as is).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def tables(conn: sqlite3.Connection) -> list[str]:
    """User tables, without SQLite's own and the full-text index's shadow tables."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%' ORDER BY name").fetchall()
    return [r[0] for r in rows]


def _rows(conn: sqlite3.Connection, table: str):
    cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    return [d[0] for d in cur.description], cur


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(conn: sqlite3.Connection, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(conn):
        columns, cur = _rows(conn, table)
        path = out / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            # Every text cell in quotes: a spreadsheet whose locale separates cells with ';' (or tabs) would otherwise
            # split "Report;=1+1" and run the second cell as a formula.
            w = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
            w.writerow(columns)
            for row in cur:
                w.writerow([_cell(v) for v in row])
        written.append(path)
    return written


def export_jsonl(conn: sqlite3.Connection, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(conn):
        columns, cur = _rows(conn, table)
        path = out / f"{table}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in cur:
                record = dict(zip(columns, row))
                for k in [k for k in record if k.endswith("_json") and isinstance(record[k], str)]:
                    record[k[:-5]] = json.loads(record.pop(k))  # nested values as JSON, not strings of JSON
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        written.append(path)
    return written
