"""The desk: a person's judgements kept and applied on every run; names instead of paths; search operators; the
CLI's answers to a wrong path, a missing store and a taken port; Datasette's search box. (GraphML's direction is
tested with the exports, on the demo's derivations.)"""
from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import desk_corpus
from conftest import CLI
from storydesk import labels
from storydesk.api import analyze, judge, rerun_store
from storydesk.export import export
from storydesk.review import JudgementError, make
from storydesk.store import judgements, open_readonly, open_store, read
from storydesk.store.search import QueryError, fts_query

HARBOUR, CITY, AGGREGATOR = "harbour-wire.txt", "city-desk.txt", "aggregator-rewrite.txt"


# -- names, not paths -------------------------------------------------------------------------------------------

def test_a_document_is_labelled_by_title_then_outlet_and_date_then_file_name_and_never_by_a_path():
    docs = [{"id": "a", "title": "Customs seize cocaine", "outlet": None, "published": None, "source": "/home/ana/in/a.txt"},
            {"id": "b", "title": None, "outlet": "El Tiempo", "published": "2025-03-04T10:00", "source": "/home/ana/in/b.txt"},
            {"id": "c", "title": None, "outlet": None, "published": None, "source": "/home/ana/in/c.txt"},
            {"id": "d", "title": "Customs seize cocaine", "outlet": "Wire", "published": None, "source": "d.txt"},
            {"id": "e", "title": None, "outlet": None, "published": None, "source": "C:\\Users\\ana\\feed.jsonl:3"}]
    out = labels.labels(docs)
    assert out["b"] == "El Tiempo, 2025-03-04" and out["c"] == "c.txt" and out["e"] == "feed.jsonl:3"
    assert out["a"] != out["d"] and out["d"] == "Customs seize cocaine (Wire)"  # three copies never share a label
    assert not any("/home" in v or "Users" in v for v in out.values())
    assert labels.portable("https://example.org/a/b") == "https://example.org/a/b"
    long = labels.label({"title": "word " * 40, "source": "x"})
    assert long.endswith("…") and len(long) <= labels.MAX_LABEL and not long[:-1].endswith(" ")


def test_no_absolute_path_reaches_story_json_the_report_the_store_or_an_export(tmp_path):
    folder = desk_corpus.write(tmp_path / "articles")
    out = tmp_path / "out"
    analyze([str(folder.resolve())], out)  # an absolute path, as a file manager or a script gives it
    root = str(tmp_path)
    produced = [out / "story.json", out / "report.html", *export(out / "story.db", "ftm", tmp_path / "x.ftm.json"),
                *export(out / "story.db", "graphml", tmp_path / "x.graphml"), *export(out / "story.db", "csv", tmp_path / "csv"),
                *export(out / "story.db", "jsonl", tmp_path / "jsonl")]
    for path in produced:
        assert root not in path.read_text("utf-8"), f"{path.name} names the folder it was read from"
    conn = sqlite3.connect(out / "story.db")
    sources = [r[0] for r in conn.execute("SELECT source FROM documents")] + [r[0] for r in conn.execute("SELECT source FROM work_documents")]
    conn.close()
    assert sorted(sources) == sorted([f"articles/{n}" for n in desk_corpus.ARTICLES] * 2)


# -- search -----------------------------------------------------------------------------------------------------

def _fts(tmp_path: Path, texts: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp_path / "fts.db")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO t(text) VALUES (?)", [(x,) for x in texts])
    return conn


def test_search_supports_or_not_phrases_and_prefixes_and_no_input_is_syntax(tmp_path):
    conn = _fts(tmp_path, ["a lion escaped from the zoo", "a shooting at a nightclub", "the police station on Main street",
                           "police said the station was closed", "extortion of bus drivers", "the zoo reopened"])

    def hits(q: str) -> set[int]:
        return {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_query(q),))}

    assert hits("zoo OR nightclub") == {1, 2, 6}
    assert hits("zoo NOT lion") == {6} == hits("zoo -lion")
    assert hits('"police station"') == {3} and hits("police station") == {3, 4}
    assert hits("extort*") == {5} and hits("extort") == {5}  # the last word is a prefix as you type
    assert hits("zoo or") == set()  # lower-case "or" is a word, not the operator
    for hostile in ['"', "NEAR(", "zoo) OR (1", "*", "a AND", "OR OR", "x\" OR \"y", "col:zoo", "^zoo"]:
        fts_query(hostile) and hits(hostile)  # never an SQLite error
    with pytest.raises(QueryError):
        fts_query("NOT zoo")


