"""Timeline and brief on the demo corpus: merged events, partial dates in words, unanchored events with a
reason, no caption dates; a brief whose every sentence is cited, checked, never unsupported, never repeated."""
from __future__ import annotations

import datetime

import pytest

from storydesk.brief import BriefOptions, build_brief
from storydesk.engine import run_one as run
from storydesk.pipeline import Options
from storydesk.timeline import label


@pytest.mark.parametrize("interval,value,expected", [
    ({"start": "2014-01-01", "end": "2014-12-31", "granularity": "year"}, "2014", "2014"),
    ({"start": "2023-09-01", "end": "2023-09-30", "granularity": "month"}, "2023-09", "September 2023"),
    ({"start": "2025-03-04", "end": "2025-03-04", "granularity": "day"}, "2025-03-04", "Tuesday 4 March 2025"),
    ({"start": "2025-03-02", "end": "2025-03-02", "granularity": "time"}, "2025-03-02TNI", "Sunday 2 March 2025, night"),
    ({"start": "2025-03-02", "end": "2025-03-02", "granularity": "time"}, "2025-03-02T14:30", "Sunday 2 March 2025, 14:30"),
])
def test_partial_dates_are_shown_as_what_they_are(interval, value, expected):
    assert label(interval, value) == expected


def _events(demo_result):
    return demo_result.story.events


def test_events_are_in_time_order_then_the_unanchored_ones(demo_result):
    events = _events(demo_result)
    anchored = [e for e in events if e.when]
    loose = [e for e in events if not e.when]
    assert anchored and loose
    assert events[:len(anchored)] == anchored  # the unanchored ones come last
    starts = [(e.when["start"], e.when["end"]) for e in anchored]
    assert starts == sorted(starts)
    for e in loose:
        assert e.reason and "publication date" in e.reason


def test_one_event_told_by_several_sources_is_merged_with_all_citations(demo_result, demo_docs):
    events = _events(demo_result)
    indictment = [e for e in events if e.when and e.when["text"] == "2023" and "Miami" in e.text and e.text.startswith("Quintero")]
    assert len(indictment) == 1
    docs = set(indictment[0].docs)
    tribune = next(d for n, d in demo_docs.items() if d.outlet == "Costa Verde Tribune")
    meridian = next(d for n, d in demo_docs.items() if d.outlet == "The Daily Meridian")
    assert {tribune.id, meridian.id} <= docs
    for cite in indictment[0].citations:
        doc = next(d for d in demo_result.story.documents if d.id == cite["doc"])
        assert doc.text[cite["start"]:cite["end"]] == cite["text"]
    # the rewrite's undated "on Wednesday" joins the Tribune's dated event instead of floating apart
    suspended = [e for e in events if "suspended" in e.text]
    assert len(suspended) == 1 and suspended[0].when["start"] == "2025-03-05" and len(suspended[0].docs) == 2


def test_each_event_date_comes_from_its_own_cleaned_text(demo_result):
    docs = {d.id: d for d in demo_result.story.documents}
    for e in _events(demo_result):
        for x in e.expressions:
            assert docs[x["doc"]].text[x["start"]:x["end"]] == x["text"]


def test_a_caption_date_never_reaches_the_timeline(tmp_path):
    page = tmp_path / "raid.html"
    page.write_text(
        "<html><head><title>Raid at the port</title><meta property='article:published_time' content='2025-03-04'></head><body>"
        "<article><h1>Raid at the port</h1>"
        "<figure><img src='a.jpg'><figcaption>Police officers at the port in 2019. Photo: Ana Ruiz/Reuters</figcaption></figure>"
        "<p>Customs officers seized 300 kilograms of cocaine at the port of Santa Irene on Monday, the ministry said.</p>"
        "<p>The shipment had arrived from Guayaquil on a banana freighter, according to port officials.</p>"
        "</article></body></html>", encoding="utf-8")
    story = run([str(page)]).story
    labels = [e.when["text"] for e in story.events if e.when]
    assert "Monday 3 March 2025" in labels
    assert not any("2019" in text for text in labels)


def test_brief_sentences_are_cited_checked_and_distinct(demo_result):
    brief = demo_result.story.brief
    assert 3 <= len(brief) <= 8
    docs = {d.id: d for d in demo_result.story.documents}
    claims = {c.id: c for d in demo_result.story.documents for c in d.claims}
    sections = [b.section for b in brief]
    order = {"corroborated": 0, "disputed": 1, "single_source": 2}
    assert sections == sorted(sections, key=order.get) and sections[0] == "corroborated"
    for b in brief:
        assert b.check["label"] == "supported"
        assert claims[b.claim].status != "unsupported"
        assert b.citations
        for c in b.citations + b.against:
            assert docs[c["doc"]].text[c["start"]:c["end"]] == c["text"]
    keys = [" ".join(b.text.lower().split()) for b in brief]
    assert len(set(keys)) == len(keys)
    corroborated = [b for b in brief if b.section == "corroborated"]
    groups = {docs[c["doc"]].group for b in corroborated for c in b.citations}
    assert all(len({docs[c["doc"]].group for c in b.citations}) >= 2 for b in corroborated) and len(groups) >= 2
    # what the rewrite invented never goes out
    assert not any("tunnel" in b.text or "$5" in b.text for b in brief)


def test_brief_length_is_configurable(demo_result):
    story = demo_result.story
    assert len(build_brief(story, BriefOptions(max_sentences=3))) == 3
    assert build_brief(story, BriefOptions(max_sentences=0)) == []


def test_events_and_brief_are_in_story_json(demo_result):
    from storydesk.storyjson import to_json, validate

    payload = to_json(demo_result)
    validate(payload)
    assert payload["events"] and payload["brief"]
    assert all(datetime.date.fromisoformat(e["when"]["start"]) for e in payload["events"] if e["when"])
    assert Options().brief.max_sentences == 8
