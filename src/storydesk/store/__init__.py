"""SQLite store: every row keyed by story, a versioned schema, migrations that are safe to re-run.

The package's public names; the code and its full description are in `write.py`.
"""
from __future__ import annotations

from . import judgements, read, work
from .write import (
    MIGRATIONS,
    StoreBusy,
    StoreError,
    migrate,
    open_for_run,
    open_readonly,
    open_store,
    save,
    save_story,
    schema_version,
    writable,
    writing,
)

__all__ = [
    "MIGRATIONS",
    "StoreBusy",
    "StoreError",
    "judgements",
    "migrate",
    "open_for_run",
    "open_readonly",
    "open_store",
    "read",
    "save",
    "save_story",
    "schema_version",
    "work",
    "writable",
    "writing",
]
