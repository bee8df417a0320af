"""SVG charts as plain data (positions, labels) for the templates: who copied whom, the timeline and the
entity graph. Layouts are deterministic, so the same story gives the same picture."""
from __future__ import annotations

import datetime
import math
from collections import Counter
from itertools import combinations, pairwise
from typing import Any

from .. import labels
from ..contract import Status

STATUS_COLOURS: dict[Status | None, str] = {Status.CORROBORATED: "#2e7d32", Status.DISPUTED: "#b26a00",
                                             Status.CONTRADICTED: "#a1262b", Status.SINGLE_SOURCE: "#5c6773",
                                             Status.UNSUPPORTED: "#6a1b9a", None: "#5c6773"}
TYPE_COLOURS = {"PERSON": "#1f5fa8", "ORG": "#8a4b08", "PLACE": "#2e7d32"}


CHAR_W = 7.4  # px per character of the 12 px chart font (DejaVu Sans averages about 7; wide enough for capitals)
LINE_H = 15


def text_width(text: str) -> float:
    return len(text) * CHAR_W


def provenance(payload: dict[str, Any]) -> dict[str, Any]:
    """Who copied whom, laid out so that no line runs through a label: one band per independence group, the group's
    sources in a first column and the documents that copy them in a second, each label to the right of its circle.
    An arrow runs from the source to the copy, as thick as the share of the copy's text that comes from the source,
    with that share written on it; two documents whose direction is not known are joined by a dashed line (an arc on
    the left when they are in one column)."""
    docs = payload["documents"]
    short = labels.labels(docs, limit=30)
    number = {d["id"]: n for n, d in enumerate(docs, start=1)}
    groups: dict[int, list[dict]] = {}
    for d in docs:
        groups.setdefault(d["group"] or 0, []).append(d)
    r, row_h, pad, gap = 14, 40, 24, 110
    roots_w = max((text_width(short[d["id"]]) for d in docs if not d["derived_from"]), default=0)
    tallest = max((max(sum(1 for d in m if not d["derived_from"]), sum(1 for d in m if d["derived_from"]))
                   for m in groups.values()), default=1)
    arcs = 40 + 22 * (tallest - 1)  # room on the left for the arcs between documents of one column, and their shares
    col_x = [pad + arcs + r, pad + arcs + r + 2 * r + 8 + roots_w + gap]
    nodes, pos, bands = [], {}, []
    y = pad
    for gid, members in sorted(groups.items()):
        columns = ([d for d in members if not d["derived_from"]], [d for d in members if d["derived_from"]])
        rows = max(len(c) for c in columns)
        bands.append({"y": y, "h": rows * row_h, "label": f"group {gid}"})
        for c, line in enumerate(columns):
            for k, d in enumerate(line):
                x, cy = col_x[c], y + k * row_h + row_h / 2
                lx = x + r + 6
                pos[d["id"]] = (x, cy, lx + text_width(short[d["id"]]) + 6, c)
                nodes.append({"id": d["id"], "x": x, "y": cy, "lx": lx, "label": short[d["id"]], "n": number[d["id"]],
                              "group": gid, "title": labels.label(d, 200)})
        y += rows * row_h + 16
    edges = []
    for rel in payload["relations"]:
        if rel["a"] not in pos or rel["b"] not in pos:
            continue
        src, dst = (rel["b"], rel["a"]) if rel["direction"] == rel["b"] else (rel["a"], rel["b"])
        (xs, ys, es, cs), (xd, yd, ed, cd) = pos[src], pos[dst]
        share = rel["share_a"] if dst == rel["a"] else rel["share_b"]
        if cs == cd:  # one column: an arc on the left of the circles, wider the further apart they are
            bend = xs - r - 2 * (14 + 22 * (abs(yd - ys) / row_h - 1) + 6)
            path = f"M{xs - r:.1f},{ys:.1f} Q{bend:.1f},{(ys + yd) / 2:.1f} {xd - r - 2:.1f},{yd:.1f}"
            mx, my = (xs - r + bend) / 2 - 3, (ys + yd) / 2 + 4
        else:
            (x1, y1), (x2, y2) = ((es, ys), (xd - r - 3, yd)) if cs < cd else ((ed, yd), (xs - r - 3, ys))
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            mx, my = mid - 12, (y1 + y2) / 2 - 6
        edges.append({"d": path, "mx": mx, "my": my, "anchor": "end" if cs == cd else "start", "share": f"{round(100 * share)}%", "w": round(1.5 + 4 * share, 2),
                      "directed": rel["direction"] is not None,
                      "title": f"{short[dst]} {'copies' if rel['direction'] else 'shares text with'} {short[src]}: "
                               f"{rel['kind']}, {round(100 * share)}% of its text; {rel['basis']}"})
    width = col_x[1] + r + 6 + max((text_width(short[d["id"]]) for d in docs if d["derived_from"]), default=0) + pad
    return {"nodes": nodes, "edges": edges, "bands": bands, "width": max(width, col_x[0] + roots_w + 80),
            "height": y + pad / 2}


