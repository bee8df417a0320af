"""Claims: atomic splitting with exact spans, attribution, hedging, check-worthiness, and statuses on the demo gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydesk.annotate.nlp import pipeline
from storydesk.claims.split import claim_spans
from storydesk.model import Claim
from storydesk.spans import joined


def _split(text: str, lang: str = "en") -> list[dict]:
    sent = next(pipeline(lang).nlp(text).sents)
    return claim_spans(sent, lang)


def _texts(text: str) -> list[str]:
    return [" ".join(text[s:e] for s, e in c["spans"]) for c in _split(text)]


def test_coordinated_clauses_become_claims_with_their_spans():
    text = "Officials said two inmates were killed and nine soldiers were wounded during the operation."
    pieces = _split(text)
    assert [" ".join(text[s:e] for s, e in c["spans"]) for c in pieces] == [
        "two inmates were killed", "nine soldiers were wounded during the operation"]
    assert all(text[a:b] == "Officials said" for a, b in [c["attribution"] for c in pieces])


def test_a_list_of_three_objects_becomes_three_claims():
    assert _texts("Investigators found a cockfighting ring, a nightclub and a weapons cache inside the prison.") == [
        "Investigators found a cockfighting ring", "Investigators found a nightclub",
        "Investigators found a weapons cache inside the prison"]


def test_a_shared_subject_gives_a_claim_two_spans():
    text = "The director was suspended on Wednesday and faces charges of aiding the escape."
    pieces = _split(text)
    second = pieces[1]["spans"]
    assert len(second) == 2 and text[second[0][0]:second[0][1]] == "The director"
    assert text[second[1][0]:second[1][1]].startswith("faces charges")


def test_a_heading_without_a_verb_is_no_claim():
    assert _split("PUERTO ALBA, Costa Verde (PWS)") == []


def _claims(demo_result) -> list[Claim]:
    return [c for d in demo_result.story.documents for c in d.claims]


def test_every_claim_span_is_the_documents_characters(demo_result):
    docs = {d.id: d for d in demo_result.story.documents}
    claims = _claims(demo_result)
    assert len(claims) > 50
    for c in claims:
        text = docs[c.doc].text
        assert joined(text, c.spans) == c.text
        assert c.start == c.spans[0][0] and c.end == c.spans[-1][1]
        assert c.sentence[0] <= c.start and c.end <= c.sentence[1]


def _find(demo_result, doc_name: str, contains: str) -> Claim:
    for d in demo_result.story.documents:
        if Path(d.source).name == doc_name:
            found = [c for c in d.claims if contains in c.text]
            assert found, f"no claim containing {contains!r} in {doc_name}: {[c.text for c in d.claims]}"
            return found[0]
    raise AssertionError(f"{doc_name} not in the demo")


def test_attribution_hedging_and_quotes_are_kept(demo_result):
    according = _find(demo_result, "pws-san-telmo-raid.txt", "3,200 inmates")
    assert according.attribution["text"] == "the national penitentiary institute"
    assert according.attribution["cue"] == "according to" and according.kind == "reported"
    allege = _find(demo_result, "northern-courier-indictment.txt", "paid prison guards")
    assert "allege" in allege.hedged and allege.kind == "reported"
    quote = _find(demo_result, "pws-san-telmo-raid.txt", "He had been warned")
    assert quote.kind == "quote" and quote.attribution["text"] == "she"


def test_numbers_dates_and_actors_rank_above_colour(demo_result):
    killed = _find(demo_result, "pws-san-telmo-raid.txt", "wanted in the United States")
    colour = _find(demo_result, "cv-tribune-escape.md", "held court in a cell")
    assert killed.checkworthiness > colour.checkworthiness
    assert killed.time and killed.time["value"] == "2023"
    assert killed.entities, "named actors are attached"


GOLDEN = Path(__file__).parent / "golden"
STATUS_CASES = len(json.loads((GOLDEN / "demo_gold.json").read_text("utf-8"))["claims"]["status"])


@pytest.mark.parametrize("case", range(STATUS_CASES))
def test_claim_statuses_follow_the_gold(demo_result, gold, case):
    want = gold["claims"]["status"][case]
    claim = _find(demo_result, want["doc"], want["contains"])
    assert claim.status == want["status"], (want["why"], claim.status_reason,
                                            [(v.doc, v.label, v.reasons) for v in claim.verdicts])


def test_a_copy_never_corroborates_what_it_copied(demo_result):
    groups = {d.id: d.group for d in demo_result.story.documents}
    for c in _claims(demo_result):
        if c.status == "corroborated":
            assert any(v.label == "supports" and groups[v.doc] != groups[c.doc] for v in c.verdicts)
        if c.status == "single_source":
            assert not any(v.label == "supports" and groups[v.doc] != groups[c.doc] for v in c.verdicts)


def test_every_verdict_carries_evidence_spans_and_features(demo_result):
    docs = {d.id: d for d in demo_result.story.documents}
    decided = [v for c in _claims(demo_result) for v in c.verdicts if v.label != "not_mentioned"]
    assert decided
    for v in decided:
        assert v.evidence and v.features and v.reasons and 0.0 <= v.score <= 1.0
        for e in v.evidence:
            assert docs[e["doc"]].text[e["start"]:e["end"]] == e["text"]


def test_subheads_and_datelines_are_never_claims_and_conjuncts_keep_their_words():
    from storydesk.annotate import annotate_documents
    from storydesk.model import Document

    text = ("CULIACÁN, Mexico (AP) — The cartel expanded its routes last year.\n\nHow the network grew\n"
            "The army seized the airport on Monday.\n\nThe group smuggled fuel and ran checkpoints along the highway.\n\n"
            "Beyond the border\nOfficials said 9 soldiers were injured.")
    doc = Document(id="d", source="d.txt", original=text, text=text, language="en")
    annotate_documents([doc])
    claims = [c.text for c in doc.claims]
    assert claims == ["The cartel expanded its routes last year", "The army seized the airport on Monday",
                      "The group smuggled fuel", "The group ran checkpoints along the highway", "9 soldiers were injured"]
