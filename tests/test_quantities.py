"""Quantities: units, currencies, approximations, ranges, stated conversions; dates are not amounts."""
from __future__ import annotations

from storydesk.annotate import quantities, times


def test_amounts_units_and_approximations():
    text = ("About 1,500 soldiers stormed the prison on March 3, 2025, seizing 2 million pesos (about $110,000) "
            "and between 200 and 300 rifles.")
    found = {q.text: q for q in quantities(text, "en", times(text, None))}
    soldiers = found["About 1,500 soldiers"]
    assert soldiers.value == 1500 and soldiers.unit == "soldiers" and soldiers.approx == "about"
    pesos = found["2 million pesos"]
    assert pesos.value == 2_000_000 and pesos.currency == "MXN" and pesos.conversion["value"] == 110_000
    rifles = found["between 200 and 300 rifles"]
    assert (rifles.value, rifles.high) == (200, 300)
    assert not any("2025" in t or t.startswith("3") for t in found)


def test_spanish_thousands_separator():
    found = quantities("Unos 2.900 reos y más de 1.500 soldados.", "es")
    assert [(q.value, q.unit, q.approx) for q in found] == [(2900, "reos", "unos"), (1500, "soldados", "más de")]


def test_a_currency_named_by_its_country_with_a_conversion():
    found = quantities("They paid 2 million Colombian pesos (about $500) in fees.", "en")
    assert [(q.text, q.currency, q.unit) for q in found] == [("2 million Colombian pesos", "COP", "pesos")]
    assert found[0].conversion["currency"] == "USD" and found[0].conversion["value"] == 500
    es = quantities("pagaron 3.000 soles peruanos (unos 800 dólares)", "es")
    assert (es[0].value, es[0].currency, es[0].text) == (3000, "PEN", "3.000 soles peruanos")
    assert es[0].conversion["currency"] == "USD"


def test_added_up_to_is_a_verb_not_a_bound():
    (fees,) = quantities("the fees added up to $2 million last year", "en")
    assert (fees.text, fees.value, fees.currency, fees.approx) == ("$2 million", 2_000_000, "USD", None)
    (bound,) = quantities("up to 300 inmates escaped", "en")
    assert bound.approx == "up to"


def test_a_peoples_adjective_is_not_the_unit_and_the_noun_it_qualifies_is():
    found = {q.text: q for q in quantities("About 5,000 Colombian migrants and 300 Border Patrol agents were there, "
                                           "but 500 Marines were not.", "en")}
    assert found["About 5,000 Colombian migrants"].unit == "migrants"
    assert found["300 Border Patrol agents"].unit == "agents"
    assert found["500 Marines"].unit == "Marines"  # a verb follows: the capitalised word is the noun
    assert quantities("He paid 2 million Colombian pesos.", "en")[0].currency == "COP"  # a currency keeps its land


def test_vague_plurals_are_ranges_with_their_noun_and_a_relative_is_no_unit():
    dozens = quantities("Dozens of soldiers were wounded.", "en")[0]
    assert (dozens.value, dozens.high, dozens.unit, dozens.approx) == (24, 99, "soldiers", "dozens")
    miles = quantities("Miles de migrantes cruzaron la frontera.", "es")[0]
    assert (miles.value, miles.high, miles.unit) == (2000, 9999, "migrantes")
    assert quantities("Thousands who fled the violence arrived in the city.", "en") == []
    assert quantities("Gangs control 9 of the country's 32 states.", "en")[0].value == 9
