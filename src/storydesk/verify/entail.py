"""The shipped cross-encoder: does a source passage entail, contradict or say nothing about a sentence?

A 3-way MiniLM-L6 cross-encoder trained here (training/verifier/, MODEL_CARD.md), run as int8 ONNX with
onnxruntime. It loads once per process (`entailer()`), and `Entailer.probabilities` takes many pairs at once
(a summary check or a story's corroboration is one call); each pair runs alone (see BATCH).
Results are cached per (premise, hypothesis), since the same evidence comes back for many sentences, and, with
`remember_in`, kept across runs in a file beside the store (pair_memory.py).
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import numpy as np

from .pair_memory import PairMemory, model_hash

MODEL_DIR = Path(__file__).parent / "weights" / "nli"
ENTAILS, NEUTRAL, CONTRADICTS = 0, 1, 2
# One pair per run. The int8 model quantizes its activations with one range per input tensor, so in a padded batch a
# pair's probabilities depend on the pairs beside it (by up to 0.28 measured on PolNeAR story pairs): one at a time,
# a pair always gets the same answer, whatever the story, the worker or the order; and on one CPU thread it is also
# faster (5.4 against 8.9 ms a pair on 600 story pairs: no padding).
BATCH = 1
CACHE_SIZE = 50_000


class Entailer:
    def __init__(self, folder: Path = MODEL_DIR, threads: int | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        labels = [config["id2label"][str(i)] for i in range(3)]
        if labels != ["entails", "neutral", "contradicts"]:
            raise ValueError(f"{folder / 'config.json'}: labels {labels}, expected entails, neutral, contradicts")
        self.max_length = int(config.get("max_length", 128))
        options = onnxruntime.SessionOptions()
        # a worker process of a pool sets OMP_NUM_THREADS=1 (engine._quiet_threads): it shares the cores with its siblings
        options.intra_op_num_threads = threads or int(os.environ.get("OMP_NUM_THREADS") or 0) or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # the longer side is cut (the premise, unless a claim alone is over the limit)
        self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
        self.tokenizer.enable_padding()
        self.cache: dict[tuple[str, str], np.ndarray] = {}
        self.pairs_run = 0
        self.model_file = str(folder / "model.onnx")
        self.memory: PairMemory | None = None  # answers kept across runs (remember_in)

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """(n, 3) probabilities of entails / neutral / contradicts, one row per (premise, hypothesis)."""
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        todo: dict[tuple[str, str], list[int]] = {}
        for i, p in enumerate(pairs):
            if p in self.cache:
                out[i] = self.cache[p]
            else:
                todo.setdefault(p, []).append(i)
        self._attach()
        if self.memory is not None and todo:
            for p, row in self.memory.recall(todo).items():
                self.cache[p] = row
                for i in todo.pop(p):
                    out[i] = row
        keys = sorted(todo, key=lambda p: len(p[0]) + len(p[1]))
        read: dict[tuple[str, str], np.ndarray] = {}
        for b in range(0, len(keys), BATCH):
            chunk = keys[b:b + BATCH]
            enc = self.tokenizer.encode_batch(chunk)
            feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            logits = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            probs = e / e.sum(axis=1, keepdims=True)
            self.pairs_run += len(chunk)
            if len(self.cache) + len(chunk) > CACHE_SIZE:
                self.cache.clear()
            for key, row in zip(chunk, probs):
                self.cache[key] = row
                read[key] = row
                for i in todo[key]:
                    out[i] = row
        if self.memory is not None:
            self.memory.keep(read)
        return out

    def _attach(self) -> None:
        """Follow `remember_in`: open the file it names, or close the one it no longer names."""
        current = self.memory.path if self.memory is not None else None
        if current == _memory_path:
            return
        if self.memory is not None:
            self.memory.close()
        self.memory = PairMemory(_memory_path, model_hash(self.model_file)) if _memory_path else None


_memory_path: str | None = None


def remember_in(path: str | None) -> None:
    """From now on, the shipped model's answers are kept in and taken from the SQLite file `path` (None: in this
    process only). The file is opened when a pair is next read, so a story with nothing to read loads no model."""
    global _memory_path
    _memory_path = path
    if path is None and entailer.cache_info().currsize:  # the model is loaded: let go of its file now
        entailer()._attach()


@functools.lru_cache(maxsize=1)
def entailer() -> Entailer:
    """The shipped model, loaded on first use and kept for the process."""
    return Entailer()
