"""Library functions behind the CLI: analyse paths into story.json, report.html and story.db."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import report, store, storyjson
from .pipeline import Options, Progress, run


@dataclass
class Written:
    payload: dict[str, Any]
    story_json: Path
    report_html: Path
    story_db: Path


def _atomic_write(path: Path, text: str) -> None:
    """Write next to the target and rename, so a killed run never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for sharing like any file the user writes
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def analyze(paths: list[str], out: str | Path, options: Options | None = None, progress: Progress | None = None) -> Written:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = run(paths, options, progress)
    payload = storyjson.to_json(result)
    storyjson.validate(payload)
    written = Written(payload, out / "story.json", out / "report.html", out / "story.db")
    _atomic_write(written.story_json, storyjson.dumps(payload))
    _atomic_write(written.report_html, report.render(payload))
    store.save(written.story_db, payload)
    return written
