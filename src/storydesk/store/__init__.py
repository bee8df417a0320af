"""SQLite store: every row keyed by story, a versioned schema, migrations that are safe to re-run.

`save(path, payload)` writes one story (the story.json payload) in one
transaction, replacing what the store held for that story id, so a re-run
leaves no duplicates. `open_store(path)` applies pending migrations.
"""
from __future__ import annotations

from . import read, work
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
    writing,
)

__all__ = ["MIGRATIONS", "StoreBusy", "StoreError", "migrate", "open_for_run", "open_readonly", "open_store", "read", "save",
           "save_story", "schema_version", "work", "writing"]
