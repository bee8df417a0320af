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