def test_datasette_finds_the_full_text_indexes_and_its_search_box_filters(tmp_path):
    from datasette.app import Datasette

    folder = desk_corpus.write(tmp_path / "articles")
    analyze([str(folder)], tmp_path / "out")
    db = tmp_path / "out" / "story.db"

    async def ask() -> tuple[dict, dict, dict]:
        ds = Datasette([str(db)], immutables=[])
        everything = (await ds.client.get("/story/documents.json?_shape=objects&_size=max")).json()
        searched = (await ds.client.get("/story/documents.json?_shape=objects&_search=Guayaquil")).json()
        claims = (await ds.client.get("/story/claims.json?_shape=objects&_search=scanners")).json()
        return everything, searched, claims

    everything, searched, claims = asyncio.run(ask())
    with_word = {r["id"] for r in everything["rows"] if "Guayaquil" in r["text"]}
    assert len(everything["rows"]) == 3 and {r["id"] for r in searched["rows"]} == with_word
    assert [r["text"] for r in claims["rows"]] and all("scanners" in r["text"].lower() for r in claims["rows"])


# -- the CLI's answers --------------------------------------------------------------------------------------------

def test_analyze_of_nothing_usable_exits_1_and_writes_nothing(tmp_path):
    r = subprocess.run([*CLI, "analyze", str(tmp_path / "seedz"), "--out", str(tmp_path / "out")], check=False, capture_output=True, text=True)
    assert r.returncode == 1
    assert "seedz: no such file or folder" in r.stderr and "nothing was written" in r.stderr
    assert not (tmp_path / "out").exists()


