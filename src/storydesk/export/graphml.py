"""GraphML for Gephi: documents and entities are nodes; an entity is linked to the documents that mention
it, to the entities it shares claims with, and a copy to the document it derives from."""
from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

_NS = "http://graphml.graphdrawing.org/xmlns"
_KEYS = [  # (id, for, name, type)
    ("kind", "node", "kind", "string"), ("label", "node", "label", "string"), ("story", "node", "story", "string"),
    ("etype", "node", "entity_type", "string"), ("mentions", "node", "mentions", "int"),
    ("outlet", "node", "outlet", "string"), ("published", "node", "published", "string"),
    ("language", "node", "language", "string"), ("group", "node", "independence_group", "int"),
    ("relation", "edge", "relation", "string"), ("weight", "edge", "weight", "double"),
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
    graph = ET.SubElement(root, f"{{{_NS}}}graph", {"id": "storydesk", "edgedefault": "undirected"})

    def node(nid: str, **data):
        el = ET.SubElement(graph, f"{{{_NS}}}node", {"id": _xml(nid)})
        for k, v in data.items():
            if v is not None:
                ET.SubElement(el, f"{{{_NS}}}data", {"key": k}).text = _xml(v)

    # One undirected graph (networkx and igraph refuse mixed ones); a derivation keeps its direction in the
    # edge's order (source = the copy, target = what it copies) and in its relation ("rewrite of").
    def edge(a: str, b: str, relation: str, weight: float):
        el = ET.SubElement(graph, f"{{{_NS}}}edge", {"source": _xml(a), "target": _xml(b)})
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "relation"}).text = _xml(relation)
        ET.SubElement(el, f"{{{_NS}}}data", {"key": "weight"}).text = repr(float(weight))

    for sid, did, title, source, outlet, published, lang, group in conn.execute(
            "SELECT story_id, id, title, source, outlet, published, language, independence_group FROM documents ORDER BY story_id, id"):
        node(f"doc:{sid}:{did}", kind="document", label=title or source, story=sid, outlet=outlet, published=published,
             language=lang, group=group)
    per_document = conn.execute("SELECT story_id, entity_id, document_id, COUNT(*) FROM mentions "
                                "GROUP BY story_id, entity_id, document_id ORDER BY 1, 2, 3").fetchall()
    counts = Counter()
    for sid, eid, _, n in per_document:
        counts[(sid, eid)] += n
    for sid, eid, name, etype in conn.execute("SELECT story_id, id, name, type FROM entities ORDER BY story_id, id"):
        node(f"ent:{sid}:{eid}", kind="entity", label=name, story=sid, etype=etype, mentions=counts[(sid, eid)])
    for sid, eid, did, n in per_document:
        edge(f"ent:{sid}:{eid}", f"doc:{sid}:{did}", "mentioned in", n)
    pairs = Counter()
    for sid, ents in conn.execute("SELECT story_id, entities_json FROM claims ORDER BY story_id, rowid"):
        for a, b in itertools.combinations(sorted(set(json.loads(ents))), 2):
            pairs[(sid, a, b)] += 1
    for (sid, a, b), n in sorted(pairs.items()):
        edge(f"ent:{sid}:{a}", f"ent:{sid}:{b}", "in the same claim", n)
    for sid, did, src, kind, share in conn.execute("SELECT story_id, document_id, source_document_id, kind, share FROM derivations "
                                                   "ORDER BY 1, 2, 3"):
        edge(f"doc:{sid}:{did}", f"doc:{sid}:{src}", f"{kind} of", share)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return [out]
