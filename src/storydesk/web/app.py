"""`storydesk serve`: the story views, full-text search, claim pages, uploads and a JSON API over story.db.

Security: every page is server-rendered with autoescaping and served under a Content-Security-Policy that
allows no script at all; source text can never run. A non-loopback bind requires a token (Bearer header,
`?token=` once, then a same-site cookie). Form posts must come from the app's own origin.
"""
from __future__ import annotations

import hmac
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, PackageLoader
from pydantic import BaseModel

from .. import __version__, contract
from ..ingest import IngestOptions
from ..report import context as report_context
from ..report import environment, views
from ..review import JudgementError, make
from ..store import judgements as store_judgements
from ..store import open_readonly, open_store, read, work, writable
from .jobs import Jobs, safe_name
from .search import QueryError, highlight, search, strip_marks

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; script-src 'none'")
STATUSES = [s.value for s in contract.Status]


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


class Settings(BaseModel):
    db: str
    token: str | None = None
    # Host names the server answers to, beside the loopback names: a page on another site that rebinds its own name
    # to 127.0.0.1 sends its own name as Host, and is refused.
    hosts: list[str] = []
    max_upload_bytes: int = 50 * 1024 * 1024  # the whole request
    max_file_bytes: int = IngestOptions.max_bytes  # each file, as `analyze --max-bytes`
    max_files: int = 200


class StoryOut(BaseModel):
    id: str
    title: str | None = None
    name: str = ""  # the title, else a name from its documents (labels.story_name): how the UI lists it
    version: str
    analysed_at: str
    documents: int
    groups: int


ClaimOut = contract.api_model(contract.Claim)
StoryPayload = contract.api_model(contract.StoryWithRun)


class ClaimsOut(BaseModel):
    story: str
    total: int
    claims: list[ClaimOut]  # type: ignore[valid-type]


class SearchDoc(BaseModel):
    story: str
    id: str
    title: str | None = None
    label: str = ""
    outlet: str | None = None
    published: str | None = None
    snippet: str


class SearchClaim(BaseModel):
    story: str
    id: str
    doc: str
    status: str | None = None
    snippet: str
    text: str


class SearchOut(BaseModel):
    query: str
    documents: list[SearchDoc]
    claims: list[SearchClaim]


class JudgementIn(BaseModel):
    """A person's judgement of a machine answer. kind verdict: claim, source, decision right|wrong, label (a Label);
    status: claim, decision, label (a Status); entity: names [a, b], decision merge|split; derivation: documents
    [a, b], decision confirm|reject."""

    kind: str
    decision: str
    who: str
    note: str = ""
    claim: str = ""
    source: str = ""
    label: str | None = None
    names: list[str] = []
    documents: list[str] = []


class JudgementOut(BaseModel):
    key: str
    kind: str
    decision: str
    label: str | None = None
    subject: dict[str, Any]
    documents: list[str]
    who: str
    at: str
    note: str = ""


class JobOut(BaseModel):
    id: str
    state: str
    files: int
    read: int
    story: str | None = None
    stories: list[str] = []
    problems: list[dict[str, Any]] = []
    message: str = ""
    kind: str = "upload"
    moved: dict[str, str] = {}  # story ids the upload merged away -> the story they lead to now


SQLITE_MAX_INT = 2**63 - 1  # an OFFSET above this is an overflow in SQLite, not an empty page


