"""FRANK: (article, summary, label) items joined from the staged files. Shared by the training and benchmark scripts."""
from __future__ import annotations

import json
from pathlib import Path

FRANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "frank" / "data"


def items(split: str) -> list[dict]:
    """Every annotated summary of `split` ('valid' or 'test'): hash, model, dataset, article, summary, consistent."""
    labels = json.loads((FRANK / "human_annotations.json").read_text())
    folder = FRANK / "articles_with_model_summaries__from_commit_5860706"
    cache: dict[str, dict] = {}
    out = []
    for r in labels:
        if r["split"] != split:
            continue
        art = cache.setdefault(r["hash"], json.loads((folder / f"{r['hash']}.json").read_text()))
        out.append({"hash": r["hash"], "model": r["model_name"], "dataset": r["dataset"], "article": art["article"],
                    "summary": art[r["model_name"]], "factuality": r["Factuality"],
                    "consistent": r["Factuality"] == 1.0})
    return out
