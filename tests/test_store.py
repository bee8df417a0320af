"""The SQLite store: a real file, migrations safe to re-run, a story replaced whole on re-run."""
from __future__ import annotations

import sqlite3

from storydesk import store, storyjson


def _payload(demo_result):
    payload = storyjson.to_json(demo_result)
    storyjson.validate(payload)
    return payload


def test_save_twice_leaves_no_duplicates(tmp_path, demo_result):
    db = tmp_path / "story.db"
    payload = _payload(demo_result)
    store.save(db, payload)
    store.save(db, payload)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(payload["documents"])
    assert conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 1
    n_removed = sum(len(d["removed"]) for d in payload["documents"])
    assert conn.execute("SELECT COUNT(*) FROM removals").fetchone()[0] == n_removed
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_rows_point_at_the_words(tmp_path, demo_result):
    db = tmp_path / "story.db"
    store.save(db, _payload(demo_result))
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT d.original, r.start, r.end, r.text FROM removals r JOIN documents d "
                        "ON d.story_id = r.story_id AND d.id = r.document_id").fetchall()
    assert rows
    for original, start, end, text in rows:
        assert original[start:end] == text


def test_two_stories_live_side_by_side(tmp_path, demo_result):
    db = tmp_path / "story.db"
    payload = _payload(demo_result)
    store.save(db, payload)
    other = {**payload, "story": {**payload["story"], "id": "story-2"}}
    store.save(db, other)
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY id")] == ["story-1", "story-2"]


def test_migrations_are_idempotent(tmp_path):
    conn = store.open_store(tmp_path / "s.db")
    assert store.schema_version(conn) == store.MIGRATIONS[-1][0]
    assert store.migrate(conn) == []
    conn.close()
    again = store.open_store(tmp_path / "s.db")
    assert store.schema_version(again) == store.MIGRATIONS[-1][0]
