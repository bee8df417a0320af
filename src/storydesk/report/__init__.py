"""report.html: one self-contained file (no CDN, no script), readable offline and printable.

Every string from the sources goes through Jinja's autoescaping, and the page's
Content-Security-Policy forbids scripts outright, so a title or body carrying
markup is shown as text and never run. Filters and "click for evidence" are
plain HTML and CSS (radio buttons, <details>), so they work with scripts off.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from . import charts, views


def environment(loader=None) -> Environment:
    env = Environment(loader=loader or PackageLoader("storydesk", "report/templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{round(100 * v)}%"
    return env


def context(payload: dict[str, Any]) -> dict[str, Any]:
    """What the templates need from one story's payload; the web UI uses it too."""
    docs = payload["documents"]
    return {
        "payload": payload,
        "docs": docs,
        "names": views.names(payload),
        "reasons": Counter(r["reason"] for d in docs for r in d["removed"]).most_common(),
        "graph": charts.provenance(payload),
        "errors": [e for e in payload["errors"] if e["level"] == "error"],
        "warnings": [e for e in payload["errors"] if e["level"] == "warning"],
        "languages": Counter(d["language"] or "unknown" for d in docs).most_common(),
        "matrix": views.matrix(payload),
        "timeline": charts.timeline(payload["events"]),
        "entity_graph": charts.entity_graph(payload),
        "quotes": views.quotes_by_speaker(payload),
    }


def _doc_anchor(doc: str, start: int | None = None, end: int | None = None) -> str:
    return f"#doc-{doc}"


def render(payload: dict[str, Any]) -> str:
    ctx = context(payload)
    ctx["pieces"] = {d["id"]: views.pieces(d) for d in payload["documents"]}
    ctx["doc_href"] = _doc_anchor
    return environment().get_template("report.html").render(**ctx)
