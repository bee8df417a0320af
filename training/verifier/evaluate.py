"""Accuracy of the exported cross-encoder (int8 ONNX) on the held-out pairs build_pairs.py wrote.

    python training/verifier/evaluate.py [--model src/storydesk/verify/weights/nli] [--n 3000]

Held out: SNLI test, MNLI dev-mismatched (dev-matched is trained on from round 2), a fifth of VitaminC by case id. Writes
benchmarks/results/verifier_heldout.json.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "src" / "storydesk" / "verify" / "weights" / "nli"))
    parser.add_argument("--n", type=int, default=3000, help="pairs per held-out set (the first N)")
    parser.add_argument("--sets", nargs="+", default=["snli_test", "mnli_dev_mismatched", "vitaminc"],
                        help="held-out sets (heldout_NAME.jsonl); MNLI dev-matched is trained on from round 2")
    parser.add_argument("--write", default="verifier_heldout.json", help="file under benchmarks/results/")
    args = parser.parse_args()
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model = Path(args.model)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(str(model / "model.onnx"), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
    tokenizer.enable_truncation(128, strategy="only_first")
    tokenizer.enable_padding()
    results = {}
    for path in [HERE / "data" / f"heldout_{name}.jsonl" for name in args.sets]:
        pairs = [json.loads(line) for line in path.open(encoding="utf-8")][:args.n]
        predicted, contra = [], []
        started = time.perf_counter()
        for i in range(0, len(pairs), 64):
            batch = pairs[i:i + 64]
            enc = tokenizer.encode_batch([(p["premise"], p["hypothesis"]) for p in batch])
            feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            logits = session.run(None, feed)[0]
            predicted.extend(logits.argmax(1).tolist())
            e = np.exp(logits - logits.max(1, keepdims=True))
            contra.extend((e[:, 2] / e.sum(1)).tolist())
        seconds = time.perf_counter() - started
        gold = [p["label"] for p in pairs]
        accuracy = float(np.mean([a == b for a, b in zip(predicted, gold)]))
        per = {lab: round(float(np.mean([a == b for a, b in zip(predicted, gold) if b == k])), 4)
               for k, lab in enumerate(["entails", "neutral", "contradicts"]) if k in gold}
        # how sure the model must be before storydesk calls a passage a contradiction (verifiers.CONTRADICTION)
        by_threshold = {}
        for t in (0.5, 0.7, 0.8, 0.9, 0.95):
            said = [g for c, g in zip(contra, gold) if c >= t]
            by_threshold[str(t)] = {"precision": round(float(np.mean([g == 2 for g in said])), 4) if said else None,
                                    "recall": round(len([g for g in said if g == 2]) / max(gold.count(2), 1), 4)}
        results[path.stem.removeprefix("heldout_")] = {"pairs": len(pairs), "accuracy": round(accuracy, 4),
                                                      "recall_by_label": per, "pairs_per_s": round(len(pairs) / seconds, 1),
                                                      "contradicts_at_probability": by_threshold}
        print(path.stem, results[path.stem.removeprefix("heldout_")], flush=True)
    out = ROOT / "benchmarks" / "results" / args.write
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
