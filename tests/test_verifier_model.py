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


def test_the_engine_runs_the_shipped_model_in_one_batch_and_keeps_the_passage():
    from storydesk.verify.entail import CONTRADICTS, ENTAILS, entailer

    model = entailer()
    premise = "Soldiers retook the San Telmo prison on Tuesday after a six-hour standoff, the army said."
    pairs = [(premise, "The army took back the San Telmo prison on Tuesday."),
             ("Twelve inmates were killed in the riot at the prison.",
              "Forty inmates were killed in the riot at the prison.")]
    model.cache.clear()
    before = model.pairs_run
    probs = model.probabilities(pairs)
    assert probs.shape == (2, 3) and abs(float(probs[0].sum()) - 1.0) < 1e-4
    assert probs[0].argmax() == ENTAILS and probs[1].argmax() == CONTRADICTS
    model.probabilities(pairs)  # the same pairs again come from the cache
    assert model.pairs_run - before == 2

    verdict = storydesk.check("The army took back the San Telmo prison on Tuesday.", [premise]).sentences[0]
    assert verdict.features["nli_entail"] > 0.5
    assert verdict.evidence and verdict.evidence[0]["text"] == premise
    assert verdict.label == Judged.SUPPORTED and any("the model reads" in r for r in verdict.reasons)


def test_a_pair_gets_the_same_probabilities_whatever_is_read_beside_it():
    """The int8 model quantizes activations per input tensor: in a padded batch a pair's answer would depend on its
    neighbours (and so on the story, the worker and the order). Each pair runs alone, so it never does."""
    from storydesk.verify.entail import Entailer

    model = Entailer(threads=1)
    pair = ("Twelve inmates were killed in the riot at the prison on Tuesday, officials said.",
            "Twelve inmates died in the prison riot.")
    long = ("A much longer passage about the election, the polls, the debates and the campaign money raised across "
            "several states over the whole of the autumn, with many numbers in it: 12, 40, 888.")
    others = [(long, "Polls closed."),
              ("Short.", "Brief.")]
    alone = model.probabilities([pair])[0]
    model.cache.clear()
    beside = model.probabilities([others[0], pair, others[1]])[1]
    assert (alone == beside).all()


def test_a_claim_nothing_could_back_is_read_once_and_only_where_something_is_negated():
    """Corroboration's pruning (issue 35): a claim the scorer could not call supported whatever the model read is read
    only for a contradiction, in the first pass, where the claim or the passage negates or denies something."""
    from storydesk.verify import features
    from storydesk.verify.entail import entailer
    from storydesk.verify.retrieve import SourceIndex

    source = ("The committee met in the old library on Monday. The senator attended the hearing on Tuesday. "
              "Reporters waited outside for hours.")
    index = SourceIndex.from_texts([("src", source)])

    def read(claim: str, could_support: bool) -> tuple[int, features.Comparison]:
        comp = features.compare(claim, index, index.search(claim, k=5))
        comp.could_support = could_support
        model = entailer()
        model.cache.clear()
        before = model.pairs_run
        features.entailment([(claim, comp)], index)
        return model.pairs_run - before, comp

    plain, negated = "The senator attended the hearing on Tuesday morning.", "The senator did not attend the hearing."
    assert read(plain, True)[0] >= 2  # could be backed: the best sentence alone and with its neighbours, at least
    pairs, comp = read(plain, False)
    assert pairs == 0 and not comp.model_read and comp.features["nli_entail"] == 0.0
    pairs, comp = read(negated, False)
    assert pairs == 1 and comp.model_read  # the first pass only, and one sentence: the best one alone
    features.NARROW_READS = False
    try:
        assert read(negated, False)[0] == 2  # before: the best sentence alone and with its neighbours
    finally:
        features.NARROW_READS = True
    features.NEGATION_READS = False
    try:
        assert read(plain, False)[0] >= 2  # the reading before issue 35
    finally:
        features.NEGATION_READS = True


