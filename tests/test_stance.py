"""What one source says about a claim, in four answers (issue 31): supports, contradicts, discusses, not mentioned.

The lines of `verifiers.stance` ship in verify/weights/stance.json, chosen on FNC-1 train (benchmarks/tune_stance.py);
these tests load them and decide known pairs through the corroboration stage itself (a two-document story).
"""
from __future__ import annotations

import json

from storydesk.annotate import annotate_documents
from storydesk.claims import enrich
from storydesk.contract import Judged, Label, Status
from storydesk.model import Claim, Document, Story
from storydesk.resolve import resolve
from storydesk.verify import verifiers
from storydesk.verify.corroborate import corroborate
from storydesk.verify.features import Comparison

CLAIM = "Police arrested the mayor of Puerto Alba on Monday."


def _verdict(claim: str, source: str):
    a = Document(id="da", source="a.txt", original=claim, text=claim, language="en")
    b = Document(id="db", source="b.txt", original=source, text=source, language="en")
    annotate_documents([a, b])
    a.claims = [Claim(id="da-c1", doc="da", start=0, end=len(claim), text=claim, spans=[(0, len(claim))],
                      sentence=(0, len(claim)))]
    b.claims = []
    story = Story(id="s", documents=[a, b])
    resolve(story)
    enrich(story)
    corroborate(story)
    return a.claims[0]


def test_the_shipped_lines_load_and_name_every_line_the_decision_reads():
    data = json.loads(verifiers.STANCE_WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["lines"]) == {"related_cosine", "related_coverage", "supports", "hedge_supports", "discuss_hedge"}
    assert 0.0 < data["lines"]["supports"] < 1.0


def test_a_source_that_says_it_supports_it():
    claim = _verdict(CLAIM, "The mayor of Puerto Alba was arrested by police on Monday, officers said. "
                            "He was taken to the central station.")
    assert claim.verdicts[0].label == Label.SUPPORTS, claim.verdicts[0].reasons
    assert claim.status == Status.CORROBORATED


def test_a_source_that_relays_it_as_a_rumour_discusses_it_and_does_not_count():
    claim = _verdict(CLAIM, "Social media posts claim that the mayor of Puerto Alba was arrested by police. "
                            "The reports could not be verified, and the city has not commented on the rumours. "
                            "Was the mayor really arrested?")
    assert claim.verdicts[0].label == Label.DISCUSSES, claim.verdicts[0].reasons
    assert claim.status == Status.SINGLE_SOURCE and "about it without vouching for it" in claim.status_reason


def test_a_source_about_something_else_does_not_mention_it():
    claim = _verdict(CLAIM, "Heavy rain closed the coastal road for two days. Schools stayed open.")
    assert claim.verdicts[0].label == Label.NOT_MENTIONED


def test_the_decision_on_hand_built_features():
    lines = verifiers.stance_lines()
    near = {"cos_max": 0.9, "cov_top": 1.0}
    unsure = verifiers.Judgement(Judged.UNSUPPORTED, 0.0)
    assert verifiers.stance(CLAIM, unsure, Comparison({**near, "hedge_top": 1.0, "hedge_src": 0.5}, []))[0] == Label.DISCUSSES
    assert verifiers.stance(CLAIM, unsure, Comparison({"cos_max": 0.1, "cov_top": 0.0}, []))[0] == Label.NOT_MENTIONED
    sure = verifiers.Judgement(Judged.SUPPORTED, 0.99)
    assert verifiers.stance(CLAIM, sure, Comparison({**near, "nli_entail": 0.99}, []))[0] == Label.SUPPORTS
    assert verifiers.stance(CLAIM, verifiers.Judgement(Judged.CONTRADICTED, 0.0), Comparison(near, []))[0] == Label.CONTRADICTS
    # a denial or a hoax near the claim is reported, not the outlet's own word: it discusses the claim
    denial = Comparison({**near, "deny_top": 1.0, "deny_src": 0.6, "nli_entail": 0.0}, [])
    assert verifiers.stance(CLAIM, unsure, denial)[0] == Label.DISCUSSES
    assert lines["supports"] > 0.0
