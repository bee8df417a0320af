"""The trained cross-encoder as int8 ONNX for onnxruntime, with its tokenizer: what storydesk ships.

    python training/verifier/export.py [--out src/storydesk/verify/weights/nli]

Reads training/verifier/out/model (train.py), or a checkpoint of a later round (`--checkpoint
training/verifier/out_round2/checkpoint.pt`). Writes model.onnx (dynamic int8 quantisation of the linear layers),
tokenizer.json and config.json (labels), and checks that the int8 model agrees with the float one on held-out pairs.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(HERE / "out" / "model"))
    parser.add_argument("--out", default=str(HERE.parents[1] / "src" / "storydesk" / "verify" / "weights" / "nli"))
    parser.add_argument("--checkpoint", default="", help="a train.py checkpoint.pt whose weights replace --model's")
    args = parser.parse_args()
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model)
    if args.checkpoint:
        model.load_state_dict(torch.load(args.checkpoint, weights_only=False)["model"])
    model.eval()
    sample = tokenizer(["The army retook the port on Tuesday."], ["Soldiers took back the port."], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(model, tuple(sample[n] for n in names), str(fp32), input_names=names, output_names=["logits"],
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
        reference = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
        int8 = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
        pairs = [json.loads(line) for line in (HERE / "data" / "heldout_mnli_dev_mismatched.jsonl").open(encoding="utf-8")][:500]
        enc = tokenizer([p["premise"] for p in pairs], [p["hypothesis"] for p in pairs], truncation="only_first",
                        max_length=128, padding=True, return_tensors="np")
        feed = {n: enc[n].astype(np.int64) for n in names}
        a = reference.run(None, feed)[0].argmax(1)
        b = int8.run(None, feed)[0].argmax(1)
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    (out / "config.json").write_text(json.dumps({"id2label": model.config.id2label, "max_length": 128}, indent=1) + "\n")
    size = (out / "model.onnx").stat().st_size / 2**20
    print(json.dumps({"int8_agrees_with_fp32": round(float((a == b).mean()), 4), "model_mb": round(size, 1)}))


if __name__ == "__main__":
    main()