def test_a_claim_the_first_sentence_puts_beyond_backing_is_read_on_only_for_a_contradiction():
    """The first reading in two steps (issue 35): after the best sentence alone, a claim the bound says no further
    reading could back is not read with the neighbours, nor in the second pass."""
    from storydesk.verify import features
    from storydesk.verify.entail import entailer
    from storydesk.verify.retrieve import SourceIndex

    source = ("The committee met in the old library on Monday. The senator attended the hearing on Tuesday. "
              "Reporters waited outside for hours.")
    index = SourceIndex.from_texts([("src", source)])
    claim = "The senator did not attend the hearing on Tuesday."
    asked: list[float] = []

    def read(line: float) -> int:
        comp = features.compare(claim, index, index.search(claim, k=5))
        model = entailer()
        model.cache.clear()
        before = model.pairs_run

        def bound(c: features.Comparison, contra: float) -> bool:
            asked.append(contra)
            return contra < line

        features.entailment([(claim, comp)], index, bound=bound)
        return model.pairs_run - before

    assert read(2.0) >= 2  # the bound never closes: the sentence alone, with its neighbours, and maybe more
    asked.clear()
    assert read(0.5) == 1  # the model reads the sentence as a contradiction: nothing more is read
    assert asked and asked[0] > 0.5


def test_answers_kept_in_the_pair_memory_are_the_model_s_and_are_not_read_again(tmp_path):
    import numpy as np

    from storydesk.verify import entail

    pairs = [("Soldiers retook the San Telmo prison on Tuesday, the army said.", "The army took back the prison."),
             ("Twelve inmates were killed in the riot.", "Forty inmates were killed in the riot."),
             ("The governor denied any deal with the gang.", "The governor made a deal with the gang.")]
    store = tmp_path / "pairs.db"
    first = entail.Entailer()
    entail.remember_in(str(store))
    try:
        fresh = first.probabilities(pairs)
        assert first.pairs_run == 3 and first.memory is not None and first.memory.kept == 3
        second = entail.Entailer()  # another process, say: nothing in its own cache
        again = second.probabilities(pairs + [("A new passage about the raid.", "The raid happened.")])
        assert second.pairs_run == 1 and second.memory is not None and second.memory.recalled == 3
        assert np.array_equal(again[:3], fresh)  # float32 through SQLite's REAL and back, bit for bit
    finally:
        entail.remember_in(None)
    assert first.probabilities(pairs[:1]) is not None and first.memory is None  # let go of the file


def test_a_pair_memory_that_cannot_be_opened_turns_itself_off(tmp_path):
    from storydesk.verify import entail

    model = entail.Entailer()
    entail.remember_in(str(tmp_path))  # a folder, not a file: SQLite cannot open it
    try:
        probs = model.probabilities([("The prison held 3,200 inmates.", "The prison held 3,200 inmates.")])
        assert probs.shape == (1, 3) and model.pairs_run == 1
        assert model.memory is not None and model.memory.conn is None
    finally:
        entail.remember_in(None)


def test_could_support_narrows_with_the_contradiction_read_and_the_distance_the_passages_keep():
    """The bound behind the pruning: the contradiction read so far can only rise, so the corners of the scorer move;
    passages that keep their distance (hedge_top over the stance line) are never called supporting."""
    from storydesk.verify.features import NAMES, Comparison
    from storydesk.verify.verifiers import VerifyOptions, could_support, stance_lines

    f = dict.fromkeys(NAMES, 0.0)
    f.update(cos_max=0.8, cos_mean3=0.6, cov_top=0.5, cov_src=0.5, bigram_src=0.5, tok_p=0.8)
    comp = Comparison(f, [])
    assert could_support(comp, VerifyOptions())
    assert could_support(comp, VerifyOptions(), contra_read=0.1)
    assert not could_support(comp, VerifyOptions(), contra_read=0.9)
    hedged = Comparison({**f, "hedge_top": stance_lines()["hedge_supports"] + 0.01}, [])
    assert not could_support(hedged, VerifyOptions())
