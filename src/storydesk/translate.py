"""English renderings of Spanish sentences (and Spanish of English), so that one story's languages can be compared.

Translation runs Debian's rule-based Apertium (`apertium-eng-spa`) as a subprocess, one sentence a line, so each
rendering maps back to its sentence's exact characters. It is fast (about 15,000 words a second on one core here,
against about 20 sentences a second for the 4-bit multilingual-e5 embedder, measured on MEANTIME) and deterministic.
Names it does not know pass through unchanged (`-u`). Where the package is missing, `available()` is False and
`MISSING` says why; callers then keep the languages apart and say so.

The story's comparisons run in English ("the pivot"): the English verifier, embedder and cross-encoder read both sides.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections import OrderedDict
from collections.abc import Iterable

PIVOT = "en"
PAIRS = {("es", "en"): "spa-eng", ("en", "es"): "eng-spa"}
MISSING = ("cross-language comparison is off: Apertium's English-Spanish translator is not installed "
           "(Debian package apertium-eng-spa; `make install` installs it)")
_CACHE_SIZE = 50_000
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
_PLACEHOLDER = "Zqx{}"
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
_WORD = re.compile(r"[^\W\d_][\w'-]*")


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


def available(source: str = "es", target: str = PIVOT) -> bool:
    mode = PAIRS.get((base(source), base(target)))
    return mode is not None and mode in _modes()


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


def _run(mode: str, lines: list[str], mark_unknown: bool = False) -> list[str]:
    held: list[list[str]] = [[] for _ in lines]

    def hold(n: int):
        def keep(m: re.Match) -> str:
            held[n].append(m.group(0))
            return f"Zqxl{len(held[n]) - 1}"
        return keep
    lines = [_LONG.sub(hold(n), line) for n, line in enumerate(lines)]
    out = _apertium(mode, lines, mark_unknown)
    for n, kept in enumerate(held):
        for k in range(len(kept) - 1, -1, -1):  # Zqxl10 before Zqxl1
            out[n] = out[n].replace(f"Zqxl{k}", kept[k])
    return out


def _apertium(mode: str, lines: list[str], mark_unknown: bool = False) -> list[str]:
    command = ["apertium", mode] if mark_unknown else ["apertium", "-u", mode]
    try:
        out = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=600,
                             check=True).stdout.split("\n")
    except (OSError, subprocess.SubprocessError) as exc:
        raise Unavailable(f"the Apertium translator failed ({type(exc).__name__}: {exc}); languages kept apart") from exc
    out = [line.strip() for line in out]
    while len(out) > len(lines) and out and not out[-1]:
        out.pop()
    if len(out) != len(lines):  # a line the translator split or merged: translate those one at a time
        out = [_apertium(mode, [line], mark_unknown)[0] if line else "" for line in lines] if len(lines) > 1 \
            else [" ".join(out)]
    return out


def _protect(sentence: str) -> tuple[str, list[str]]:
    names: list[str] = []

    def keep(m: re.Match) -> str:
        words = m.group(0).split()
        if words[0].lower() in _INSTITUTION or (m.start() == 0 and len(words) == 1) or any(c.isdigit() for c in m.group(0)):
            return m.group(0)
        names.append(m.group(0))
        return _PLACEHOLDER.format(len(names) - 1)
    return _NAME.sub(keep, sentence), names


def _restore(text: str, names: list[str]) -> str:
    for n in range(len(names) - 1, -1, -1):  # Zqx10 before Zqx1
        text = text.replace(_PLACEHOLDER.format(n), names[n])
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
        rendered = _run(mode, [p for p, _ in prepared], mark_unknown=True)
        for s, t, (_, names) in zip(todo, rendered, prepared):
            t = _MARKS.sub(lambda m: GLOSSARY.get(m.group(1).lower(), m.group(1)), t)
            for british, usual in _ENGLISH_NAMES.items():
                t = t.replace(british, usual)
            _cache[(mode, s)] = _restore(t, names)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    out = []
    for s in items:
        out.append(_cache.get((mode, s), "") if s else "")
        if s:
            _cache.move_to_end((mode, s))
    return out


def foreign_shares(texts: list[str], lang: str) -> list[tuple[float, list[str]]]:
    """Per text, the share of its words that are common words of the other language left as they were (what a
    translation keeps of its source: "body wide" in a Spanish text), with those words. Capitalised words are not
    counted: names are written in their own language whoever writes about them ("Puerto Alba" in English, "Air Show"
    in Spanish), so they say where a story happens, not which text came first. Two translator calls for all texts."""
    src = base(lang)
    other = "en" if src == "es" else "es"
    if not texts or not (available(src, other) and available(other, src)):
        return [(0.0, []) for _ in texts]
    marked = _run(PAIRS[(src, other)], [" ".join(t.split()) for t in texts], mark_unknown=True)
    unknown = [sorted({w for w in _UNKNOWN.findall(m) if len(w) > 2 and w[0].islower()}) for m in marked]
    vocabulary = sorted(set().union(*unknown))
    known = {w for w, t in zip(vocabulary, _run(PAIRS[(other, src)], vocabulary, mark_unknown=True)) if "*" not in t} \
        if vocabulary else set()
    out = []
    for text, words in zip(texts, unknown):
        kept = [w for w in words if w in known]
        found = set(kept)
        count = sum(1 for w in _WORD.findall(text) if w in found)
        out.append((count / max(1, len(text.split())), kept))
    return out


def names(texts: list[str], source: str, target: str = PIVOT) -> list[str]:
    """Names as the target language writes them, when the dictionary knows them ("Estados Unidos" -> "United States",
    "Ministerio del Interior" -> "Interior Ministry"); a name it does not know comes back as it is."""
    src, dst = base(source), base(target)
    if src == dst or not available(src, dst) or not texts:
        return list(texts)
    mode = PAIRS[(src, dst)]
    todo = sorted({t for t in texts if ("names:" + mode, t) not in _cache})
    if todo:
        for t, r in zip(todo, _run(mode, [" ".join(x.split()) for x in todo], mark_unknown=True)):
            r = _MARKS.sub(lambda m: m.group(1), r)
            for british, usual in _ENGLISH_NAMES.items():
                r = r.replace(british, usual)
            _cache[("names:" + mode, t)] = r
    return [_cache[("names:" + mode, t)] for t in texts]