def host_name(host: str) -> str:
    """The name in a Host header, without its port: "127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class UploadCap:
    """Refuses a request body over `limit` bytes while it is read: a declared Content-Length over the limit before a
    byte of the body is read, a chunked body as soon as it passes the limit. (Checked after the form is parsed, the
    whole body would already be received and spooled.)"""

    def __init__(self, app: Any, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        declared_size = int(declared) if declared.isdigit() else None
        received = 0
        too_big = f"the upload is over the limit of {self.limit} bytes for one request"

        async def capped() -> dict[str, Any]:
            nonlocal received
            if declared_size is not None and declared_size > self.limit:
                raise HTTPException(413, too_big)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, too_big)
            return message

        await self.app(scope, capped, send)


def create_app(settings: Settings) -> FastAPI:
    db = Path(settings.db)
    read_only = not writable(db)  # read-only media: every view, no upload or judgement
    if not read_only:
        open_store(db).close()  # creates or migrates the store once, before any request
    app = FastAPI(title="storydesk", version=__version__, docs_url=None, redoc_url=None,
                  description="What several outlets say about one story. Read-only views of story.db, full-text search, "
                              "and uploads analysed in the background. Every span is [start, end) in a document's cleaned text.")
    app.state.settings = settings
    app.state.jobs = Jobs(db, settings.max_file_bytes)
    app.state.read_only = read_only
    ro = open_readonly(db)
    try:
        unapplied = [] if read_only else work.pending_judgements(ro)
    finally:
        ro.close()
    if unapplied:  # kept while no run could apply them (a re-run stopped with the server): applied now
        app.state.jobs.submit_rerun(unapplied[0][0], f"{len(unapplied)} judgement(s) kept before the server stopped are "
                                    "applied: their stories are analysed again")
    env = environment(ChoiceLoader([PackageLoader("storydesk", "web/templates"), PackageLoader("storydesk", "report/templates")]))
    env.globals["version"] = __version__
    css = (Path(__file__).parent.parent / "report" / "templates" / "style.css").read_text("utf-8") + \
        (Path(__file__).parent / "static" / "web.css").read_text("utf-8")

    def connect() -> sqlite3.Connection:
        return open_readonly(db)

    def page(name: str, code: int = 200, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=code)

    def doc_href_for(story: str):
        def doc_href(doc: str, start: int | None = None, end: int | None = None) -> str:
            url = f"/stories/{story}/documents/{doc}"
            return f"{url}?start={start}&end={end}#hl" if start is not None and end is not None else url
        return doc_href

    def claim_href_for(story: str):
        return lambda cid: f"/stories/{story}/claims/{cid}"

    hosts = {h.lower() for h in (*LOOPBACK_NAMES, *settings.hosts)}

    def secured(response: Response) -> Response:
        """Every answer carries the policy, refusals included."""
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: a form post must carry its Origin (no-referrer makes it "null"), which the guard
        # compares with Host; links to other sites still send nothing.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # Inside the guard (middleware added first runs last): the cap's 413 is raised in the route's own read of the body,
    # where FastAPI passes an HTTPException through; raised through the guard's receive it would arrive wrapped.
    app.add_middleware(UploadCap, limit=settings.max_upload_bytes)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = request.headers.get("host", "")
        if host_name(host) not in hosts:
            return secured(PlainTextResponse(f"this server does not answer to the host name {host[:100]!r}", status_code=400))
        token = settings.token
        if token and request.url.path != "/static/style.css":
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or \
                request.cookies.get("storydesk_token") or request.query_params.get("token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return secured(PlainTextResponse("a token is required: open the address the server printed at start",
                                                 status_code=401))
        if request.method == "POST" and read_only:
            said = (f"{db} is read-only (its folder cannot be written): every view works, uploads and judgements do "
                    "not; copy the store to a folder you can write to add to it")
            if request.url.path.startswith("/api/"):
                return secured(JSONResponse({"error": said}, status_code=403))
            return secured(page("error.html", 403, status=403, message=said))
        if request.method == "POST":
            origin = request.headers.get("origin")
            # a browser that sends no Origin still says where the request comes from: only this origin, or a person
            # (typed, bookmarked) may post
            fetched_from = request.headers.get("sec-fetch-site", "same-origin")
            if (origin and origin.split("://", 1)[-1] != host) or fetched_from not in ("same-origin", "none"):
                return secured(PlainTextResponse("cross-site form posts are refused", status_code=403))
        response = secured(await call_next(request))
        if token and request.query_params.get("token") == token:
            response.set_cookie("storydesk_token", token, httponly=True, samesite="strict")
        return response

    def moved(request: Request) -> str | None:
        """Where an old story address leads now (its story merged into another, or regrouped), with the rest of the
        address and the query kept; None when it leads nowhere."""
        m = re.match(r"^(/api)?/stories/([^/]+)(.*)$", request.url.path)
        if m is None or request.method not in ("GET", "HEAD"):
            return None
        try:
            with connect() as conn:
                new = work.story_alias(conn, m.group(2))
        except sqlite3.OperationalError:  # a store of an earlier release: no aliases kept
            return None
        if new is None:
            return None
        return f"{m.group(1) or ''}/stories/{new}{m.group(3)}" + (f"?{request.url.query}" if request.url.query else "")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        """What was wrong with a request, in words: as JSON for the API (no value echoed back: a NaN or a megabyte of
        it would not even serialise), as an HTML page for a person."""
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "form")) or "request"
            problems.append({"field": where[:80], "problem": str(e.get("msg", "invalid"))[:200]})
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "the request is not valid", "problems": problems}, status_code=422)
        said = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        return page("error.html", 422, status=422, message=f"This request could not be used ({said}).")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and (where := moved(request)):
            return RedirectResponse(where, status_code=308)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page("error.html", exc.status_code, message=exc.detail, status=exc.status_code)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(css, media_type="text/css")

    # ------------------------------------------------------------------ pages

    def story_name(story: str) -> str:
        """A story's headline for page titles and breadcrumbs (its id only when no document has a title)."""
        with connect() as conn:
            return read.story_names(conn, [story]).get(story) or f"Story {story}"

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        with connect() as conn:
            return page("index.html", stories=read.stories(conn))

    def _payload(story: str) -> dict[str, Any]:
        with connect() as conn:
            payload = read.story(conn, story)
        if payload is None:
            raise HTTPException(404, f"no story {story!r} in this store")
        return payload

    def waiting(story: str) -> list[tuple[str, str, str, str]]:
        """The judgements of `story` kept since it was last analysed (shown until the re-run applies them)."""
        with connect() as conn:
            return work.pending_judgements(conn, story)

    @app.get("/stories/{story}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story: str) -> HTMLResponse:
        payload = _payload(story)
        ctx = report_context(payload)
        return page("story.html", story=story, doc_href=doc_href_for(story), claim_href=claim_href_for(story),
                    waiting=waiting(story), **ctx)

    @app.get("/stories/{story}/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(story: str, status: str | None = None) -> HTMLResponse:
        payload = _payload(story)
        matrix = views.matrix(payload)
        if status in STATUSES:
            matrix["rows"] = [r for r in matrix["rows"] if r["claim"]["status"] == status]
        names = views.names(payload)
        return page("claims.html", story=story, story_name=views.title(payload, names), matrix=matrix,
                    names=names, status=status, statuses=STATUSES,
                    doc_href=doc_href_for(story), claim_href=claim_href_for(story))

    @app.get("/stories/{story}/claims/{claim:path}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(story: str, claim: str) -> HTMLResponse:
        record, names = _claim(story, claim)
        return page("claim.html", story=story, story_name=story_name(story), c=record, names=names, statuses=STATUSES,
                    feature_words=views.FEATURE_WORDS, doc_href=doc_href_for(story), waiting=waiting(story))

    @app.get("/stories/{story}/documents/{doc}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(story: str, doc: str, start: int | None = Query(None, ge=0), end: int | None = Query(None, ge=0)) -> HTMLResponse:
        with connect() as conn:
            found = read.document(conn, story, doc)
        if found is None:
            raise HTTPException(404, f"no document {doc!r} in story {story!r}")
        d, removed = found
        text = d["text"]
        parts = [(text, False)]
        if start is not None and end is not None and start < end <= len(text):
            parts = [(text[:start], False), (text[start:end], True), (text[end:], False)]
        pieces = views.pieces({"id": d["id"], "original": d["original"], "removed": removed})
        return page("document.html", story=story, story_name=story_name(story), d=d, parts=parts, pieces=pieces,
                    removed=removed)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", story: str | None = None) -> HTMLResponse:
        error = None
        with connect() as conn:
            try:
                results = search(conn, q[:200], story, limit=50)
            except QueryError as exc:
                error, results = str(exc), {"query": q, "documents": [], "claims": []}
            titles = read.story_names(conn, [r["story"] for r in results["documents"] + results["claims"]])
        for r in results["documents"] + results["claims"]:
            r["snippet"] = highlight(r["snippet"])
        return page("search.html", q=q, results=results, titles=titles, error=error)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return page("upload.html", settings=settings)

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request, files: list[UploadFile] = File(...)) -> Response:
        job = await _accept(request, files)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> HTMLResponse:
        job = app.state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return page("job.html", job=job)

    # ------------------------------------------------------------------ judgements

    def _judgement(story: str, given: JudgementIn):
        payload = _payload(story)
        who = " ".join(given.who.split())[:80]
        if not who:
            raise HTTPException(422, "say who judges (your name or initials)")
        note = " ".join(given.note.split())[:500]
        try:
            if given.kind == "verdict":
                return make.verdict(payload, given.claim, given.source, given.decision, given.label or None, who, note)
            if given.kind == "status":
                return make.status(payload, given.claim, given.decision, given.label or None, who, note)
            if given.kind == "entity":
                names = [*given.names, "", ""][:2]
                return make.entities(payload, names[0], names[1], given.decision, who, note)
            if given.kind == "derivation":
                docs = [*given.documents, "", ""][:2]
                return make.derivation(payload, docs[0], docs[1], given.decision, who, note)
        except JudgementError as exc:
            raise HTTPException(422, str(exc)) from exc
        raise HTTPException(422, f"no kind of judgement {given.kind[:40]!r}: verdict, status, entity or derivation")

    def _keep(story: str, given: JudgementIn):
        from ..api import judge

        j = _judgement(story, given)
        judge(db, j, rerun=False)
        return app.state.jobs.submit_rerun(story, f"your judgement ({j.kind}: {j.decision}{' → ' + j.label if j.label else ''}) "
                                           "is kept; the story is analysed again with it")

    @app.post("/stories/{story}/judge", include_in_schema=False)
    def judge_form(story: str, kind: str = Form(...), decision: str = Form(...), who: str = Form(""), note: str = Form(""),
                   claim: str = Form(""), source: str = Form(""), label: str = Form(""), name_a: str = Form(""),
                   name_b: str = Form(""), doc_a: str = Form(""), doc_b: str = Form("")) -> Response:
        job = _keep(story, JudgementIn(kind=kind, decision=decision, who=who, note=note, claim=claim, source=source,
                                       label=label or None, names=[name_a, name_b], documents=[doc_a, doc_b]))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/judgements", response_class=HTMLResponse, include_in_schema=False)
    def judgements_page() -> HTMLResponse:
        with connect() as conn:
            kept = store_judgements.every(conn)
            story_of = work.story_of_documents(conn)
            stories = [sorted({story_of[d] for d in j.documents if d in story_of}) for j in reversed(kept)]
            titles = read.story_names(conn, [sid for sids in stories for sid in sids])
        rows = [{"j": j, "stories": sids} for j, sids in zip(reversed(kept), stories)]
        return page("judgements.html", rows=rows, titles=titles)

    @app.post("/judgements/undo", include_in_schema=False)
    def undo_form(key: str = Form(...)) -> Response:
        conn = open_store(db)
        try:
            gone = store_judgements.remove(conn, key)
        finally:
            conn.close()
        if not gone:
            raise HTTPException(404, f"no judgement {key[:80]!r}")
        job = app.state.jobs.submit_rerun("", "the judgement is forgotten; its stories are analysed again without it")
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/judgements", response_model=list[JudgementOut], summary="A person's judgements kept in the store")
    def api_judgements() -> list[dict[str, Any]]:
        import dataclasses

        with connect() as conn:
            return [dataclasses.asdict(j) for j in store_judgements.every(conn)]

    @app.post("/api/stories/{story}/judgements", response_model=JobOut, status_code=202,
              summary="Keep a judgement of a verdict, a status, two entities or a derivation; the story is analysed again")
    def api_judge(story: str, given: JudgementIn) -> dict[str, Any]:
        return _keep(story, given).to_json()

    @app.get("/api/stories", response_model=list[StoryOut], summary="Stories in the store")
    def api_stories() -> list[dict[str, Any]]:
        with connect() as conn:
            return read.stories(conn)

    @app.get("/api/stories/{story}", response_model=StoryPayload, summary="One story, exactly as story.json holds it")
    def api_story(story: str) -> Response:
        with connect() as conn:
            payload = read.story(conn, story)
        if payload is None:
            raise HTTPException(404, f"no story {story!r} in this store")
        # the stored bytes as they are (the model documents them; re-validating every request would only cost)
        return Response(json.dumps(payload, ensure_ascii=False), media_type="application/json")

    @app.get("/api/stories/{story}/claims", response_model=ClaimsOut, summary="Claims of a story, with their verdicts")
    def api_claims(story: str, status: contract.Status | None = None, limit: int = Query(100, ge=1, le=1000),
                   offset: int = Query(0, ge=0, le=SQLITE_MAX_INT)) -> dict[str, Any]:
        claims = [c for c in _payload(story)["claims"] if status is None or c["status"] == status]
        total, out = len(claims), claims[offset:offset + limit]
        return {"story": story, "total": total, "claims": out}

    @app.get("/api/stories/{story}/claims/{claim:path}", response_model=ClaimOut, summary="One claim with its evidence and features")
    def api_claim(story: str, claim: str) -> dict[str, Any]:
        return _claim(story, claim)[0]

    @app.get("/api/search", response_model=SearchOut, summary="Full-text search over documents and claims")
    def api_search(q: str = Query(..., max_length=200), story: str | None = None,
                   limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        with connect() as conn:
            try:
                results = search(conn, q, story, limit)
            except QueryError as exc:
                raise HTTPException(422, str(exc)) from exc
        for r in results["documents"] + results["claims"]:
            r["snippet"] = strip_marks(r["snippet"])
        return results

    @app.post("/api/jobs", response_model=JobOut, status_code=202, summary="Upload articles to add to the store's stories")
    async def api_upload(request: Request, files: list[UploadFile] = File(...)) -> dict[str, Any]:
        return (await _accept(request, files)).to_json()

    @app.get("/api/jobs/{job_id}", response_model=JobOut, summary="Progress of an upload")
    def api_job(job_id: str) -> dict[str, Any]:
        job = app.state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job.to_json()

    # ------------------------------------------------------------------ helpers

    def _claim(story: str, claim: str) -> tuple[dict[str, Any], dict[str, str]]:
        payload = _payload(story)
        record = next((c for c in payload["claims"] if c["id"] == claim), None)
        if record is None:
            raise HTTPException(404, f"no claim {claim!r} in story {story!r}")
        return record, views.names(payload)

    async def _accept(request: Request, files: list[UploadFile]):
        # the size of the whole request is enforced while it is read (UploadCap), before this runs
        files = [f for f in files if f.filename]
        if not files:
            raise HTTPException(422, "no file in the upload")
        if len(files) > settings.max_files:
            raise HTTPException(413, f"{len(files)} files; the limit is {settings.max_files} per upload")
        job_id, folder = app.state.jobs.folder()
        saved = []
        for n, f in enumerate(files, start=1):
            path = folder / safe_name(f.filename or "upload", n)
            # Stop copying one byte past the per-file limit: ingest then reports the file as too large, by name.
            with path.open("wb") as out:
                left = settings.max_file_bytes + 1
                while left > 0:
                    chunk = await f.read(min(1 << 16, left))
                    if not chunk:
                        break
                    out.write(chunk)
                    left -= len(chunk)
            saved.append(path)
        return app.state.jobs.submit(job_id, saved)

    return app
