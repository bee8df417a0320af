"""report.html: one self-contained file (no CDN, no script), readable offline and printable.

Every string from the sources goes through Jinja's autoescaping, and the page's
Content-Security-Policy forbids scripts outright, so a title or body carrying
markup is shown as text and never run. Filters and "click for evidence" are
plain HTML and CSS (radio buttons, <details>), so they work with scripts off.
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import labels
from . import charts, views


def environment(loader=None) -> Environment:
    env = Environment(loader=loader or PackageLoader("storydesk", "report/templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{round(100 * v)}%"
    env.filters["portable"] = labels.portable  # never this machine's folders in a page
    env.filters["named"] = views.named  # document ids in a reason, said as the documents' labels
    return env


@functools.lru_cache(maxsize=1)
def _report_environment() -> Environment:
    """The report's templates, compiled once per process (a run writes a page per story)."""
    return environment()


def context(payload: dict[str, Any]) -> dict[str, Any]:
    """What the templates need from one story's payload; the web UI uses it too."""
    docs = payload["documents"]
    names = views.names(payload)
    matrix = views.matrix(payload)
    return {
        "payload": payload,
        "docs": docs,
        "names": names,
        "title": views.title(payload, names),
        "overview": views.overview(payload, matrix),
        "claim_status": {c["id"]: c["status"] for c in payload["claims"]},
        "reasons": Counter(r["reason"] for d in docs for r in d["removed"]).most_common(),
        "graph": charts.provenance(payload),
        "errors": [e for e in payload["errors"] if e["level"] == "error"],
        "languages": Counter(d["language"] or "unknown" for d in docs).most_common(),
        "matrix": matrix,
        "timeline": charts.timeline(payload["events"]),
        "happenings": views.happenings(payload),
        "entity_graph": charts.entity_graph(payload),
        "quotes": views.quotes_by_speaker(payload),
    }


def render(payload: dict[str, Any]) -> str:
    ctx = context(payload)
    cites = views.Citations()  # every link to a span registers it; the texts section then marks each one

    def doc_href(doc: str, start: int | None = None, end: int | None = None) -> str:
        return f"#{cites.anchor(doc, start, end)}" if start is not None and end is not None else f"#doc-{doc}"

    ctx["cites"] = cites
    ctx["doc_href"] = doc_href
    return _report_environment().get_template("report.html").render(**ctx)


def write_story_pages(out, generator: dict[str, Any], parts, summaries: list[dict[str, Any]], limit: int) -> dict[str, str]:
    """With more than one story, a self-contained page per story (the `limit` biggest) under `out`/stories/.

    `parts(ids)` yields the story.json parts of those ids."""
    from pathlib import Path

    from ..files import atomic_write, clear_leftovers
    from ..storyjson import with_run

    folder = Path(out) / "stories"
    if len(summaries) <= 1:
        return {}
    wanted = {s["id"] for s in summaries[:limit]}
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.html"):
        if old.stem not in wanted:
            old.unlink()
    clear_leftovers(folder, ["*.html"])
    pages = {}
    for part in parts(sorted(wanted)):
        sid = part["story"]["id"]
        atomic_write(folder / f"{sid}.html", render(with_run(part, generator)))
        pages[sid] = f"stories/{sid}.html"
    return pages


def render_run(generator: dict[str, Any], summaries: list[dict[str, Any]], errors: list[dict[str, Any]],
               pages: dict[str, str], parts) -> str:
    """report.html: the story itself when the run found one story; otherwise the list of stories, linking to their pages."""
    if len(summaries) == 1:
        part = next(iter(parts([summaries[0]["id"]])))
        from ..storyjson import with_run

        return render(with_run({**part, "errors": [*errors, *part["errors"]]}, generator))
    return _report_environment().get_template("run.html").render(
        generator=generator, stories=summaries, errors=errors, pages=pages,
        documents=sum(s["documents"] for s in summaries), multi=sum(1 for s in summaries if s["groups"] > 1))
