"""English renderings of Spanish sentences (and Spanish of English), so that one story's languages can be compared.

Translation runs Debian's rule-based Apertium (`apertium-eng-spa`) as a subprocess, one sentence a line, so each
rendering maps back to its sentence's exact characters. It is fast (about 15,000 words a second on one core here,
against about 20 sentences a second for the 4-bit multilingual-e5 embedder, measured on MEANTIME) and deterministic.
Words it does not know come back marked (`*`): the glossary below renders the ones news uses, the rest pass through
as they are written, and `foreign_words` reads the marks. Where the package is missing, `available()` is False and
`MISSING` says why; callers then keep the languages apart and say so.

The story's comparisons run in English ("the pivot"): the English verifier, embedder and cross-encoder read both sides.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

PIVOT = "en"
PAIRS = {("es", "en"): "spa-eng", ("en", "es"): "eng-spa"}
MISSING = ("cross-language comparison is off: Apertium's English-Spanish translator is not installed "
           "(Debian package apertium-eng-spa; `make install` installs it)")
_CACHE_SIZE = 50_000
# A translator that fails (exits non-zero, prints what is not UTF-8, hangs) is not called again for a while: the
# circuit opens, `available()` answers False and `why()` gives the failure, so each caller keeps the languages apart
# at once instead of waiting on it per story. A run (`reset()`) gives the translator a budget of seconds in all; one
# call may take a few seconds plus its share of the text (it reads about 90,000 characters a second here), so a hang
# costs one short wait, not ten minutes a call.
RUN_BUDGET_S = 300.0
_CALL_BASE_S = 20.0
_CALL_CHARS_PER_S = 2_000
_REOPEN_AFTER_S = 600.0
_ODD_LIMIT = 20


@dataclass
class _Circuit:
    """The translator's state in this process for the current run."""
    budget: float = RUN_BUDGET_S  # seconds the run gives it in all
    spent: float = 0.0
    broken: str | None = None  # why it is not called (the circuit is open), or None
    since: float = 0.0  # when it opened (time.monotonic)
    odd: int = 0  # calls answered with the wrong number of lines


_circuit = _Circuit()
_cache: OrderedDict[tuple[str, str], str] = OrderedDict()
# Spanish writes 15.000 for fifteen thousand and 4,6 for four point six; English number readers expect 15,000 and 4.6.
_ES_DECIMAL = re.compile(r"(?<![\d.,])(\d+),(\d+)(?![\d.,]*\d)")
_ES_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,.]*\d)")
# Names pass through as they are written: "San Telmo" is not "Saint Telmo", nor "Los Halcones" "The Falcons". A run of
# capitalised words (with de/del/la/los/y inside) is set aside before translating and put back after, unless it names
# an institution or a country by what it is ("Ministerio del Interior", "Estados Unidos", "Partido Verde"), which the
# translator renders as English sources write them. A single capitalised word opening the sentence is a word, not a name.
_NAME = re.compile(r"[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:(?:de|del|la|las|los|y)\s+)?[A-ZÁÉÍÓÚÑ][\w'’-]*)*")
_INSTITUTION = {
    "ministerio", "ministra", "ministro", "fiscalía", "fiscal", "gobierno", "policía", "ejército", "congreso", "senado",
    "secretaría", "secretario", "secretaria", "tribunal", "corte", "universidad", "departamento", "estados", "naciones",
    "unión", "partido", "comisión", "presidente", "presidenta", "juez", "jueza", "director", "directora", "consejo",
    "banco", "fuerzas", "guardia", "marina", "armada", "cámara", "casa", "reino", "república", "organización",
}
# Words of crime, migration and politics news the translator's dictionary does not have (it marks them with *), in
# English; any other unknown word passes through as it is. Before translating, "el penal" (the prison) is made
# "el presidio", which the dictionary reads as a noun.
GLOSSARY = {
    "fugaron": "escaped", "fugó": "escaped", "fugado": "escaped", "fugarse": "escape", "fugitivo": "fugitive",
    "fiscalía": "prosecutor's office", "custodio": "guard", "custodios": "guards", "fallida": "failed",
    "fallido": "failed", "sicario": "hitman", "sicarios": "hitmen", "narcotraficante": "drug trafficker",
    "narcotraficantes": "drug traffickers", "pandillero": "gang member", "pandilleros": "gang members",
    "penitenciario": "prison", "penitenciaria": "prison", "penitenciarios": "prison", "penitenciarias": "prison",
    "balacera": "shootout", "migrante": "migrant", "migrantes": "migrants", "decomiso": "seizure",
    "allanamiento": "raid", "allanamientos": "raids", "uniformados": "uniformed officers", "reo": "inmate",
    "reos": "inmates", "reclusos": "inmates", "recluso": "inmate", "motines": "riots", "extraditado": "extradited",
    "narcotráfico": "drug trafficking", "lavado": "laundering", "homicidios": "homicides", "secuestro": "kidnapping",
    "secuestros": "kidnappings", "encarcelado": "jailed", "excarcelado": "released",
}
# The dictionary's British names where news in English writes others.
_ENGLISH_NAMES = {"Home Office": "Interior Ministry", "Home Secretary": "Interior Minister"}
_PENAL = re.compile(r"\b(el|del|al|un|este|ese) penal\b", re.IGNORECASE)
_MARKS = re.compile(r"[*#]([^\W\d_][\w'-]*)")
_UNKNOWN = re.compile(r"\*([^\W\d_][\w'-]*)")


