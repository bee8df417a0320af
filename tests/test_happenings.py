"""Happenings: a claim's event words (read from the real parse) and their grouping over a story's documents."""
from __future__ import annotations

import numpy as np

from storydesk.annotate.nlp import pipeline
from storydesk.happenings import article_verbs, claim_triggers, embedded_similarity, group_happenings
from storydesk.model import Claim, Document, Entity, Story
from storydesk.timeline import build_events


def _words(text: str, lang: str = "en", attribution: tuple[int, int] | None = None) -> list[tuple[str, str, str]]:
    sdoc = pipeline(lang).nlp(text)
    sent = next(iter(sdoc.sents))
    spans = [(sent.start_char, sent.end_char)] if attribution is None else [(attribution[1], sent.end_char)]
    return [(t["text"], t["lemma"], t["kind"]) for t in claim_triggers(sent, spans, attribution, lang, article_verbs(sdoc))]


def test_event_words_are_actions_not_states_things_or_plain_saying():
    words = _words("Soldiers retook the prison after the government said the raid killed two guards and seemed over.")
    assert ("retook", "retake", "action") in words
    assert ("raid", "raid", "action") in words
    assert ("killed", "kill", "action") in words
    kept = {w for w, _, _ in words}
    assert not kept & {"government", "said", "seemed", "prison", "guards"}


def test_a_gerund_takes_its_verb_and_the_attribution_verb_is_speech():
    text = "Police said the shooting began when gunmen shot at the crowd."
    words = _words(text, attribution=(0, len("Police said")))
    assert ("said", "say", "speech") in words
    assert ("shooting", "shoot", "action") in words and ("shot", "shoot", "action") in words


def test_spanish_event_words():
    words = _words("Los militares retomaron el penal tras la fuga del líder y la detención de sus guardias.", "es")
    lemmas = {lemma for _, lemma, _ in words}
    assert {"fuga", "detención"} <= lemmas
    assert any(w == "retomaron" for w, _, _ in words)


def _claim(doc: str, n: int, text: str, word: str, lemma: str, entities: list[str], when: str | None = None,
           kind: str = "action", speaker: str | None = None) -> Claim:
    start = text.index(word)
    claim = Claim(f"{doc}/c{n}", doc, 0, len(text), text, [(0, len(text))], (0, len(text)), entities=entities)
    claim.triggers = [{"start": start, "end": start + len(word), "text": word, "lemma": lemma, "kind": kind}]
    if when:
        claim.time = {"text": when, "start": 0, "end": 1, "value": when,
                      "interval": {"start": when, "end": when, "granularity": "day"}}
    if speaker:
        claim.attribution = {"text": "the director", "start": 0, "end": 1, "cue": "said", "speaker": speaker}
    return claim


def _story(*claims: Claim) -> Story:
    docs: dict[str, Document] = {}
    for c in claims:
        doc = docs.setdefault(c.doc, Document(id=c.doc, source=c.doc + ".txt", original=c.text, text=c.text))
        doc.text = doc.original = c.text
        doc.claims.append(c)
    return Story("s", documents=list(docs.values()),
                 entities=[Entity("e1", "Los Halcones", "ORG"), Entity("e2", "San Telmo", "PLACE"),
                           Entity("e3", "Red Cross", "ORG"), Entity("e4", "Rosa Villalobos", "PERSON")])


