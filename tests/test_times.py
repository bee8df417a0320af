"""storydesk.annotate.times: TimeML values and intervals, anchored on the publication date or left open."""
from __future__ import annotations

import datetime

from storydesk.annotate import times


def _by_text(found):
    return {t.text: t for t in found}


def test_relative_expressions_resolve_against_the_publication_date():
    text = ("Troops stormed the prison on Tuesday. Last year the gang took control; in December a judge ruled. "
            "The trial starts next month. Two days ago the minister spoke, and this week she travels.")
    found = _by_text(times(text, datetime.date(2025, 3, 5)))
    assert found["Tuesday"].value == "2025-03-04" and found["Tuesday"].interval["granularity"] == "day"
    assert found["Last year"].value == "2024"
    assert found["December"].value == "2024-12"
    assert found["next month"].value == "2025-04"
    assert found["Two days ago"].value == "2025-03-03"
    assert found["this week"].value == "2025-W10"
    assert found["this week"].interval == {"start": "2025-03-03", "end": "2025-03-09", "granularity": "week"}


def test_without_a_publication_date_relative_expressions_stay_open():
    found = _by_text(times("Quintero was first indicted last year. In December, a grand jury returned a new indictment.", None))
    for text in ("last year", "December"):
        assert found[text].anchored is False
        assert found[text].interval is None
        assert "publication date" in found[text].reason
    assert found["December"].value == "XXXX-12"


def test_absolute_dates_need_no_anchor_and_durations_sets_times_have_types():
    found = _by_text(times("On March 3, 2025 at 6:30 a.m., 1,500 soldiers began a 12-hour raid. Guards were paid every week.", None))
    assert found["March 3, 2025"].value == "2025-03-03" and found["March 3, 2025"].anchored
    assert found["at 6:30 a.m."].type == "TIME" and found["at 6:30 a.m."].value == "2025-03-03T06:30"
    assert found["a 12-hour"].type == "DURATION" and found["a 12-hour"].value == "PT12H"
    assert found["every week"].type == "SET" and found["every week"].value == "P1W"
    assert "1,500" not in found


def test_spanish():
    text = "El lunes 3 de marzo de 2025 la policía entró al penal. Ayer, el ministro dijo que hace dos años la banda lo controlaba."
    found = _by_text(times(text, "2025-03-05", lang="es"))
    assert found["El lunes 3 de marzo de 2025"].value == "2025-03-03"
    assert found["Ayer"].value == "2025-03-04"
    assert found["hace dos años"].value == "2023"


def test_offsets_point_at_the_text():
    text = "He escaped on Sunday night, two days before the raid of March 3."
    for t in times(text, "2025-03-05"):
        assert text[t.start:t.end] == t.text


def test_anaphora_follow_the_previous_date():
    found = _by_text(times("The raid began on March 3, 2025. The next day, troops found the tunnel.", None))
    assert found["The next day"].value == "2025-03-04"


def test_later_and_earlier_count_from_the_time_told_before_never_from_the_publication_date():
    told = _by_text(times("The prison was built in 2010. A decade later, the gang ran it. He fled on 3 March 2021. "
                          "Two days later he was caught; a week earlier he had been seen in Maracay.", datetime.date(2024, 5, 1)))
    assert told["A decade later"].value == "2020"
    assert told["Two days later"].value == "2021-03-05"
    assert told["a week earlier"].interval["start"] == "2021-02-22"  # the week before 3 March 2021's
    alone = times("A decade later, the gang ran the prison.", datetime.date(2024, 5, 1))[0]
    assert alone.text == "A decade later" and alone.anchored is False and alone.interval is None
    assert "earlier time" in alone.reason  # left open with the reason, not 2034 from the publication date


def test_removed_timestamps_never_reach_times(demo_docs):
    doc = demo_docs["daily-meridian-scraped.txt"]
    assert "Updated 4:12 PM" in doc.original
    assert all("4:12" not in t.text for t in doc.times)
    assert all(doc.text[t.start:t.end] == t.text for t in doc.times)


def test_undated_demo_article_keeps_its_relative_dates_open(demo_docs):
    doc = demo_docs["northern-courier-indictment.txt"]
    assert doc.published is None
    open_ones = {t.text: t for t in doc.times if not t.anchored}
    assert "last year" in open_ones and "December" in open_ones


def test_every_relative_unit_form_resolves():
    # each of these once raised inside a rule; a failure here would cost a whole document its annotations
    for phrase in ("the coming weekend", "the following weekend", "the past weekend", "next weekend", "the coming decade"):
        found = times(f"They met {phrase}.", "2016-06-14")
        assert found and found[0].text.endswith(phrase.split()[-1])
