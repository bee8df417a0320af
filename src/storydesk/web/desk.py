"""What every router of the web app shares: the store, the templates, the background jobs, and the reads a page or
an API answer starts from (a story's payload, a claim, the judgements waiting for a re-run)."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, PackageLoader

from .. import __version__
from ..report import environment, views
from ..store import open_readonly, read, work, writable
from .jobs import Jobs

_HERE = Path(__file__).parent


class Desk:
    """One store served: `read_only` when its folder cannot be written (every view works, no upload or judgement)."""

    def __init__(self, db: Path, settings: Any):
        self.db = db
        self.settings = settings
        self.read_only = not writable(db)
        self.jobs = Jobs(db, settings.max_file_bytes)
        self.env = environment(ChoiceLoader([PackageLoader("storydesk", "web/templates"),
                                             PackageLoader("storydesk", "report/templates")]))
        self.env.globals["version"] = __version__
        self.css = (_HERE.parent / "report" / "templates" / "style.css").read_text("utf-8") + \
            (_HERE / "static" / "web.css").read_text("utf-8")

    def connect(self) -> sqlite3.Connection:
        return open_readonly(self.db)

    def page(self, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**ctx), status_code=code)

    def payload(self, story: str) -> dict[str, Any]:
        """The story as story.json holds it; 404 when the store has no such story."""
        with self.connect() as conn:
            found = read.story(conn, story)
        if found is None:
            raise HTTPException(404, f"no story {story!r} in this store")
        return found

    def claim(self, story: str, claim: str) -> tuple[dict[str, Any], dict[str, str]]:
        """One claim of a story and the names of the story's documents; 404 when either is missing."""
        payload = self.payload(story)
        record = next((c for c in payload["claims"] if c["id"] == claim), None)
        if record is None:
            raise HTTPException(404, f"no claim {claim!r} in story {story!r}")
        return record, views.names(payload)

    def story_name(self, story: str) -> str:
        """A story's headline for page titles and breadcrumbs (its id only when no document has a title)."""
        with self.connect() as conn:
            return read.story_names(conn, [story]).get(story) or f"Story {story}"

    def waiting(self, story: str) -> list[tuple[str, str, str, str]]:
        """The judgements of `story` kept since it was last analysed (shown until the re-run applies them)."""
        with self.connect() as conn:
            return work.pending_judgements(conn, story)

    def moved(self, request: Request) -> str | None:
        """Where an old story address leads now (its story merged into another, or regrouped), with the rest of the
        address and the query kept; None when it leads nowhere."""
        m = re.match(r"^(/api)?/stories/([^/]+)(.*)$", request.url.path)
        if m is None or request.method not in ("GET", "HEAD"):
            return None
        try:
            with self.connect() as conn:
                new = work.story_alias(conn, m.group(2))
        except sqlite3.OperationalError:  # a store of an earlier release: no aliases kept
            return None
        if new is None:
            return None
        return f"{m.group(1) or ''}/stories/{new}{m.group(3)}" + (f"?{request.url.query}" if request.url.query else "")


def doc_href_for(story: str) -> Callable[..., str]:
    def doc_href(doc: str, start: int | None = None, end: int | None = None) -> str:
        url = f"/stories/{story}/documents/{doc}"
        return f"{url}?start={start}&end={end}#hl" if start is not None and end is not None else url
    return doc_href


def claim_href_for(story: str) -> Callable[[str], str]:
    return lambda cid: f"/stories/{story}/claims/{cid}"
