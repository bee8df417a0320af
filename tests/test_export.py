"""story.db for Datasette (FTS5 kept in step, foreign keys, views) and the exports: CSV, JSON Lines,
FollowTheMoney validated with the followthemoney library, GraphML read back by networkx."""
from __future__ import annotations

import csv
import json
import sqlite3
import subprocess

import networkx as nx
import pytest
from followthemoney import model

from conftest import CLI
from storydesk.api import analyze
from storydesk.export import EXPORTERS, ExportError, export
from storydesk.store import save
from storydesk.storyjson import to_json


@pytest.fixture(scope="module")
def store(demo_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "story.db"
    save(path, to_json(demo_result))
    return path


def test_full_text_search_finds_documents_and_claims_and_follows_a_rerun(store, demo_result):
    payload = to_json(demo_result)
    conn = sqlite3.connect(store)
    hits = conn.execute("SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                        "WHERE documents_fts MATCH 'halcones'").fetchall()
    expected = {d.id for d in demo_result.story.documents if "halcones" in d.text.lower() or "halcones" in (d.title or "").lower()}
    assert {h[0] for h in hits} == expected
    # accents folded: "fiscalia" finds "Fiscalía"
    assert conn.execute("SELECT COUNT(*) FROM claims_fts WHERE claims_fts MATCH 'fiscalia'").fetchone()[0] >= 1
    before = conn.execute("SELECT COUNT(*) FROM claims_fts WHERE claims_fts MATCH 'prison'").fetchone()[0]
    conn.close()
    save(store, payload)  # the same story again: replaced, never doubled, and the index follows
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT COUNT(*) FROM claims_fts WHERE claims_fts MATCH 'prison'").fetchone()[0] == before
    conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT COUNT(*) FROM brief_sentences").fetchone()[0] == len(payload["brief"])
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == len(payload["events"])
    labels = {r[0] for r in conn.execute("SELECT DISTINCT label FROM claim_sources")}
    assert labels <= {"supports", "contradicts", "discusses", "not_mentioned"} and "supports" in labels


def test_csv_and_jsonl_hold_every_row_of_every_table(store, tmp_path):
    conn = sqlite3.connect(store)
    claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    written = export(store, "csv", tmp_path / "csv")
    names = {p.name for p in written}
    assert {"documents.csv", "claims.csv", "verdicts.csv", "events.csv", "brief_sentences.csv"} <= names
    assert not any("fts" in n for n in names)
    with (tmp_path / "csv" / "claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == claims and rows[0]["text"]
    export(store, "jsonl", tmp_path / "jsonl")
    lines = (tmp_path / "jsonl" / "documents.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == docs
    record = json.loads(lines[0])
    assert isinstance(record["segments"], list) and "segments_json" not in record


def test_csv_cells_that_would_run_as_formulas_are_defused(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"title": "=HYPERLINK(\"http://evil.example\",\"click\")", "outlet": "@SUM(A1)",
                                  "published": "2025-03-04",
                                  "text": "Officials said the prison was retaken on Tuesday after a long standoff with inmates."}) + "\n",
                      encoding="utf-8")
    analyze([str(corpus)], tmp_path / "out")
    export(tmp_path / "out" / "story.db", "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["title"].startswith("'=HYPERLINK") and row["outlet"] == "'@SUM(A1)"


def test_followthemoney_entities_validate_against_the_library(store, tmp_path, demo_result):
    path = export(store, "ftm", tmp_path / "story.ftm.json")[0]
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in path.read_text("utf-8").splitlines()]
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
        for prop in p.schema.required:
            assert p.get(prop), f"{p.schema.name} lacks {prop}"
        for prop, values in p.properties.items():
            kind = p.schema.get(prop).type
            assert all(kind.clean(v) is not None for v in values), (p.schema.name, prop, values)
    assert len(by_schema["Article"]) == len(demo_result.story.documents)
    assert {"Person", "Organization", "Address", "Mention", "UnknownLink"} <= set(by_schema)
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies)
    for m in by_schema["Mention"]:
        assert m.first("resolved") in ids and m.first("document") in ids
    quintero = [p for p in by_schema["Person"] if "Dámaso Quintero" in p.get("name") + p.get("alias")]
    assert quintero
    # each happening is an Event: its articles as proof, its people and organisations involved
    events = by_schema["Event"]
    assert len(events) == len(demo_result.story.happenings)
    escape = next(e for e in events if e.first("name") == demo_result.story.happenings[0].name)
    assert len(escape.get("proof")) == len(demo_result.story.happenings[0].docs)
    assert all(x in ids for e in events for x in e.get("proof") + e.get("involved"))
    assert any(quintero[0].id in e.get("involved") for e in events)


def test_graphml_reads_back_in_networkx(store, tmp_path, demo_result):
    path = export(store, "graphml", tmp_path / "story.graphml")[0]
    g = nx.read_graphml(path)
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(1 for k in kinds.values() if k == "document") == len(demo_result.story.documents)
    assert sum(1 for k in kinds.values() if k == "entity") == len(demo_result.story.entities)
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"mentioned in", "in the same claim"} <= relations
    # derivations are directed edges, from the source to the copy, as the report's arrows run
    assert g.is_directed()
    derived = {(a, b) for a, b, d in g.edges(data=True) if d["relation"].endswith("source to copy")}
    expected = {(f"doc:{demo_result.story.id}:{df.source}", f"doc:{demo_result.story.id}:{d.id}")
                for d in demo_result.story.documents for df in d.derived_from}
    assert expected and derived == expected
    assert all(d["symmetric"] for _, _, d in g.edges(data=True) if d["relation"] == "in the same claim")
    # a happening is a node, joined to the documents that tell it and the entities that take part
    assert sum(1 for k in kinds.values() if k == "happening") == len(demo_result.story.happenings)
    first = demo_result.story.happenings[0]
    told = {b for a, b, d in g.edges(data=True) if d["relation"] == "told in" and a.endswith(f":{first.id}")}
    assert told == {f"doc:{demo_result.story.id}:{d}" for d in first.docs}


