"""Uploads: the form, the files saved under the per-file limit, the background job and its progress (page and API)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, HTTPException, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .desk import Desk
from .jobs import Job, safe_name
from .models import JobOut


async def accept(desk: Desk, files: list[UploadFile]) -> Job:
    """Save the uploaded files and queue their analysis. The size of the whole request is enforced while it is read
    (guard.UploadCap), before this runs."""
    settings = desk.settings
    files = [f for f in files if f.filename]
    if not files:
        raise HTTPException(422, "no file in the upload")
    if len(files) > settings.max_files:
        raise HTTPException(413, f"{len(files)} files; the limit is {settings.max_files} per upload")
    job_id, folder = desk.jobs.folder()
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
    return desk.jobs.submit(job_id, saved)


def _job(desk: Desk, job_id: str) -> Job:
    job = desk.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job


def routes(desk: Desk) -> APIRouter:
    router = APIRouter()

    @router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return desk.page("upload.html", settings=desk.settings)

    @router.post("/upload", include_in_schema=False)
    async def upload(files: list[UploadFile] = File(...)) -> Response:
        job = await accept(desk, files)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @router.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> HTMLResponse:
        return desk.page("job.html", job=_job(desk, job_id))

    @router.post("/api/jobs", response_model=JobOut, status_code=202, summary="Upload articles to add to the store's stories")
    async def api_upload(files: list[UploadFile] = File(...)) -> dict[str, Any]:
        return (await accept(desk, files)).to_json()

    @router.get("/api/jobs/{job_id}", response_model=JobOut, summary="Progress of an upload")
    def api_job(job_id: str) -> dict[str, Any]:
        return _job(desk, job_id).to_json()

    return router
