"""Shared helpers for the benchmark scripts: where the public data is, how to time and record."""
from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYDESK_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "benchmarks" / "results"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (set STORYDESK_DATA to the shared/data folder)")
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def record(name: str, figures: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), **figures}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    print(json.dumps(figures, indent=2, sort_keys=True))


def median(values: list[float]) -> float:
    return statistics.median(values)


def extracted(items: list[tuple[str, str]]) -> list:
    """(id, text) pairs through `extract`, each document given its id; a text with nothing usable is left out."""
    from storydesk.extract import extract
    from storydesk.model import RawDocument

    docs = []
    for name, text in items:
        doc, _ = extract(RawDocument(name, text, "text"))
        if doc is not None:
            doc.id = name
            docs.append(doc)
    return docs