def _day(iso: str) -> str:
    """"2016-09-26" -> "26 Sep 2016"; a year or a month as it is."""
    try:
        return datetime.date.fromisoformat(iso[:10]).strftime("%-d %b %Y")
    except ValueError:
        return iso


def _gap(a: str, b: str) -> str:
    try:
        days = (datetime.date.fromisoformat(b[:10]) - datetime.date.fromisoformat(a[:10])).days
    except ValueError:
        return ""
    if days <= 1:
        return ""
    if days < 60:
        return f"{days} days"
    if days < 730:
        return f"{round(days / 30.4)} months"
    return f"{round(days / 365.25)} years"


def timeline(events: list[dict[str, Any]], width: int = 1080) -> dict[str, Any]:
    """Anchored events on an axis of their distinct dates, in order, one step per date (a story spans years of
    background and hours of action, so the axis is not to scale): each tick shows its real date, and the time between
    two ticks is written between them. An interval covering several dates is a bar across them."""
    anchored = [e for e in events if e["when"]]
    if not anchored:
        return {"rows": [], "ticks": [], "gaps": [], "width": width, "height": 0}
    starts = sorted({e["when"]["start"][:10] for e in anchored})
    left, right, top, row_h = 150, 20, 44, 26
    step = (width - left - right - 440) / max(len(starts) - 1, 1)  # 440 px keeps room for the last label

    def x_of(day: str) -> float:
        # the last distinct date at or before `day`
        k = max((i for i, s in enumerate(starts) if s <= day[:10]), default=0)
        return left + k * step

    ticks, gaps = [], []
    every = max(1, math.ceil(len(starts) * 90 / max(width - left - right - 440, 1)))  # ~90 px per tick label
    shown = [i for i in range(len(starts)) if i % every == 0]
    for i in shown:
        words = next(e["when"]["text"] for e in anchored if e["when"]["start"][:10] == starts[i])
        ticks.append({"x": left + i * step, "label": _day(starts[i]), "title": f"{_day(starts[i])} ({words})"})
    for a, b in pairwise(shown):
        if gap := _gap(starts[a], starts[b]):
            gaps.append({"x": left + (a + b) / 2 * step, "label": gap})
    rows = []
    for n, e in enumerate(anchored):
        x1, x2 = x_of(e["when"]["start"]), x_of(e["when"]["end"])
        y = top + n * row_h
        text = e["text"] if len(e["text"]) <= 58 else e["text"][:56] + "…"
        rows.append({"id": e["id"], "x1": x1, "x2": x2, "y": y, "bar": x2 > x1, "colour": STATUS_COLOURS.get(e["status"]),
                     "label": text, "when": e["when"]["text"], "sources": len(e["docs"]), "status": e["status"]})
    return {"rows": rows, "ticks": ticks, "gaps": gaps, "width": width, "height": top + len(anchored) * row_h + 10,
            "left": left}


