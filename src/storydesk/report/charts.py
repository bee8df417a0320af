"""SVG charts as plain data (positions, labels) for the templates: who copied whom, the timeline and the
entity graph. Layouts are deterministic, so the same story gives the same picture."""
from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import Any

from ..contract import Status

STATUS_COLOURS: dict[Status | None, str] = {Status.CORROBORATED: "#2e7d32", Status.DISPUTED: "#b26a00",
                                             Status.CONTRADICTED: "#a1262b", Status.SINGLE_SOURCE: "#5c6773",
                                             Status.UNSUPPORTED: "#6a1b9a", None: "#5c6773"}
TYPE_COLOURS = {"PERSON": "#1f5fa8", "ORG": "#8a4b08", "PLACE": "#2e7d32"}


def provenance(payload: dict[str, Any]) -> dict[str, Any]:
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
        if rel["a"] not in pos or rel["b"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[rel["a"]], pos[rel["b"]]
        if rel["direction"] == rel["b"]:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        length = math.hypot(x2 - x1, y2 - y1) or 1
        shrink = 16 / length  # stop the arrow at the node's edge
        edges.append({"x1": x1, "y1": y1, "x2": x2 - (x2 - x1) * shrink, "y2": y2 - (y2 - y1) * shrink,
                      "directed": rel["direction"] is not None, "title": f"{rel['kind']}: {rel['basis']}"})
    return {"nodes": nodes, "edges": edges, "width": left + pad, "height": pad * 2 + 2 * row_h}


def timeline(events: list[dict[str, Any]], width: int = 1080) -> dict[str, Any]:
    """Anchored events on a time axis of their distinct dates, in order (not to scale: a story spans
    years of background and hours of action). An interval covering several dates is a bar across them."""
    anchored = [e for e in events if e["when"]]
    if not anchored:
        return {"rows": [], "ticks": [], "width": width, "height": 0}
    starts = sorted({e["when"]["start"][:10] for e in anchored})
    left, right, top, row_h = 150, 20, 34, 26
    step = (width - left - right - 440) / max(len(starts) - 1, 1)  # 440 px keeps room for the last label

    def x_of(day: str) -> float:
        # the last distinct date at or before `day`
        k = max((i for i, s in enumerate(starts) if s <= day[:10]), default=0)
        return left + k * step

    ticks = []
    every = max(1, math.ceil(len(starts) * 90 / max(width - left - right - 440, 1)))  # ~90 px per tick label
    for i, s in enumerate(starts):
        if i % every:
            continue
        label = next(e["when"]["text"] for e in anchored if e["when"]["start"][:10] == s)
        ticks.append({"x": left + i * step, "label": label if len(label) <= 16 else s, "title": label})
    rows = []
    for n, e in enumerate(anchored):
        x1, x2 = x_of(e["when"]["start"]), x_of(e["when"]["end"])
        y = top + n * row_h
        text = e["text"] if len(e["text"]) <= 58 else e["text"][:56] + "…"
        rows.append({"id": e["id"], "x1": x1, "x2": x2, "y": y, "bar": x2 > x1, "colour": STATUS_COLOURS.get(e["status"]),
                     "label": text, "when": e["when"]["text"], "sources": len(e["docs"]), "status": e["status"]})
    return {"rows": rows, "ticks": ticks, "width": width, "height": top + len(anchored) * row_h + 10, "left": left}


def entity_graph(payload: dict[str, Any], limit: int = 28, size: int = 560) -> dict[str, Any]:
    """The most mentioned entities on a circle, grouped by type; a line joins two that appear in the same
    claim, thicker the more claims they share."""
    entities = sorted(payload["entities"], key=lambda e: (-len(e["mentions"]), e["name"]))[:limit]
    order = {"PERSON": 0, "ORG": 1, "PLACE": 2}
    entities.sort(key=lambda e: (order.get(e["type"], 3), -len(e["mentions"]), e["name"]))
    keep = {e["id"] for e in entities}
    pairs: Counter[tuple[str, str]] = Counter()
    for c in payload["claims"]:
        for a, b in combinations(sorted(set(c["entities"]) & keep), 2):
            pairs[(a, b)] += 1
    cx = cy = size / 2
    radius = size / 2 - 110
    pos, nodes = {}, []
    for k, e in enumerate(entities):
        angle = 2 * math.pi * k / max(len(entities), 1) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        pos[e["id"]] = (x, y)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        lx = x + 12 * math.cos(angle) * 1.2
        ly = y + 12 * math.sin(angle) * 1.2 + 4
        nodes.append({"id": e["id"], "x": x, "y": y, "r": 4 + 2.2 * math.sqrt(len(e["mentions"])),
                      "colour": TYPE_COLOURS.get(e["type"], "#555"), "label": e["name"][:28], "lx": lx, "ly": ly,
                      "anchor": anchor, "title": f"{e['name']} ({e['type']}): {len(e['mentions'])} mentions"})
    top = max(pairs.values(), default=1)
    edges = [{"x1": pos[a][0], "y1": pos[a][1], "x2": pos[b][0], "y2": pos[b][1], "w": 0.8 + 3.2 * n / top,
              "title": f"{n} claim(s)"} for (a, b), n in sorted(pairs.items())]
    return {"nodes": nodes, "edges": edges, "size": size}
