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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..contract import Judged, Label
from ..words import DENIAL, has_any
from .features import CONTRADICTION_COSINE, NAMES, NLI_LANGUAGES, Comparison, logistic
from .judgement import Judgement
from .plugins import ChatEndpoint, LLMConfig, NLICrossEncoder
from .retrieve import Hit

WEIGHTS = Path(__file__).parent / "weights" / "learned.json"
LEXICAL_WEIGHTS = Path(__file__).parent / "weights" / "learned_lexical.json"
# Claims compared with a source in another language, both read in English through the translator: fitted on MEANTIME
# airbus and apple (benchmarks/train_across.py), where a rendering's lexical features say less.
ACROSS_WEIGHTS = Path(__file__).parent / "weights" / "learned_across.json"
CONFLICTS = ("num_conflict", "date_conflict", "state_ended", "neg_flip")


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
        if not hits or not comp.conflict_hits:
            return None  # a conflict is shown only with the source passage it conflicts with
        # the support a conflicting number, date or state leaves: at most even, and lower as the model agrees
        score = min(prior.score if prior else 0.5, 0.5, 1.0 - comp.features.get("nli_contra", 0.0))
        reasons = [f"contradicted: {r}" for r in comp.reasons]
        return Judgement(Judged.CONTRADICTED, score, comp.conflict_hits[:2], reasons, self.name)


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
        w = self.weights
        pull = sorted(((abs(c * (comp.features.get(n, 0.0) - m) / s), n) for n, c, m, s in
                       zip(w["features"], w["coef"], w["mean"], w["scale"])), reverse=True)
        label = Judged.SUPPORTED if p >= t else Judged.UNSUPPORTED
        verdict = "supported" if label == Judged.SUPPORTED else "not supported"
        reasons = [f"{verdict}: the sources back it with probability {p:.2f} (the line is {t:.2f})"]
        if "nli_entail" in w["features"] and comp.entail_hits:  # what the model read comes first, when it read
            reasons.append(explain("nli_entail", comp))
        for _, n in pull[:4]:
            if (r := explain(n, comp)) and r not in reasons:
                reasons.append(r)
        # the passage the model read, its closest sentence first (a neighbour read with it comes after: what a reader
        # is shown first is the sentence that says it)
        evidence = _closest_first(comp.entail_hits) if label == Judged.SUPPORTED and comp.entail_hits else comp.hits[:2]
        return Judgement(label, p, evidence, reasons, self.name)


def _doc(hits: list[Hit]) -> str:
    return hits[0].passage.doc if hits else "the source"


def explain(name: str, comp: Comparison) -> str:
    """One feature of a comparison, said in words a reader of the verdict understands."""
    f = comp.features
    v = f.get(name, 0.0)
    if name == "nli_entail":
        if not comp.model_read:
            return ("the model did not read it: no sentence of the source comes near enough to back it"
                    if comp.could_support else
                    "the model did not read it: no reading could make the source back it, and no passage near it "
                    "negates or denies anything")
        return (f"the model reads {_doc(comp.entail_hits)} as saying it (entailment {v:.2f})" if v >= 0.5 else
                f"no passage of the sources says it, as the model reads them (best entailment {v:.2f})")
    if name == "nli_contra":
        return (f"the model reads {_doc(comp.contra_hits)} as saying otherwise (contradiction {v:.2f})"
                if v >= 0.5 else "")
    if name == "novel":
        return f"{int(v)} of its content words never appear in the source" if v >= 1 else \
            "every content word of it appears in the source"
    if name == "novel_num":
        return f"{int(v)} of its numbers never appear in the source" if v >= 1 else ""
    if name in ("cov_top", "cov_src"):
        where = "the closest source sentences" if name == "cov_top" else "the source"
        return f"{round(100 * v)}% of its content words are in {where}"
    if name == "bigram_src":
        return f"{round(100 * v)}% of its word pairs occur in the source"
    if name in ("cos_max", "cos_mean3", "tok_p"):
        return f"closest source sentence in meaning: similarity {f.get('cos_max', 0.0):.2f} of 1"
    return ""


CONTRADICTION = 0.95  # the model's contradiction probability that makes a verdict contradicted (chosen on dev: MODEL_CARD.md)


def _contradiction(comp: Comparison, learned: Judgement) -> Judgement | None:
    """The model reads a contradiction in a passage that talks about the same thing, and no entailment."""
    f = comp.features
    if f.get("nli_contra", 0.0) < CONTRADICTION or f.get("nli_entail", 0.0) >= 0.5 or not comp.contra_hits:
        return None
    if max(h.cosine for h in comp.contra_hits) < CONTRADICTION_COSINE:
        return None  # a passage far from the claim in meaning: the model's contradiction is not about the same thing
    score = min(learned.score, 1.0 - f["nli_contra"])
    reasons = [f"contradicted: {explain('nli_contra', comp)}", f"the sources back it with probability {score:.2f}"]
    return Judgement(Judged.CONTRADICTED, score, _closest_first(comp.contra_hits), reasons, "nli")


def _closest_first(run: list) -> list:
    return sorted(run, key=lambda h: -h.cosine)


# The registry: every verifier by name. Plug-ins are built only when the user configures them.
VERIFIERS: dict[str, type] = {"structured": Structured, "learned": Learned, "nli": NLICrossEncoder, "llm": ChatEndpoint}


@functools.lru_cache(maxsize=2)
def load_weights(path: Path = WEIGHTS) -> dict[str, Any]:
    weights = json.loads(path.read_text(encoding="utf-8"))
    if set(weights["features"]) - set(NAMES):
        raise ValueError(f"{path} names features this version does not compute; retrain with "
                         "benchmarks/train_learned.py")
    return weights