def entity_graph(payload: dict[str, Any], limit: int = 28, label_chars: int = 30) -> dict[str, Any]:
    """The most mentioned entities in a layered layout computed when the report is built: one column per type
    (people, organisations, places), one row per entity, so no two labels can overlap; rows are ordered by their
    neighbours' places (barycentre sweeps) so lines cross little. A line joins two entities named in one claim,
    thicker the more claims they share; one between two entities of a column is an arc to its left."""
    entities = sorted(payload["entities"], key=lambda e: (-len(e["mentions"]), e["name"]))[:limit]
    keep = {e["id"] for e in entities}
    pairs: Counter[tuple[str, str]] = Counter()
    for c in payload["claims"]:
        for a, b in combinations(sorted(set(c["entities"]) & keep), 2):
            pairs[(a, b)] += 1
    kinds = [t for t in ("PERSON", "ORG", "PLACE") if any(e["type"] == t for e in entities)]
    kinds += sorted({e["type"] for e in entities} - set(kinds))
    columns = [[e for e in entities if e["type"] == t] for t in kinds]
    neighbours: dict[str, list[str]] = {e["id"]: [] for e in entities}
    for a, b in pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
    row_h, top, radius_max = 30, 34, 12
    rank = {e["id"]: k for col in columns for k, e in enumerate(col)}
    for _ in range(4):  # order each column by the mean row of its neighbours in the other columns
        for col in columns:
            ids = {e["id"] for e in col}
            col.sort(key=lambda e: (sum(rank[n] for n in neighbours[e["id"]] if n not in ids) /
                                    max(sum(1 for n in neighbours[e["id"]] if n not in ids), 1)
                                    if any(n not in ids for n in neighbours[e["id"]]) else rank[e["id"]], e["name"]))
            rank.update((e["id"], k) for k, e in enumerate(col))
    nodes, pos, x = [], {}, 40.0
    heads = []
    for t, col in zip(kinds, columns):
        label_w = max((text_width(labels.cut(e["name"], label_chars)) for e in col), default=0)
        heads.append({"x": x - radius_max, "label": {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places"}.get(t, t)})
        for k, e in enumerate(col):
            y = top + k * row_h + row_h / 2
            r = min(radius_max, 4 + 2.2 * math.sqrt(len(e["mentions"])))
            label = labels.cut(e["name"], label_chars)
            lx = x + radius_max + 6
            pos[e["id"]] = (x, y, lx + text_width(label) + 4)
            nodes.append({"id": e["id"], "x": x, "y": y, "r": r, "colour": TYPE_COLOURS.get(e["type"], "#555"),
                          "label": label, "lx": lx, "ly": y + 4, "anchor": "start",
                          "box": [lx, y - LINE_H / 2 - 1, text_width(label), LINE_H],
                          "title": f"{e['name']} ({e['type']}): {len(e['mentions'])} mentions"})
        x += 2 * radius_max + 6 + label_w + 90
    top_n = max(pairs.values(), default=1)
    edges = []
    for (a, b), n in sorted(pairs.items()):
        (xa, ya, ea), (xb, yb, eb) = pos[a], pos[b]
        w = round(0.8 + 3.2 * n / top_n, 2)
        if xa == xb:  # same column: an arc on the left, clear of the labels
            bend = xa - radius_max - 10 - 0.35 * abs(yb - ya)
            path = f"M{xa - radius_max:.1f},{ya:.1f} Q{bend:.1f},{(ya + yb) / 2:.1f} {xa - radius_max:.1f},{yb:.1f}"
        else:
            (x1, y1), (x2, y2) = ((ea, ya), (xb - radius_max, yb)) if xa < xb else ((eb, yb), (xa - radius_max, ya))
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        edges.append({"d": path, "w": w, "title": f"{n} claim(s)"})
    height = top + max((len(c) for c in columns), default=0) * row_h + 10
    return {"nodes": nodes, "edges": edges, "heads": heads, "width": x - 50, "height": height, "size": height}
