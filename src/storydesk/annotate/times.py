"""Time expressions in English and Spanish, normalised to TimeML values and calendar intervals.

Rules, not a model: each rule is a regular expression and a function that turns
its match into (type, value, mod). Relative expressions ("last year", "Friday",
"el lunes", "hace dos años") are resolved against the document's publication
date; without one they keep an unknown part (`XXXX`) and say why, never a guess.
A bare month or weekday is placed before or after the publication date by the
tense of its sentence, the way a reader would.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..dates import MONTHS, hour24
from ..spans import Spans

UNANCHORED = "relative to the publication date, which is unknown"


@dataclass
class TimeExpression:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TimeML value
    interval: dict[str, Any] | None = None  # {start, end (inclusive ISO dates), granularity}
    mod: str | None = None  # START, END, MID, APPROX, ...
    anchored: bool = True  # False when the value needed a publication date it did not have
    reason: str | None = None  # why there is no interval

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value,
                "interval": self.interval, "mod": self.mod, "anchored": self.anchored, "reason": self.reason}


# ---------------------------------------------------------------------------- numbers and units

_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "dozen": 12, "a dozen": 12, "a couple of": 2, "couple of": 2, "a couple": 2, "half a": 0.5,
    "few": None, "a few": None, "several": None, "many": None, "some": None, "a number of": None,
}
_ES_NUMBERS = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "cien": 100, "medio": 0.5,
    "varios": None, "varias": None, "algunos": None, "algunas": None, "unos": None, "unas": None,
    "pocos": None, "pocas": None, "unos pocos": None, "unas pocas": None, "muchos": None, "muchas": None,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


EN_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|(?:{_TENS})-(?:{_UNITS_WORDS})|{_alt(_EN_NUMBERS)})"
ES_NUM = rf"(?:\d{{1,3}}(?:\.\d{{3}})*(?:,\d+)?|{_alt(_ES_NUMBERS)})"

# unit word -> (TimeML letter, multiplier, time part?)
_EN_UNITS = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True), "day": ("D", 1, False),
    "night": ("D", 1, False), "week": ("W", 1, False), "fortnight": ("W", 2, False), "month": ("M", 1, False),
    "quarter": ("M", 3, False), "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
}
_ES_UNITS = {
    "segundo": "second", "minuto": "minute", "hora": "hour", "día": "day", "dia": "day", "noche": "night",
    "semana": "week", "quincena": "fortnight", "mes": "month", "trimestre": "quarter", "año": "year",
    "década": "decade", "decada": "decade", "siglo": "century",
}
EN_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|centuries)"
ES_UNIT = r"(?:segundos?|minutos?|horas?|días?|dias?|noches?|semanas?|quincenas?|mes(?:es)?|trimestres?|años?|décadas?|decadas?|siglos?)"


def _unit(word: str, lang: str) -> str:
    w = word.lower()
    if lang == "es":
        for stem, unit in _ES_UNITS.items():
            if w == stem or w == stem + "s" or w == stem + "es":
                return unit
        raise KeyError(word)
    if w in ("century", "centuries"):
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in _EN_UNITS else w


def _number(text: str, lang: str) -> float | None:
    t = re.sub(r"\s+", " ", text.lower().strip())
    table = _ES_NUMBERS if lang == "es" else _EN_NUMBERS
    if t in table:
        return table[t]
    if "-" in t and lang == "en":
        a, b = t.split("-", 1)
        return (_EN_NUMBERS.get(a) or 0) + (_EN_NUMBERS.get(b) or 0)
    digits = t.replace(",", "") if lang == "en" else t.replace(".", "").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def _duration(n: float | None, unit: str) -> str:
    letter, mult, is_time = _EN_UNITS[unit]
    if n is None:
        amount = "X"
    else:
        total = n * mult
        if total != int(total):  # half a day -> 12 hours is beyond us; keep the stated fraction
            amount = f"{total:g}"
        else:
            amount = str(int(total))
    return ("PT" if is_time else "P") + amount + letter


# ---------------------------------------------------------------------------- calendar helpers

_WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
_WD_INDEX = {w: i for i, w in enumerate(_WEEKDAYS_EN)}
_WD_INDEX.update({w: i for i, w in enumerate(_WEEKDAYS_ES)})
_WD_INDEX.update({"miercoles": 2, "sabado": 5})
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
            "primavera": "SP", "verano": "SU", "otoño": "FA", "invierno": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "mañana": "MO", "tarde": "AF",
          "noche": "NI", "madrugada": "MO"}


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def interval_of(value: str) -> dict[str, Any] | None:
    """The calendar interval (inclusive ISO dates) a TimeML DATE/TIME value names; None when it has unknown parts."""
    if "X" in value or value.endswith("_REF") or value.startswith("P"):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value)
    if m:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        return {"start": day, "end": day, "granularity": "time" if m[4] else "day"}
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return {"start": f"{y:04d}-{mo:02d}-01", "end": f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}",
                "granularity": "month"}
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return {"start": (monday + dt.timedelta(5)).isoformat(), "end": (monday + dt.timedelta(6)).isoformat(),
                    "granularity": "weekend"}
        return {"start": monday.isoformat(), "end": (monday + dt.timedelta(6)).isoformat(), "granularity": "week"}
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        y, q = int(m[1]), int(m[2])
        last = q * 3
        return {"start": f"{y:04d}-{last - 2:02d}-01", "end": f"{y:04d}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}",
                "granularity": "quarter"}
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        y, first = int(m[1]), _SEASON_START[m[2]]
        ey, em = _shift_month(y, first, 2)
        return {"start": f"{y:04d}-{first:02d}-01", "end": f"{ey:04d}-{em:02d}-{calendar.monthrange(ey, em)[1]:02d}",
                "granularity": "season"}
    if re.fullmatch(r"\d{4}", value):
        return {"start": f"{value}-01-01", "end": f"{value}-12-31", "granularity": "year"}
    if re.fullmatch(r"\d{3}", value):
        return {"start": f"{value}0-01-01", "end": f"{value}9-12-31", "granularity": "decade"}
    if re.fullmatch(r"\d{2}", value):
        return {"start": f"{value}00-01-01", "end": f"{value}99-12-31", "granularity": "century"}
    return None


# ---------------------------------------------------------------------------- context

_EN_FUTURE = re.compile(r"\b(?:will|won't|shall|going\s+to|plan(?:s|ned|ning)?\s+to|scheduled|upcoming|would|might|"
                        r"as\s+soon\s+as|set\s+to|expected\s+to|due\s+to)\b|'ll\b", re.IGNORECASE)
_EN_PAST = re.compile(r"\b(?:was|were|had|did|said|ago|last|earlier|previously)\b|\b\w{3,}ed\b", re.IGNORECASE)
_ES_FUTURE = re.compile(r"\b(?:será|serán|va\s+a|van\s+a|vamos\s+a|próxim[oa]s?|planea|prevé|\w+rá|\w+rán)\b", re.IGNORECASE)
_ES_PAST = re.compile(r"\b(?:fue|fueron|había|habían|dijo|hace|pasad[oa]|\w+(?:ó|aron|ieron|ió|aba|aban))\b", re.IGNORECASE)


@dataclass
class _Context:
    text: str
    dct: dt.date | None
    lang: str
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def tense(self, start: int, end: int) -> str:
        """'past', 'future' or 'present', from the words of the sentence around [start, end)."""
        s, e = 0, len(self.text)
        for a, b in self.sentences:
            if a <= start < b:
                s, e = a, b
                break
        future, past = (_ES_FUTURE, _ES_PAST) if self.lang == "es" else (_EN_FUTURE, _EN_PAST)
        best, best_distance = "present", len(self.text) + 1
        for tense, pattern in (("future", future), ("past", past)):
            for m in pattern.finditer(self.text, s, e):
                if start <= m.start() < end:
                    continue
                distance = start - m.end() if m.end() <= start else m.start() - end
                if distance < best_distance:
                    best, best_distance = tense, distance
        return best

    def year_for_month(self, month: int, start: int, end: int, day: int | None = None) -> int:
        """The year of a month (and day) named without one.

        The occurrence nearest the publication date, unless it lies more than
        `_FAR` days away on the side the sentence's tense rules out.
        """
        assert self.dct is not None
        d = self.dct
        options = []
        for year in (d.year - 1, d.year, d.year + 1):
            mid = dt.date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))
            options.append((abs((mid - d).days), year, (mid - d).days))
        options.sort()
        distance, year, signed = options[0]
        if distance > _FAR:
            tense = self.tense(start, end)
            if (tense == "past" and signed > 0) or (tense == "future" and signed < 0):
                return options[1][1]
        return year


_FAR = 120  # days; chosen on TBAQ (dev)


Found = tuple[str, str, "str | None"]  # type, value, mod
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], _Context], "Found | None"]]


def _rel_offset(word: str | None) -> int:
    w = (word or "").lower()
    if w in ("last", "past", "previous", "pasado", "pasada", "anterior"):
        return -1
    if w in ("next", "coming", "following", "próximo", "próxima", "proximo", "proxima", "que viene", "entrante",
             "siguiente"):
        return 1
    return 0


def _relative_unit(unit: str, delta: int, ctx: _Context) -> str:
    """The DATE value of this/last/next unit, or its unknown form without a publication date."""
    d = ctx.dct
    if unit in ("year",):
        return "XXXX" if d is None else f"{d.year + delta:04d}"
    if unit == "month":
        if d is None:
            return "XXXX-XX"
        y, m = _shift_month(d.year, d.month, delta)
        return f"{y:04d}-{m:02d}"
    if unit in ("week", "weekend"):
        if d is None:
            return "XXXX-WXX" + ("-WE" if unit == "weekend" else "")
        return _week(d + dt.timedelta(days=7 * delta)) + ("-WE" if unit == "weekend" else "")
    if unit == "quarter":
        if d is None:
            return "XXXX-QX"
        q = (d.month - 1) // 3 + delta
        return f"{d.year + q // 4:04d}-Q{q % 4 + 1}"
    if unit == "decade":
        return "XXX" if d is None else f"{d.year // 10 + delta:03d}"
    if unit == "century":
        return "XX" if d is None else f"{d.year // 100 + delta:02d}"
    if unit == "day":
        return "XXXX-XX-XX" if d is None else (d + dt.timedelta(days=delta)).isoformat()
    raise KeyError(unit)


def _ago(n: float | None, unit: str, sign: int, ctx: _Context) -> str:
    """N units before (sign -1) or after (+1) the publication date, at that unit's granularity."""
    if n is None or n != int(n):
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    n = int(n) * sign
    _letter, mult, _is_time = _EN_UNITS[unit]
    d = ctx.dct
    if unit in ("year", "decade", "century"):
        return "XXXX" if d is None else f"{d.year + n * mult:04d}"
    if unit in ("month", "quarter"):
        if d is None:
            return "XXXX-XX"
        y, m = _shift_month(d.year, d.month, n * mult)
        return f"{y:04d}-{m:02d}"
    if unit in ("week", "fortnight"):
        return "XXXX-WXX" if d is None else _week(d + dt.timedelta(days=7 * n * mult))
    if unit in ("day", "night"):
        return "XXXX-XX-XX" if d is None else (d + dt.timedelta(days=n)).isoformat()
    return "PAST_REF" if sign < 0 else "FUTURE_REF"  # hours and minutes ago: finer than we can place


