"""SQLite store: every row keyed by story, a versioned schema, migrations that are safe to re-run.

`save(path, payload)` writes one story (the story.json payload) in one
transaction, replacing what the store held for that story id, so a re-run
leaves no duplicates. `open_store(path)` applies pending migrations.
"""
from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import storyjson
from . import rows
from .migrations import MIGRATIONS, migrate

__all__ = [
    "MIGRATIONS",
    "StoreBusy",
    "StoreError",
    "migrate",
    "open_for_run",
    "open_readonly",
    "open_store",
    "save",
    "save_story",
    "schema_version",
    "writable",
    "writing",
]


class StoreError(Exception):
    """story.db cannot be used as a store; the message names the file and what to do."""


class StoreBusy(StoreError):
    """Another process is writing the store."""


def open_store(path: str | Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(f"{path} is not a storydesk store ({exc}); move it away or choose another output folder") from exc
        raise
    return conn


def open_for_run(path: str | Path) -> sqlite3.Connection:
    """The store as an engine run writes it: synchronous=NORMAL, which in WAL mode still keeps every commit when the
    process is killed (only a power cut can lose the last ones)."""
    conn = open_store(path)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def writable(path: str | Path) -> bool:
    """Whether the store's folder takes new files (SQLite writes its journal there): false on read-only media, a
    read-only mount, a folder of someone else's."""
    folder = Path(path).absolute().parent
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".storydesk-probe-"):
            return True
    except OSError:
        return False


_snapshots: dict[str, Path] = {}


def _snapshot(path: Path) -> Path:
    """A copy of a store that cannot be opened where it is (read-only media: SQLite cannot make the -shm file a WAL
    store needs) with its write-ahead log, in a temporary folder removed at exit; one per store and process."""
    key = str(path.absolute())
    if key not in _snapshots:
        folder = Path(tempfile.mkdtemp(prefix="storydesk-ro-"))
        atexit.register(shutil.rmtree, folder, True)
        for suffix in ("", "-wal"):
            if Path(f"{path}{suffix}").is_file():
                shutil.copyfile(f"{path}{suffix}", folder / f"{path.name}{suffix}")
        _snapshots[key] = folder / path.name
    return _snapshots[key]


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """The store for reading only (the web UI's requests, the exports): never migrated, never written. On read-only
    media, a copy of it as it is (`_snapshot`)."""
    path = Path(path)
    try:
        return _checked(path, sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc) and "readonly" not in str(exc) and "read-only" not in str(exc):
            raise StoreError(f"{path} is not a readable storydesk store ({exc}); move it away, or put back a copy of "
                             "it") from exc
        if writable(path):
            raise StoreError(f"{path} cannot be opened ({exc})") from exc
    copy = _snapshot(path)
    return _checked(path, sqlite3.connect(f"file:{copy}?mode=ro", uri=True, check_same_thread=False))


def _checked(path: Path, conn: sqlite3.Connection) -> sqlite3.Connection:
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a readable storydesk store ({exc}); move it away, or put back a copy of it") \
            from exc
    return conn


@contextmanager
def writing(db: str | Path, wait: bool = False) -> Iterator[None]:
    """One writer at a time for the store `db` (the CLI's runs, the web UI's uploads): an exclusive lock on `db`.lock,
    released by the system when the holder dies, so a killed run never leaves the store locked. Without `wait`, a
    store that is being written raises StoreBusy at once. The folder that holds the store is locked too: a lock file
    someone deletes during a run would otherwise let a second run create another and go ahead."""
    db = Path(db)
    busy = (f"another storydesk run is writing {db.parent}; wait for it to finish, "
            "or give this run another output folder")
    held: list[int] = []
    try:
        for path, flags in ((db.parent, os.O_RDONLY), (Path(f"{db}.lock"), os.O_RDWR | os.O_CREAT)):
            fd = os.open(path, flags, 0o644)
            held.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise StoreBusy(busy) from None
            except OSError:  # a file system that cannot lock a folder: the lock file alone
                if path != db.parent:
                    raise
        yield
    finally:
        for fd in held:
            os.close(fd)  # closing a descriptor releases its lock


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]


def save(path: str | Path, payload: dict[str, Any]) -> None:
    conn = open_store(path)
    try:
        save_story(conn, payload)
    finally:
        conn.close()


def save_story(conn: sqlite3.Connection, payload: dict[str, Any], *, members_hash: str | None = None,
               payload_z: bytes | None = None, replaces: tuple[str, ...] = ()) -> None:
    """Store one story in one transaction, replacing the story of the same id and the stories named in `replaces`
    (the firehose engine's stories that this one grew out of). A story is stored whole or not at all."""
    if payload_z is None:
        part = {k: v for k, v in payload.items() if k not in ("schema_version", "generator")}
        payload_z = zlib.compress(storyjson.part_text(part).encode("utf-8"), 6)
    with conn:
        story_id = payload["story"]["id"]
        for old in {story_id, *replaces}:
            conn.execute("DELETE FROM stories WHERE id = ?", (old,))  # cascades to every table below
        rows.insert(conn, story_id, payload, members_hash, payload_z)
