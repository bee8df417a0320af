"""Schema migrations, applied in order, each once; re-running `migrate` is a no-op.

Add a migration by appending (version, statements); never edit one that has shipped.
"""
from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator

# The full-text indexes over documents and claims, kept in step by triggers and rebuilt from the tables. Declared
# content="table" in double quotes, the form Datasette detects to offer its search box: migration 9 makes them so.
# Migration 4 made them first, with single quotes; its text stays as it shipped (derived below, never edited).
FULL_TEXT = """\
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, outlet, text, content="documents",
        tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, outlet, text) VALUES (new.rowid, new.title, new.outlet, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, outlet, text) VALUES ('delete', old.rowid, old.title, old.outlet, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, outlet, text) VALUES ('delete', old.rowid, old.title, old.outlet, old.text);
        INSERT INTO documents_fts(rowid, title, outlet, text) VALUES (new.rowid, new.title, new.outlet, new.text);
    END;
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE claims_fts USING fts5(text, content="claims", tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER claims_au AFTER UPDATE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO claims_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
"""

_FULL_TEXT_AS_IN_4 = FULL_TEXT.replace('content="documents"', "content='documents'").replace('content="claims"', "content='claims'")

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        generator_version TEXT NOT NULL,
        analysed_at TEXT NOT NULL,
        document_count INTEGER NOT NULL,
        group_count INTEGER NOT NULL
    );
    CREATE TABLE documents (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        outlet_basis TEXT,
        author TEXT,
        url TEXT,
        published TEXT,
        published_basis TEXT,
        language TEXT,
        independence_group INTEGER,
        text TEXT NOT NULL,
        original TEXT NOT NULL,
        segments_json TEXT NOT NULL,
        dateline_json TEXT,
        decoding_json TEXT,
        PRIMARY KEY (story_id, id)
    );
    CREATE TABLE removals (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        reason TEXT NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE paragraphs (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        language TEXT,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE derivations (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        source_document_id TEXT NOT NULL,
        share REAL NOT NULL,
        basis TEXT NOT NULL,
        kind TEXT NOT NULL,
        spans_json TEXT NOT NULL,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, source_document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE relations (
        story_id TEXT NOT NULL,
        document_a TEXT NOT NULL,
        document_b TEXT NOT NULL,
        kind TEXT NOT NULL,
        share_a REAL NOT NULL,
        share_b REAL NOT NULL,
        source_document_id TEXT,
        basis TEXT NOT NULL,
        spans_json TEXT NOT NULL,
        FOREIGN KEY (story_id, document_a) REFERENCES documents(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, document_b) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE input_problems (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        level TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX removals_document ON removals(story_id, document_id);
    CREATE INDEX paragraphs_document ON paragraphs(story_id, document_id);
    CREATE INDEX derivations_document ON derivations(story_id, document_id);
    CREATE INDEX relations_story ON relations(story_id);
    """),
    (2, """
    CREATE TABLE entities (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases_json TEXT NOT NULL,
        evidence_json TEXT NOT NULL,
        PRIMARY KEY (story_id, id)
    );
    CREATE TABLE mentions (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, entity_id) REFERENCES entities(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE quotes (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker_entity_id TEXT,
        speaker_text TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT,
        PRIMARY KEY (story_id, id),
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE time_expressions (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        interval_start TEXT,
        interval_end TEXT,
        granularity TEXT,
        reason TEXT,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE quantities (
        story_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT,
        currency TEXT,
        approx TEXT,
        json TEXT NOT NULL,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE INDEX mentions_entity ON mentions(story_id, entity_id);
    CREATE INDEX quotes_document ON quotes(story_id, document_id);
    CREATE INDEX times_document ON time_expressions(story_id, document_id);
    """),
    # 3: claims and what each source says about them (one row per claim and source)
    (3, """
    CREATE TABLE claims (
        story_id TEXT NOT NULL,
        id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT,
        status_reason TEXT,
        checkworthiness REAL NOT NULL,
        hedged TEXT,
        attribution_text TEXT,
        attribution_entity_id TEXT,
        time_value TEXT,
        time_start TEXT,
        time_end TEXT,
        spans_json TEXT NOT NULL,
        entities_json TEXT NOT NULL,
        quantities_json TEXT NOT NULL,
        PRIMARY KEY (story_id, id),
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE verdicts (
        story_id TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        label TEXT NOT NULL,
        score REAL NOT NULL,
        verifier TEXT,
        reasons_json TEXT NOT NULL,
        features_json TEXT NOT NULL,
        evidence_json TEXT NOT NULL,
        PRIMARY KEY (story_id, claim_id, document_id),
        FOREIGN KEY (story_id, claim_id) REFERENCES claims(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE INDEX claims_document ON claims(story_id, document_id);
    CREATE INDEX claims_status ON claims(story_id, status);
    """),
    # 4: the timeline and the brief; full-text search (FTS5, kept in step by triggers, as Datasette expects:
    # <table>_fts with content=<table>); views that read well in Datasette; indexes the web UI's pages use.
    (4, """
    CREATE TABLE events (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        when_text TEXT,
        when_start TEXT,
        when_end TEXT,
        granularity TEXT,
        status TEXT,
        unanchored_reason TEXT,
        PRIMARY KEY (story_id, id)
    );
    CREATE TABLE event_citations (
        story_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        time_text TEXT,
        FOREIGN KEY (story_id, event_id) REFERENCES events(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, claim_id) REFERENCES claims(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE brief_sentences (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        section TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        attribution TEXT,
        check_label TEXT NOT NULL,
        check_score REAL NOT NULL,
        check_verifier TEXT,
        PRIMARY KEY (story_id, position),
        FOREIGN KEY (story_id, claim_id) REFERENCES claims(story_id, id) ON DELETE CASCADE
    );
    CREATE TABLE brief_citations (
        story_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (story_id, position) REFERENCES brief_sentences(story_id, position) ON DELETE CASCADE,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE INDEX event_citations_event ON event_citations(story_id, event_id);
    CREATE INDEX brief_citations_sentence ON brief_citations(story_id, position);
    CREATE INDEX verdicts_claim ON verdicts(story_id, claim_id);
    CREATE INDEX mentions_document ON mentions(story_id, document_id);

""" + _FULL_TEXT_AS_IN_4 + """
    CREATE VIEW claim_sources AS
        SELECT c.story_id, c.id AS claim_id, c.text AS claim, c.status, d.id AS document_id,
               COALESCE(d.outlet, d.title, d.source) AS source_name, v.label, v.score, v.verifier
        FROM claims c JOIN verdicts v ON v.story_id = c.story_id AND v.claim_id = c.id
        JOIN documents d ON d.story_id = v.story_id AND d.id = v.document_id;
    CREATE VIEW entity_mentions AS
        SELECT e.story_id, e.id AS entity_id, e.name, e.type, m.document_id, m.start, m.end, m.text
        FROM entities e JOIN mentions m ON m.story_id = e.story_id AND m.entity_id = e.id;
    """),
    # 5: many stories per store, made by the firehose engine. work_documents holds each input article after the
    # per-document stages (so a killed run resumes and an added article is the only new work); a story row keeps
    # the hash of its members and its story.json part (zlib), so an unchanged story is never analysed again.
    (5, """
    CREATE TABLE work_documents (
        document_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        analyser_version TEXT NOT NULL,
        record_json TEXT,
        features_json TEXT,
        problems_json TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE run_problems (
        position INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        level TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    ALTER TABLE stories ADD COLUMN members_hash TEXT;
    ALTER TABLE stories ADD COLUMN payload_z BLOB;
    ALTER TABLE stories ADD COLUMN title TEXT;
    CREATE INDEX documents_id ON documents(id);
    """),
    # The run's generator block beside each stored part, so a story is served exactly as story.json holds it.
    (6, """
    ALTER TABLE stories ADD COLUMN generator_json TEXT;
    """),
    # 7: a derived document's own sentences, the ones that align to nothing in its source (issue 15).
    (7, """
    ALTER TABLE derivations ADD COLUMN additions_json TEXT;
    """),
    # 8: a paragraph that is a subhead (issue 16).
    (8, """
    ALTER TABLE paragraphs ADD COLUMN heading INTEGER NOT NULL DEFAULT 0;
    """),
    # 9: the full-text indexes declared with content="table" in double quotes, the form Datasette looks for to offer
    # its search box (with single quotes ?_search= matched nothing and returned every row); rebuilt from the tables.
    (9, """
    DROP TABLE documents_fts;
    DROP TABLE claims_fts;
    DROP TRIGGER documents_ai; DROP TRIGGER documents_ad; DROP TRIGGER documents_au;
    DROP TRIGGER claims_ai; DROP TRIGGER claims_ad; DROP TRIGGER claims_au;
""" + FULL_TEXT + """    """),
    # 10: a person's judgements of the machine's answers (issue 17), keyed by content hashes so they survive re-runs.
    (10, """
    CREATE TABLE judgements (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('verdict', 'status', 'entity', 'derivation')),
        decision TEXT NOT NULL,
        label TEXT,
        subject_json TEXT NOT NULL,
        documents_json TEXT NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    """),
    # 11: each analysed article's input as read (zlib JSON of its RawDocument), so a run after an upgrade analyses it
    # again with the new code (issue 30); work_documents.analyser_version is from then on a fingerprint of the code and
    # weights of the per-document stages (fingerprint.py), no longer a tag bumped by hand.
    (11, """
    ALTER TABLE work_documents ADD COLUMN raw_z BLOB;
    """),
    # 12: the story ids a run gave up (two stories merged, a story regrouped) and the story that took their articles,
    # so an old address of the web UI redirects instead of answering 404 (issue 34).
    (12, """
    CREATE TABLE story_aliases (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL
    );
    """),
    # 13: what happened inside a story, over its documents (issue 32): each happening and its event words. A story
    # stored before has none until it is analysed again.
    (13, """
    CREATE TABLE happenings (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        lemma TEXT NOT NULL,
        kind TEXT NOT NULL,
        entities_json TEXT NOT NULL,
        events_json TEXT NOT NULL,
        PRIMARY KEY (story_id, id)
    );
    CREATE TABLE happening_mentions (
        story_id TEXT NOT NULL,
        happening_id TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (story_id, happening_id) REFERENCES happenings(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, claim_id) REFERENCES claims(story_id, id) ON DELETE CASCADE,
        FOREIGN KEY (story_id, document_id) REFERENCES documents(story_id, id) ON DELETE CASCADE
    );
    CREATE INDEX happening_mentions_happening ON happening_mentions(story_id, happening_id);
    CREATE INDEX happening_mentions_claim ON happening_mentions(story_id, claim_id);
    """),
]


def statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (a trigger's body with its own semicolons stays whole)."""
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""
    if buffer.strip(" \n;"):
        yield buffer


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every migration not yet applied; return the versions applied now.

    Safe when several processes open a new store at once: the write lock is taken (BEGIN IMMEDIATE) before the applied
    versions are read, so a second process waits, then finds the migrations done."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    if {row[0] for row in conn.execute("SELECT version FROM schema_migrations")} >= {v for v, _ in MIGRATIONS}:
        return []
    applied = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                         (version, datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")))
            applied.append(version)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return applied
