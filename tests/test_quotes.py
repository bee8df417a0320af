"""storydesk.annotate.quotes: direct, split, multi-paragraph, pronoun and indirect attribution."""
from __future__ import annotations

from storydesk.annotate import quotes


def _one(found, fragment):
    hits = [q for q in found if fragment in q.text]
    assert len(hits) == 1, (fragment, [q.text for q in found])
    return hits[0]


def test_direct_quote_with_speaker_after_and_before():
    text = ('"We have taken back San Telmo," Interior Minister Rosa Villalobos said on Tuesday.\n\n'
            'Attorney General Inés Barrios said: “Nobody is above the law in this country.”')
    found = quotes(text)
    first = _one(found, "taken back")
    # the speaker span is the whole noun phrase, titles included; resolve links it to the person
    assert first.kind == "direct" and first.speaker_text == "Interior Minister Rosa Villalobos" and first.cue == "said"
    assert text[first.speaker_start:first.speaker_end] == first.speaker_text
    second = _one(found, "Nobody is above")
    assert second.speaker_text.endswith("Inés Barrios")


def test_split_quote_and_pronoun_resolution():
    text = "“We will find him,” she said. “He cannot hide forever.”"
    found = quotes("Rosa Villalobos spoke to reporters in Puerto Alba. " + text)
    a, b = _one(found, "find him"), _one(found, "hide forever")
    assert a.speaker_text == b.speaker_text == "she"
    assert a.ref_text == b.ref_text == "Rosa Villalobos"


def test_multi_paragraph_quote_is_one_quote():
    text = ('“The guards were paid to look away,” the lawyer Esteban Mora said. “My client knows this.\n\n'
            '“The state knew it for years.”')
    found = quotes(text)
    long = _one(found, "My client knows this")
    assert "The state knew it for years" in long.text
    assert long.speaker_text == "Esteban Mora"


def test_indirect_and_according_to():
    text = ("Defense lawyer Esteban Mora said the charges were recycled allegations. "
            "According to police, the gang leader escaped in an ambulance on Sunday.")
    found = quotes(text)
    said = _one(found, "charges were recycled")
    assert said.kind == "indirect" and said.speaker_text == "Defense lawyer Esteban Mora" and said.cue == "said"
    according = _one(found, "escaped in an ambulance")
    assert according.speaker_text == "police" and according.cue == "According to"


def test_nicknames_are_not_quotes():
    assert quotes('Dámaso "El Tordo" Quintero escaped from the prison on Sunday night.') == []


def test_spanish_quotes():
    text = "“Hemos recuperado San Telmo”, dijo la ministra del Interior, Rosa Villalobos. Según la policía, el líder escapó el domingo."
    found = quotes(text, lang="es")
    assert _one(found, "Hemos recuperado").speaker_text == "Rosa Villalobos"
    assert _one(found, "el líder escapó").speaker_text == "la policía"


def test_offsets_point_at_the_text():
    text = '"It is over," said the minister. The director said that the tunnel was new.'
    for q in quotes(text):
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
