"""Cross-encoder pairs corroboration reads, and whether reading fewer changes a label (issue 35).

    python benchmarks/corroboration_pairs.py [--fnc1 800] [--seed 29]

A claim that no reading could back (`verifiers.could_support` false: on real stories nearly every claim against
another outlet) is read only for a contradiction. With `features.NEGATION_READS` (the product) it is read once, and
only where the claim or the passage negates or denies something; without it (the reading before issue 35) every
passage near it is read, in both passes. Both readings run on the same texts:

- FNC-1 train (dev; licence unverified, so it only measures): a stratified sample of headline/body pairs through
  the code path of `analyze` (benchmarks/stance_fnc1.Reader): pairs read, macro-F1, and the labels that differ;
- a real story: the eight PolNeAR dev and test articles about the Clinton e-mail inquiry that `analyze` groups as
  one story: pairs read, corroboration seconds, and the verdicts and statuses that differ.

Results go to benchmarks/results/corroboration_pairs.json.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, record, require

STORY = ["huff-post_2016-11-03_donald-trump-invokes-pervert-ant", "nyt_2016-10-30_for-democrats-anthony-weiner-mak",
         "nyt_2016-11-01_f-b-i-s-email-disclosure-broke-a", "politico_2016-09-23_partisan-fireworks-over-clinton-",
         "politico_2016-10-31_justice-department-pledges-quick", "politico_2016-11-02_mccaul-if-elected-hillary-clinto",
         "politico_2016-11-03_state-dept-drops-more-clinton-em", "usa-today_2016-10-31_feds-in-talks-to-get-emails-from"]


def _fnc1(n: int, seed: int) -> dict:
    from stance_fnc1 import LABEL_CLASS, Reader, load, score, stratified
    from storydesk.verify import features
    from storydesk.verify.entail import entailer

    pairs, texts = load("fnc1-train")
    pairs = stratified(pairs, n, seed=seed)
    reader = Reader()
    bodies = reader.bodies({b: texts[b] for b in sorted({p[1] for p in pairs})})
    heads = reader.headlines(sorted({p[0] for p in pairs}))
    out: dict = {"pairs": len(pairs), "seed": seed}
    preds = {}
    try:
        for mode, flag in (("every_near_passage", False), ("negation_reads", True)):
            features.NEGATION_READS = flag
            model = entailer()
            model.cache.clear()
            before = model.pairs_run
            preds[mode] = [LABEL_CLASS[reader.verdict(heads[h], bodies[b])["label"]] for h, b, _ in pairs]
            s = score([p[2] for p in pairs], preds[mode])
            out[mode] = {"cross_encoder_pairs": model.pairs_run - before, "macro_f1": s["macro_f1"], "f1": s["f1"],
                         "relative_score": s["relative_score"]}
    finally:
        features.NEGATION_READS = True
    changed = Counter(f"{a} -> {b}" for a, b in zip(preds["every_near_passage"], preds["negation_reads"]) if a != b)
    out["labels_changed"] = sum(changed.values())
    out["changes"] = dict(changed)
    return out


def _story() -> dict:
    from storydesk.engine import run_one
    from storydesk.verify import features
    from storydesk.verify.entail import entailer

    base = require(DATA / "polnear" / "data")
    folder = Path(tempfile.mkdtemp(prefix="sd-pairs-"))
    for name in STORY:
        found = list(base.glob(f"*/text/{name}.txt"))
        shutil.copy(found[0], folder / found[0].name)
    out: dict = {"articles": len(STORY)}
    seen = {}
    try:
        run_one([str(folder)])  # models loaded
        for mode, flag in (("every_near_passage", False), ("negation_reads", True)):
            features.NEGATION_READS = flag
            model = entailer()
            model.cache.clear()
            before = model.pairs_run
            t = time.perf_counter()
            story = run_one([str(folder)]).story
            claims = sorted((c for d in story.documents for c in d.claims), key=lambda c: c.id)
            seen[mode] = ([(c.id, v.doc, str(v.label)) for c in claims for v in c.verdicts],
                          [(c.id, str(c.status)) for c in claims])
            out[mode] = {"cross_encoder_pairs": model.pairs_run - before, "seconds": round(time.perf_counter() - t, 1),
                         "claims": len(claims), "verdicts": len(seen[mode][0]),
                         "labels": dict(Counter(x[2] for x in seen[mode][0])),
                         "statuses": dict(Counter(x[1] for x in seen[mode][1]))}
    finally:
        features.NEGATION_READS = True
        shutil.rmtree(folder, ignore_errors=True)
    a, b = seen["every_near_passage"], seen["negation_reads"]
    out["verdicts_changed"] = sum(x != y for x, y in zip(a[0], b[0])) + abs(len(a[0]) - len(b[0]))
    out["statuses_changed"] = sum(x != y for x, y in zip(a[1], b[1])) + abs(len(a[1]) - len(b[1]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fnc1", type=int, default=800, help="FNC-1 train pairs (stratified sample)")
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()
    record("corroboration_pairs", {"fnc1_train": _fnc1(args.fnc1, args.seed), "polnear_story": _story()})


if __name__ == "__main__":
    main()
