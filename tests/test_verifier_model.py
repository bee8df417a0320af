"""The shipped cross-encoder (int8 ONNX, trained by training/verifier/) loads offline and decides known pairs."""
from __future__ import annotations

from pathlib import Path

import storydesk
from storydesk.contract import Judged
from storydesk.verify.plugins import NLICrossEncoder

MODEL = Path(storydesk.__file__).parent / "verify" / "weights" / "nli"


def test_the_shipped_model_is_small_and_loads_offline():
    assert (MODEL / "model.onnx").stat().st_size < 30 * 2**20
    model = NLICrossEncoder(str(MODEL / "model.onnx"))
    assert model.labels == [Judged.SUPPORTED, Judged.UNSUPPORTED, Judged.CONTRADICTED]


def test_it_decides_a_paraphrase_a_changed_number_and_an_unrelated_fact():
    model = NLICrossEncoder(str(MODEL / "model.onnx"))

    def decided(premise: str, hypothesis: str) -> Judged:
        probs = model.probabilities(premise, hypothesis)
        return model.labels[max(range(3), key=probs.__getitem__)]

    premise = "Soldiers retook the San Telmo prison on Tuesday after a six-hour standoff, the army said."
    assert decided(premise, "The army took back the San Telmo prison on Tuesday.") == Judged.SUPPORTED
    assert decided("Twelve inmates were killed in the riot at the prison.",
                   "Forty inmates were killed in the riot at the prison.") == Judged.CONTRADICTED
    assert decided(premise, "The prison's director resigned last year over a corruption inquiry.") == Judged.UNSUPPORTED
