"""Optional verifiers the user switches on: a local NLI cross-encoder, or an OpenAI-compatible chat endpoint.

Neither runs, loads or sends anything unless configured. Both return the same Judgement as
the built-in layers, and a failure falls back to the learned scorer with the reason kept.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..contract import Judged
from .judgement import Judgement

if TYPE_CHECKING:
    from .features import Comparison

_LABELS = {"entailment": Judged.SUPPORTED, "entails": Judged.SUPPORTED, "supported": Judged.SUPPORTED,
           "supports": Judged.SUPPORTED, "contradiction": Judged.CONTRADICTED, "contradicts": Judged.CONTRADICTED,
           "contradicted": Judged.CONTRADICTED, "neutral": Judged.UNSUPPORTED, "unsupported": Judged.UNSUPPORTED,
           "discusses": Judged.UNSUPPORTED, "not_mentioned": Judged.UNSUPPORTED}


class PluginError(Exception):
    pass


class NLICrossEncoder:
    """A 3-way NLI cross-encoder: premise = the best evidence, hypothesis = the sentence.

    `path` is a Hugging Face model directory (loaded with sentence-transformers' CrossEncoder)
    or an .onnx file with tokenizer.json and config.json beside it (run with onnxruntime).
    The label order comes from the model's config (id2label).
    """
    name = "nli"

    def __init__(self, path: str):
        p = Path(path)
        if not p.exists():
            raise PluginError(f"NLI model {path}: no such file or directory")
        config_file = (p if p.is_dir() else p.parent) / "config.json"
        if not config_file.exists():
            raise PluginError(f"NLI model {path}: config.json with id2label is missing next to it")
        id2label = json.loads(config_file.read_text())["id2label"]
        self.labels = [_LABELS.get(id2label[str(i)].lower(), Judged.UNSUPPORTED) for i in range(len(id2label))]
        if p.suffix == ".onnx":
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise PluginError(f"NLI model {path}: running an ONNX file needs onnxruntime (pip install onnxruntime)") from exc
            self.session = onnxruntime.InferenceSession(str(p), providers=["CPUExecutionProvider"])
            self.tokenizer = Tokenizer.from_file(str(p.parent / "tokenizer.json"))
            self.tokenizer.enable_truncation(512)
            self.model = None
        else:
            from sentence_transformers import CrossEncoder
            self.model = CrossEncoder(str(p), device="cpu")

    def probabilities(self, premise: str, hypothesis: str) -> list[float]:
        import numpy as np
        if self.model is not None:
            return [float(x) for x in self.model.predict([(premise, hypothesis)], apply_softmax=True)[0]]
        enc = self.tokenizer.encode(premise, hypothesis)
        feeds = {"input_ids": [enc.ids], "attention_mask": [enc.attention_mask], "token_type_ids": [enc.type_ids]}
        names = {i.name for i in self.session.get_inputs()}
        logits = self.session.run(None, {k: np.array(v, dtype=np.int64) for k, v in feeds.items() if k in names})[0][0]
        e = np.exp(logits - logits.max())
        return (e / e.sum()).tolist()

    def judge(self, text: str, comp: Comparison, prior: Judgement | None) -> Judgement:
        premise = " ".join(h.passage.text for h in comp.hits[:3])
        probs = self.probabilities(premise, text)
        best = max(range(len(probs)), key=probs.__getitem__)
        support = sum(p for p, lab in zip(probs, self.labels) if lab == Judged.SUPPORTED)
        return Judgement(self.labels[best], support, comp.hits[:2],
                         [f"nli: {lab} {p:.2f}" for lab, p in zip(self.labels, probs)], self.name)


@dataclass
class LLMConfig:
    base_url: str  # e.g. http://127.0.0.1:8080/v1 (llama.cpp, vLLM, Ollama) or a hosted API
    model: str
    api_key: str | None = None
    timeout: float = 60.0
    retries: int = 2


_PROMPT = (
    "You check whether a sentence is backed by numbered evidence passages from news sources. "
    "Answer with JSON only: {\"label\": \"supported\" | \"contradicted\" | \"unsupported\", "
    "\"evidence\": [passage numbers that decide it], \"explanation\": one short sentence}. "
    "supported: the passages state it or something that entails it. contradicted: a passage states "
    "something incompatible (another number, date, place, actor or state). unsupported: otherwise."
)


class ChatEndpoint:
    """An OpenAI-compatible /chat/completions endpoint, asked for a JSON verdict, with timeouts and retries."""
    name = "llm"

    def __init__(self, config: LLMConfig):
        self.config = config

    def ask(self, text: str, passages: list[str]) -> dict[str, Any]:
        body = {
            "model": self.config.model, "temperature": 0, "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": _PROMPT},
                         {"role": "user", "content": "Evidence:\n" + "\n".join(f"[{i + 1}] {p}" for i, p in enumerate(passages))
                          + f"\n\nSentence: {text}"}],
        }
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        url = self.config.base_url.rstrip("/") + "/chat/completions"
        last = ""
        for attempt in range(self.config.retries + 1):
            request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                    payload = json.loads(response.read().decode("utf-8"))
                answer = json.loads(payload["choices"][0]["message"]["content"])
                if _LABELS.get(str(answer.get("label", "")).lower()) is None:
                    raise PluginError(f"unknown label {answer.get('label')!r}")
                return answer
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code < 500 and exc.code != 429:
                    break  # a client error (bad key, bad model) will not improve with a retry
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            except (KeyError, IndexError, ValueError, TypeError, PluginError) as exc:
                last = f"answer not understood ({exc})"
            if attempt < self.config.retries:
                time.sleep(0.5 * 2 ** attempt)
        raise PluginError(f"{url}: {last}")

    def judge(self, text: str, comp: Comparison, prior: Judgement | None) -> Judgement:
        hits = comp.hits[:5]
        try:
            answer = self.ask(text, [h.passage.text for h in hits])
        except PluginError as exc:
            fallback = prior or Judgement(Judged.UNSUPPORTED, 0.0)
            return Judgement(fallback.label, fallback.score, fallback.evidence,
                             fallback.reasons + [f"llm unavailable, learned scorer used: {exc}"], "learned")
        label = _LABELS[str(answer["label"]).lower()]
        chosen = [hits[i - 1] for i in answer.get("evidence", []) if isinstance(i, int) and 0 < i <= len(hits)]
        score = prior.score if prior else (1.0 if label == Judged.SUPPORTED else 0.0)
        return Judgement(label, score, chosen or hits[:2], [f"llm: {answer.get('explanation', '')}"], self.name)