def _weekday(index: int, rel: int, ctx: _Context, start: int, end: int) -> str:
    d = ctx.dct
    if d is None:
        return f"XXXX-WXX-{index + 1}"
    if rel < 0:  # last Friday: the one before the publication day
        back = (d.weekday() - index) % 7 or 7
        return (d - dt.timedelta(days=back)).isoformat()
    if rel > 0:  # next Friday
        ahead = (index - d.weekday()) % 7 or 7
        return (d + dt.timedelta(days=ahead)).isoformat()
    if ctx.tense(start, end) == "future":
        return (d + dt.timedelta(days=(index - d.weekday()) % 7)).isoformat()
    return (d - dt.timedelta(days=(d.weekday() - index) % 7)).isoformat()


def _month_value(month: int, day: int | None, year: int | None, rel: int, ctx: _Context, m: re.Match[str],
                 relyear: bool = False) -> str | None:
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None:
        if ctx.dct is None:
            year_text = "XXXX"
        elif rel and relyear:
            year_text = f"{ctx.dct.year + rel:04d}"
        elif rel < 0:  # last June: the most recent June before the publication date
            year_text = f"{ctx.dct.year - (1 if (month, day or 0) >= (ctx.dct.month, ctx.dct.day if day else 0) else 0):04d}"
        elif rel > 0:
            year_text = f"{ctx.dct.year + (1 if (month, day or 0) <= (ctx.dct.month, ctx.dct.day if day else 0) else 0):04d}"
        else:
            year_text = f"{ctx.year_for_month(month, m.start(), m.end(), day):04d}"
    else:
        year_text = f"{year:04d}"
    if day is None:
        return f"{year_text}-{month:02d}"
    if year_text.isdigit():
        try:
            dt.date(int(year_text), month, day)
        except ValueError:
            return None
    return f"{year_text}-{month:02d}-{day:02d}"


