"""A claim's event words: the verbs and nouns that name something that happened, read from the one parse of its
document (inside annotate, beside the claim spans).

A trigger is one token inside the claim's spans:
- an action: a verb that is not a copula, an auxiliary, a verb of a state ("know", "want", "seem") or a plain verb
  of saying ("said", "told": who spoke, not what happened), or a noun that names a happening: one of the news event
  nouns (`words.EVENT_NOUNS_*`), a noun with an action's suffix ("-tion", "-ción", "-miento") that is not a thing's
  name ("government", `words.NOT_EVENT_NOUNS`), or a noun whose lemma is a verb of the same article ("the arrest"
  beside "arrested");
- a statement: the verb of saying in the claim's attribution ("police said"), kept as kind "speech".

Its lemma is the key the story stage groups on; a noun in "-ing" made from a verb of the article takes the verb's lemma
("the shooting" and "shot" are one happening).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from ..words import (
    EVENT_NOUNS_EN,
    EVENT_NOUNS_ES,
    EVENT_SUFFIXES,
    NOT_EVENT_NOUNS,
    SAID_EN,
    SAID_ES,
    SPEECH_EN,
    SPEECH_ES,
    STATIVE_EN,
    STATIVE_ES,
)

# A noun with an action's suffix counts from this many letters ("nation", "station" are shorter than most actions,
# and are in no list): a guard against short words that only end like one.
_SUFFIX_MIN = 7


def article_verbs(tokens: Iterable[Any]) -> set[str]:
    """The lemmas of the verbs of a parsed document (lower case)."""
    return {t.lemma_.lower() for t in tokens if t.pos_ == "VERB"}


def claim_triggers(sent: Any, spans: list[tuple[int, int]], attribution: tuple[int, int] | None, lang: str,
                   verbs: set[str]) -> list[dict[str, Any]]:
    """The event words of one claim: tokens of `sent` inside `spans` (actions) or inside `attribution` (speech)."""
    spanish = lang == "es"
    stative = (STATIVE_ES | SAID_ES) if spanish else (STATIVE_EN | SAID_EN)
    nouns = EVENT_NOUNS_ES if spanish else EVENT_NOUNS_EN
    speech = SPEECH_ES if spanish else SPEECH_EN
    out: list[dict[str, Any]] = []
    for t in sent:
        lemma = t.lemma_.lower()
        if attribution and attribution[0] <= t.idx < attribution[1]:
            if t.pos_ == "VERB" and lemma in speech:
                out.append(_trigger(t, lemma, "speech"))
            continue
        if not any(s <= t.idx < e for s, e in spans):
            continue
        if t.pos_ == "VERB" and lemma == t.text.lower():
            lemma = _irregular(lang).get(lemma, [lemma])[0]  # "retook" tagged present keeps its form as its lemma
        if t.pos_ == "VERB" and lemma not in stative:
            out.append(_trigger(t, lemma, "action"))
        elif t.pos_ == "NOUN" and lemma not in NOT_EVENT_NOUNS:
            base = _verb_of_gerund(lemma, verbs)
            if base or lemma in nouns or lemma in verbs or (len(lemma) >= _SUFFIX_MIN and lemma.endswith(EVENT_SUFFIXES)):
                out.append(_trigger(t, base or lemma, "action"))
    return out


@functools.cache
def _irregular(lang: str) -> dict[str, list[str]]:
    """The parser's own table of irregular verb forms ("retook" -> "retake"), for a past form it tagged as present;
    empty for a pipeline without one."""
    from ..annotate.nlp import pipeline

    try:
        table = pipeline(lang).nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
        return dict(table["verb"])
    except (KeyError, ValueError, AttributeError):
        return {}


def _verb_of_gerund(lemma: str, verbs: set[str]) -> str | None:
    """"shooting" -> "shoot" when the article has the verb ("killing" -> "kill", "raising" -> "raise")."""
    if not lemma.endswith("ing") or len(lemma) < 6:
        return None
    stem = lemma[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
        if candidate and candidate in verbs:
            return candidate
    return None


def _trigger(token: Any, lemma: str, kind: str) -> dict[str, Any]:
    """{start, end, text, lemma, kind}: kind "action" or "speech" (contract.Trigger)."""
    return {"start": token.idx, "end": token.idx + len(token.text), "text": token.text, "lemma": lemma, "kind": kind}
