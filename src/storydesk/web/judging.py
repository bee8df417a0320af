"""A person's judgements from the web: the forms on story and claim pages, the list, undo, and the API. Each kept
judgement queues the re-run of the stories it concerns."""
from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..model import Judgement
from ..review import JudgementError, make
from ..store import judgements as store_judgements
from ..store import open_store, read, work
from .desk import Desk
from .jobs import Job
from .models import JobOut, JudgementIn, JudgementOut


def judgement(desk: Desk, story: str, given: JudgementIn) -> Judgement:
    """The judgement a form or a request describes, checked against the stored story (422 with the reason)."""
    payload = desk.payload(story)
    if not " ".join(given.who.split()):
        raise HTTPException(422, "say who judges (your name or initials)")
    names, docs = [*given.names, "", ""], [*given.documents, "", ""]
    try:
        return make.judgement(payload, given.kind, given.decision, given.who, given.note, claim=given.claim,
                              source=given.source, label=given.label or None, names=(names[0], names[1]),
                              documents=(docs[0], docs[1]))
    except JudgementError as exc:
        raise HTTPException(422, str(exc)) from exc


def keep(desk: Desk, story: str, given: JudgementIn) -> Job:
    from ..api import judge

    j = judgement(desk, story, given)
    judge(desk.db, j, rerun=False)
    return desk.jobs.submit_rerun(story, f"your judgement ({j.kind}: {j.decision}{' → ' + j.label if j.label else ''}) "
                                  "is kept; the story is analysed again with it")


def routes(desk: Desk) -> APIRouter:
    router = APIRouter()

    @router.post("/stories/{story}/judge", include_in_schema=False)
    def judge_form(story: str, kind: str = Form(...), decision: str = Form(...), who: str = Form(""), note: str = Form(""),
                   claim: str = Form(""), source: str = Form(""), label: str = Form(""), name_a: str = Form(""),
                   name_b: str = Form(""), doc_a: str = Form(""), doc_b: str = Form("")) -> Response:
        job = keep(desk, story, JudgementIn(kind=kind, decision=decision, who=who, note=note, claim=claim, source=source,
                                            label=label or None, names=[name_a, name_b], documents=[doc_a, doc_b]))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @router.get("/judgements", response_class=HTMLResponse, include_in_schema=False)
    def judgements_page() -> HTMLResponse:
        with desk.connect() as conn:
            kept = store_judgements.every(conn)
            story_of = work.story_of_documents(conn)
            stories = [sorted({story_of[d] for d in j.documents if d in story_of}) for j in reversed(kept)]
            titles = read.story_names(conn, [sid for sids in stories for sid in sids])
        rows = [{"j": j, "stories": sids} for j, sids in zip(reversed(kept), stories)]
        return desk.page("judgements.html", rows=rows, titles=titles)

    @router.post("/judgements/undo", include_in_schema=False)
    def undo_form(key: str = Form(...)) -> Response:
        conn = open_store(desk.db)
        try:
            gone = store_judgements.remove(conn, key)
        finally:
            conn.close()
        if not gone:
            raise HTTPException(404, f"no judgement {key[:80]!r}")
        job = desk.jobs.submit_rerun("", "the judgement is forgotten; its stories are analysed again without it")
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @router.get("/api/judgements", response_model=list[JudgementOut], summary="A person's judgements kept in the store")
    def api_judgements() -> list[dict[str, Any]]:
        with desk.connect() as conn:
            return [dataclasses.asdict(j) for j in store_judgements.every(conn)]

    @router.post("/api/stories/{story}/judgements", response_model=JobOut, status_code=202,
                 summary="Keep a judgement of a verdict, a status, two entities or a derivation; the story is analysed again")
    def api_judge(story: str, given: JudgementIn) -> dict[str, Any]:
        return keep(desk, story, given).to_json()

    return router
