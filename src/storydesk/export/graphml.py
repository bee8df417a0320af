"""GraphML for Gephi: documents and entities are nodes; an entity is linked to the documents that mention
it, to the entities it shares claims with, and a copy to the document it derives from."""
from __future__ import annotations

import itertools
import re
import sqlite3
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import labels
from ..store import read

_NS = "http://graphml.graphdrawing.org/xmlns"
_KEYS = [  # (id, for, name, type)
    ("kind", "node", "kind", "string"), ("label", "node", "label", "string"), ("story", "node", "story", "string"),
    ("etype", "node", "entity_type", "string"), ("mentions", "node", "mentions", "int"),
    ("outlet", "node", "outlet", "string"), ("published", "node", "published", "string"),
    ("language", "node", "language", "string"), ("group", "node", "independence_group", "int"),
    ("relation", "edge", "relation", "string"), ("weight", "edge", "weight", "double"),
    ("symmetric", "edge", "symmetric", "boolean"),
]


# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab, newline and return; U+FFFE, U+FFFF; lone
# surrogates): a source that carries one would make the whole file unreadable to Gephi and networkx.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def export_graphml(conn: sqlite3.Connection, out: Path) -> list[Path]:
    ET.register_namespace("", _NS)
    root = ET.Element(f"{{{_NS}}}graphml")
    for kid, kfor, name, ktype in _KEYS:
        ET.SubElement(root, f"{{{_NS}}}key", {"id": kid, "for": kfor, "attr.name": name, "attr.type": ktype})
    # A directed graph, so Gephi draws who copied whom: a derivation runs from the source to the copy. The other
    # edges read one way too (an entity is mentioned in a document); two entities in the same claim are one edge
    # marked symmetric. (A per-edge directed="false" would be cleaner GraphML, but networkx and igraph refuse a
    # graph that mixes directions.)
    graph = ET.SubElement(root, f"{{{_NS}}}graph", {"id": "storydesk", "edgedefault": "directed"})

    def node(nid: str, **data):
        el = ET.SubElement(graph, f"{{{_NS}}}node", {"id": _xml(nid)})
        for k, v in data.items():
            if v is not None:
                ET.SubElement(el, f"{{{_NS}}}data", {"key": k}).text = _xml(v)

    def edge(a: str, b: str, relation: str, weight: float, symmetric: bool = False):
        el = ET.SubElement(graph, f"{{{_NS}}}edge", {"source": _xml(a), "target": _xml(b)})
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "relation"}).text = _xml(relation)
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "weight"}).text = repr(float(weight))
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "symmetric"}).text = "true" if symmetric else "false"

    for d in read.all_documents(conn):
        node(f"doc:{d['story_id']}:{d['id']}", kind="document", label=labels.label(d), story=d["story_id"],
             outlet=d["outlet"], published=d["published"], language=d["language"], group=d["independence_group"])
    per_document = [row[:4] for row in read.mentions_by_document(conn)]
    counts: Counter[tuple[str, str]] = Counter()
    for sid, eid, _, n in per_document:
        counts[(sid, eid)] += n
    for e in read.all_entities(conn):
        sid, eid = e["story_id"], e["id"]
        node(f"ent:{sid}:{eid}", kind="entity", label=e["name"], story=sid, etype=e["type"], mentions=counts[(sid, eid)])
    for sid, eid, did, n in per_document:
        edge(f"ent:{sid}:{eid}", f"doc:{sid}:{did}", "mentioned in", n)
    pairs: Counter[tuple[str, str, str]] = Counter()
    for sid, ents in read.claim_entities(conn):
        for a, b in itertools.combinations(sorted(set(ents)), 2):
            pairs[(sid, a, b)] += 1
    for (sid, a, b), n in sorted(pairs.items()):
        edge(f"ent:{sid}:{a}", f"ent:{sid}:{b}", "in the same claim", n, symmetric=True)
    for sid, did, src, kind, share, _ in read.all_derivations(conn):
        edge(f"doc:{sid}:{src}", f"doc:{sid}:{did}", f"{kind}: source to copy", share)
    entity_ids = {(e["story_id"], e["id"]) for e in read.all_entities(conn)}
    for h in read.all_happenings(conn):
        sid, hid = h["story_id"], h["id"]
        node(f"hap:{sid}:{hid}", kind="happening", label=h["name"], story=sid, mentions=h["mentions"])
        for did, words in h["documents"].items():
            edge(f"hap:{sid}:{hid}", f"doc:{sid}:{did}", "told in", len(words))
        for eid in h["entities"]:
            if (sid, eid) in entity_ids:
                edge(f"ent:{sid}:{eid}", f"hap:{sid}:{hid}", "takes part in", 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return [out]