def test_serve_refuses_a_missing_store_and_says_a_port_is_taken(tmp_path):
    r = subprocess.run([*CLI, "serve", str(tmp_path / "typo.db")], check=False, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "no store at" in r.stderr and not (tmp_path / "typo.db").exists()
    db = tmp_path / "story.db"
    open_store(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run([*CLI, "serve", str(db), "--port", str(port)], check=False, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and f"port {port} on 127.0.0.1 is taken" in r.stderr and "--port" in r.stderr
    assert "serving" not in r.stderr


def test_help_and_usage_errors_load_no_heavy_library():
    code = ("import sys, storydesk.cli as c; from click.testing import CliRunner; "
            "r = CliRunner().invoke(c.main, ['--help']); assert r.exit_code == 0, r.output; "
            "CliRunner().invoke(c.main, ['analyze', '--workers', 'x']); "
            "heavy = [m for m in ('spacy', 'torch', 'fastapi', 'followthemoney', 'onnxruntime', 'trafilatura', 'dask') if m in sys.modules]; "
            "print(','.join(heavy))")
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""
    from storydesk.cli import MAX_BYTES
    from storydesk.ingest import IngestOptions

    assert MAX_BYTES == IngestOptions.max_bytes


# -- judgements -------------------------------------------------------------------------------------------------

def _story(db: Path) -> dict:
    conn = open_readonly(db)
    try:
        (head,) = read.stories(conn)
        return read.story(conn, head["id"])
    finally:
        conn.close()


def _doc(payload: dict, name: str) -> str:
    return next(d["id"] for d in payload["documents"] if d["source"].endswith(name))


def _claim(payload: dict, doc: str, words: str) -> dict:
    return next(c for c in payload["claims"] if c["doc"] == doc and words in c["text"])


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """The desk story analysed, then judged by a person: the city desk's report is not a rewrite of the others, it
    contradicts the wire on the scan, and "Marta Ibáñez" and "Ibáñez" are one person."""
    tmp = tmp_path_factory.mktemp("desk")
    folder = desk_corpus.write(tmp / "articles")
    out = tmp / "out"
    analyze([str(folder)], out)
    db = out / "story.db"
    before = _story(db)
    harbour, city, aggregator = (_doc(before, n) for n in (HARBOUR, CITY, AGGREGATOR))
    for other in (harbour, aggregator):
        judge(db, make.derivation(before, city, other, "reject", "ana", "filed by our own reporter at the port"), rerun=False)
    scan = _claim(before, harbour, "routine scan")
    r = subprocess.run([*CLI, "judge", "verdict", str(db), before["story"]["id"], scan["id"], city, "wrong",
                        "--label", "contradicts", "--by", "ana", "--note", "the city desk says the boxes were opened by hand"],
                       check=False, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    judge(db, make.entities(before, "Marta Ibáñez", "Ibáñez", "merge", "ana"))
    return {"folder": folder, "out": out, "db": db, "before": before, "after": _story(db), "ids": (harbour, city, aggregator)}


def test_a_rejected_derivation_makes_two_independent_sources_and_their_agreement_corroboration(judged):
    before, after = judged["before"], judged["after"]
    harbour, city, _ = judged["ids"]
    group = {d["id"]: d["group"] for d in after["documents"]}
    assert len({d["group"] for d in before["documents"]}) == 1  # the machine joined all three
    assert group[city] != group[harbour]
    assert not any({r["a"], r["b"]} == {city, harbour} for r in after["relations"])
    seized = _claim(after, harbour, "420 kilograms")
    assert _claim(before, harbour, "420 kilograms")["status"] == "single_source"
    assert seized["status"] == "corroborated"
    rejected = [r for r in after["reviews"] if r["kind"] == "derivation"]
    assert len(rejected) == 2 and all(r["applied"] and r["who"] == "ana" for r in rejected)


def test_a_corrected_verdict_changes_the_claims_status_and_says_who_and_when(judged):
    harbour, city, _ = judged["ids"]
    scan = _claim(judged["after"], harbour, "routine scan")
    verdict = next(v for v in scan["verdicts"] if v["doc"] == city)
    assert verdict["label"] == "contradicts" and verdict["review"]["who"] == "ana" and verdict["review"]["at"]
    assert "by ana" in verdict["reasons"][0] and "opened by hand" in verdict["reasons"][0]
    assert scan["status"] in ("contradicted", "disputed")
    assert _claim(judged["before"], harbour, "routine scan")["status"] == "single_source"


def test_a_merge_joins_two_entities(judged):
    def holders(payload):
        return [e for e in payload["entities"] if {"Marta Ibáñez", "Ibáñez"} & {e["name"], *e["aliases"]}]

    assert len(holders(judged["before"])) == 2
    (merged,) = holders(judged["after"])
    assert {"Marta Ibáñez", "Ibáñez"} <= {merged["name"], *merged["aliases"]} and merged["review"]["decision"] == "merge"


def test_judgements_survive_a_rerun_with_an_added_article_and_undo_brings_the_machine_back(judged, tmp_path):
    folder, out, db = judged["folder"], judged["out"], judged["db"]
    harbour, city, _ = judged["ids"]
    desk_corpus.write(folder, desk_corpus.LATE)
    analyze([str(folder)], out)  # the same articles and one more: the judgements are read from story.db again
    again = _story(db)
    assert again["story"]["documents"] == 4
    assert _claim(again, harbour, "420 kilograms")["status"] == "corroborated"
    assert next(v for v in _claim(again, harbour, "routine scan")["verdicts"] if v["doc"] == city)["label"] == "contradicts"
    story_json = json.loads((out / "story.json").read_text("utf-8"))
    assert [r["kind"] for r in story_json["stories"][0]["reviews"]].count("derivation") == 2
    listed = subprocess.run([*CLI, "judge", "list", str(db), "--json"], check=False, capture_output=True, text=True, timeout=120)
    kept = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(j["kind"] for j in kept) == ["derivation", "derivation", "entity", "verdict"]
    conn = open_store(db)
    verdict_key = next(j["key"] for j in kept if j["kind"] == "verdict")
    judgements.remove(conn, verdict_key)
    conn.close()
    rerun_store(db)
    machine = next(v for v in _claim(_story(db), harbour, "routine scan")["verdicts"] if v["doc"] == city)
    assert machine["label"] != "contradicts" and machine["review"] is None


def test_a_judgement_of_what_is_not_in_the_story_is_refused_in_words(judged):
    before = judged["before"]
    with pytest.raises(JudgementError, match="no claim"):
        make.status(before, "d000/c9", "wrong", "corroborated", "ana")
    with pytest.raises(JudgementError, match="correct status"):
        make.status(before, before["claims"][0]["id"], "wrong", "maybe", "ana")
    with pytest.raises(JudgementError, match="not a name"):
        make.entities(before, "Marta Ibáñez", "Nobody Here", "merge", "ana")
    with pytest.raises(JudgementError, match="own document"):
        c = before["claims"][0]
        make.verdict(before, c["id"], c["doc"], "wrong", "supports", "ana")


def test_a_split_takes_one_name_out_of_an_entity_and_a_missing_subject_is_listed_not_applied():
    from storydesk.model import Document, Entity, Judgement, Mention, Story
    from storydesk.review import keys, review_entities

    doc = Document(id="d1", source="a.txt", original="Carlos Mora met Esteban Mora. Mora left.")
    mentions = [Mention("d1", 0, 11, "Carlos Mora", "PERSON", "PERSON", "ent-x"), Mention("d1", 16, 28, "Esteban Mora", "PERSON", "PERSON", "ent-x"),
                Mention("d1", 30, 34, "Mora", "PERSON", "PERSON", "ent-x")]
    doc.mentions = mentions
    story = Story(id="s", documents=[doc], entities=[Entity("ent-x", "Carlos Mora", "PERSON", ["Esteban Mora", "Mora"], list(mentions))])
    split = Judgement(keys.entity_key("Carlos Mora", "Esteban Mora"), "entity", "split", None,
                      {"names": ["Carlos Mora", "Esteban Mora"]}, ["d1"], "ana", "2026-12-02T10:00:00+00:00")
    gone = Judgement(keys.entity_key("Carlos Mora", "Nobody"), "entity", "merge", None, {"names": ["Carlos Mora", "Nobody"]},
                     ["d1"], "ana", "2026-12-02T10:01:00+00:00")
    review_entities(story, [split, gone])
    by_name = {e.name: e for e in story.entities}
    assert set(by_name) == {"Carlos Mora", "Esteban Mora"}
    assert [m.text for m in by_name["Esteban Mora"].mentions] == ["Esteban Mora"] and mentions[1].entity == by_name["Esteban Mora"].id
    assert "Esteban Mora" not in by_name["Carlos Mora"].aliases and by_name["Esteban Mora"].review.who == "ana"
    assert [(r.decision, r.applied) for r in story.reviews] == [("split", True), ("merge", False)]
    assert "Nobody" in story.reviews[1].outcome