def test_one_action_over_documents_is_one_happening_unless_times_disagree():
    story = _story(
        _claim("a", 1, "Troops retook San Telmo.", "retook", "retake", ["e2"], "2025-03-04"),
        _claim("b", 1, "The army retook the prison from Los Halcones.", "retook", "retake", ["e1", "e2"], "2025-03-04"),
        _claim("c", 1, "Troops retook San Telmo in 2019.", "retook", "retake", ["e2"], "2019-06-01"),  # another time
        _claim("d", 1, "Marines retook it in 2019 too.", "retook", "retake", [], "2019-06-01"),
        _claim("e", 1, "Nobody retook anything here.", "retook", "retake", []),  # no date: the larger group
    )
    happenings = group_happenings(story)
    assert [set(h.docs) for h in happenings] == [{"a", "b", "e"}, {"c", "d"}]
    h = happenings[0]
    assert h.id == "happening-1" and h.kind == "action" and h.lemma == "retake" and h.name == "retook"
    assert h.entities[0] == "e2"
    assert [(m["doc"], m["text"]) for m in h.mentions] == [("a", "retook"), ("b", "retook"), ("e", "retook")]


def test_a_speakers_statements_are_one_happening_and_an_unknown_speaker_joins_nothing():
    story = _story(
        _claim("a", 1, "The director said it was over.", "said", "say", [], kind="speech", speaker="e4"),
        _claim("b", 1, "The director told reporters it was over.", "told", "tell", [], kind="speech", speaker="e4"),
        _claim("c", 1, "Someone said it was over.", "said", "say", [], kind="speech"),
    )
    [h] = group_happenings(story)
    assert h.kind == "speech" and set(h.docs) == {"a", "b"} and h.name.startswith("Rosa Villalobos: ")


def test_words_close_in_meaning_join_only_with_a_shared_participant():
    story = _story(
        _claim("a", 1, "Police arrested the Los Halcones leader.", "arrested", "arrest", ["e1"], "2025-03-04"),
        _claim("b", 1, "Agents captured the Los Halcones leader.", "captured", "capture", ["e1"], "2025-03-04"),
        _claim("c", 1, "Agents captured a Red Cross thief in 2019.", "captured", "capture", ["e3"], "2019-06-01"),
        _claim("d", 1, "Police arrested a Red Cross thief.", "arrested", "arrest", ["e3"], "2025-03-05"),
    )
    assert group_happenings(story) == []  # different words, and no similarity given
    close = group_happenings(story, lambda lemmas: np.array([[1.0, 0.9], [0.9, 1.0]]))
    assert len(close) == 1 and set(close[0].docs) == {"a", "b"}
    # the shipped embedder finds "die" and "kill" close, "die" and "arrest" far
    cos = embedded_similarity()(["arrest", "die", "kill"])
    assert cos[1, 2] >= 0.65 > max(cos[0, 1], cos[0, 2])


def test_the_timeline_merges_the_claims_of_one_happening_and_the_happening_lists_the_event():
    story = _story(
        _claim("a", 1, "Troops retook San Telmo on Tuesday at dawn.", "retook", "retake", ["e2"], "2025-03-04"),
        _claim("b", 1, "The prison was retook by marines, officials confirmed.", "retook", "retake", ["e2"], "2025-03-04"),
    )
    story.happenings = group_happenings(story)
    events = build_events(story)
    assert len(events) == 1 and events[0].docs == ["a", "b"]
    assert story.happenings[0].events == [events[0].id]
    story.happenings = []  # without the happening, the two wordings share too few words to be one event
    assert len(build_events(story)) == 2


def test_undated_claims_of_one_happening_stay_apart_on_the_timeline():
    """Two undated articles' "Friday"s may be weeks apart: sharing a happening merges only anchored claims."""
    story = _story(
        _claim("a", 1, "The inquiry was reopened on Friday by the bureau.", "reopened", "reopen", ["e1"]),
        _claim("b", 1, "Lawyers for the senator said on Friday that agents reopened old files.", "reopened", "reopen", ["e1"]),
    )
    for c in (story.documents[0].claims[0], story.documents[1].claims[0]):
        c.time = {"text": "Friday", "start": 0, "end": 1, "value": "XXXX-WXX-5", "interval": None}
    story.happenings = group_happenings(story)
    assert len(story.happenings) == 1
    events = build_events(story)
    assert len(events) == 2 and all(e.when is None for e in events)
    assert story.happenings[0].events == [e.id for e in events]
