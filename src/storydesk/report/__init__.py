"""report.html: one self-contained file (no CDN, no script), readable offline and printable.

Every string from the sources goes through Jinja's autoescaping, and the page's
Content-Security-Policy forbids scripts outright, so a title or body carrying
markup is shown as text and never run.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


def _env() -> Environment:
    env = Environment(loader=PackageLoader("storydesk", "report/templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{round(100 * v)}%"
    return env


def _pieces(doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The original text cut into kept and removed runs: (text, reason or None)."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    original = doc["original"]
    for r in sorted(doc["removed"], key=lambda r: r["start"]):
        if r["start"] > pos:
            out.append((original[pos:r["start"]], None))
        out.append((original[r["start"]:r["end"]], r["reason"]))
        pos = max(pos, r["end"])
    if pos < len(original):
        out.append((original[pos:], None))
    return out


def _graph(payload: dict[str, Any]) -> dict[str, Any]:
    """Node positions for the who-copied-whom graph: one column per independence group."""
    docs = payload["documents"]
    groups: dict[int, list[dict]] = {}
    for d in docs:
        groups.setdefault(d["group"] or 0, []).append(d)
    slot_w, row_h, pad = 150, 70, 30
    nodes, pos = [], {}
    left = pad
    for gid, members in sorted(groups.items()):
        # Sources on the first row, the documents that copy them on the row below, so no arrow crosses a node.
        copies = [d for d in members if d["derived_from"]]
        roots = [d for d in members if not d["derived_from"]]
        width = max(len(roots), len(copies), 1) * slot_w
        for row, line in enumerate((roots, copies)):
            for k, d in enumerate(line):
                x = left + (width - len(line) * slot_w) / 2 + k * slot_w + slot_w / 2
                y = pad + row * row_h + 20
                pos[d["id"]] = (x, y)
                label = d["outlet"] or d["title"] or d["source"]
                nodes.append({"id": d["id"], "x": x, "y": y, "label": label[:22], "group": gid})
        left += width + 20
    edges = []
    for rel in payload["relations"]:
        (x1, y1), (x2, y2) = pos[rel["a"]], pos[rel["b"]]
        if rel["direction"] == rel["b"]:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        length = math.hypot(x2 - x1, y2 - y1) or 1
        shrink = 16 / length  # stop the arrow at the node's edge
        edges.append({"x1": x1, "y1": y1, "x2": x2 - (x2 - x1) * shrink, "y2": y2 - (y2 - y1) * shrink,
                      "directed": rel["direction"] is not None, "title": f"{rel['kind']}: {rel['basis']}"})
    return {"nodes": nodes, "edges": edges, "width": left + pad, "height": pad * 2 + 2 * row_h}


def render(payload: dict[str, Any]) -> str:
    docs = payload["documents"]
    names = {d["id"]: (d["outlet"] or d["title"] or d["source"]) for d in docs}
    reasons = Counter(r["reason"] for d in docs for r in d["removed"])
    template = _env().get_template("report.html")
    return template.render(
        payload=payload,
        docs=docs,
        names=names,
        pieces={d["id"]: _pieces(d) for d in docs},
        reasons=reasons.most_common(),
        graph=_graph(payload),
        errors=[e for e in payload["errors"] if e["level"] == "error"],
        warnings=[e for e in payload["errors"] if e["level"] == "warning"],
        languages=Counter(d["language"] or "unknown" for d in docs).most_common(),
        entity_names={e["id"]: e["name"] for e in payload["entities"]},
        claims_by_status=_claims_by_status(payload),
        claim_counts=Counter(c["status"] for c in payload["claims"]).most_common(),
    )


def _claims_by_status(payload: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Claims per status, the most check-worthy first; one row per distinct text (copies repeat claims)."""
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()
    for c in sorted(payload["claims"], key=lambda c: -c["checkworthiness"]):
        key = (c["status"], " ".join(c["text"].lower().split()))
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(c["status"], []).append(c)
    return out
