"""Name mentions from the parser's entities, cut to the name itself.

"Interior Minister Rosa Villalobos" → the mention is "Rosa Villalobos" (the
title is evidence that it names a person); "the U.S. Department of Justice's"
→ "U.S. Department of Justice". Types are the parser's guess here; resolve
settles them with evidence from the whole story.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Mention
from .nlp import text_of

KEEP = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}

TITLES = {
    # English
    "president", "vice", "prime", "minister", "secretary", "attorney", "general", "governor", "gov", "mayor", "senator",
    "sen", "rep", "representative", "judge", "justice", "chief", "director", "commissioner", "spokesman", "spokeswoman",
    "spokesperson", "lawyer", "prosecutor", "officer", "sheriff", "captain", "capt", "colonel", "col", "lieutenant",
    "lt", "sergeant", "sgt", "gen", "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "interior", "defense",
    "defence", "foreign", "deputy", "acting", "former", "warden", "leader", "boss", "commander", "inspector", "agent",
    "u.s", "federal", "state", "police", "security", "head", "minister's", "pope", "king", "queen", "sir",
    # Spanish
    "presidente", "presidenta", "ministro", "ministra", "secretario", "secretaria", "fiscal", "gobernador",
    "gobernadora", "alcalde", "alcaldesa", "senador", "senadora", "diputado", "diputada", "juez", "jueza", "jefe",
    "jefa", "directora", "comisario", "comisaria", "abogado", "abogada", "portavoz", "vocero", "vocera",
    "coronel", "capitán", "teniente", "sargento", "don", "doña", "sr", "sra", "srta", "dra", "lic", "del",
    "seguridad", "defensa", "líder", "cabecilla",
}
_LEADING = re.compile(r"^(?:(?:in|en|de|del|from|at|the|a|an|el|la|los|las|un|una)\s+)+", re.IGNORECASE)
# words the small models tag as names on their own: function words, sentence openers, titles
NOT_NAMES = {"según", "segun", "tras", "sin", "pero", "aunque", "however", "but", "vecinos", "according", "ayer", "hoy",
             "while", "after", "before", "también", "tambien"}
_INITIALS = re.compile(r"(?:^|[^\w.])(?:[A-Z]\.){2,}$")  # "U.S.", "U.K.": the last dot is the abbreviation's
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NOT_NAME_LEAD = re.compile(r"^(?:" + "|".join(sorted(NOT_NAMES, key=len, reverse=True)) + r")\s+", re.IGNORECASE)
_CAP = r"[A-ZÁÉÍÓÚÑÜ][\wáéíóúñü'’-]+"
# a role word, then two to five capitalised words: a person the parser may have missed ("La fiscal María Fernanda
# López Ortega"); "de", "del", "y" may join Spanish surnames
_TITLED = re.compile(r"\b(?P<title>(?i:" + "|".join(sorted((t for t in TITLES if len(t) > 3 and t.isalpha()), key=len,
                                                              reverse=True))
                     + r"))\s+(?P<name>" + _CAP + r"(?:\s+(?:de\s+|del\s+|y\s+)?" + _CAP + r"){1,4})")


def _strip(text: str, start: int, end: int, label: str) -> tuple[int, int, bool]:
    """The name part of [start, end): determiners, possessives and (for people) titles cut; True when a title was cut."""
    while True:  # "Según López Ortega", "In Caracas": the word before the name is not part of it
        span = text[start:end]
        m = _LEADING.match(span) or _NOT_NAME_LEAD.match(span)
        if not m or m.end() >= len(span):
            break
        start += m.end()
    span = text[start:end]
    m = _POSSESSIVE.search(span)
    if m:
        end -= len(m.group(0))
    titled = False
    if KEEP.get(label) == "PERSON" or label == "PERSON":
        while True:
            m = re.match(r"([\w.’']+)\.?\s+", text[start:end])
            if not m or m.group(1).lower().rstrip(".") not in TITLES:
                break
            if not re.search(r"\s", text[start + m.end():end].strip()) and not text[start + m.end():end].strip():
                break
            start += m.end()
            titled = True
    while end > start and text[end - 1] in " .,;:" and not _INITIALS.search(text[start:end]):
        end -= 1
    return start, end, titled


def title_before(text: str, start: int) -> bool:
    """A person's title or role word right before a name ("Minister Rosa Villalobos", "el abogado Esteban Mora")."""
    words = re.findall(r"[\w.’']+", text[max(0, start - 40):start])
    return bool(words) and words[-1].lower().rstrip(".") in TITLES


def mentions_from_doc(sdoc: Any, doc_id: str) -> list[Mention]:
    text = text_of(sdoc)
    out: list[Mention] = []
    for ent in sdoc.ents:
        label = ent.label_
        if label not in KEEP:
            continue
        start, end, titled = _strip(text, ent.start_char, ent.end_char, label)
        name = text[start:end]
        if end - start < 2 or not any(ch.isupper() for ch in name):
            continue
        if " " not in name and (name.lower() in NOT_NAMES or name.lower() in TITLES) \
                and not (label == "GPE" and name.replace(".", "").isupper()):
            continue  # "Según", "Interior" (of "Interior Minister") on their own are not names; "U.S." is a country
        mention = Mention(doc_id, start, end, text[start:end], "PERSON" if titled else label, KEEP.get(label, label))
        out.append(mention)
    return out + _titled_people(text, doc_id, out)


def _titled_people(text: str, doc_id: str, found: list[Mention]) -> list[Mention]:
    """People named after a role word that the parser left out or cut short: the longer name replaces nothing, it is
    added only where no mention overlaps it."""
    extra = []
    for m in _TITLED.finditer(text):
        if m.group("title")[0].isupper() and m.start() > 0 and text[m.start() - 1] not in "\n. ":
            continue
        start, end = m.start("name"), m.end("name")
        while (w := re.match(r"([\w.’']+)\s+", text[start:end])) and w.group(1).lower().rstrip(".") in TITLES:
            start += w.end()  # "Interior Minister Rosa Villalobos": every role word goes
        if len(text[start:end].split()) < 2:
            continue
        if any(x.start < end and start < x.end and not (start <= x.start and x.end <= end) for x in found):
            continue  # overlaps a mention that reaches outside it: leave the parser's reading
        if any(start <= x.start and x.end <= end and x.type != "PERSON" for x in found):
            continue
        inside = [x for x in found if start <= x.start and x.end <= end]
        for x in inside:
            found.remove(x)
        extra.append(Mention(doc_id, start, end, text[start:end], "PERSON", "PERSON"))
    return extra
