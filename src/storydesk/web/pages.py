"""The pages a person reads: the story list, a story, its claims, one claim, one document, search results."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse, Response

from .. import contract
from ..report import context as report_context
from ..report import views
from ..store import read
from .desk import Desk, claim_href_for, doc_href_for
from .search import QueryError, highlight, search

STATUSES = [s.value for s in contract.Status]


def routes(desk: Desk) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @router.get("/static/style.css")
    def style() -> Response:
        return Response(desk.css, media_type="text/css")

    @router.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        with desk.connect() as conn:
            return desk.page("index.html", stories=read.stories(conn))

    @router.get("/stories/{story}", response_class=HTMLResponse)
    def story_page(story: str) -> HTMLResponse:
        ctx = report_context(desk.payload(story))
        return desk.page("story.html", story=story, doc_href=doc_href_for(story), claim_href=claim_href_for(story),
                         waiting=desk.waiting(story), **ctx)

    @router.get("/stories/{story}/claims", response_class=HTMLResponse)
    def claims_page(story: str, status: str | None = None) -> HTMLResponse:
        payload = desk.payload(story)
        matrix = views.matrix(payload)
        if status in STATUSES:
            matrix["rows"] = [r for r in matrix["rows"] if r["claim"]["status"] == status]
        names = views.names(payload)
        return desk.page("claims.html", story=story, story_name=views.title(payload, names), matrix=matrix,
                         names=names, status=status, statuses=STATUSES,
                         doc_href=doc_href_for(story), claim_href=claim_href_for(story))

    @router.get("/stories/{story}/claims/{claim:path}", response_class=HTMLResponse)
    def claim_page(story: str, claim: str) -> HTMLResponse:
        record, names = desk.claim(story, claim)
        return desk.page("claim.html", story=story, story_name=desk.story_name(story), c=record, names=names,
                         statuses=STATUSES, feature_words=views.FEATURE_WORDS, doc_href=doc_href_for(story),
                         waiting=desk.waiting(story))

    @router.get("/stories/{story}/documents/{doc}", response_class=HTMLResponse)
    def document_page(story: str, doc: str, start: int | None = Query(None, ge=0),
                      end: int | None = Query(None, ge=0)) -> HTMLResponse:
        with desk.connect() as conn:
            found = read.document(conn, story, doc)
        if found is None:
            raise HTTPException(404, f"no document {doc!r} in story {story!r}")
        d, removed = found
        text = d["text"]
        parts = [(text, False)]
        if start is not None and end is not None and start < end <= len(text):
            parts = [(text[:start], False), (text[start:end], True), (text[end:], False)]
        pieces = views.pieces({"id": d["id"], "original": d["original"], "removed": removed})
        return desk.page("document.html", story=story, story_name=desk.story_name(story), d=d, parts=parts,
                         pieces=pieces, removed=removed)

    @router.get("/search", response_class=HTMLResponse)
    def search_page(q: str = "", story: str | None = None) -> HTMLResponse:
        error = None
        with desk.connect() as conn:
            try:
                results = search(conn, q[:200], story, limit=50)
            except QueryError as exc:
                error, results = str(exc), {"query": q, "documents": [], "claims": []}
            titles = read.story_names(conn, [r["story"] for r in results["documents"] + results["claims"]])
        for r in results["documents"] + results["claims"]:
            r["snippet"] = highlight(r["snippet"])
        return desk.page("search.html", q=q, results=results, titles=titles, error=error)

    return router
