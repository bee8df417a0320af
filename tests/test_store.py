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


def test_the_row_declarations_match_the_records_and_the_migrated_schema(tmp_path):
    """store.rows declares each query table once: its columns must be the migrated table's, and every field of the
    record a row is made from must be in a column or said to be kept elsewhere (a field added to the contract without
    a decision about its storage fails here, as does a migration that drifts from the declaration)."""
    import dataclasses

    from storydesk.store import rows

    conn = store.open_store(tmp_path / "story.db")
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not n.startswith(("documents_fts", "claims_fts"))}
    declared = {t.name for t in rows.TABLES}
    assert tables == declared | set(rows.NOT_STORY_ROWS) and not declared & set(rows.NOT_STORY_ROWS)
    for table in rows.TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table.name})")]
        assert sorted(columns) == sorted(c.name for c in table.columns), table.name
        fields = {f.name for f in dataclasses.fields(table.record)}
        held = {x for c in table.columns for x in c.fields}
        assert held <= fields, (table.name, held - fields)
        assert held | set(table.elsewhere) == fields, (table.name, fields - held - set(table.elsewhere))
        assert not held & set(table.elsewhere), table.name


def test_a_story_is_stored_row_for_row_from_its_payload(tmp_path):
    """The rows written are the declared columns of the payload's items: a hand-built payload, read back by SQL."""
    doc = {"id": "d1", "source": "a.txt", "kind": "text", "title": "Port retaken", "outlet": None, "outlet_basis": None,
           "author": None, "url": None, "published": "2024-03-05", "published_basis": "metadata", "language": "en",
           "paragraphs": [{"start": 0, "end": 27, "language": "en", "heading": False}], "dateline": None,
           "text": "Soldiers retook the port.", "original": "Soldiers retook the port.", "segments": [],
           "removed": [{"start": 25, "end": 27, "reason": "caption", "text": "x"}], "derived_from": [], "group": 0,
           "decoding": {}, "nlp": {}, "times": [], "quantities": []}
    claim = {"id": "d1/c1", "doc": "d1", "start": 0, "end": 25, "text": "Soldiers retook the port.", "spans": [[0, 25]],
             "sentence": [0, 25], "kind": "statement", "attribution": {"text": "the army said", "start": 0, "end": 1,
             "cue": "said", "speaker": "e1"}, "hedged": ["reportedly"], "checkworthiness": 0.5,
             "time": {"text": "Tuesday", "start": 0, "end": 1, "value": "2024-03-05",
                      "interval": {"start": "2024-03-05", "end": "2024-03-06", "granularity": "day"}, "anchored": True},
             "place": None, "quantities": [], "entities": ["e1"], "status": "single_source", "status_reason": "one",
             "verdicts": [{"doc": "d1", "label": "supports", "score": 0.9, "evidence": [], "features": {"a": 1},
                           "reasons": ["r"], "verifier": "learned", "review": None}], "review": None}
    payload = {"story": {"id": "s1", "title": "Port retaken", "documents": 1, "groups": 1},
               "generator": {"name": "storydesk", "version": "t", "started": "a", "finished": "b", "stages": []},
               "documents": [doc], "relations": [], "entities": [], "quotes": [], "claims": [claim], "events": [],
               "happenings": [{"id": "happening-1", "name": "retook", "lemma": "retake", "kind": "action",
                               "mentions": [{"doc": "d1", "start": 9, "end": 15, "text": "retook", "claim": "d1/c1"}],
                               "claims": ["d1/c1"], "docs": ["d1"], "entities": ["e1"], "events": ["event-1"]}],
               "brief": [], "errors": [{"source": "bad.txt", "code": "empty", "level": "error", "reason": "empty"}]}
    conn = store.open_store(tmp_path / "story.db")
    store.save_story(conn, payload, members_hash="h", payload_z=b"z")
    assert conn.execute("SELECT story_id, id, position, name, lemma, kind, entities_json, events_json FROM happenings"
                        ).fetchall() == [("s1", "happening-1", 0, "retook", "retake", "action", '["e1"]', '["event-1"]')]
    assert conn.execute("SELECT happening_id, claim_id, document_id, start, end, text FROM happening_mentions"
                        ).fetchall() == [("happening-1", "d1/c1", "d1", 9, 15, "retook")]
    assert conn.execute("SELECT id, title, document_count, members_hash, payload_z FROM stories").fetchall() == \
        [("s1", "Port retaken", 1, "h", b"z")]
    assert conn.execute("SELECT story_id, id, independence_group, published FROM documents").fetchall() == \
        [("s1", "d1", 0, "2024-03-05")]
    assert conn.execute("SELECT document_id, start, end, reason FROM removals").fetchall() == [("d1", 25, 27, "caption")]
    assert conn.execute("SELECT document_id, heading FROM paragraphs").fetchall() == [("d1", 0)]
    assert conn.execute("SELECT hedged, attribution_text, attribution_entity_id, time_value, time_start, time_end, "
                        "entities_json FROM claims").fetchall() == \
        [("reportedly", "the army said", "e1", "2024-03-05", "2024-03-05", "2024-03-06", '["e1"]')]
    assert conn.execute("SELECT claim_id, document_id, label, features_json FROM verdicts").fetchall() == \
        [("d1/c1", "d1", "supports", '{"a": 1}')]
    assert conn.execute("SELECT story_id, source, code FROM input_problems").fetchall() == [("s1", "bad.txt", "empty")]


def test_a_judgement_is_waiting_until_an_analysis_lists_it_whatever_the_clock_says(tmp_path):
    """work.pending_judgements: a judgement kept in the very second of the analysis, or while a run that started
    before it was analysing, waits until a story's reviews list it (key and time)."""
    import json as _json
    import zlib

    from storydesk.model import Judgement
    from storydesk.store import judgements, work

    conn = store.open_store(tmp_path / "story.db")
    at = "2026-01-02T03:04:05"
    conn.execute("INSERT INTO stories (id, generator_version, analysed_at, document_count, group_count, payload_z) "
                 "VALUES ('s1', 't', ?, 1, 1, ?)", (at, zlib.compress(_json.dumps({"reviews": []}).encode())))
    conn.execute("INSERT INTO documents (story_id, id, source, kind, text, original, segments_json) VALUES ('s1', 'd1', "
                 "'a', 'text', 'x', 'x', '[]')")
    conn.commit()
    j = Judgement("status:k1", "status", "wrong", "disputed", {"claim": "x"}, ["d1"], "ana", at)
    judgements.put(conn, j)
    assert work.pending_judgements(conn) == [("s1", "status", "wrong", at)]
    assert work.pending_judgements(conn, "s1") == [("s1", "status", "wrong", at)]
    listed = {"reviews": [{"key": "status:k1", "at": at, "applied": True}]}
    conn.execute("UPDATE stories SET payload_z = ?", (zlib.compress(_json.dumps(listed).encode()),))
    conn.commit()
    assert work.pending_judgements(conn) == []
    judgements.put(conn, Judgement("status:k1", "status", "right", None, {"claim": "x"}, ["d1"], "ana", at[:-1] + "4"))
    assert work.pending_judgements(conn) == [("s1", "status", "right", at[:-1] + "4")]  # earlier clock, still unseen