def _mod(word: str | None) -> str | None:
    w = (word or "").lower().strip()
    if not w:
        return None
    if w.startswith(("early", "earlier", "beginning", "start", "principio", "inicio", "comienzo")) or "principios" in w:
        return "START"
    if w.startswith(("late", "later", "end", "final", "fin")) or "finales" in w or "fines" in w:
        return "END"
    if w.startswith(("mid", "middle", "mediado")) or "mediados" in w:
        return "MID"
    return None


_CLOCK = "CLOCK"


def _time_value(hour: int, minute: int, ctx: _Context) -> str | None:
    """A clock time; its day is settled later (a day named earlier in the sentence, else the publication date)."""
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return f"{_CLOCK}:{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------------------- English rules

_EN_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
]
_EN_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
# full names, abbreviations with their dot, or without it when a day number follows
EN_MONTH_NODOT = (r"(?P<month>" + "|".join(_EN_MONTH_NAMES) + "|(?:" + "|".join(sorted(_EN_MONTH_ABBR, key=len, reverse=True))
                  + r")(?:\.|(?=\s+[0-3]?\d\b)))")
EN_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_PREP_BEFORE_BARE_MONTH = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|during|of|to|before|after|early|late|mid|last|next|this|between|"
    r"and|or|throughout|around|for)\s+|-)$", re.IGNORECASE)
