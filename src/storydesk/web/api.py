"""The JSON API over the stored stories: the list, one story as story.json holds it, its claims, one claim, search.
(Uploads and judgements have their own routers, API routes included.)"""
from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from .. import contract
from ..store import read
from .desk import Desk
from .models import ClaimOut, ClaimsOut, SearchOut, StoryOut, StoryPayload
from .search import QueryError, search, strip_marks

SQLITE_MAX_INT = 2**63 - 1  # an OFFSET above this is an overflow in SQLite, not an empty page


def routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/stories", response_model=list[StoryOut], summary="Stories in the store")
    def api_stories() -> list[dict[str, Any]]:
        with desk.connect() as conn:
            return read.stories(conn)

    @router.get("/stories/{story}", response_model=StoryPayload, summary="One story, exactly as story.json holds it")
    def api_story(story: str) -> Response:
        with desk.connect() as conn:
            payload = read.story(conn, story)
        if payload is None:
            raise HTTPException(404, f"no story {story!r} in this store")
        # the stored bytes as they are (the model documents them; re-validating every request would only cost)
        return Response(json.dumps(payload, ensure_ascii=False), media_type="application/json")

    @router.get("/stories/{story}/claims", response_model=ClaimsOut, summary="Claims of a story, with their verdicts")
    def api_claims(story: str, status: contract.Status | None = None, limit: int = Query(100, ge=1, le=1000),
                   offset: int = Query(0, ge=0, le=SQLITE_MAX_INT)) -> dict[str, Any]:
        claims = [c for c in desk.payload(story)["claims"] if status is None or c["status"] == status]
        total, out = len(claims), claims[offset:offset + limit]
        return {"story": story, "total": total, "claims": out}

    @router.get("/stories/{story}/claims/{claim:path}", response_model=ClaimOut,
                summary="One claim with its evidence and features")
    def api_claim(story: str, claim: str) -> dict[str, Any]:
        return desk.claim(story, claim)[0]

    @router.get("/search", response_model=SearchOut, summary="Full-text search over documents and claims")
    def api_search(q: str = Query(..., max_length=200), story: str | None = None,
                   limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        with desk.connect() as conn:
            try:
                results = search(conn, q, story, limit)
            except QueryError as exc:
                raise HTTPException(422, str(exc)) from exc
        for r in results["documents"] + results["claims"]:
            r["snippet"] = strip_marks(r["snippet"])
        return results

    return router
