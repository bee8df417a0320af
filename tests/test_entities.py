"""Who is who on the demo corpus: gold clusters, forbidden merges, types, speakers linked to entities."""
from __future__ import annotations

from storydesk.resolve import key
from storydesk.resolve.evaluate import bcubed, forbidden_merges, wrong_types


def test_gold_clusters_are_one_entity_each(demo_result, gold):
    entities = demo_result.story.entities
    owners = {}
    for e in entities:
        for m in e.mentions:
            owners.setdefault(m.text, set()).add(e.id)
    for cluster in gold["entities"]["clusters"]:
        found = [f for f in cluster["forms"] if f in owners]
        assert found, f"none of {cluster['forms']} was found"
        ids = set().union(*(owners[f] for f in found))
        assert len(ids) == 1, f"{cluster['forms']} split over {len(ids)} entities"
        assert len(found) == len(cluster["forms"]), f"missing forms: {set(cluster['forms']) - set(found)}"


def test_no_forbidden_merge(demo_result, gold):
    assert forbidden_merges(demo_result.story.entities, gold["entities"]["must_not_merge"]) == []


def test_types_follow_story_evidence(demo_result, gold):
    assert wrong_types(demo_result.story.entities, gold["entities"]["clusters"]) == []


def test_bcubed_on_demo_gold(demo_result, gold):
    score = bcubed(demo_result.story.entities, gold["entities"]["clusters"])
    assert score["precision"] == 1.0 and score["recall"] == 1.0, score


def test_nickname_and_acronym_are_aliases_with_evidence(demo_result):
    by_name = {e.name: e for e in demo_result.story.entities}
    quintero = by_name["Dámaso Quintero"]
    assert "El Tordo" in quintero.aliases
    assert any("nickname" in why for why in quintero.evidence)
    doj = by_name["U.S. Department of Justice"]
    assert "DOJ" in doj.aliases and doj.type == "ORG"


def test_every_mention_points_at_its_characters(demo_result):
    docs = {d.id: d for d in demo_result.story.documents}
    for e in demo_result.story.entities:
        for m in e.mentions:
            assert docs[m.doc].text[m.start:m.end] == m.text


def test_quote_speakers_link_to_entities(demo_result):
    by_id = {e.id: e for e in demo_result.story.entities}
    speakers = {by_id[q.speaker_entity].name for d in demo_result.story.documents for q in d.quotes if q.speaker_entity}
    assert {"Rosa Villalobos", "Esteban Mora"} <= speakers


def test_name_key_ignores_accents_case_and_articles():
    assert key("Dámaso QUINTERO") == key("damaso quintero")
    assert key("the U.S. Department of Justice") == key("U.S. Department of Justice") == "us department of justice"
    assert key("Puerto Alba") != key("Puerto Alba Police Department")


def test_a_countrys_abbreviation_and_its_full_name_are_one_entity(tmp_path):
    from storydesk.engine import run_one

    (tmp_path / "a.txt").write_text("Border deal signed\n\nU.S. officials said on Tuesday that the agreement with "
                                    "Mexico would take effect next month, after talks in Washington.\n", "utf-8")
    (tmp_path / "b.txt").write_text("Mexico and Washington agree\n\nThe United States and Mexico signed an agreement "
                                    "on Tuesday that takes effect next month, officials in both countries said.\n", "utf-8")
    story = run_one([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]).story
    holding = [e for e in story.entities if {"U.S.", "United States"} & {e.name, *e.aliases}]
    assert len(holding) == 1 and {"U.S.", "United States"} <= {holding[0].name, *holding[0].aliases}
    assert any("abbreviation" in reason for reason in holding[0].evidence)


def _typed(text: str, marks: list[tuple[str, str]]) -> dict[str, str]:
    """The story's type of each name, from one document holding `text` whose mentions are (name, the parser's label)
    at each place the name occurs."""
    import re

    from storydesk.model import Document, Mention
    from storydesk.resolve import entities

    doc = Document(id="d", source="d.txt", original=text, text=text, language="en")
    for name, label in marks:
        start = text.index(name, max((m.end for m in doc.mentions if m.text == name), default=0))
        typ = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "FAC": "PLACE"}[label]
        doc.mentions.append(Mention("d", start, start + len(name), name, label, typ))
    assert not re.search(r"\bNone\b", text)
    return entities._type_votes([doc])


def test_a_persons_surname_is_the_person_though_the_parser_calls_it_a_place():
    text = ("Raj Chohan was walking home. A car struck Chohan on the avenue. Witnesses saw Raj Chohan fall. "
            "Medics took Chohan to hospital. Chohan died there. Raj Chohan was 59.")
    marks = [("Raj Chohan", "PERSON"), ("Chohan", "FAC"), ("Raj Chohan", "PERSON"), ("Chohan", "GPE"), ("Chohan", "PERSON"),
             ("Raj Chohan", "PERSON")]
    assert _typed(text, marks)["chohan"] == "PERSON"
    # a name put after "in" or "from" often enough is left to its votes: the city beside the man named after it
    text = ("George Washington spoke. Officials in Washington met. George Washington left. Talks in Washington ended. "
            "George Washington slept.")
    marks = [("George Washington", "PERSON"), ("Washington", "GPE"), ("George Washington", "PERSON"),
             ("Washington", "GPE"), ("George Washington", "PERSON")]
    assert _typed(text, marks)["washington"] == "PLACE"


def test_a_companys_short_name_is_the_company_unless_a_person_bears_it():
    text = "Ford Motor Company cut jobs. Ford said sales fell. Ford will close a plant. Ford Motor Company shares fell."
    marks = [("Ford Motor Company", "ORG"), ("Ford", "PERSON"), ("Ford", "PERSON"), ("Ford Motor Company", "ORG")]
    assert _typed(text, marks)["ford"] == "ORG"
    text = ("Ford Motor Company cut jobs. Bill Ford said sales fell. Ford will retire. Bill Ford is 60. "
            "Bill Ford spoke.")
    marks = [("Ford Motor Company", "ORG"), ("Bill Ford", "PERSON"), ("Ford", "PERSON"), ("Bill Ford", "PERSON"),
             ("Bill Ford", "PERSON")]
    assert _typed(text, marks)["ford"] == "PERSON"
    assert _typed("Chrysler LLC said it would sell.", [("Chrysler LLC", "PERSON")])["chrysler llc"] == "ORG"
