"""Numbers that count or measure something: value, unit or currency, approximation, range, stated conversion.

"about 1,500 soldiers" → 1500 soldiers, approx "about"; "2 million pesos (about $110,000)" → 2,000,000
MXN with its stated conversion; "between 200 and 300 inmates" → a range. Years, day numbers and clock
times are time expressions, not quantities: spans inside a time expression are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..spans import Spans

_WORDS_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
             "hundred": 100, "dozens": 24, "hundreds": 200, "thousands": 2000, "dozen": 12}
_WORDS_ES = {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
             "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100, "cientos": 200, "miles": 2000,
             "decenas": 20, "centenares": 200}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mil": 1e3, "millón": 1e6, "millon": 1e6,
           "millones": 1e6, "mil millones": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "mx$": "MXN", "r$": "BRL"}
_CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "dólares": "USD", "dolares": "USD", "euros": "EUR", "euro": "EUR",
                   "pesos": "MXN", "peso": "MXN", "pounds": "GBP", "quetzales": "GTQ", "lempiras": "HNL", "soles": "PEN",
                   "bolívares": "VES", "reais": "BRL"}
# a currency named by its country: "Colombian pesos", "pesos colombianos", "soles peruanos"
_PESO_LANDS = {"mexican": "MXN", "mexicanos": "MXN", "colombian": "COP", "colombianos": "COP", "argentine": "ARS",
               "argentinian": "ARS", "argentinos": "ARS", "chilean": "CLP", "chilenos": "CLP", "dominican": "DOP",
               "dominicanos": "DOP", "cuban": "CUP", "cubanos": "CUP", "philippine": "PHP", "uruguayan": "UYU",
               "uruguayos": "UYU", "peruvian": "PEN", "peruanos": "PEN", "venezuelan": "VES", "venezolanos": "VES",
               "brazilian": "BRL", "brasileños": "BRL", "canadian": "CAD", "canadienses": "CAD", "australian": "AUD",
               "australianos": "AUD", "hong": "HKD", "us": "USD", "american": "USD", "estadounidenses": "USD"}
_COUNTRY_CURRENCY = re.compile(r"[\s-]+(?P<word>pesos?|dollars?|d[óo]lares|soles|reais|bol[íi]vares)"
                               r"(?:\s+(?P<after>[^\W\d_]+))?", re.IGNORECASE)
_NOT_APPROX = re.compile(r"\b(?:add(?:ed|s|ing)?|summ?(?:ed|s)?|tot(?:al)?(?:l?ed|s)?|came|comes?|went|goes|go|run|ran|"
                         r"ramp(?:ed)?|add\s+it)\s*$", re.IGNORECASE)
_APPROX = (r"about|around|approximately|roughly|nearly|almost|some|over|more\s+than|at\s+least|up\s+to|less\s+than|"
           r"fewer\s+than|under|as\s+many\s+as|an\s+estimated|unos|unas|alrededor\s+de|cerca\s+de|casi|más\s+de|mas\s+de|"
           r"menos\s+de|al\s+menos|hasta|aproximadamente|por\s+lo\s+menos")
_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORDNUM = "|".join(sorted(set(_WORDS_EN) | set(_WORDS_ES), key=len, reverse=True))
_SCALE = r"(?:mil\s+millones|thousand|million|billion|trillion|millones|millón|millon|mil|bn|m\b|k\b)"
_PATTERN = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?:(?:between|entre)\s+)?(?P<sign>US\$|MX\$|R\$|[$€£])?\s?(?P<num>{_NUM}|(?:{_WORDNUM})\b)"
    rf"(?:\s?(?P<scale>{_SCALE}))?"
    rf"(?:\s*(?:-|–|to|and|a|y)\s*(?P<sign2>US\$|MX\$|[$€£])?(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE}))?)?"
    rf"(?:[\s-]+(?:de\s+)?(?P<unit>[^\W\d_][\w-]*))?",
    re.IGNORECASE,
)
# "9 of the 32 provinces", "9 of its 32 districts", "9 of the country's 32 states", "9 de sus 32 estados"
_PART_OF = re.compile(rf"\s+(?:of|de)\s+(?:(?:the|las|los|all|todas|todos|its|their|his|her|our|sus|su)\s+)?"
                      r"(?:\w+['’]s\s+)?"
                      rf"(?:{_NUM}|{_WORDNUM})\s+"
                      r"(?P<unit>[^\W\d_][\w-]*)", re.IGNORECASE)
_NOT_UNITS = {"and", "or", "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "y", "o", "el", "la", "los", "las",
              "de", "en", "que", "per", "percent", "last", "this", "next", "ago", "since", "from", "with", "as", "is",
              "was", "were", "are", "del", "al", "se", "con", "sus", "su", "its", "their", "who", "whom", "which",
              "that", "quienes", "cuales", "have", "had", "has", "han", "habían"}
# Vague plurals: a range, never one number ("thousands of migrants" is 2,000 to 9,999 migrants)
_VAGUE = {"dozens": (24, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "decenas": (20, 99),
          "cientos": (200, 999), "centenares": (200, 999), "miles": (2000, 9999)}
# A people's or a group's adjective before the counted noun ("5,000 Colombian migrants", "300 Border Patrol agents"):
# the noun is the unit, the adjective says whose.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ian|ean|ese|ish|i|ic|ch)$")
_NOUN_AFTER = re.compile(r"(?:\s+[A-Z][\w-]*){0,2}\s+(?P<noun>[a-z][a-z-]+)")
_OF_NOUN = re.compile(r"\s+(?:de\s+|of\s+)(?:(?:the|los|las)\s+)?(?P<noun>[^\W\d_][\w-]*)", re.IGNORECASE)


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    currency: str | None = None
    approx: str | None = None  # the word that makes it approximate or bounded: "about", "more than", ...
    high: float | None = None  # upper end of a range ("200 to 300")
    conversion: dict[str, Any] | None = field(default=None)  # a converted amount stated next to it, as a Quantity dict

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _value(num: str, scale: str | None, lang: str) -> float | None:
    t = num.lower()
    words = _WORDS_ES if lang == "es" else _WORDS_EN
    if t in words or t in _WORDS_EN or t in _WORDS_ES:
        base = float(words.get(t) or _WORDS_EN.get(t) or _WORDS_ES.get(t) or 0)
    else:
        if lang == "es":
            t = t.replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t) else t
            t = t.replace(",", ".")
        else:
            t = t.replace(",", "")
        try:
            base = float(t)
        except ValueError:
            return None
    return base * _SCALES.get(re.sub(r"\s+", " ", (scale or "").lower()), 1.0)


def quantities(text: str, lang: str = "en", times: list[Any] | None = None) -> list[Quantity]:
    """Quantities in `text`; `times` (TimeExpressions) mark spans that are dates, not amounts."""
    busy = Spans((t.start, t.end) for t in (times or []) if t.type in ("DATE", "TIME"))
    out: list[Quantity] = []
    for m in _PATTERN.finditer(text):
        g = m.groupdict()
        ns, ne = m.span("num")
        if busy.overlaps(ns, ns + 1):
            continue
        if text[max(0, ns - 1):ns].isalnum() or (ne < len(text) and text[ne:ne + 1].isalnum() and not g.get("scale")):
            continue
        value = _value(g["num"], g.get("scale"), lang)
        if value is None:
            continue
        is_word = not g["num"][0].isdigit()
        unit = g.get("unit")
        end = m.end()
        if unit and unit.lower() in _NOT_UNITS:
            unit, end = None, m.end("num2") if g.get("num2") else (m.end("scale") if g.get("scale") else ne)
            # "9 of the 32 provinces", "9 de las 32 provincias": nine provinces, a part of a stated whole
            part = None if g.get("num2") else _PART_OF.match(text, end)
            if part and part.group("unit").lower() not in _NOT_UNITS:
                unit, end = part.group("unit"), part.end()
        vague = _VAGUE.get(g["num"].lower()) if is_word else None
        if vague and (unit is None or unit.lower() in ("of", "de")) and not g.get("num2"):
            noun = _OF_NOUN.match(text, ne)  # "dozens of soldiers", "miles de migrantes"
            unit, end = (noun.group("noun"), noun.end()) if noun and noun.group("noun").lower() not in _NOT_UNITS \
                else (None, ne)
        if unit and unit[0].isupper() and not g.get("num2") and not _COUNTRY_CURRENCY.match(text, m.end("unit")):
            # "5,000 Colombian migrants", "300 Border Patrol agents" count migrants and agents; after a plural count
            # a word in -s is a noun (its verb would not take the -s: "500 Marines were", "500 Marines attack")
            noun = _NOUN_AFTER.match(text, m.end("unit"))
            if noun and noun.group("noun").lower() not in _NOT_UNITS and \
                    (_DEMONYM.match(unit) or noun.group("noun").endswith("s")):
                unit, end = noun.group("noun"), noun.end()
        currency = _CURRENCY_SIGNS.get((g.get("sign") or "").lower())
        if unit and unit.lower() in _PESO_LANDS and (word := _COUNTRY_CURRENCY.match(text, m.end("unit"))):
            # "2 million Colombian pesos": the currency is the noun, the adjective says whose
            unit, currency, end = word.group("word"), _PESO_LANDS[unit.lower()], word.end("word")
        elif unit and unit.lower() in _CURRENCY_WORDS:
            currency = currency or _CURRENCY_WORDS[unit.lower()]
            after = _COUNTRY_CURRENCY.match(text, m.start("unit") - 1)
            if after and after.group("after") and after.group("after").lower() in _PESO_LANDS:
                currency, end = _PESO_LANDS[after.group("after").lower()], after.end("after")  # "soles peruanos"
        if unit and unit.lower() in ("percent", "por", "%"):
            unit = "percent"
        if text[ne:ne + 1] == "%":
            unit, end = "percent", max(end, ne + 1)
        if is_word and not unit and not currency:
            continue  # "two" alone is not a quantity worth reporting
        if not unit and not currency and not g.get("approx") and not g.get("scale"):
            continue  # a bare number: an address, a count we cannot name
        high = _value(g["num2"], g.get("scale2") or g.get("scale"), lang) if g.get("num2") else None
        start = m.start()
        approx = re.sub(r"\s+", " ", g["approx"].lower()) if g.get("approx") else None
        if vague:
            value, high, approx = float(vague[0]), float(vague[1]), approx or g["num"].lower()
        if approx == "up to" and _NOT_APPROX.search(text[max(0, start - 20):start]):
            approx, start = None, m.start("sign") if g.get("sign") else ns  # "the fees added up to $2 million"
        while text[start] in " ":
            start += 1
        if out and start < out[-1].end:
            continue  # the whole of "9 of the 32 provinces" is part of the amount before it
        q = Quantity(start, end, text[start:end], value, unit, currency, approx, high)
        out.append(q)
    # "2 million pesos (about $110,000)": the bracketed amount is a stated conversion of the one before it
    merged: list[Quantity] = []
    for q in out:
        if merged and (merged[-1].currency and q.currency) and re.fullmatch(r"\s*[(\[]\s*", text[merged[-1].end:q.start]):
            merged[-1].conversion = q.to_json()
            continue
        merged.append(q)
    return merged
