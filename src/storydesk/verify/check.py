"""Check a summary against its sources, sentence by sentence: supported, contradicted or unsupported.

`check(summary, sources)` is the stable Python API; the CLI's `storydesk check` calls it.
Models load once per process, so thousands of calls cost only the comparisons.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..contract import Judged
from ..embedder import embedder
from ..normalize import normalize
from .features import Comparison, compare, entailment
from .retrieve import SourceIndex, split_sentences
from .verifiers import Judgement, VerifyOptions, decide


@dataclass
class SentenceVerdict:
    text: str
    start: int
    end: int
    label: Judged
    score: float  # calibrated probability that the sources support the sentence
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {doc, start, end, text}
    features: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    verifier: str = ""
    repetition_of: int | None = None  # index of an earlier sentence this one repeats

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CheckResult:
    sentences: list[SentenceVerdict]
    sources: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """True when every sentence is supported."""
        return all(s.label == Judged.SUPPORTED for s in self.sentences)

    def to_json(self) -> dict[str, Any]:
        return {"sentences": [s.to_json() for s in self.sentences], "sources": self.sources,
                "consistent": self.consistent}


def compare_summary(summary: str, sources: list[str], names: list[str] | None = None, lang: str = "en",
                    k: int = 5) -> tuple[list[tuple[int, int]], list[Comparison], SourceIndex]:
    """Each summary sentence's span and its comparison with the sources (no verdict yet)."""
    names = names or [f"source-{i + 1}" for i in range(len(sources))]
    index = SourceIndex.from_texts(list(zip(names, sources)), lang)
    spans = split_sentences(summary)
    vectors, tokens = embedder().encode([summary[s:e] for s, e in spans])
    comps = []
    for i, (s, e) in enumerate(spans):
        sentence = summary[s:e]
        hits = index.search(sentence, k=k, query_vector=vectors[i])
        comps.append(compare(sentence, index, hits, lang=lang, claim_tokens=tokens[i]))
    entailment([(summary[s:e], c) for (s, e), c in zip(spans, comps)], index, lang)
    return spans, comps, index


def check(summary: str, sources: list[str], options: VerifyOptions | None = None,
          names: list[str] | None = None) -> CheckResult:
    """Verdicts for every sentence of `summary` against `sources` (texts)."""
    options = options or VerifyOptions()
    names = names or [f"source-{i + 1}" for i in range(len(sources))]
    spans, comps, _ = compare_summary(summary, sources, names, options.lang)
    seen: dict[str, int] = {}
    out = []
    for i, ((s, e), comp) in enumerate(zip(spans, comps)):
        text = summary[s:e]
        judgement: Judgement = decide(text, comp, options)
        verdict = SentenceVerdict(text, s, e, judgement.label, round(judgement.score, 4),
                                  [h.to_json() for h in judgement.evidence], {k: round(v, 4) for k, v in comp.features.items()},
                                  judgement.reasons, judgement.verifier)
        key = normalize(text)
        if key and key in seen:
            verdict.repetition_of = seen[key]
            verdict.reasons.append(f"repeats sentence {seen[key] + 1}")
        seen.setdefault(key, i)
        out.append(verdict)
    return CheckResult(out, names)
