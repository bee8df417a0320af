"""A story told again with one more article: the cross-encoder's answers kept across runs (issue 35's pair cache).

    python benchmarks/pair_memory.py

The eight PolNeAR articles of the Clinton e-mail story (corroboration_pairs.py). Seven are analysed into a fresh
store; then the eighth is added, which analyses the whole story again. That second run is timed twice from the same
copy of the store: with the answers the first run kept in pairs.db, and with pairs.db removed. The two story.json
files must agree in everything but the run's times. One worker, so the pairs the model read are counted in-process;
the articles are one story (`one_story`), as corroboration_pairs.py reads them.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, record, require
from corroboration_pairs import STORY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from storydesk.api import analyze
from storydesk.engine.run import RunOptions
from storydesk.pipeline import Options
from storydesk.verify import entail

_TIMES = ("started", "finished", "seconds", "when", "generated")


def _articles() -> list[Path]:
    base = require(DATA / "polnear" / "data")
    return [next(base.glob(f"*/text/{name}.txt")) for name in STORY]


def _strip(value):
    """story.json without the run's clock readings."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _TIMES}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _run(files: list[Path], out: Path) -> tuple[float, int]:
    entail.entailer().pairs_run = 0
    clock = time.perf_counter()
    analyze([str(f) for f in files], out, Options(), None, RunOptions(workers=1, one_story=True))
    return time.perf_counter() - clock, entail.entailer().pairs_run


def main() -> None:
    files = _articles()
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first"
        seconds_first, pairs_first = _run(files[:-1], first)
        entail.entailer().cache.clear()  # a new process: nothing in memory
        warm, cold = Path(tmp) / "warm", Path(tmp) / "cold"
        shutil.copytree(first, warm)
        shutil.copytree(first, cold)
        (cold / "pairs.db").unlink()
        for extra in ("pairs.db-wal", "pairs.db-shm"):
            (cold / extra).unlink(missing_ok=True)
        seconds_cold, pairs_cold = _run(files, cold)
        entail.entailer().cache.clear()
        seconds_warm, pairs_warm = _run(files, warm)
        same = _strip(json.loads((warm / "story.json").read_text())) == _strip(json.loads((cold / "story.json").read_text()))
    figures = {
        "articles": len(files),
        "first_run_seven_articles": {"seconds": round(seconds_first, 1), "pairs_read": pairs_first},
        "eighth_added_without_memory": {"seconds": round(seconds_cold, 1), "pairs_read": pairs_cold},
        "eighth_added_with_memory": {"seconds": round(seconds_warm, 1), "pairs_read": pairs_warm},
        "story_json_identical": same,
    }
    print(json.dumps(figures, indent=1))
    if not same:
        sys.exit("story.json differs with and without the kept answers")
    record("pair_memory", figures)


if __name__ == "__main__":
    main()
