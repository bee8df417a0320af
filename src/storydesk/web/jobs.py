"""Uploads analysed in the background, one at a time, with progress a page or a client can poll."""
from __future__ import annotations

import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Job:
    id: str
    files: list[str]
    state: str = "queued"  # queued | reading | analysing | saving | done | failed
    read: int = 0
    story: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "files": len(self.files), "read": self.read, "story": self.story,
                "problems": self.problems, "message": self.message}


_SUFFIX = re.compile(r"(?:\.[A-Za-z0-9]{1,8}){1,2}$")  # .jsonl, .warc.gz: what picks the reader


def safe_name(name: str, n: int) -> str:
    """A stored file name from an uploaded one: no folders, no odd characters, numbered so none collide. The suffix
    is kept as given (a .jsonl in any script stays a .jsonl); the stem keeps only safe characters."""
    base = Path((name or "upload").replace("\\", "/")).name
    suffix = m.group(0) if (m := _SUFFIX.search(base)) and m.start() > 0 else ""
    stem = _SAFE.sub("_", base[:len(base) - len(suffix)]).strip("._") or "upload"
    return f"{n:03d}-{stem[:80]}{suffix.lower()}"


class Jobs:
    def __init__(self, db: Path, max_bytes: int):
        self.db = db
        self.max_bytes = max_bytes
        self.root = db.parent / "uploads"
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storydesk-job")

    def folder(self) -> tuple[str, Path]:
        job_id = secrets.token_hex(6)
        path = self.root / job_id
        path.mkdir(parents=True, exist_ok=False)
        return job_id, path

    def submit(self, job_id: str, files: list[Path]) -> Job:
        job = Job(job_id, [str(f) for f in files])
        with self.lock:
            self.jobs[job_id] = job
        self.pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job) -> None:
        from ..ingest import IngestOptions
        from ..pipeline import Options, run
        from ..store import save, writing
        from ..storyjson import to_json

        try:
            job.state = "reading"

            def progress(n: int, source: str) -> None:
                job.read = n
                if n >= len(job.files):
                    job.state = "analysing"

            # sources are named by their stored file names, never by the server's folders
            ingest = IngestOptions(max_bytes=self.max_bytes, display_root=self.root / job.id)
            result = run(job.files, Options(ingest=ingest, story_id=f"upload-{job.id}"), progress)
            job.state = "saving"
            payload = to_json(result)
            job.problems = payload["errors"]
            if not payload["documents"]:
                job.state, job.message = "failed", "no usable document in the upload"
                return
            with writing(self.db, wait=True):  # after a CLI run writing the same store, not during it
                save(self.db, payload)
            job.story, job.state = payload["story"]["id"], "done"
        except Exception as exc:  # noqa: BLE001 - a job's failure is shown on its page, never takes the server down
            job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