class Unavailable(RuntimeError):
    """The translator is not installed, or it failed on this text; the message says which."""


def base(lang: str | None) -> str:
    return (lang or PIVOT).split("-")[0].lower()


@functools.lru_cache(maxsize=1)
def _modes() -> frozenset[str]:
    if shutil.which("apertium") is None:
        return frozenset()
    try:
        out = subprocess.run(["apertium", "-l"], check=False, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(out.split())


def reset(budget_s: float | None = None) -> None:
    """A new run: the translator is tried again, with `budget_s` seconds in all (default: $STORYDESK_TRANSLATOR_SECONDS,
    else RUN_BUDGET_S)."""
    if budget_s is None:
        try:
            budget_s = float(os.environ.get("STORYDESK_TRANSLATOR_SECONDS", RUN_BUDGET_S))
        except ValueError:
            budget_s = RUN_BUDGET_S
    global _circuit
    _circuit = _Circuit(budget=budget_s)


reset()


def _broken() -> str | None:
    if _circuit.broken and time.monotonic() - _circuit.since > _REOPEN_AFTER_S:
        reset(_circuit.budget)  # a long-lived worker tries it again later
    return _circuit.broken


def _trip(reason: str) -> Unavailable:
    _circuit.broken, _circuit.since = reason, time.monotonic()
    return Unavailable(reason)


def why() -> str:
    """Why cross-language comparison is off: the translator's failure in this run, or that it is not installed."""
    return _broken() or MISSING


def available(source: str = "es", target: str = PIVOT) -> bool:
    mode = PAIRS.get((base(source), base(target)))
    return mode is not None and _broken() is None and mode in _modes()


def can_compare(a: str | None, b: str | None) -> bool:
    """Whether texts in languages `a` and `b` can be compared (the same language, or a pair Apertium translates)."""
    la, lb = base(a), base(b)
    return la == lb or ((la == PIVOT or available(la)) and (lb == PIVOT or available(lb)))


def _numbers_english(text: str) -> str:
    text = _ES_THOUSANDS.sub(lambda m: m.group(0).replace(".", ","), _ES_DECIMAL.sub(r"\1.\2", text))
    return text


# A run of more than this many characters without a space is no word (a pasted hash, a scraped glitch): it passes
# through as it is, unread (the translator takes about a minute over 200,000 of them).
_LONG = re.compile(r"\S{41,}")


def _set_aside(text: str, pattern: re.Pattern, mark: str, keep=lambda m: True) -> tuple[str, list[str]]:
    """`text` with each match of `pattern` that `keep` accepts replaced by a placeholder the translator passes through
    unknown (mark0, mark1 ...), and the matches in order (`_put_back` restores them)."""
    held: list[str] = []

    def hold(m: re.Match) -> str:
        if not keep(m):
            return m.group(0)
        held.append(m.group(0))
        return f"{mark}{len(held) - 1}"
    return pattern.sub(hold, text), held


def _put_back(text: str, held: list[str], mark: str) -> str:
    for n in range(len(held) - 1, -1, -1):  # mark10 before mark1
        text = text.replace(f"{mark}{n}", held[n])
    return text


def _run(mode: str, lines: list[str]) -> list[str]:
    """Each line translated, words it does not know marked; a run of no word passes through unread."""
    aside = [_set_aside(line, _LONG, "Zqxl") for line in lines]
    out = _apertium(mode, [line for line, _ in aside])
    return [_put_back(line, held, "Zqxl") for line, (_, held) in zip(out, aside)]


def _apertium(mode: str, lines: list[str]) -> list[str]:
    if (reason := _broken()) is not None:
        raise Unavailable(reason)
    text = "\n".join(lines) + "\n"
    left = _circuit.budget - _circuit.spent
    limit = min(left, _CALL_BASE_S + len(text) / _CALL_CHARS_PER_S)
    if limit <= 0:
        raise _trip(f"the Apertium translator used up this run's {_circuit.budget:.0f} s; "
                    "languages kept apart")
    started = time.monotonic()
    try:
        done = subprocess.run(["apertium", mode], input=text.encode("utf-8", "replace"), capture_output=True,
                              timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        raise _trip(f"the Apertium translator did not answer within {limit:.0f} s; languages kept apart") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise _trip(f"the Apertium translator could not run ({type(exc).__name__}: {exc}); languages kept apart") \
            from exc
    finally:
        _circuit.spent += time.monotonic() - started
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["nothing"]
        raise _trip(f"the Apertium translator failed (exit status {done.returncode}: {said[0][:200]}); "
                    "languages kept apart")
    try:
        out = done.stdout.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise _trip(f"the Apertium translator printed text that is not UTF-8 (byte {exc.start}); "
                    "languages kept apart") from None
    out = [line.strip() for line in out]
    while len(out) > len(lines) and out and not out[-1]:
        out.pop()
    if len(out) == len(lines):
        return out
    # A line the translator split or merged: translate those lines one at a time. A translator that does it to line
    # after line is broken, and one call per line would take the run's whole budget: it is not called again.
    _circuit.odd += 1
    if _circuit.odd > _ODD_LIMIT:
        raise _trip(f"the Apertium translator printed the wrong number of lines {_ODD_LIMIT} times; "
                    "languages kept apart")
    return [_apertium(mode, [line])[0] if line else "" for line in lines] if len(lines) > 1 else [" ".join(out)]


def _protect(sentence: str) -> tuple[str, list[str]]:
    def is_name(m: re.Match) -> bool:
        words = m.group(0).split()
        return not (words[0].lower() in _INSTITUTION or (m.start() == 0 and len(words) == 1)
                    or any(c.isdigit() for c in m.group(0)))
    return _set_aside(sentence, _NAME, "Zqx", is_name)


def _english(text: str, unknown=lambda word: word) -> str:
    """A rendering with the translator's marks resolved (`unknown` gives each marked word) and British names as
    news in English writes them."""
    text = _MARKS.sub(lambda m: unknown(m.group(1)), text)
    for british, usual in _ENGLISH_NAMES.items():
        text = text.replace(british, usual)
    return text


def translate(sentences: Iterable[str], source: str, target: str = PIVOT) -> list[str]:
    """Each sentence in `target`; unchanged when the languages are the same. Raises Unavailable when it cannot."""
    items = [" ".join(s.split()) for s in sentences]
    src, dst = base(source), base(target)
    if src == dst:
        return items
    if not available(src, dst):
        raise Unavailable(MISSING)
    mode = PAIRS[(src, dst)]
    todo = sorted({s for s in items if s and (mode, s) not in _cache})
    if todo:
        prepared = [_protect(_PENAL.sub(r"\1 presidio", _numbers_english(s))) if src == "es" else (s, []) for s in todo]
        rendered = _run(mode, [p for p, _ in prepared])
        for s, t, (_, names) in zip(todo, rendered, prepared):
            _cache[(mode, s)] = _put_back(_english(t, lambda w: GLOSSARY.get(w.lower(), w)), names, "Zqx")
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    out = []
    for s in items:
        out.append(_cache.get((mode, s), "") if s else "")
        if s:
            _cache.move_to_end((mode, s))
    return out


def foreign_words(texts: list[str], lang: str) -> list[list[str]]:
    """Per text, the common words of the other language it keeps as they were (what a translation keeps of its
    source: "body wide" in a Spanish text). Capitalised words are not counted: names are written in their own
    language whoever writes about them ("Puerto Alba" in English, "Air Show" in Spanish), so they say where a story
    happens, not which text came first. Two translator calls for all texts."""
    src = base(lang)
    other = "en" if src == "es" else "es"
    if not texts or not (available(src, other) and available(other, src)):
        return [[] for _ in texts]
    marked = _run(PAIRS[(src, other)], [" ".join(t.split()) for t in texts])
    unknown = [sorted({w for w in _UNKNOWN.findall(m) if len(w) > 2 and w[0].islower()}) for m in marked]
    vocabulary = sorted(set().union(*unknown))
    known = {w for w, t in zip(vocabulary, _run(PAIRS[(other, src)], vocabulary)) if "*" not in t} \
        if vocabulary else set()
    return [[w for w in words if w in known] for words in unknown]


def names(texts: list[str], source: str, target: str = PIVOT) -> list[str]:
    """Names as the target language writes them, when the dictionary knows them ("Estados Unidos" -> "United States",
    "Ministerio del Interior" -> "Interior Ministry"); a name it does not know comes back as it is."""
    src, dst = base(source), base(target)
    if src == dst or not available(src, dst) or not texts:
        return list(texts)
    mode = PAIRS[(src, dst)]
    todo = sorted({t for t in texts if ("names:" + mode, t) not in _cache})
    if todo:
        for t, r in zip(todo, _run(mode, [" ".join(x.split()) for x in todo])):
            _cache[("names:" + mode, t)] = _english(r)
    return [_cache[("names:" + mode, t)] for t in texts]
