"""The store's named operations: a story goes story -> story.json part -> store -> API payload unchanged, the exports work
on a store the CLI wrote and never list the engine's tables, and every table is either contract or engine."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import zlib

import httpx
import pytest

from conftest import CLI
from storydesk import storyjson
from storydesk.export import EXPORTERS, export
from storydesk.pipeline import DEMO_CORPUS
from storydesk.store import open_store, read, save
from storydesk.web.app import Settings, StoryPayload
from web_server import Server


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory):
    """A store written by `storydesk analyze`, the way users write one."""
    out = tmp_path_factory.mktemp("cli")
    done = subprocess.run([*CLI, "analyze", str(DEMO_CORPUS), "--out", str(out), "-q", "--workers", "1"],
                          check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out


def test_a_story_round_trips_through_the_store_and_the_api_unchanged(demo_result, tmp_path):
    payload = storyjson.to_json(demo_result)
    storyjson.validate(payload)
    db = tmp_path / "story.db"
    save(db, payload)
    conn = open_store(db)
    stored = read.story(conn, payload["story"]["id"])
    conn.close()
    assert stored == json.loads(json.dumps(payload))  # tuples are lists in JSON, nothing else differs
    with Server(Settings(db=str(db))) as s:
        served = httpx.get(f"{s.url}/api/stories/{payload['story']['id']}").json()
    assert served == stored
    storyjson.validate(served)
    assert served["documents"][0]["times"] == stored["documents"][0]["times"]  # what the old table rebuild dropped
    assert "groups" in served and served["quotes"][0].get("cue_start") is not None


def test_a_story_stored_by_schema_9_is_served_in_the_current_shape(demo_result, tmp_path):
    """A part kept before happenings existed (no `happenings`, claims without `triggers`) is served with them empty,
    and validates against the current schema."""
    payload = storyjson.to_json(demo_result)
    old = {k: v for k, v in payload.items() if k != "happenings"}
    old["claims"] = [{k: v for k, v in c.items() if k != "triggers"} for c in payload["claims"]]
    db = tmp_path / "story.db"
    save(db, {**old, "happenings": []})
    conn = open_store(db)
    part = {k: v for k, v in old.items() if k not in ("schema_version", "generator")}
    conn.execute("UPDATE stories SET payload_z = ?", (zlib.compress(json.dumps(part).encode("utf-8")),))
    conn.commit()
    served = read.story(conn, payload["story"]["id"])
    conn.close()
    storyjson.validate(served)
    assert served["happenings"] == [] and all(c["triggers"] == [] for c in served["claims"])
    assert len(served["claims"]) == len(payload["claims"]) and payload["happenings"]


def test_the_api_serves_each_story_as_the_cli_wrote_it_into_story_json(cli_out):
    written = json.loads((cli_out / "story.json").read_text("utf-8"))
    with Server(Settings(db=str(cli_out / "story.db"))) as s:
        listed = httpx.get(f"{s.url}/api/stories").json()
        assert {x["id"] for x in listed} == {p["story"]["id"] for p in written["stories"]}
        for part in written["stories"]:
            served = httpx.get(f"{s.url}/api/stories/{part['story']['id']}").json()
            assert served == storyjson.with_run(part, written["generator"])
            storyjson.validate(served)
            StoryPayload.model_validate(served)  # the API's documented model, derived from the same declaration


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_export_works_on_a_store_the_cli_wrote(cli_out, fmt):
    files = export(cli_out / "story.db", fmt, cli_out / f"export-{fmt}")
    assert files and sum(f.stat().st_size for f in files) > 10_000
    if fmt in ("csv", "jsonl"):
        assert sorted(f.stem for f in files) == sorted(read.CONTRACT_TABLES)
        stories = (cli_out / f"export-{fmt}" / f"stories.{fmt}").read_text("utf-8")
        for hidden in read.ENGINE_COLUMNS["stories"]:
            assert hidden not in stories
    if fmt == "jsonl":
        rows = [json.loads(line) for line in (cli_out / "export-jsonl" / "claims.jsonl").read_text("utf-8").splitlines()]
        written = json.loads((cli_out / "story.json").read_text("utf-8"))
        assert len(rows) == sum(len(p["claims"]) for p in written["stories"])


def test_every_table_of_a_store_is_contract_or_engine(tmp_path):
    conn = open_store(tmp_path / "story.db")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    fts = {n for n in names if "_fts" in n}
    assert names - fts == set(read.CONTRACT_TABLES) | set(read.ENGINE_TABLES)
    assert not set(read.CONTRACT_TABLES) & set(read.ENGINE_TABLES)


def test_an_export_of_an_engine_table_is_refused(cli_out):
    conn = sqlite3.connect(cli_out / "story.db")
    with pytest.raises(KeyError, match="work_documents"):
        read.rows_of(conn, "work_documents")
    conn.close()
