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


def test_the_speaker_is_the_subject_next_to_the_verb_never_the_dateline_city():
    text = ("LONDON (Wire) - Ana Ortiz said she was unlikely to work well with the port chief because he had called "
            "her plan “reckless and slow” in public.")
    assert _one(quotes(text), "unlikely").speaker_text == "Ana Ortiz"
    text = ("LIMA (Wire) - Rosa Villalobos said the harbour would stay closed because the storm had left the piers "
            "“unsafe for anyone.”")
    assert _one(quotes(text), "unsafe").speaker_text == "Rosa Villalobos"  # the credit and the dash are not hers


def test_shot_back_is_a_verb_of_saying():
    text = ("When the minister called the strike illegal on Monday, Luis Ortega shot back, “I suppose he has never "
            "worked a night shift on the docks.”")
    q = _one([q for q in quotes(text) if q.kind == "direct"], "night shift")
    assert (q.speaker_text, q.cue) == ("Luis Ortega", "shot")


def test_a_quoted_phrase_in_a_clause_of_someone_s_thought_is_that_person_s():
    text = "Ana Ortiz worried that the new pier was becoming “a monument to waste that nobody will ever use.”"
    assert _one(quotes(text), "monument").speaker_text == "Ana Ortiz"


def test_a_quote_glued_to_the_comma_before_it_keeps_its_speaker():
    # 'said,“Look' with no space was one token to the parser, so the verb of saying was lost
    glued = quotes("Speaker Paul Ryan said,“Look, we are not going to do that.” He left.")
    assert [(q.text, q.speaker_text) for q in glued] == [("“Look, we are not going to do that.”", "Speaker Paul Ryan")]
    colon = quotes("The mayor told reporters:“We will rebuild the bridge.”")
    assert colon and colon[0].speaker_text == "The mayor"
