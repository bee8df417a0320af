"""QAGS: does `storydesk.check` find the summary sentences people judged unsupported by the article?

    python benchmarks/check_qags.py

953 summary sentences (CNN/DM 714, XSum 239), each judged "supported by the article?" by three people; gold is the
majority. Every sentence is checked on its own against its article with `storydesk.check`; its verdict is supported
or not (balanced accuracy) and its score ranks it (ROC AUC of the support score). QAGS has no training split and
nothing here is tuned on it: the scorer and its threshold come from FRANK valid. Evaluation use only (no licence
is stated for the data). Writes benchmarks/results/check_qags.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sklearn.metrics import roc_auc_score

import storydesk
from common import DATA as SHARED
from common import require
from storydesk.contract import Judged

DATA = require(SHARED / "qags")


def judge(article: str, sentence: str) -> tuple[bool, float]:
    """A sentence is supported when every part the splitter finds in it is; its score is the lowest part's."""
    result = storydesk.check(sentence, [article])
    parts = result.sentences or []
    score = min((0.0 if s.label == Judged.CONTRADICTED else s.score for s in parts), default=1.0)
    return all(s.label == Judged.SUPPORTED for s in parts), score


def main() -> None:
    storydesk.check("Warm-up.", ["Warm-up."])
    out: dict[str, dict] = {}
    started = time.perf_counter()
    for name in ("cnndm", "xsum"):
        pred, score, gold = [], [], []
        for line in (DATA / f"mturk_{name}.jsonl").open(encoding="utf-8"):
            item = json.loads(line)
            for s in item["summary_sentences"]:
                yes = sum(r["response"] == "yes" for r in s["responses"])
                ok, p = judge(item["article"], s["sentence"])
                pred.append(ok), score.append(p), gold.append(yes >= 2)
            print(f"\r{name}: {len(gold)}", end="", file=sys.stderr, flush=True)
        pos = sum(gold)
        tpr = sum(p and g for p, g in zip(pred, gold)) / max(pos, 1)
        tnr = sum((not p) and (not g) for p, g in zip(pred, gold)) / max(len(gold) - pos, 1)
        out[name] = {"sentences": len(gold), "supported_by_majority": pos, "balanced_accuracy": round((tpr + tnr) / 2, 4),
                     "true_positive_rate": round(tpr, 4), "true_negative_rate": round(tnr, 4),
                     "roc_auc": round(float(roc_auc_score(gold, score)), 4)}
    out["minutes"] = {"total": round((time.perf_counter() - started) / 60, 1)}
    out["note"] = {"what": "sentence level; gold = at least 2 of 3 annotators say supported; nothing tuned on QAGS",
                   "machine": "2-core dev machine, CPU only"}
    print("\n" + json.dumps(out, indent=1))
    (Path(__file__).parent / "results" / "check_qags.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
