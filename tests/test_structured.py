"""The structured layer: an amount, a date or a state conflicts only with the same thing said otherwise."""
from __future__ import annotations

import storydesk
from storydesk.annotate import quantities, times
from storydesk.contract import Judged
from storydesk.words import ENDED, has_any

SOURCE = ("Rebels hold 9 of the 32 provinces, officials said. More than 600 people marched in the capital on Sunday. "
          "Twelve inmates were killed in the riot at the prison. A 2005 report found abuses at the prison. "
          "Police raided the prison in March 2021. The army took the plant back last month.")


def _label(sentence: str) -> tuple[Judged, list[str]]:
    verdict = storydesk.check(sentence, [SOURCE]).sentences[0]
    return verdict.label, verdict.reasons


def test_a_part_of_a_whole_counts_the_part():
    found = quantities("Rebels hold 9 of the 32 provinces.", "en", [])
    assert [(q.text, q.value, q.unit) for q in found] == [("9 of the 32 provinces", 9.0, "provinces")]
    assert _label("Rebels hold 9 provinces.")[0] == Judged.SUPPORTED
    label, reasons = _label("Rebels hold 12 provinces.")
    assert label == Judged.CONTRADICTED and any("9 of the 32 provinces" in r for r in reasons)


def test_bounded_and_approximate_amounts_are_compatible_when_their_ranges_meet():
    assert _label("About 600 people marched in the capital on Sunday.")[0] == Judged.SUPPORTED
    assert _label("Some 1,000 people marched in the capital on Sunday.")[0] != Judged.CONTRADICTED
    label, reasons = _label("About 300 people marched in the capital on Sunday.")
    assert label == Judged.CONTRADICTED and any("More than 600 people" in r for r in reasons)


def test_a_changed_count_of_the_same_thing_is_contradicted_with_the_passage():
    verdict = storydesk.check("Forty inmates were killed in the riot at the prison.", [SOURCE]).sentences[0]
    assert verdict.label == Judged.CONTRADICTED
    assert "Twelve inmates" in verdict.evidence[0]["text"] and verdict.score <= 0.5


def test_dates_of_two_events_do_not_conflict_but_the_same_event_moved_does():
    assert _label("The 2021 raid followed a report on abuses at the prison.")[0] != Judged.CONTRADICTED
    label, reasons = _label("Police raided the prison in May 2021.")
    assert label == Judged.CONTRADICTED and any("March 2021" in r for r in reasons)
    assert times("Police raided the prison in May 2021.", None, "en")


def test_a_state_said_to_go_on_conflicts_with_its_end_written_with_words_between():
    assert has_any("The army took the plant back last month.", ENDED)
    assert not has_any("He took a long walk in the back garden.", ENDED)
    label, reasons = _label("The rebels still run the plant.")
    assert label == Judged.CONTRADICTED and any("ended" in r for r in reasons)


def test_a_part_of_a_whole_named_with_a_possessive_counts_the_part():
    for text, unit in [("The gang controls 9 of its 32 districts.", "districts"),
                       ("Gangs operate in 9 of the country's 32 states.", "states")]:
        found = quantities(text, "en", [])
        assert [(q.value, q.unit) for q in found] == [(9.0, unit)], text


def test_counts_of_another_year_or_another_thing_do_not_conflict():
    source = ("A 1990 survey counted 5,000 Colombian residents in the city. "
              "The gang controls 9 of its 32 districts, the police said.")
    # a count of another year: the rest of the two sentences differ and so do their years
    verdict = storydesk.check("In 2023, 12,000 Colombian migrants crossed the border.", [source]).sentences[0]
    assert verdict.label != Judged.CONTRADICTED, verdict.reasons
    # nine of thirty-two districts, read by another outlet as nine districts, is the same count
    verdict = storydesk.check("The gang controls 9 districts, the police said.", [source]).sentences[0]
    assert verdict.label != Judged.CONTRADICTED, verdict.reasons
    # the same count of the same thing in the same event, changed, still conflicts
    verdict = storydesk.check("The gang controls 14 of its 32 districts, the police said.", [source]).sentences[0]
    assert verdict.label == Judged.CONTRADICTED, verdict.reasons
