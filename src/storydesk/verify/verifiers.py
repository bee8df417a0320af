"""The verifiers, an explicit registry of named layers (STYLE.md: registries you can see).

- `structured`: numbers, dates as intervals, negation and "still"/"ended" states, on aligned evidence.
- `learned`: a logistic scorer over the FEATURES, trained on FRANK valid only (see
  benchmarks/train_learned.py and weights/MODEL_CARD.md); its output is a calibrated probability.
- `nli` (plug-in): a local NLI cross-encoder the user points at (a model directory or an ONNX file).
- `llm` (plug-in): an OpenAI-compatible chat endpoint the user configures (base URL, model, key).

`decide` runs the configured layers in order: a structured conflict makes a sentence
contradicted; a plug-in, when configured, gives the label; otherwise the learned score
against its threshold (chosen on FRANK valid) decides supported or unsupported.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..contract import Judged
from .features import NAMES, Comparison, logistic
from .plugins import ChatEndpoint, LLMConfig, NLICrossEncoder
from .retrieve import Hit

WEIGHTS = Path(__file__).parent / "weights" / "learned.json"
CONFLICTS = ("num_conflict", "date_conflict", "state_ended", "neg_flip")


@dataclass
class Judgement:
    label: Judged
    score: float  # probability that the sources support the text
    evidence: list[Hit] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    verifier: str = ""


@dataclass
class VerifyOptions:
    lang: str = "en"
    nli_model: str | None = None  # path to a cross-encoder directory or .onnx file
    llm: LLMConfig | None = None
    threshold: float | None = None  # override the learned threshold


class Verifier(Protocol):
    name: str

    def judge(self, text: str, comp: Comparison, prior: Judgement | None) -> Judgement | None: ...


class Structured:
    name = "structured"

    def judge(self, text: str, comp: Comparison, prior: Judgement | None) -> Judgement | None:
        hits = [n for n in CONFLICTS if comp.features.get(n)]
        if not hits:
            return None
        score = prior.score if prior else 0.5
        return Judgement(Judged.CONTRADICTED, score, comp.conflict_hits[:2] or comp.hits[:1], list(comp.reasons), self.name)


class Learned:
    name = "learned"

    def __init__(self, weights: dict[str, Any] | None = None):
        self.weights = weights or load_weights()

    def probability(self, features: dict[str, float]) -> float:
        w = self.weights
        z = w["intercept"]
        for n, c, m, s in zip(w["features"], w["coef"], w["mean"], w["scale"]):
            z += c * (features.get(n, 0.0) - m) / s
        cal = w.get("calibration")  # Platt scaling fitted on held-out folds (benchmarks/train_learned.py)
        return logistic(cal["a"] * z + cal["b"]) if cal else logistic(z)

    def judge(self, text: str, comp: Comparison, prior: Judgement | None, threshold: float | None = None) -> Judgement:
        p = self.probability(comp.features)
        t = self.weights["threshold"] if threshold is None else threshold
        top = sorted(((abs(c * (comp.features.get(n, 0.0) - m) / s), n) for n, c, m, s in
                      zip(self.weights["features"], self.weights["coef"], self.weights["mean"], self.weights["scale"])),
                     reverse=True)[:3]
        reasons = [f"{n} = {comp.features.get(n, 0.0):.2f}" for _, n in top]
        label = Judged.SUPPORTED if p >= t else Judged.UNSUPPORTED
        return Judgement(label, p, comp.hits[:2], reasons, self.name)


# The registry: every verifier by name. Plug-ins are built only when the user configures them.
VERIFIERS: dict[str, type] = {"structured": Structured, "learned": Learned, "nli": NLICrossEncoder, "llm": ChatEndpoint}


@functools.lru_cache(maxsize=1)
def load_weights() -> dict[str, Any]:
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if set(weights["features"]) - set(NAMES):
        raise ValueError(f"{WEIGHTS} names features this version does not compute; retrain with "
                         "benchmarks/train_learned.py")
    return weights


@functools.lru_cache(maxsize=1)
def _learned() -> Learned:
    return Learned()


@functools.lru_cache(maxsize=4)
def _nli(path: str) -> NLICrossEncoder:
    return NLICrossEncoder(path)


def decide(text: str, comp: Comparison, options: VerifyOptions) -> Judgement:
    learned = _learned().judge(text, comp, None, options.threshold)
    structured = Structured().judge(text, comp, learned)
    if structured:
        return structured
    plugin: Judgement | None = None
    if options.llm is not None:
        plugin = ChatEndpoint(options.llm).judge(text, comp, learned)
    elif options.nli_model:
        plugin = _nli(options.nli_model).judge(text, comp, learned)
    if plugin is not None:
        plugin.reasons = plugin.reasons + [f"learned scorer: {learned.score:.2f}"]
        return plugin
    return learned
