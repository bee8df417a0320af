"""Who is who on text shaped like real reporting (written here): Spanish double surnames, nicknames given with
"alias" or quotes, a gang named after a region, quoted experts, accents one outlet drops."""
from __future__ import annotations

import pytest

from storydesk.annotate import annotate_documents
from storydesk.model import Document, Story
from storydesk.resolve import resolve

ES = ("La fiscal María Fernanda López Ortega presentó cargos contra el Tren de Aragua el lunes. "
      "Según López Ortega, la banda Tren de Aragua controla el penal desde 2019.\n\n"
      "El líder del grupo, Juan \"El Flaco\" Ruiz, fue detenido en Caracas. La fiscal López dijo que El Flaco Ruiz "
      "dirigía las extorsiones desde Aragua.")
EN = ("Prosecutor Maria Lopez said the Tren de Aragua gang had run the prison since 2019.\n\n"
      "\"The group grew out of a labour union on a railway project,\" said Ronna Rísquez, a journalist who has "
      "studied the gang for years. \"It moved into extortion once the work ended,\" Rísquez said.\n\n"
      "Its leader, Héctor Guerrero, alias Niño Guerrero, escaped in 2023. Guerrero remains at large, police in "
      "Aragua said.")


@pytest.fixture(scope="module")
def story() -> Story:
    docs = [Document(id="es1", source="es1.txt", original=ES, text=ES, language="es"),
            Document(id="en1", source="en1.txt", original=EN, text=EN, language="en")]
    annotate_documents(docs)
    story = Story(id="s", documents=docs)
    resolve(story)
    return story


def entity_of(story: Story, form: str):
    hits = [e for e in story.entities if any(m.text == form for m in e.mentions)]
    assert hits, f"{form!r} is no entity's mention: {[(e.name, e.type) for e in story.entities]}"
    return hits[0]


def test_gang_named_after_a_region_is_an_organisation_not_its_region(story):
    gang = entity_of(story, "Tren de Aragua")
    assert gang.type == "ORG"
    region = [e for e in story.entities if any(m.text == "Aragua" for m in e.mentions)]
    assert region and all(e.id != gang.id for e in region)
    assert all(e.type != "PERSON" for e in region)


def test_spanish_double_surname_and_its_short_forms_are_one_person(story):
    full = entity_of(story, "María Fernanda López Ortega")
    assert full.type == "PERSON"
    assert entity_of(story, "López Ortega").id == full.id


def test_accents_dropped_by_one_outlet_do_not_split_a_person(story):
    assert entity_of(story, "Maria Lopez").id == entity_of(story, "María Fernanda López Ortega").id


def test_nickname_in_quotes_and_with_alias(story):
    ruiz = entity_of(story, "Flaco Ruiz")
    assert ruiz.id == entity_of(story, "Juan \"El Flaco\" Ruiz").id
    assert ruiz.type == "PERSON"
    guerrero = entity_of(story, "Héctor Guerrero")
    assert entity_of(story, "Niño Guerrero").id == guerrero.id
    assert entity_of(story, "Guerrero").id == guerrero.id


def test_a_quoted_expert_is_an_entity_and_speaks(story):
    expert = entity_of(story, "Ronna Rísquez")
    assert expert.type == "PERSON"
    doc = next(d for d in story.documents if d.id == "en1")
    assert [q.speaker_entity for q in doc.quotes if q.kind == "direct"] == [expert.id, expert.id]
