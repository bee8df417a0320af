"""Check a summary against its sources, sentence by sentence: supported, contradicted or unsupported.

`check(summary, sources)` is the stable Python API; the CLI's `storydesk check` calls it.
Models load once per process, so thousands of calls cost only the comparisons.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import translate
from ..contract import Judged
from ..embedder import Remembered, embedder
from ..normalize import normalize
from .corroborate import pivot_index
from .features import Comparison, compare, entailment
from .retrieve import Passage, SourceIndex, split_sentences
from .verifiers import Judgement, VerifyOptions, decide

# Source sentences embedded by earlier checks in this process (about 50 KB each with their word pieces, so at most
# about 100 MB; some 80 articles): checking several summaries against the same articles embeds the articles once.
SOURCE_MEMORY = Remembered(2_000)


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
                    k: int = 5, source_langs: list[str] | None = None
                    ) -> tuple[list[tuple[int, int]], list[Comparison], SourceIndex]:
    """Each summary sentence's span and its comparison with the sources (no verdict yet).

    Sources in another language than the summary (`source_langs`, detected when not given) are compared in English
    through the translator, the summary too when it is not English; the evidence keeps each source's own words."""
    names = names or [f"source-{i + 1}" for i in range(len(sources))]
    spans = split_sentences(summary)
    texts = [summary[s:e] for s, e in spans]
    read_lang = _language(summary, translate.base(lang))
    langs = source_langs or [_language(text, read_lang) for text in sources]
    differ = any(translate.base(la) != read_lang for la in langs)
    crossed = differ and all(translate.can_compare(read_lang, la) for la in langs)
    missing = translate.why()
    if crossed:
        passages = [Passage(name, s, e, text[s:e], translate.base(la))
                    for name, text, la in zip(names, sources, langs) for s, e in split_sentences(text)]
        try:
            index = pivot_index(passages)
            texts = translate.translate(texts, read_lang)
            read_lang = translate.PIVOT
        except translate.Unavailable as exc:
            crossed, missing = False, str(exc)
    if not crossed:
        index = SourceIndex.from_texts(list(zip(names, sources)), read_lang)
    index.embeddings = SOURCE_MEMORY.vectors([p.text for p in index.passages])  # as read (English when crossed)
    vectors, tokens = embedder().encode(texts)
    comps = []
    for i, sentence in enumerate(texts):
        hits = index.search(sentence, k=k, query_vector=vectors[i])
        comps.append(compare(sentence, index, hits, lang=read_lang, claim_tokens=tokens[i]))
    entailment(list(zip(texts, comps)), index, read_lang)
    for comp, original, read in zip(comps, (summary[s:e] for s, e in spans), texts):
        if read != original:
            comp.read_as = read
    for comp in comps:
        comp.across = crossed
        if differ and not crossed:
            comp.note = f"a source is in another language ({', '.join(sorted(set(langs)))}): {missing}"
    return spans, comps, index


def _across_reason(comp: Comparison) -> list[str]:
    if comp.note:
        return [comp.note]
    if not comp.across:
        return []
    read = f'; the sentence read as: "{comp.read_as}"' if comp.read_as else ""
    return [f"read across languages, in English through the Apertium translator{read}"]


def _language(text: str, default: str) -> str:
    """The text's language where lingua is sure of it and the translator could read it; else `default`."""
    from ..extract.language import detect

    found = translate.base(detect(text) or default)
    return found if found in {translate.PIVOT, *(src for src, _ in translate.PAIRS)} else default


Progress = Callable[[str, int, int], None]  # (phase, done, total), as `analyze` reports its stages


def check(summary: str, sources: list[str], options: VerifyOptions | None = None,
          names: list[str] | None = None, progress: Progress | None = None) -> CheckResult:
    """Verdicts for every sentence of `summary` against `sources` (texts). `progress` hears of each phase as it
    starts and of each sentence decided."""
    options = options or VerifyOptions()
    names = names or [f"source-{i + 1}" for i in range(len(sources))]
    tell = progress or (lambda phase, done, total: None)
    tell("comparing", 0, 0)
    spans, comps, _ = compare_summary(summary, sources, names, options.lang)
    tell("deciding", 0, len(spans))
    seen: dict[str, int] = {}
    out = []
    for i, ((s, e), comp) in enumerate(zip(spans, comps)):
        text = summary[s:e]
        judgement: Judgement = decide(comp.read_as or text, comp, options)
        verdict = SentenceVerdict(text, s, e, judgement.label, round(judgement.score, 4),
                                  [h.to_json() for h in judgement.evidence], {k: round(v, 4) for k, v in comp.features.items()},
                                  judgement.reasons + _across_reason(comp), judgement.verifier)
        key = normalize(text)
        if key and key in seen:
            verdict.repetition_of = seen[key]
            verdict.reasons.append(f"repeats sentence {seen[key] + 1}")
        seen.setdefault(key, i)
        out.append(verdict)
        tell("deciding", i + 1, len(spans))
    return CheckResult(out, names)
