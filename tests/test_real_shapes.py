"""Shapes of real pages and reporting that the demo corpus does not have (all text written here): a whole portal
page pasted as plain text, quotes closed by a dash and a name, quote paragraphs after "X said", "he also said"."""
from __future__ import annotations

from storydesk.annotate import quotes
from storydesk.extract import extract
from storydesk.ingest.readers import read_text
from storydesk.model import RawDocument

BODY = [
    ("The port authority said on Tuesday that two cargo ships had been held at the northern terminal after inspectors "
    "found undeclared fuel drums in their holds during a routine check."),
    ("Officials at the terminal told reporters that the ships were registered abroad and that their crews had been "
    "questioned for several hours before being allowed to return on board."),
    "The inquiry",
    ("Investigators are now trying to establish who paid for the fuel and whether it was meant for the boats that "
    "supply fishing camps along the coast, according to a statement from the prosecutor's office."),
    ("The statement said the owners of the ships had not yet answered the authority's letters and that fines could "
    "follow if the cargo papers proved to be false."),
    "No arrests have been made.",
]
MENU = ["Home", "News", "World", "Politics", "Business", "Sport", "Weather", "Sign In", "Subscribe", "Search"]
TAIL = ["More stories", "Storm closes highways across the plains", "Drivers were told to stay at home as snow…",
        "2 hours ago", "Council approves the new budget", "The vote came after six hours of public comment and […]",
        "5 hours ago", "About Us", "Contact", "Privacy Policy", "Terms of Use", "© 2026 The Harbour Courier"]


def _clean(text: str):
    raw = next(r for r in read_text(text.encode("utf-8"), "page.txt") if isinstance(r, RawDocument))
    doc, _ = extract(raw)
    assert doc is not None
    return doc


def test_a_pasted_portal_page_keeps_the_article_only():
    page = "\n".join(MENU + ["Ships held at the northern terminal over fuel drums", "By Ana Ortiz"] + BODY + TAIL)
    doc = _clean(page)
    assert doc.title == "Ships held at the northern terminal over fuel drums"
    assert doc.author == "Ana Ortiz"
    for para in BODY:
        assert para in doc.text
    for line in MENU + TAIL:
        assert line not in doc.text
    # the subhead is a paragraph of its own, never glued to the next sentence, and the record says it is a heading
    assert "\n\nThe inquiry\n\n" in doc.text
    assert [doc.text[p.start:p.end] for p in doc.paragraphs if p.heading] == ["The inquiry"]
    reasons = {r.reason for r in doc.removed}
    assert "page furniture (menu, links, footer)" in reasons and "teaser for another story (page tail)" in reasons
    # every removed character is accounted for
    assert all(doc.original[r.start:r.end] == r.text for r in doc.removed)


def test_an_article_pasted_alone_loses_nothing():
    text = "\n\n".join(BODY)
    doc = _clean(text)
    for para in BODY:
        assert para in doc.text


def test_a_subhead_in_an_article_pasted_alone_is_a_heading_and_never_a_claim(tmp_path):
    from storydesk.engine import run_one as run

    text = "\n".join(BODY)  # one line each, the subhead between two paragraphs
    doc = _clean(text)
    assert [doc.text[p.start:p.end] for p in doc.paragraphs if p.heading] == ["The inquiry"]
    path = tmp_path / "port.txt"
    path.write_text(text, encoding="utf-8")
    story = run([str(path)]).story
    assert not [c.text for d in story.documents for c in d.claims if "The inquiry" in c.text]


def test_a_quote_closed_by_a_dash_and_a_name():
    text = ("“The water came up to the second floor and nobody warned us.” ― Carla Sanchez\n"
            "“We lost the shop, the car and every paper we had.” ― Luis Ortega.\n")
    found = [(q.text[:12], q.speaker_text) for q in quotes(text) if q.kind == "direct"]
    assert found == [("“The water c", "Carla Sanchez"), ("“We lost the", "Luis Ortega")]


def test_the_speaker_is_never_taken_from_the_next_paragraph():
    text = ("“The scientific community is almost unanimous against these products,” she said. “When you call a "
            "product a miracle, you give people false hope.”\n\n"
            "THE STUDIO BOSS THINKS HE IS WRONG — The head of the studio said the show would go on.")
    direct = [q for q in quotes(text) if q.kind == "direct"]
    assert [q.speaker_text for q in direct] == ["she", "she"]


def test_he_also_said_is_the_person_not_the_building():
    text = ("President Ana Ruiz visited the port on Monday. “We will rebuild it,” Ruiz said.\n\n"
            "The Foreign Ministry said the visit had been planned for weeks.\n\n"
            "He also said the navy would patrol the coast.")
    he = next(q for q in quotes(text) if q.speaker_text == "He")
    assert he.ref_text == "Ruiz"


def test_two_apostrophes_are_a_quote_mark():
    text = "''This isn't tax reform,'' said Douglas Holt, an economist at the institute."
    (q,) = [q for q in quotes(text) if q.kind == "direct"]
    assert q.text == "''This isn't tax reform,''" and q.speaker_text == "Douglas Holt"


def test_a_headline_that_ends_with_a_quoted_stop_is_still_the_title():
    head = "Port Chief: Ships Were Held Over Fuel Drums ‘Nobody Declared.’"
    doc = _clean("\n".join(MENU + [head, "By Ana Ortiz"] + BODY + TAIL))
    assert doc.title == head
    assert head not in doc.text


def test_a_headline_pasted_from_a_news_database_loses_its_semicolon_and_keeps_its_deck():
    text = ("Port authority stops two cargo ships over fuel drums;\nInspectors find undeclared fuel drums during a routine check.\n\n"
            + "\n\n".join(BODY[:2]))
    doc = _clean(text)
    assert doc.title == "Port authority stops two cargo ships over fuel drums"
    assert "Inspectors find undeclared fuel drums during a routine check." in doc.text


def test_a_body_that_opens_on_a_dateline_line_leaves_the_line_above_as_the_headline():
    text = ("The Latest: Storm closes northern terminal.\n\n"
            "VALPARAÍSO, Chile (Wire) — The Latest on the storm over the coast (all times local):\n\n"
            + "\n\n".join(BODY[:2]))
    assert _clean(text).title == "The Latest: Storm closes northern terminal."


def test_a_spanish_headline_is_read_by_its_shape_and_a_spanish_lede_is_not_a_headline():
    body = ("La autoridad portuaria informó que dos buques de carga fueron retenidos en la terminal norte después de que "
            "los inspectores encontraran bidones de combustible no declarados en sus bodegas durante una revisión.")
    headline = "La autoridad portuaria de Valparaíso retiene dos buques de carga por bidones de combustible no declarados"
    assert _clean(f"{headline}\n\n12 de marzo de 2026\n\n{body}").title == headline
    lede = "Hoy, la autoridad portuaria ha retenido dos buques de carga en la terminal norte de Valparaíso."
    assert _clean(f"{lede}\n\n{body}").title is None
