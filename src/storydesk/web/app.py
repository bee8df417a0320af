"""`storydesk serve`: the story views, full-text search, claim pages, uploads and a JSON API over story.db.

The app is assembled here from routers by concern, each a function of the `Desk` it serves (testable alone):
`pages` (what a person reads), `api` (the JSON API over stories), `uploads` (files in, jobs), `judging` (a person's
judgements). `guard` holds what every request passes first.

Security: every page is server-rendered with autoescaping and served under a Content-Security-Policy that
allows no script at all; source text can never run. A non-loopback bind requires a token (Bearer header,
`?token=` once, then a same-site cookie). Form posts must come from the app's own origin.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from .. import __version__
from ..ingest import IngestOptions
from ..store import open_readonly, open_store, work
from . import api, guard, judging, pages, uploads
from .desk import Desk
from .guard import CSP, LOOPBACK_NAMES, host_name
from .models import StoryPayload

__all__ = ["CSP", "LOOPBACK_NAMES", "Settings", "StoryPayload", "create_app", "host_name"]


class Settings(BaseModel):
    db: str
    token: str | None = None
    # Host names the server answers to, beside the loopback names: a page on another site that rebinds its own name
    # to 127.0.0.1 sends its own name as Host, and is refused.
    hosts: list[str] = []
    max_upload_bytes: int = 50 * 1024 * 1024  # the whole request
    max_file_bytes: int = IngestOptions.max_bytes  # each file, as `analyze --max-bytes`
    max_files: int = 200


def create_app(settings: Settings) -> FastAPI:
    db = Path(settings.db)
    desk = Desk(db, settings)
    if not desk.read_only:
        open_store(db).close()  # creates or migrates the store once, before any request
    app = FastAPI(title="storydesk", version=__version__, docs_url=None, redoc_url=None,
                  description="What several outlets say about one story. Read-only views of story.db, full-text search, "
                              "and uploads analysed in the background. Every span is [start, end) in a document's cleaned text.")
    app.state.desk = desk
    _apply_kept_judgements(desk)
    guard.install(app, desk)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """What was wrong with a request, in words: as JSON for the API (no value echoed back: a NaN or a megabyte of
        it would not even serialise), as an HTML page for a person."""
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "form")) or "request"
            problems.append({"field": where[:80], "problem": str(e.get("msg", "invalid"))[:200]})
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "the request is not valid", "problems": problems}, status_code=422)
        said = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        return desk.page("error.html", 422, status=422, message=f"This request could not be used ({said}).")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and (where := desk.moved(request)):
            return RedirectResponse(where, status_code=308)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return desk.page("error.html", exc.status_code, message=exc.detail, status=exc.status_code)

    for router in (pages.routes(desk), judging.routes(desk), api.routes(desk), uploads.routes(desk)):
        app.include_router(router)
    return app


def _apply_kept_judgements(desk: Desk) -> None:
    """Judgements kept while no run could apply them (a re-run stopped with the server) are applied at start."""
    ro = open_readonly(desk.db)
    try:
        unapplied = [] if desk.read_only else work.pending_judgements(ro)
    finally:
        ro.close()
    if unapplied:
        desk.jobs.submit_rerun(unapplied[0][0], f"{len(unapplied)} judgement(s) kept before the server stopped are "
                               "applied: their stories are analysed again")
