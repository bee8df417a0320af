"""What the verifiers say about one sentence against the sources: the record every verifier returns."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..contract import Judged
from .retrieve import Hit


@dataclass
class Judgement:
    label: Judged
    score: float  # probability that the sources support the text
    evidence: list[Hit] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    verifier: str = ""