@functools.lru_cache(maxsize=4)
def _learned(lang: str = "en", across: bool = False) -> Learned:
    """English sentences are scored with the cross-encoder's features; other languages (the model is English) with
    the lexical scorer trained without them; a claim read across languages with the scorer fitted for that."""
    if across:
        return Learned(load_weights(ACROSS_WEIGHTS))
    return Learned(load_weights(WEIGHTS if lang in NLI_LANGUAGES else LEXICAL_WEIGHTS))


@functools.lru_cache(maxsize=4)
def _nli(path: str) -> NLICrossEncoder:
    return NLICrossEncoder(path)


def could_support(comp: Comparison, options: VerifyOptions, contra_read: float = 0.0) -> bool:
    """Whether the learned scorer could call the claim supported for some reading of the cross-encoder: its
    probability is monotone in each of the two cross-encoder features (a logistic of a linear score), so its highest
    value over every reading is at a corner of [0, 1] x [0, 1]. Once passages have been read, the contradiction
    feature is the highest probability read so far (`contra_read`) and can only rise: the corners are then those of
    [0, 1] x [contra_read, 1]. A plug-in verifier decides on its own, so with one configured every passage is read."""
    if options.llm is not None or options.nli_model:
        return True
    if comp.features.get("hedge_top", 0.0) > stance_lines()["hedge_supports"]:
        return False  # its nearest passages keep their distance: `stance` never calls it supported, whatever is read
    learned = _learned("en" if comp.across else options.lang, comp.across)
    line = learned.weights["threshold"] if options.threshold is None else options.threshold
    line = min(line, stance_lines()["supports"])  # corroboration's own line (stance) may be the lower one
    return any(learned.probability({**comp.features, "nli_entail": e, "nli_contra": c}) >= line
               for e in (0.0, 1.0) for c in (contra_read, 1.0))


STANCE_WEIGHTS = Path(__file__).parent / "weights" / "stance.json"


@functools.lru_cache(maxsize=1)
def stance_lines() -> dict[str, float]:
    """The lines of `stance`, chosen on FNC-1 train (benchmarks/tune_stance.py; never on its test)."""
    return json.loads(STANCE_WEIGHTS.read_text(encoding="utf-8"))["lines"]


def stance(claim: str, judgement: Judgement, comp: Comparison, lines: dict[str, float] | None = None
           ) -> tuple[Label, list[str]]:
    """What one source says about a claim, from the verifiers' judgement of it against that source alone, and why:

    - `contradicts`: the verifiers read a conflict (an amount, a date or a state of the same thing, or the model's
      contradiction in a passage close in meaning). A source that reports a denial or calls something a hoax near the
      claim discusses it: on real stories such words are mostly a party's denial, not the outlet's;
    - `supports`: the scorer's probability that the source backs the claim is over the corroboration line (chosen for
      one outlet's claim against another outlet's article, apart from `check`'s line), and the passages nearest it
      do not keep their distance;
    - `discusses`: the source is about the claim (its nearest sentence is close in meaning or in words) but does not
      vouch for it: it relays it as a claim or a rumour, asks, reports a denial, or tells the story around it;
    - `not_mentioned`: nothing of the source is about it."""
    f = comp.features
    lines = lines or stance_lines()
    related = f.get("cos_max", 0.0) >= lines["related_cosine"] or f.get("cov_top", 0.0) >= lines["related_coverage"]
    if judgement.label == Judged.CONTRADICTED:
        return Label.CONTRADICTS, []
    if judgement.score >= lines["supports"] and f.get("hedge_top", 0.0) <= lines["hedge_supports"]:
        return Label.SUPPORTS, ([] if judgement.label == Judged.SUPPORTED else
                                [(f"supported: the source backs it with probability {judgement.score:.2f} (the "
                                 f"corroboration line is {lines['supports']:.2f})")])
    denial = f.get("deny_top", 0.0) > 0 and not has_any(claim, DENIAL)
    distance = f.get("hedge_top", 0.0) > 0 or denial or f.get("hedge_src", 0.0) >= lines["discuss_hedge"]
    if related and distance:
        why = ("it reports a denial or calls something false near it" if denial else
               "it keeps its distance (reportedly, a claim, a rumour, a question)" if f.get("hedge_top", 0.0) > 0 else
               f"{f.get('hedge_src', 0.0):.0%} of its sentences keep their distance (reportedly, a claim, a rumour, a "
               "question)" if f.get("hedge_src", 0.0) > 0 else "it tells the story around it without saying it")
        return Label.DISCUSSES, [(f"discusses it without vouching for it: its nearest sentence is about the claim "
                                 f"(similarity {f.get('cos_max', 0.0):.2f}, {f.get('cov_top', 0.0):.0%} of its words); {why}")]
    return Label.NOT_MENTIONED, []


def decide(text: str, comp: Comparison, options: VerifyOptions) -> Judgement:
    learned = _learned("en" if comp.across else options.lang, comp.across).judge(text, comp, None, options.threshold)
    structured = Structured().judge(text, comp, learned)
    if structured:
        return structured
    contradiction = _contradiction(comp, learned)
    plugin: Judgement | None = None
    if options.llm is not None:
        plugin = ChatEndpoint(options.llm).judge(text, comp, learned)
    elif options.nli_model:
        plugin = _nli(options.nli_model).judge(text, comp, learned)
    if plugin is not None:
        plugin.reasons = plugin.reasons + [f"learned scorer: {learned.score:.2f}"]
        return plugin
    return contradiction or learned
