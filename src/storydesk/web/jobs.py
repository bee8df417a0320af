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
    story: str | None = None  # the first of `stories`
    stories: list[str] = field(default_factory=list)  # every story the upload's articles are in
    problems: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    kind: str = "upload"  # or "review": a judgement's stories analysed again
    moved: dict[str, str] = field(default_factory=dict)  # a story id given up (stories merged) -> where it leads now

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "files": len(self.files), "read": self.read, "story": self.story,
                "stories": self.stories, "problems": self.problems, "message": self.message, "kind": self.kind, "moved": self.moved}


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

    def submit_rerun(self, story: str, what: str) -> Job:
        """After a judgement: the stories it concerns analysed again in the background (the judgement is already kept)."""
        job = Job(secrets.token_hex(6), [], state="analysing", story=story, stories=[story], message=what, kind="review")
        with self.lock:
            self.jobs[job.id] = job
        self.pool.submit(self._rerun, job)
        return job

    def _rerun(self, job: Job) -> None:
        from ..api import rerun_store

        try:
            written = rerun_store(self.db, wait=True)  # after a CLI run writing the same store, not during it
            if written is not None:
                job.problems = [e for e in written.payload["errors"] if e["level"] == "error"]
            job.state = "done"
        except Exception as exc:  # noqa: BLE001 - shown on the job's page
            job.state, job.message = "failed", f"the judgement is kept; analysing again failed ({type(exc).__name__}: {exc})"

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job) -> None:
        """The upload through the same run as `storydesk analyze --out` (`api.analyze`, in this process): its articles
        join the store's stories (or make new ones) by clustering, a story they join is analysed again and keeps its
        id, and story.json and report.html beside story.db are written again. A store by another name is updated
        alone."""
        from ..api import NothingUsable, analyze, update_store
        from ..engine import RunOptions
        from ..ingest import IngestOptions
        from ..pipeline import Options

        try:
            job.state = "reading"

            def progress(phase: str, done: int, total: int) -> None:
                if phase == "documents":
                    job.read = done
                    job.state = "analysing" if done >= len(job.files) else "reading"
                elif phase in ("stories", "writing"):
                    job.state = "saving"

            # sources are named by their stored file names, never by the server's folders
            options = Options(ingest=IngestOptions(max_bytes=self.max_bytes, display_root=self.root / job.id))
            if self.db.name == "story.db":
                try:
                    written = analyze(job.files, self.db.parent, options, progress, RunOptions(workers=1), wait=True)
                except NothingUsable as exc:
                    job.problems = exc.problems
                    job.state, job.message = "failed", "no usable document in the upload"
                    return
                job.problems = written.payload["errors"] + written.payload["document_problems"]
                job.stories = written.payload["given_stories"]
                job.moved = written.payload["moved"]
            else:  # after a CLI run writing the same store, not during it
                updated = update_store(self.db, job.files, options, progress, RunOptions(workers=1), wait=True)
                job.problems, job.stories = updated["problems"], updated["given_stories"]
            if not job.stories:
                job.state, job.message = "failed", "no usable document in the upload"
                return
            job.story, job.state = job.stories[0], "done"
        except Exception as exc:  # noqa: BLE001 - a job's failure is shown on its page, never takes the server down
            job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
