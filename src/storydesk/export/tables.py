"""CSV and JSON Lines: one file per table, in a folder."""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from ..store import read

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection); an article
# title is untrusted text, so such a cell gets a leading apostrophe in CSV (JSON Lines keeps the text as is).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def tables() -> tuple[str, ...]:
    """The contract's tables, never the engine's (work queue, cache, run problems) nor SQLite's."""
    return read.CONTRACT_TABLES


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(conn: sqlite3.Connection, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables():
        columns, cur = read.rows_of(conn, table)
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
    for table in tables():
        columns, cur = read.rows_of(conn, table)
        path = out / f"{table}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in cur:
                record = dict(zip(columns, row))
                for k in [k for k in record if k.endswith("_json") and isinstance(record[k], str)]:
                    record[k[:-5]] = json.loads(record.pop(k))  # nested values as JSON, not strings of JSON
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        written.append(path)
    return written
