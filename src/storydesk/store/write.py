"""SQLite store: every row keyed by story, a versioned schema, migrations that are safe to re-run.

`save(path, payload)` writes one story (the story.json payload) in one
transaction, replacing what the store held for that story id, so a re-run
leaves no duplicates. `open_store(path)` applies pending migrations.
"""
from __future__ import annotations

import atexit
import fcntl
import json
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


def _j(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


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
        _insert(conn, story_id, payload, members_hash, payload_z)


def _insert(conn: sqlite3.Connection, story_id: str, payload: dict[str, Any], members_hash: str | None,
            payload_z: bytes | None) -> None:
    conn.execute(
        "INSERT INTO stories (id, generator_version, analysed_at, document_count, group_count, members_hash, payload_z, "
        "title, generator_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (story_id, payload["generator"]["version"], payload["generator"]["finished"],
         payload["story"]["documents"], payload["story"]["groups"], members_hash, payload_z,
         payload["story"].get("title"), _j(payload["generator"])),
    )
    for d in payload["documents"]:
        conn.execute(
            "INSERT INTO documents (story_id, id, source, kind, title, outlet, outlet_basis, author, url, published, "
            "published_basis, language, independence_group, text, original, segments_json, dateline_json, decoding_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, d["id"], d["source"], d["kind"], d["title"], d["outlet"], d["outlet_basis"], d["author"], d["url"],
             d["published"], d["published_basis"], d["language"], d["group"], d["text"], d["original"],
             _j(d["segments"]), _j(d["dateline"]), _j(d["decoding"])),
        )
    for d in payload["documents"]:  # after every document exists: derivations point across documents
        conn.executemany(
            "INSERT INTO removals (story_id, document_id, start, end, reason, text) VALUES (?, ?, ?, ?, ?, ?)",
            [(story_id, d["id"], r["start"], r["end"], r["reason"], r["text"]) for r in d["removed"]],
        )
        conn.executemany(
            "INSERT INTO paragraphs (story_id, document_id, start, end, language, heading) VALUES (?, ?, ?, ?, ?, ?)",
            [(story_id, d["id"], p["start"], p["end"], p["language"], int(bool(p.get("heading")))) for p in d["paragraphs"]],
        )
        conn.executemany(
            "INSERT INTO derivations (story_id, document_id, source_document_id, share, basis, kind, spans_json, "
            "additions_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(story_id, d["id"], df["doc"], df["share"], df["basis"], df["kind"], _j(df["spans"]), _j(df["additions"]))
             for df in d["derived_from"]],
        )
    conn.executemany(
        "INSERT INTO relations (story_id, document_a, document_b, kind, share_a, share_b, source_document_id, basis, spans_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(story_id, r["a"], r["b"], r["kind"], r["share_a"], r["share_b"], r["direction"], r["basis"], _j(r["spans"]))
         for r in payload["relations"]],
    )
    conn.executemany(
        "INSERT INTO entities (story_id, id, name, type, aliases_json, evidence_json) VALUES (?, ?, ?, ?, ?, ?)",
        [(story_id, e["id"], e["name"], e["type"], _j(e["aliases"]), _j(e["evidence"])) for e in payload["entities"]],
    )
    conn.executemany(
        "INSERT INTO mentions (story_id, document_id, start, end, text, entity_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(story_id, m["doc"], m["start"], m["end"], m["text"], e["id"]) for e in payload["entities"] for m in e["mentions"]],
    )
    conn.executemany(
        "INSERT INTO quotes (story_id, document_id, id, kind, start, end, text, speaker_entity_id, speaker_text, "
        "speaker_start, speaker_end, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(story_id, q["doc"], q["id"], q["kind"], q["start"], q["end"], q["text"], q["speaker"], q["speaker_text"],
          q["speaker_start"], q["speaker_end"], q["cue"]) for q in payload["quotes"]],
    )
    for d in payload["documents"]:
        conn.executemany(
            "INSERT INTO time_expressions (story_id, document_id, start, end, text, type, value, interval_start, "
            "interval_end, granularity, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(story_id, d["id"], t["start"], t["end"], t["text"], t["type"], t["value"],
              (t["interval"] or {}).get("start"), (t["interval"] or {}).get("end"),
              (t["interval"] or {}).get("granularity"), t["reason"]) for t in d["times"]],
        )
        conn.executemany(
            "INSERT INTO quantities (story_id, document_id, start, end, text, value, unit, currency, approx, json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(story_id, d["id"], q["start"], q["end"], q["text"], q["value"], q["unit"], q["currency"], q["approx"], _j(q))
             for q in d["quantities"]],
        )
    claims = payload["claims"]
    conn.executemany(
        "INSERT INTO claims (story_id, id, document_id, start, end, text, kind, status, status_reason, checkworthiness, "
        "hedged, attribution_text, attribution_entity_id, time_value, time_start, time_end, spans_json, entities_json, "
        "quantities_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(story_id, c["id"], c["doc"], c["start"], c["end"], c["text"], c["kind"], c["status"], c["status_reason"],
          c["checkworthiness"], ", ".join(c["hedged"]) or None, (c["attribution"] or {}).get("text"),
          (c["attribution"] or {}).get("speaker"), (c["time"] or {}).get("value"),
          ((c["time"] or {}).get("interval") or {}).get("start"), ((c["time"] or {}).get("interval") or {}).get("end"),
          _j(c["spans"]), _j(c["entities"]), _j(c["quantities"])) for c in claims],
    )
    conn.executemany(
        "INSERT INTO verdicts (story_id, claim_id, document_id, label, score, verifier, reasons_json, features_json, "
        "evidence_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(story_id, c["id"], v["doc"], v["label"], v["score"], v["verifier"], _j(v["reasons"]), _j(v["features"]),
          _j(v["evidence"])) for c in claims for v in c["verdicts"]],
    )
    for n, e in enumerate(payload["events"]):
        when = e["when"] or {}
        conn.execute(
            "INSERT INTO events (story_id, id, position, text, when_text, when_start, when_end, granularity, status, "
            "unanchored_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, e["id"], n, e["text"], when.get("text"), when.get("start"), when.get("end"), when.get("granularity"),
             e["status"], e["reason"]))
        conn.executemany(
            "INSERT INTO event_citations (story_id, event_id, claim_id, document_id, start, end, text, time_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(story_id, e["id"], c["claim"], c["doc"], c["start"], c["end"], c["text"], x.get("text"))
             for c, x in zip(e["citations"], e["expressions"])])
    for n, b in enumerate(payload["brief"]):
        conn.execute(
            "INSERT INTO brief_sentences (story_id, position, text, section, claim_id, attribution, check_label, check_score, "
            "check_verifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (story_id, n, b["text"], b["section"], b["claim"], b["attribution"], b["check"]["label"], b["check"]["score"],
             b["check"].get("verifier")))
        conn.executemany(
            "INSERT INTO brief_citations (story_id, position, role, document_id, start, end, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(story_id, n, role, c["doc"], c["start"], c["end"], c["text"])
             for role, cites in (("supports", b["citations"]), ("contradicts", b["against"])) for c in cites])
    conn.executemany(
        "INSERT INTO input_problems (story_id, source, code, level, reason) VALUES (?, ?, ?, ?, ?)",
        [(story_id, e["source"], e["code"], e["level"], e["reason"]) for e in payload["errors"]],
    )

