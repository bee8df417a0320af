"""Absolute calendar dates written out in English or Spanish, for publication dates.

Only complete dates count (day, month and year); a date without a year or an
ambiguous numeric date (03/04/2025 with both parts <= 12) is not a
publication date, and nothing here fills in a missing part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
}
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|"
    "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
)
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?:[,\s]+(?:at\s+|a\s+las\s+)?(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?)?"

_PATTERNS = [
    re.compile(r"\b" + _YEAR + r"-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b" + _TIME, re.IGNORECASE),  # March 3, 2025
    re.compile(r"\b" + _DAY + r"\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+|del\s+)?" + _YEAR + r"\b" + _TIME, re.IGNORECASE),  # 3 de marzo de 2025
    re.compile(r"\b(?P<n1>[0-3]?\d)/(?P<n2>[0-3]?\d)/" + _YEAR + r"\b"),
]


@dataclass
class FoundDate:
    start: int
    end: int
    iso: str  # YYYY-MM-DD or YYYY-MM-DDTHH:MM

    @property
    def date(self) -> str:
        return self.iso[:10]


def _valid(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str, day_first: bool | None = None) -> list[FoundDate]:
    """Every complete date in `text`, in order of position.

    `day_first` settles numeric dates like 03/04/2025 (True for Spanish
    sources); when None, such a date counts only if one part is above 12.
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groupdict()
            year = int(g["year"])
            if g.get("n1"):
                a, b = int(g["n1"]), int(g["n2"])
                if a > 12 >= b:
                    day, month = a, b
                elif b > 12 >= a:
                    month, day = a, b
                elif day_first is None:
                    continue
                else:
                    day, month = (a, b) if day_first else (b, a)
            else:
                month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower()]
                day = int(g["day"])
            if not _valid(year, month, day):
                continue
            iso = f"{year:04d}-{month:02d}-{day:02d}"
            if g.get("hour") and g.get("minute"):
                hour = hour24(int(g["hour"]), g.get("ampm"))
                if hour < 24:
                    iso += f"T{hour:02d}:{int(g['minute']):02d}"
            found.append(FoundDate(m.start(), m.end(), iso))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def intervals_overlap(x: dict, y: dict) -> bool:
    """Two calendar intervals ({start, end}: ISO dates or datetimes) share a day."""
    return x["start"][:10] <= y["end"][:10] and y["start"][:10] <= x["end"][:10]


def hour24(hour: int, ampm: str | None) -> int:
    """A clock hour on the 24-hour clock: 8 + "p.m." → 20, 12 + "a.m." → 0; without a.m./p.m. unchanged."""
    marker = (ampm or "").lower().replace(".", "").replace(" ", "")
    if marker == "pm" and hour < 12:
        return hour + 12
    if marker == "am" and hour == 12:
        return 0
    return hour


def normalize_published(value: str | None) -> str | None:
    """A metadata date string (ISO or written out) to YYYY-MM-DD[THH:MM]; None if not a complete date."""
    if not value:
        return None
    dates = find_dates(str(value))
    return dates[0].iso if dates else None