def test_export_errors_name_the_file(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite", encoding="utf-8")
    with pytest.raises(ExportError, match="junk.db"):
        export(junk, "ftm")
    with pytest.raises(ExportError, match="unknown format"):
        export(junk, "xlsx")
    r = subprocess.run([*CLI, "export", str(tmp_path / "missing.db"), "--format", "csv"], check=False, capture_output=True, text=True)
    assert r.returncode == 1 and "missing.db: no such database file" in r.stderr
    assert set(EXPORTERS) == {"csv", "jsonl", "ftm", "graphml"}


def test_exports_hold_control_characters_and_semicolon_formulas(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"title": "Report;=1+1", "outlet": "Bell\x07 and\x0bvertical\x1ftab", "published": "2025-03-04",
                                  "text": "Officials said the prison was retaken on Tuesday after a long standoff with inmates."}) + "\n",
                      encoding="utf-8")
    analyze([str(corpus)], tmp_path / "out")
    # reading takes control characters out (they could act on a terminal); a store of an earlier release holds them
    assert json.loads((tmp_path / "out" / "story.json").read_text())["stories"][0]["documents"][0]["outlet"] == \
        "Bell and vertical tab"
    conn = sqlite3.connect(tmp_path / "out" / "story.db")
    with conn:
        conn.execute("UPDATE documents SET outlet = ?", ("Bell\x07 and\x0bvertical\x1ftab",))
    conn.close()
    path = export(tmp_path / "out" / "story.db", "graphml", tmp_path / "story.graphml")[0]
    g = nx.read_graphml(path)  # XML 1.0 cannot hold \x07: the whole file was unreadable
    outlets = [d.get("outlet") for _, d in g.nodes(data=True) if d.get("kind") == "document"]
    assert outlets == ["Bell\ufffd and\ufffdvertical\ufffdtab"]
    export(tmp_path / "out" / "story.db", "csv", tmp_path / "csv")
    raw = (tmp_path / "csv" / "documents.csv").read_text("utf-8")
    # quoted, a ';'-separated spreadsheet keeps it one cell of text instead of running "=1+1"
    assert '"Report;=1+1"' in raw
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.DictReader(fh))["title"] == "Report;=1+1"
