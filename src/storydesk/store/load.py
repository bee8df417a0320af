"""A story rebuilt from the tables, for stores written before each story's part was kept (schema 4 and older).
`store.read.story` serves every newer story from its stored part."""
from __future__ import annotations

import json
import sqlite3
from typing import Any


def _j(value: str | None, default: Any = None) -> Any:
    return default if value is None else json.loads(value)


def stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT id, generator_version, analysed_at, document_count, group_count FROM stories ORDER BY analysed_at DESC, id")
    return [{"id": r[0], "version": r[1], "analysed_at": r[2], "documents": r[3], "groups": r[4]} for r in rows]


def load_payload(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    conn.row_factory = sqlite3.Row
    story = conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if story is None:
        return None
    q = lambda sql: conn.execute(sql, (story_id,)).fetchall()
    removed: dict[str, list[dict[str, Any]]] = {}
    derived: dict[str, list[dict[str, Any]]] = {}
    for r in q("SELECT * FROM removals WHERE story_id = ? ORDER BY document_id, start"):
        removed.setdefault(r["document_id"], []).append({"start": r["start"], "end": r["end"], "reason": r["reason"], "text": r["text"]})
    for r in q("SELECT * FROM derivations WHERE story_id = ?"):
        derived.setdefault(r["document_id"], []).append({"doc": r["source_document_id"], "share": r["share"], "basis": r["basis"],
                                                         "kind": r["kind"], "spans": _j(r["spans_json"], []),
                                                         "additions": _j(r["additions_json"], [])})
    docs = [{"id": d["id"], "source": d["source"], "kind": d["kind"], "title": d["title"], "outlet": d["outlet"],
             "outlet_basis": d["outlet_basis"], "author": d["author"], "url": d["url"], "published": d["published"],
             "published_basis": d["published_basis"], "language": d["language"], "group": d["independence_group"],
             "text": d["text"], "original": d["original"], "segments": _j(d["segments_json"], []),
             "removed": removed.get(d["id"], []), "derived_from": derived.get(d["id"], [])}
            for d in q("SELECT * FROM documents WHERE story_id = ? ORDER BY rowid")]
    mentions: dict[str, list] = {}
    for m in q("SELECT * FROM mentions WHERE story_id = ? ORDER BY rowid"):
        mentions.setdefault(m["entity_id"], []).append({"doc": m["document_id"], "start": m["start"], "end": m["end"], "text": m["text"]})
    entities = [{"id": e["id"], "name": e["name"], "type": e["type"], "aliases": _j(e["aliases_json"], []),
                 "evidence": _j(e["evidence_json"], []), "mentions": mentions.get(e["id"], [])}
                for e in q("SELECT * FROM entities WHERE story_id = ? ORDER BY rowid")]
    quotes = [{"id": x["id"], "doc": x["document_id"], "kind": x["kind"], "start": x["start"], "end": x["end"], "text": x["text"],
               "speaker": x["speaker_entity_id"], "speaker_text": x["speaker_text"], "cue": x["cue"]}
              for x in q("SELECT * FROM quotes WHERE story_id = ? ORDER BY rowid")]
    verdicts: dict[str, list] = {}
    for v in q("SELECT * FROM verdicts WHERE story_id = ? ORDER BY rowid"):
        verdicts.setdefault(v["claim_id"], []).append(verdict_record(v))
    claims = [claim_record(c, verdicts.get(c["id"], [])) for c in q("SELECT * FROM claims WHERE story_id = ? ORDER BY rowid")]
    cites: dict[str, list] = {}
    for c in q("SELECT * FROM event_citations WHERE story_id = ? ORDER BY rowid"):
        cites.setdefault(c["event_id"], []).append({"doc": c["document_id"], "start": c["start"], "end": c["end"], "text": c["text"],
                                                    "claim": c["claim_id"]})
    events = []
    for e in q("SELECT * FROM events WHERE story_id = ? ORDER BY position"):
        when = ({"text": e["when_text"], "start": e["when_start"], "end": e["when_end"], "granularity": e["granularity"]}
                if e["when_start"] else None)
        cs = cites.get(e["id"], [])
        events.append({"id": e["id"], "text": e["text"], "when": when, "status": e["status"], "reason": e["unanchored_reason"],
                       "citations": cs, "claims": [c["claim"] for c in cs], "docs": list(dict.fromkeys(c["doc"] for c in cs))})
    bcites: dict[int, dict[str, list]] = {}
    for c in q("SELECT * FROM brief_citations WHERE story_id = ? ORDER BY rowid"):
        bcites.setdefault(c["position"], {}).setdefault(c["role"], []).append(
            {"doc": c["document_id"], "start": c["start"], "end": c["end"], "text": c["text"]})
    brief = [{"text": b["text"], "section": b["section"], "claim": b["claim_id"], "attribution": b["attribution"],
              "citations": bcites.get(b["position"], {}).get("supports", []),
              "against": bcites.get(b["position"], {}).get("contradicts", []),
              "check": {"label": b["check_label"], "score": b["check_score"], "verifier": b["check_verifier"]}}
             for b in q("SELECT * FROM brief_sentences WHERE story_id = ? ORDER BY position")]
    relations = [{"a": r["document_a"], "b": r["document_b"], "kind": r["kind"], "share_a": r["share_a"], "share_b": r["share_b"],
                  "direction": r["source_document_id"], "basis": r["basis"]}
                 for r in q("SELECT * FROM relations WHERE story_id = ? ORDER BY rowid")]
    errors = [{"source": e["source"], "code": e["code"], "level": e["level"], "reason": e["reason"]}
              for e in q("SELECT * FROM input_problems WHERE story_id = ? ORDER BY rowid")]
    return {"story": {"id": story["id"], "documents": story["document_count"], "groups": story["group_count"]},
            "generator": {"version": story["generator_version"], "finished": story["analysed_at"], "stages": []},
            "documents": docs, "entities": entities, "quotes": quotes, "claims": claims, "events": events, "brief": brief,
            "relations": relations, "errors": errors}


def verdict_record(v: sqlite3.Row) -> dict[str, Any]:
    return {"doc": v["document_id"], "label": v["label"], "score": v["score"], "verifier": v["verifier"],
            "reasons": _j(v["reasons_json"], []), "features": _j(v["features_json"], {}), "evidence": _j(v["evidence_json"], [])}


def claim_record(c: sqlite3.Row, verdicts: list[dict[str, Any]]) -> dict[str, Any]:
    attribution = {"text": c["attribution_text"], "speaker": c["attribution_entity_id"]} if c["attribution_text"] else None
    return {"id": c["id"], "doc": c["document_id"], "start": c["start"], "end": c["end"], "text": c["text"], "kind": c["kind"],
            "status": c["status"], "status_reason": c["status_reason"], "checkworthiness": c["checkworthiness"],
            "hedged": [h for h in (c["hedged"] or "").split(", ") if h], "attribution": attribution,
            "time": {"value": c["time_value"], "start": c["time_start"], "end": c["time_end"]} if c["time_value"] else None,
            "spans": _j(c["spans_json"], []), "entities": _j(c["entities_json"], []), "quantities": _j(c["quantities_json"], []),
            "verdicts": verdicts}
