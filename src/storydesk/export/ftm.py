"""FollowTheMoney entities for Aleph: the story's people, organisations and places, its articles, and
a Mention per (name, article) linking the two, an UnknownLink per derivation (copy or rewrite), and an Event per
happening (its people and organisations involved, its places as locations, the articles that tell it as proof)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from followthemoney import model

from .. import labels
from ..store import read

_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "PLACE": "Address"}
_LANG3 = {"en": "eng", "es": "spa", "pt": "por", "fr": "fra", "de": "deu", "it": "ita"}


def entities(conn: sqlite3.Connection):
    """The FtM entity proxies of every story in the store, in a stable order."""
    articles = {}
    for d in read.all_documents(conn):
        a = model.make_entity("Article")
        a.make_id("storydesk", d["story_id"], "doc", d["id"])
        a.add("title", labels.label(d))
        a.add("bodyText", d["text"])
        a.add("publisher", d["outlet"])
        a.add("author", d["author"])
        a.add("sourceUrl", d["url"])
        a.add("fileName", labels.portable(d["source"]))
        if d["published"]:
            a.add("publishedAt", d["published"][:10])
        if d["language"]:
            a.add("language", _LANG3.get(d["language"].split("-")[0], d["language"]))
        articles[(d["story_id"], d["id"])] = a
    people = {}
    for e in read.all_entities(conn):
        schema = _SCHEMA.get(e["type"], "LegalEntity")
        p = model.make_entity(schema)
        p.make_id("storydesk", e["story_id"], "entity", e["id"])
        if schema == "Address":
            p.add("full", e["name"])
        p.add("name", e["name"])
        p.add("alias", [a for a in json.loads(e["aliases_json"]) if a != e["name"]])
        p.add("description", "; ".join(json.loads(e["evidence_json"]))[:2000] or None)
        people[(e["story_id"], e["id"])] = (p, schema)
    yield from articles.values()
    for p, _ in people.values():
        yield p
    for sid, eid, did, _, names in read.mentions_by_document(conn):
        entity = people.get((sid, eid))
        article = articles.get((sid, did))
        if entity is None or article is None:
            continue
        p, schema = entity
        mention = model.make_entity("Mention")
        mention.make_id("storydesk", sid, "mention", eid, did)
        mention.add("document", article.id)
        mention.add("resolved", p.id)
        mention.add("name", names.split(","))
        mention.add("detectedSchema", schema)
        yield mention
    for sid, did, src, kind, share, basis in read.all_derivations(conn):
        copy, source = articles.get((sid, did)), articles.get((sid, src))
        if copy is None or source is None:
            continue
        link = model.make_entity("UnknownLink")
        link.make_id("storydesk", sid, "derivation", did, src)
        link.add("subject", copy.id)
        link.add("object", source.id)
        link.add("role", f"{kind} of ({round(100 * share)}% of its text; {basis})")
        yield link
    yield from _events(articles, people, read.all_happenings(conn))


def _title(article, fallback: str) -> str:
    return (article.first("title") if article is not None else None) or fallback


def _events(articles: dict, people: dict, happenings: list[dict]):
    for h in happenings:
        sid = h["story_id"]
        event = model.make_entity("Event")
        event.make_id("storydesk", sid, "happening", h["id"])
        event.add("name", h["name"])
        told = [f"{_title(articles.get((sid, d)), d)}: {', '.join(words)}" for d, words in h["documents"].items()]
        event.add("summary", ("told by " + "; ".join(told))[:2000])
        for eid in h["entities"]:
            proxy, schema = people.get((sid, eid), (None, None))
            if proxy is None:
                continue
            if schema == "Address":
                event.add("location", proxy.first("full"))
            else:
                event.add("involved", proxy.id)
        for did in h["documents"]:
            article = articles.get((sid, did))
            if article is not None:
                event.add("proof", article.id)
        if h["dates"]:
            event.add("startDate", h["dates"][0][:10])
            event.add("endDate", h["dates"][1][:10])
        yield event


def export_ftm(conn: sqlite3.Connection, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for proxy in entities(conn):
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return [out]
