"""Per-sentence features of every FRANK summary of a split, computed by storydesk's own compare_summary.

Cached in benchmarks/.cache/ (ignored by git) keyed by split and feature names, so the
training script and the benchmark share one computation.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from frank_data import items
from storydesk.verify.check import compare_summary
from storydesk.verify.entail import MODEL_DIR
from storydesk.verify.features import NAMES

CACHE = Path(__file__).parent / ".cache"


def features(split: str, refresh: bool = False) -> list[dict]:
    """Items of `split`, each with `sentences`: [{text, features, reasons}]."""
    CACHE.mkdir(exist_ok=True)
    model = (MODEL_DIR / "model.onnx").stat().st_size  # another cross-encoder computes other features
    key = hashlib.sha1(f"{' '.join(NAMES)} {model}".encode()).hexdigest()[:8]
    path = CACHE / f"frank_{split}_{key}.json"
    if path.exists() and not refresh:
        return json.loads(path.read_text())
    data = items(split)
    started = time.perf_counter()
    by_article: dict[str, list[dict]] = {}
    for it in data:
        by_article.setdefault(it["hash"], []).append(it)
    done = 0
    for group in by_article.values():
        for it in group:
            spans, comps, _ = compare_summary(it["summary"], [it["article"]])
            it["sentences"] = [{"text": it["summary"][s:e], "features": c.features, "reasons": c.reasons}
                               for (s, e), c in zip(spans, comps)]
            done += 1
        print(f"\r{split}: {done}/{len(data)}", end="", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"\n{split}: {len(data)} summaries in {elapsed:.0f} s", file=sys.stderr)
    for it in data:
        it.pop("article")
    path.write_text(json.dumps({"elapsed_s": elapsed, "items": data}))
    return json.loads(path.read_text())