_EN_PLURAL_AFTER_YEAR = re.compile(r"^\s+(?!(?:was|has|is|as|this|his|its|across|plus|minus|versus)\b)[a-z]+s\b")


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _en_month(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    month = _month_num(g["month"])
    day = int(g["day"]) if g.get("day") else None
    year = int(g["year"]) if g.get("year") else None
    rel = _rel_offset(g.get("rel"))
    if g.get("relyear"):
        rel = _rel_offset(g["relyear"])
    if day is None and year is None and not rel and not g.get("mod") and not g.get("relyear"):
        before = ctx.text[max(0, m.start() - 20):m.start()]
        if g["month"] in ("May", "March") and not _PREP_BEFORE_BARE_MONTH.search(before):
            return None
    value = _month_value(month, day, year, rel, ctx, m, relyear=bool(g.get("relyear")))
    if value is None:
        return None
    return "DATE", value, _mod(g.get("mod"))


def _en_weekday(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    index = _WD_INDEX[g["wd"].lower()]
    rel = _rel_offset((g.get("rel") or "").split()[-1] if g.get("rel") else None)
    value = _weekday(index, rel, ctx, m.start(), m.end())
    if g.get("part"):
        return "TIME", value + "T" + _PARTS[g["part"].lower()], None
    if g.get("clock"):
        return "TIME", value + ("T12:00" if g["clock"] == "noon" else "T24:00"), None
    if g.get("hour"):
        hour = hour24(int(g["hour"]), g.get("ampm"))
        return "TIME", value + f"T{hour:02d}:{int(g.get('minute') or 0):02d}", None
    return "DATE", value, _mod(g.get("mod"))


def _en_deictic(m: re.Match[str], ctx: _Context) -> Found | None:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    d = ctx.dct
    day = d.isoformat() if d else "XXXX-XX-XX"
    if w in ("today", "this day"):
        return "DATE", day, None
    if w in ("yesterday", "tomorrow"):
        return "DATE", _relative_unit("day", -1 if w == "yesterday" else 1, ctx), None
    if w == "tonight":
        return "TIME", day + "TNI", None
    if w == "last night":
        return "TIME", _relative_unit("day", -1, ctx) + "TNI", None
    if w in ("now", "currently", "at present", "nowadays", "these days", "the present", "right now", "at the moment"):
        return "DATE", "PRESENT_REF", None
    if w == "daily":
        return "SET", "P1D", None
    if w in ("the past", "in the past", "formerly", "recently"):
        return "DATE", "PAST_REF", None
    if w in ("the future", "soon", "in the future", "the near future", "the short term", "the long term"):
        return "DATE", "FUTURE_REF", None
    return None


def _en_part_of_day(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    which = g["which"].lower()
    delta = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}.get(which, 0)
    if which == "last" and g["part"].lower() != "night":
        return None
    value = _relative_unit("day", delta, ctx)
    return "TIME", value + "T" + _PARTS[g["part"].lower()], None


def _en_relative(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    rel = (g.get("rel") or "").lower()
    unit = g["unit"].lower()
    if rel == "past" and unit != "weekend" and not g.get("mod"):
        return "DURATION", _duration(1, unit), None  # "the past year": the twelve months up to now
    if rel in ("coming", "following") and g.get("the") and not g.get("mod") and unit != "weekend":
        return "DURATION", _duration(1, unit), None
    if unit == "weekend" and not rel:
        rel = "this"
    return "DATE", _relative_unit(unit, _rel_offset(rel) if rel not in ("this", "current") else 0, ctx), _mod(g.get("mod"))


def _en_duration(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    unit = _unit(g["unit"], "en")
    num = g["num"]
    if num.lower() in ("a", "an") and unit == "second":
        return None  # "a second term"
    n = _number(num, "en")
    if n is None and re.match(r"(?:the\s+)?(?:past|last|previous)\s", m.group(0), re.IGNORECASE):
        return "DATE", "PAST_REF", None  # "the last few months"
    if ctx.text[m.end():m.end() + 4].lower() == "-old" or (unit == "quarter" and g["unit"].lower().endswith("s") and "-" in m.group(0)):
        return None  # ages ("a 6-year-old boy") and fractions ("three-quarters")
    if g.get("ago"):
        word = g["ago"].lower()
        if word in ("later", "earlier") and n is not None and n == int(n) and unit in _NARRATIVE_UNITS:
            # "a decade later", "two days earlier": after or before the time the text told last, not the publication
            step_unit, step = _NARRATIVE_UNITS[unit]
            return "DATE", f"{_ANAPHOR}:{step_unit}:{int(n) * step * (1 if word == 'later' else -1)}", None
        sign = 1 if word in ("from now", "later", "hence") else -1
        value = _ago(n, unit, sign, ctx)
        return "DATE", value, None
    return "DURATION", _duration(n, unit), None


def _en_vague_duration(m: re.Match[str], ctx: _Context) -> Found | None:
    unit = _unit(m.group("unit"), "en")
    if re.match(r"recent|the\s+(?:past|last)", m.group(0), re.IGNORECASE):
        return "DATE", "PAST_REF", None  # "recent weeks", "the past months": some time before now
    return "DURATION", _duration(None, unit), None


def _en_year(m: re.Match[str], ctx: _Context) -> Found | None:
    before = ctx.text[max(0, m.start() - 2):m.start()]
    if re.search(r"[$€£#]\s?$", before):
        return None
    if _EN_PLURAL_AFTER_YEAR.match(ctx.text[m.end():m.end() + 30]):
        return None
    g = m.groupdict()
    return "DATE", g["year"], _mod(g.get("mod"))


def _en_decade(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    if g.get("dec4"):
        return "DATE", g["dec4"][:3], _mod(g.get("mod"))
    two = g["dec2"]
    century = "19" if int(two) >= 30 else "20"
    return "DATE", century + two[0], _mod(g.get("mod"))


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
             "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
             "twenty-first": 21}


def _en_century(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    word = g["ord"].lower()
    n = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
    return "DATE", f"{n - 1:02d}", _mod(g.get("mod"))


def _en_quarter(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    q = _ORDINALS.get((g.get("ord") or "").lower()) or int(g.get("qn") or 0)
    if not 1 <= q <= 4:
        return None
    if g.get("year"):
        year: int | None = int(g["year"])
    elif ctx.dct is None:
        return "DATE", f"XXXX-Q{q}", None
    else:
        year = ctx.dct.year
        current = (ctx.dct.month - 1) // 3 + 1
        if q > current and ctx.tense(m.start(), m.end()) == "past":
            year -= 1
    return "DATE", f"{year:04d}-Q{q}", None


def _en_season(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    season = _SEASONS[g["season"].lower()]
    if g.get("year"):
        return "DATE", f"{g['year']}-{season}", _mod(g.get("mod"))
    rel = _rel_offset(g.get("rel"))
    if not g.get("rel") and not g.get("mod"):
        before = ctx.text[max(0, m.start() - 20):m.start()].lower()
        if not re.search(r"\b(?:in|during|over|by|until|since|through|this|the)\s+$", before):
            return None
    if ctx.dct is None:
        return "DATE", f"XXXX-{season}", _mod(g.get("mod"))
    year = ctx.dct.year + rel
    if not rel and (g.get("rel") or "").lower() != "this":
        start_month = _SEASON_START[season]
        tense = ctx.tense(m.start(), m.end())
        if tense == "past" and start_month > ctx.dct.month:
            year -= 1
        elif tense == "future" and start_month + 2 < ctx.dct.month:
            year += 1
    return "DATE", f"{year:04d}-{season}", _mod(g.get("mod"))


def _en_clock(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    if g.get("word"):
        hour, minute = (12, 0) if g["word"].lower() == "noon" else (0, 0)
    else:
        if not g.get("ampm") and not g.get("zone") and not (g.get("at") and g.get("minute")):
            return None
        hour, minute = hour24(int(g["hour"]), g.get("ampm")), int(g.get("minute") or 0)
    value = _time_value(hour, minute, ctx)
    return ("TIME", value, None) if value else None


def _en_set(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    word = (g.get("what") or g.get("adverb") or "").lower()
    if word in ("annually", "yearly"):
        return "SET", "P1Y", None
    if word in _WD_INDEX:
        return "SET", f"XXXX-WXX-{_WD_INDEX[word] + 1}", None
    if word in _PARTS:
        return "SET", f"XXXX-XX-XXT{_PARTS[word]}", None
    unit = _unit(word, "en")
    n = 2 if (g.get("other") or "").lower() == "other" else 1
    return "SET", _duration(n, unit), None


def _iso(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    try:
        day = dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
    except ValueError:
        return None
    if g.get("hour"):
        return "TIME", f"{day.isoformat()}T{g['hour']}:{g['minute']}", None
    return "DATE", day.isoformat(), None


def _numeric_date(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    a, b, year = int(g["n1"]), int(g["n2"]), int(g["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (b, a) if ctx.lang == "es" else (a, b)
    try:
        return "DATE", dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None


_MOD_EN = r"(?P<mod>early|late|mid-?|the\s+(?:end|beginning|start|middle)\s+of|(?:the\s+)?end\s+of)\s*"
_REL_EN = r"(?P<rel>last|next|this|coming|past|previous|current|following)"
_EN_RULES: list[Rule] = [
    (re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?\b"), _iso),
    (re.compile(r"\b(?P<n1>[01]?\d)/(?P<n2>[0-3]?\d)/(?P<year>\d{4}|\d{2})\b"), _numeric_date),
    # March 22, 2013 / March 22 / early March / last March / March 2012 / June last year
    (re.compile(r"(?:" + _MOD_EN + r")?(?:(?P<rel>last|next|this)\s+)?" + EN_MONTH_NODOT
                + r"(?:\s+(?P<day>[0-3]?\d)" + _ORD + r"(?!\d))?(?:,?\s+" + _YEAR + r"(?!\d)|\s+(?:of\s+)?(?P<relyear>last|next|this)\s+year)?"), _en_month),
    (re.compile(r"\b(?:the\s+)?(?P<day>[0-3]?\d)" + _ORD + r"\s+(?:of\s+)?" + EN_MONTH_NODOT + r"(?:,?\s+" + _YEAR + r"(?!\d))?"), _en_month),
    # weekdays, with part of day or clock time
    (re.compile(r"(?:(?P<clock>noon|midnight)\s+)?(?:(?P<mod>early|late)\s+)?(?:(?P<rel>last|next|this(?:\s+(?:past|coming))?|coming|past)\s+)?" + EN_WD
                + r"(?:\s+(?P<part>morning|afternoon|evening|night)|,?\s+(?:at\s+)?(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?))?\b"),
     _en_weekday),
    (re.compile(r"\b(?P<which>this|yesterday|tomorrow|last)\s+(?P<part>morning|afternoon|evening|night)\b", re.IGNORECASE), _en_part_of_day),
    (re.compile(r"\b(?:today|yesterday|tomorrow|tonight|nowadays|currently|these\s+days|right\s+now|at\s+present|"
                r"the\s+present|now|recently|daily|the\s+past|the\s+(?:near\s+)?future|the\s+(?:short|long)\s+term)\b", re.IGNORECASE), _en_deictic),
    # this week / last year / the past month / earlier this year / the end of the year
    (re.compile(r"\b(?:(?P<mod>earlier|later|early|late|mid-?|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of)\s+(?:the\s+)?)?"
                r"(?:(?P<the>the)\s+)?" + _REL_EN + r"\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b", re.IGNORECASE), _en_relative),
    (re.compile(r"\b(?P<mod>(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+(?:the\s+)?(?P<unit>year|month|week)\b", re.IGNORECASE),
     lambda m, ctx: ("DATE", _relative_unit(m.group("unit").lower(), 0, ctx), _mod(m.group("mod")))),
    (re.compile(r"\b(?:the\s+)?weekend\b", re.IGNORECASE), lambda m, ctx: ("DATE", _relative_unit("weekend", 0, ctx), None)),
    # durations and "N units ago"
    (re.compile(r"\b(?:(?:the|a|an)\s+)?(?:(?:past|last|next|first|previous|coming|following|final|nearly|almost)\s+)?(?P<num>" + EN_NUM + r")"
                r"[\s-]+(?:(?:more|additional|straight|consecutive|full|long)\s+)?(?P<unit>" + EN_UNIT + r")(?:'s?|s')?"
                r"(?:\s+(?P<ago>ago|earlier|later|from\s+now|hence))?\b", re.IGNORECASE), _en_duration),
    (re.compile(r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bover\s)|(?<=\bwithin\s)|(?<=\bof\s)|(?<=\bafter\s)|\b(?=recent\s|coming\s|the\s+past\s|the\s+last\s|the\s+next\s|the\s+coming\s))"
                r"(?:recent\s+|coming\s+|the\s+(?:past|last|next|coming)\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes)\b", re.IGNORECASE),
     _en_vague_duration),
    # decades, centuries, quarters, seasons, years
    (re.compile(r"(?:(?P<mod>early|late|mid-?)\s*)?(?:the\s+)?(?:(?P<dec4>1[5-9]\d0|20\d0)|'(?P<dec2>\d0))s\b"), _en_decade),
    (re.compile(r"\b(?:(?P<mod>early|late|mid-?)\s*)?(?:the\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixteenth|"
                r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century\b", re.IGNORECASE), _en_century),
    (re.compile(r"\b(?:(?:the|this|last)\s+)?(?:(?P<year>(?:19|20)\d\d)\s+)?(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
                r"[\s-]+(?:fiscal[\s-]+)?quarter\b|\bQ(?P<qn>[1-4])\b", re.IGNORECASE), _en_quarter),
    (re.compile(r"\b(?:(?P<mod>early|late|mid-?)\s*)?(?:(?P<rel>last|this|next|coming|past)\s+)?(?P<season>spring|summer|fall|autumn|winter)"
                r"(?:\s+(?:of\s+)?" + _YEAR + r"\b)?", re.IGNORECASE), _en_season),
    (re.compile(r"(?<![\d$€£.,/:-])(?:(?P<mod>early|late|mid-?)\s*)?(?<![\d$€£.,/:-])" + _YEAR + r"(?![\d%]|,\d|\.\d)"), _en_year),
    # clock times
    (re.compile(r"(?:(?P<at>\bat)\s+)?\b(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b|[AP]M\b)?"
                r"(?:\s+(?P<zone>GMT|UTC|EST|EDT|CST|CDT|PST|PDT|ET|local\s+time))?(?!\d)|\b(?P<word>noon|midnight)\b"), _en_clock),
    # anaphora: resolved against the previous dated expression of the text
    (re.compile(r"\b(?:(?P<mod>earlier|later)\s+)?(?:that|the\s+same)\s+(?P<unit>day|week|month|year)\b"
                r"|\b(?:the\s+)?(?P<rel>next|following|previous|preceding)\s+(?P<unit2>day|week|month|year)\b"
                r"|\bthe\s+(?P<unit3>day|week|month|year)\s+(?P<rel3>before|after)\b", re.IGNORECASE), lambda m, ctx: _anaphor(m)),
    (re.compile(r"\b(?:(?P<rel>last|next|this)\s+)?(?P<name>Christmas\s+Eve|Christmas(?:\s+Day)?|New\s+Year's\s+(?:Day|Eve)|"
                r"Independence\s+Day|Halloween|Thanksgiving(?:\s+Day)?|Valentine's\s+Day)\b"), lambda m, ctx: _holiday(m, ctx)),
    # sets
    (re.compile(r"\b(?:every|each)\s+(?:(?P<other>other)\s+)?(?P<what>day|week|month|year|quarter|morning|afternoon|evening|night|"
                r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?P<adverb>annually|yearly)\b", re.IGNORECASE), _en_set),
]


_HOLIDAYS = {"christmas eve": (12, 24), "christmas": (12, 25), "christmas day": (12, 25), "new year's day": (1, 1),
             "new year's eve": (12, 31), "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
             "nochebuena": (12, 24), "navidad": (12, 25), "año nuevo": (1, 1), "nochevieja": (12, 31)}


def _holiday(m: re.Match[str], ctx: _Context) -> Found | None:
    name = re.sub(r"\s+", " ", m.group("name").lower())
    rel = _rel_offset(m.groupdict().get("rel"))
    if name.startswith("thanksgiving"):
        if ctx.dct is None:
            return "DATE", "XXXX-11-XX", None
        year = ctx.dct.year + rel
        first = dt.date(year, 11, 1)
        thanksgiving = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)  # fourth Thursday of November
        return "DATE", thanksgiving.isoformat(), None
    month, day = _HOLIDAYS[name]
    value = _month_value(month, day, None, rel, ctx, m)
    return ("DATE", value, None) if value else None


_ANAPHOR = "ANAPHOR"


def _anaphor(m: re.Match[str]) -> Found:
    g = m.groupdict()
    unit = (g.get("unit") or g.get("unit2") or g.get("unit3") or "").lower()
    rel = (g.get("rel") or g.get("rel3") or "").lower()
    delta = 1 if rel in ("next", "following", "after") else -1 if rel in ("previous", "preceding", "before") else 0
    return "DATE", f"{_ANAPHOR}:{unit}:{delta}", _mod(g.get("mod"))


# "N units later" counts from the last time the text told, in these steps (hours and minutes are finer than we place)
_NARRATIVE_UNITS = {"year": ("year", 1), "decade": ("year", 10), "century": ("year", 100), "month": ("month", 1),
                    "quarter": ("month", 3), "week": ("week", 1), "fortnight": ("week", 2), "day": ("day", 1),
                    "night": ("day", 1)}
ANAPHOR_OPEN = "relative to an earlier time the text does not date"


def _resolve_anaphor(value: str, previous: str | None) -> str:
    """'that day', 'the next day', 'later that year': relative to the last dated expression before it."""
    _, unit, delta_text = value.split(":")
    delta = int(delta_text)
    span = interval_of(previous) if previous else None
    if span is None:
        return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}[unit]
    start = dt.date.fromisoformat(span["start"])
    if unit == "year":
        return f"{start.year + delta:04d}"
    if unit == "month" and span["granularity"] in ("day", "time", "week", "weekend", "month"):
        y, mo = _shift_month(start.year, start.month, delta)
        return f"{y:04d}-{mo:02d}"
    if unit == "week" and span["granularity"] in ("day", "time", "week", "weekend"):
        return _week(start + dt.timedelta(days=7 * delta))
    if unit == "day" and span["granularity"] in ("day", "time"):
        return (start + dt.timedelta(days=delta)).isoformat()
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}[unit]


# ---------------------------------------------------------------------------- Spanish rules

_ES_MONTH_NAMES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
                   "octubre", "noviembre", "diciembre"]
ES_MONTH = r"(?P<month>" + "|".join(_ES_MONTH_NAMES) + r")"
ES_WD = r"(?P<wd>lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)"
_MOD_ES = r"(?P<mod>(?:a\s+)?(?:principios|inicios|comienzos|mediados|finales|fines)\s+de)\s+"


def _es_month(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    month = MONTHS[g["month"].lower()]
    day = int(g["day"]) if g.get("day") else None
    year = int(g["year"]) if g.get("year") else None
    rel = _rel_offset(g.get("relyear"))
    if day is None and year is None and not rel and not g.get("mod") and not g.get("prep"):
        return None
    value = _month_value(month, day, year, rel, ctx, m, relyear=bool(rel))
    return ("DATE", value, _mod(g.get("mod"))) if value else None


def _es_weekday(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    index = _WD_INDEX[g["wd"].lower()]
    rel = _rel_offset((g.get("rel") or g.get("rel2") or "").lower() or None)
    value = _weekday(index, rel, ctx, m.start(), m.end())
    if g.get("part"):
        return "TIME", value + "T" + _PARTS[g["part"].lower()], None
    return "DATE", value, None


def _es_deictic(m: re.Match[str], ctx: _Context) -> Found | None:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    d = ctx.dct
    if w == "hoy":
        return "DATE", d.isoformat() if d else "XXXX-XX-XX", None
    if w in ("ayer", "mañana"):
        return "DATE", _relative_unit("day", -1 if w == "ayer" else 1, ctx), None
    if w == "anteayer":
        return "DATE", _relative_unit("day", -2, ctx) if d else "XXXX-XX-XX", None
    if w == "anoche":
        return "TIME", _relative_unit("day", -1, ctx) + "TNI", None
    if w in ("ahora", "actualmente", "en la actualidad", "hoy en día", "hoy día", "en estos momentos"):
        return "DATE", "PRESENT_REF", None
    if w in ("pronto", "el futuro", "próximamente"):
        return "DATE", "FUTURE_REF", None
    if w == "el pasado":
        return "DATE", "PAST_REF", None
    return None


def _es_relative(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    unit = _unit(g["unit"].split()[0], "es") if not g["unit"].lower().startswith("fin") else "weekend"
    rel = g.get("rel") or g.get("rel2") or ""
    delta = 0 if rel.lower() in ("este", "esta", "en curso", "actual") else _rel_offset(re.sub(r"\s+", " ", rel.lower()))
    return "DATE", _relative_unit(unit, delta, ctx), _mod(g.get("mod"))


def _es_duration(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    unit = _unit(g["unit"], "es")
    n = _number(g["num"], "es")
    if g.get("hace"):
        return "DATE", _ago(n, unit, -1, ctx), None
    if g.get("dentro"):
        return "DATE", _ago(n, unit, 1, ctx), None
    return "DURATION", _duration(n, unit), None


def _es_year(m: re.Match[str], ctx: _Context) -> Found | None:
    before = ctx.text[max(0, m.start() - 2):m.start()]
    if re.search(r"[$€£#]\s?$", before):
        return None
    return "DATE", m.group("year"), _mod(m.groupdict().get("mod"))


def _es_clock(m: re.Match[str], ctx: _Context) -> Found | None:
    g = m.groupdict()
    hour, minute = int(g["hour"]), int(g.get("minute") or 0)
    part = (g.get("part") or "").lower()
    if part in ("tarde", "noche") and hour < 12:
        hour += 12
    value = _time_value(hour, minute, ctx)
    return ("TIME", value, None) if value else None


def _es_set(m: re.Match[str], ctx: _Context) -> Found | None:
    word = m.group("what").lower()
    if word.rstrip("s") in _WD_INDEX or word in _WD_INDEX:
        return "SET", f"XXXX-WXX-{_WD_INDEX[word if word in _WD_INDEX else word.rstrip('s')] + 1}", None
    return "SET", _duration(1, _unit(word, "es")), None


_ES_RULES: list[Rule] = [
    (re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?\b"), _iso),
    (re.compile(r"\b(?P<n1>[0-3]?\d)/(?P<n2>[01]?\d)/(?P<year>\d{4}|\d{2})\b"), _numeric_date),
    (re.compile(r"(?:" + _MOD_ES + r")?\b(?:(?P<day>[0-3]?\d)|(?P<prep>(?:en|de|desde|hasta|para|durante|entre|y|el\s+mes\s+de)))\s+(?:de\s+)?"
                + ES_MONTH + r"(?:\s+(?:de|del)\s+" + _YEAR + r"|\s+(?:del\s+año\s+|de\s+este\s+año|)(?P<relyear>pasado|próximo|que\s+viene))?\b", re.IGNORECASE), _es_month),
    (re.compile(r"(?:" + _MOD_ES + r")?\b" + ES_MONTH + r"\s+(?:de|del)\s+" + _YEAR + r"\b", re.IGNORECASE), _es_month),
    (re.compile(r"(?:" + _MOD_ES + r")" + ES_MONTH + r"\b", re.IGNORECASE), _es_month),
    (re.compile(r"\b(?:(?:el|este|esta)\s+)?(?:(?P<rel>pasado|próximo|proximo)\s+)?" + ES_WD
                + r"(?:\s+(?P<rel2>pasado|próximo|que\s+viene))?(?:\s+(?:por\s+la|en\s+la|de\s+madrugada|a\s+la)?\s*(?P<part>mañana|tarde|noche|madrugada))?\b", re.IGNORECASE),
     _es_weekday),
    (re.compile(r"(?<!\bla\s)(?<!\besta\s)(?<!\bpor la\s)(?<!\bde la\s)(?<!\bcada\s)(?<!\bsu\s)\b(?P<w>hoy\s+en\s+día|hoy\s+día|hoy|ayer|anteayer|anoche|mañana|ahora|actualmente|en\s+la\s+actualidad|"
                r"en\s+estos\s+momentos|próximamente|pronto)\b", re.IGNORECASE), _es_deictic),
    (re.compile(r"\b(?:(?P<mod>(?:a\s+)?(?:principios|inicios|comienzos|mediados|finales|fines)\s+de)\s+)?(?:(?:el|la|este|esta)\s+)?"
                r"(?:(?P<rel>este|esta|pasado|pasada|próximo|próxima|proximo|proxima)\s+)?(?P<unit>año|mes|semana|trimestre|década|siglo|fin\s+de\s+semana)"
                r"(?:\s+(?P<rel2>pasado|pasada|anterior|próximo|próxima|que\s+viene|entrante|en\s+curso|actual))?\b", re.IGNORECASE),
     lambda m, ctx: _es_relative(m, ctx) if (m.group("rel") or m.group("rel2")) else None),
    (re.compile(r"\b(?:(?P<hace>hace)\s+|(?P<dentro>dentro\s+de)\s+|(?:(?:los|las)\s+(?:últimos|últimas|próximos|próximas|primeros|primeras)\s+))?"
                r"(?:casi\s+|más\s+de\s+|menos\s+de\s+)?(?P<num>" + ES_NUM + r")\s+(?P<unit>" + ES_UNIT + r")\b", re.IGNORECASE), _es_duration),
    (re.compile(r"\b(?:la\s+década\s+de\s+(?:los\s+)?(?P<dec4>(?:19|20)\d0)|los\s+(?:años\s+)?(?P<dec2>\d0))\b", re.IGNORECASE),
     lambda m, ctx: ("DATE", (m.group("dec4") or ("19" + m.group("dec2")))[:3], None)),
    (re.compile(r"(?<![\d$€£.,/:-])(?:(?P<mod>(?:a\s+)?(?:principios|mediados|finales|fines)\s+de(?:l)?)\s+)?" + _YEAR + r"(?![\d%]|,\d|\.\d)"), _es_year),
    (re.compile(r"\ba\s+las?\s+(?P<hour>[0-2]?\d)(?:[:.](?P<minute>[0-5]\d))?(?:\s+horas)?(?:\s+de\s+la\s+(?P<part>mañana|tarde|noche|madrugada))?\b", re.IGNORECASE), _es_clock),
    (re.compile(r"\b(?:(?:ese|aquel|el\s+mismo)\s+(?P<unit>día|mes|año)|(?:esa|aquella|la\s+misma)\s+(?P<unit2>semana))\b", re.IGNORECASE),
     lambda m, ctx: ("DATE", f"{_ANAPHOR}:{_unit(m.group('unit') or m.group('unit2'), 'es')}:0", None)),
    (re.compile(r"\b(?:(?:el|la)\s+)?(?P<unit>día|semana|mes|año)\s+(?P<rel>siguiente|anterior)\b", re.IGNORECASE),
     lambda m, ctx: ("DATE", f"{_ANAPHOR}:{_unit(m.group('unit'), 'es')}:{1 if m.group('rel').lower() == 'siguiente' else -1}", None)),
    (re.compile(r"\b(?P<name>Nochebuena|Navidad|Año\s+Nuevo|Nochevieja)\b"), _holiday),
    (re.compile(r"\b(?:cada|todos\s+los|todas\s+las)\s+(?P<what>días?|semanas?|mes(?:es)?|años?|lunes|martes|miércoles|jueves|viernes|sábados?|domingos?)\b", re.IGNORECASE),
     _es_set),
]

_RULES = {"en": _EN_RULES, "es": _ES_RULES}


# ---------------------------------------------------------------------------- entry point

def _as_date(published: dt.date | dt.datetime | str | None) -> dt.date | None:
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:  # not an ISO date: the expressions that need one are left unanchored, with that reason
        return None


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,-":
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


def _same_sentence(ctx: _Context, a: int, b: int) -> bool:
    if a < 0:
        return False
    return any(s <= a and b <= e for s, e in ctx.sentences)


def _merge_weekday_dates(text: str, chosen: list[tuple[int, int, Found]]) -> list[tuple[int, int, Found]]:
    """'Monday, March 3' and 'el lunes 3 de marzo' are one expression with the date's value."""
    out: list[tuple[int, int, Found]] = []
    for item in chosen:
        if out:
            s0, e0, f0 = out[-1]
            gap = text[e0:item[0]]
            weekday_first = re.fullmatch(r"(?:el\s+)?\w+", text[s0:e0], re.IGNORECASE) and re.fullmatch(r"\d{4}-\d\d-\d\d|XXXX-WXX-\d", f0[1])
            if weekday_first and re.fullmatch(r",?\s{1,2}", gap) and re.fullmatch(r"[\dX]{4}-\d\d-\d\d", item[2][1]) \
                    and text[s0:e0].split()[-1].lower().strip(",") in _WD_INDEX:
                out[-1] = (s0, item[1], item[2])
                continue
        out.append(item)
    return out


def times(text: str, published: dt.date | dt.datetime | str | None = None, lang: str = "en",
          sentences: list[tuple[int, int]] | None = None) -> list[TimeExpression]:
    """Time expressions in `text` with TimeML values, resolved against `published` where they need it.

    `lang` is "en" or "es" (other languages get the English rules for the
    language-neutral forms: ISO dates, numbers). `sentences` are (start, end)
    spans used to read the tense around a bare month or weekday; the built-in
    splitter is used when they are not given.
    """
    from .. import sentences as splitter

    ctx = _Context(text, _as_date(published), "es" if lang == "es" else "en",
                   sentences if sentences is not None else splitter.split(text))
    candidates: list[tuple[int, int, Found]] = []
    for pattern, handler in _RULES.get(ctx.lang, _EN_RULES):
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                found = handler(m, ctx)
            except (OverflowError, ValueError):  # a date before year 1 or after 9999 (found by fuzzing): not placeable
                found = None
            if found is None:
                continue
            s, e = _trim_span(text, m.start(), m.end())
            if e > s:
                candidates.append((s, e, found))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, Found]] = []
    taken = Spans()
    for cand in candidates:
        if not taken.overlaps(cand[0], cand[1]):
            chosen.append(cand)
            taken.add(cand[0], cand[1])
    chosen = _merge_weekday_dates(text, sorted(chosen))
    out = []
    previous: str | None = None
    previous_end = -1
    previous_interval: dict[str, Any] | None = None
    for s, e, (kind, value, mod) in chosen:
        anaphor = value.startswith(_ANAPHOR)
        if anaphor:
            value = _resolve_anaphor(value, previous)
        clock = value.startswith(_CLOCK)
        if clock:
            day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
            span = previous_interval
            if span and span["granularity"] in ("day", "time") and _same_sentence(ctx, previous_end, s):
                day = span["start"]
            value = f"{day}T{value[len(_CLOCK) + 1:]}"
        try:
            interval = interval_of(value) if kind in ("DATE", "TIME") else None
        except (OverflowError, ValueError):
            interval = None
        if interval and not clock:  # a clock time takes its day from before; it does not give one to what follows
            previous, previous_interval, previous_end = value, interval, e
        open_anaphor = anaphor and "X" in value  # "a decade later" with no time told before it: never the publication's
        unknown = "X" in value and (ctx.dct is None or open_anaphor) and kind in ("DATE", "TIME")
        reason = (ANAPHOR_OPEN if open_anaphor else UNANCHORED) if unknown else (
            None if interval or kind in ("DURATION", "SET") else "vague or partial")
        out.append(TimeExpression(s, e, text[s:e], kind, value, interval, mod, not unknown, reason))
    return out
