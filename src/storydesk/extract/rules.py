"""The catalogue of line patterns that cleaning recognises, English and Spanish.

Each predicate looks at one line (a paragraph or a line of one) and answers
whether it is page furniture of one kind. They are deliberately about form
(labels, credits, prompts, timestamps), not topic: a rule must not remove a
sentence of the article because of the words it uses.
"""
from __future__ import annotations

import re

from ..dates import MONTHS, WEEKDAYS

_WORDS = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORDS.findall(text)


# --- photo captions and credits -------------------------------------------------------------
_CAPTION_START = re.compile(
    r"^\s*(?:photo|photos|image|images|picture|photograph|foto|fotos|fotografía|imagen|video|caption|"
    r"image caption|image source|pie de foto|file photo|archivo|gallery|galería)\s*(?:\d+\s*(?:of|de)\s*\d+\s*)?[:|,\-–—]",
    re.IGNORECASE,
)
_FILE_PHOTO = re.compile(r"^\s*(?:FILE|ARCHIVO)\s*(?:PHOTO|FOTO)?\s*[-–—:]\s")
_CREDIT_TAIL = re.compile(
    r"(?:"
    r"\((?:[\w.'’-]+\s){0,3}(?:photo|foto|photograph|image|imagen)s?\s*(?:/|by|:|por)[^)]{0,80}\)"  # (AP Photo/Name)
    r"|\b(?:REUTERS|AFP|EFE|ANSA|XINHUA|EPA|AP|CUARTOSCURO|GETTY)\s*/\s*[\w .'’-]{2,60}"  # REUTERS/Name
    r"|[\w.'’-]+\s*/\s*(?:AFP|Getty Images|Reuters|EFE|AP|Cuartoscuro|Bloomberg|Shutterstock|Alamy|EPA)\b(?: via Getty Images)?"
    r"|\b(?:via|/)\s*Getty Images"
    r"|\b(?:photo|foto|photograph|image|imagen|fotografía)s?\s*(?:by|por|credit|crédito)\s*:?\s*[\w .'’/-]{2,60}"
    r"|\b(?:credit|crédito)\s*(?::|\.\.\.|…)\s*[\w .'’/-]{2,60}"
    r")\s*[).]?\s*$",
    re.IGNORECASE,
)


# A credit tail is short (a few names, an agency, a closing bracket): it starts within this many characters of the end
# of the line. Searching only there keeps the rule linear; searched from every position of a line, the open word runs
# of _CREDIT_TAIL backtrack quadratically (158 s on one 120,000-character token).
_TAIL = 300


def is_caption(line: str) -> bool:
    n = len(words(line))
    if n == 0 or n > 70:
        return False
    if _CAPTION_START.match(line) or _FILE_PHOTO.match(line):
        return True
    text = line.rstrip()
    # pos (not a slice) keeps the characters before it visible to \b
    return bool(_CREDIT_TAIL.search(text, max(0, len(text) - _TAIL)))


# --- reporting credits ------------------------------------------------------------------------
_CONTRIBUTED = re.compile(
    r"(?:contributed (?:to )?(?:this )?report|contributed reporting|additional reporting by|^\s*\(?reporting by\b|"
    r"^\s*\(?writing by\b|^\s*\(?editing by\b|\bediting by\b.*\)?\s*$|con información de\b|^\s*\(?con reportes? de\b|"
    r"^\s*\(?(?:redacción|edición)\s+(?:de|por)\b|colaboró en (?:este|esta) (?:informe|nota|reportaje)|"
    r"^\s*(?:[A-ZÁÉÍÓÚÑ][\w.'’-]+\s){1,3}(?:reported|wrote) from [A-ZÁÉÍÓÚÑ][\w ,.'’-]{1,40}\.?\s*$)",
    re.IGNORECASE,
)


def is_reporting_credit(line: str) -> bool:
    return len(words(line)) <= 40 and bool(_CONTRIBUTED.search(line))


# --- share, subscribe, advertising, navigation prompts ---------------------------------------
_PROMPT = re.compile(
    r"^\s*(?:share(?: this| on| article| story|$)|tweet\b|email\b|e-mail\b|print\b|copy link|save\b|"
    r"comments?\b|subscribe\b|sign up\b|sign in\b|log in\b|follow (?:us|@|the)\b|click here\b|read more\b|read also\b|"
    r"also read\b|see also\b|related\s*:|related (?:articles?|stories|coverage|content)\b|watch\s*:|listen\s*:|"
    r"listen to (?:this|the) article|advertisement\b|sponsored\b|ad\s*$|skip (?:to|advert)|back to top|"
    r"download (?:the|our) app|get the app|newsletter\b|support (?:our|independent) journalism|"
    r"comparte\b|compartir\b|suscríbete|suscribete|síguenos|siguenos|lee también|lea también|leer más|lee más|"
    r"te puede interesar|te recomendamos|publicidad\b|más información\b|ver más\b|haz clic|únete|unete)",
    re.IGNORECASE,
)
_SHARE_WORDS = {
    "share", "facebook", "twitter", "x", "whatsapp", "email", "e-mail", "print", "linkedin", "reddit", "telegram",
    "copy", "link", "messenger", "pinterest", "flipboard", "comments", "comment", "save", "compartir", "comparte",
    "correo", "imprimir", "tweet", "threads", "bluesky", "mail",
}


def is_prompt(line: str) -> bool:
    toks = [w.lower() for w in words(line)]
    if not toks:
        return True  # a line of only punctuation or symbols (separators, bullets)
    if any(t in _SHARE_WORDS for t in toks) and all(t in _SHARE_WORDS or t.isdigit() for t in toks):
        return True
    return len(toks) <= 18 and bool(_PROMPT.match(line))


# --- timestamps and reading times -------------------------------------------------------------
_STAMP_PREFIX = re.compile(
    r"^\s*(?:published|updated|posted|last updated|first published|originally published|modified|"
    r"publicado|actualizado|modificado|fecha de publicación|última actualización)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"^\s*(?:(?:\d+|an?|one)\s+(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago|just now|"
    r"hace\s+(?:\d+|un|una|unos|unas)\s+(?:segundo|minuto|min|hora|día|dia|semana|mes|año)(?:s|es)?|"
    r"\d+\s*(?:min|minute|mins|minutes)\s+read|lectura de \d+\s*min(?:utos)?|\d+\s*min(?:utos)? de lectura)\s*\.?\s*$",
    re.IGNORECASE,
)
_TZ = (
    "gmt|utc|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|mt|pt|hrs|h|am|pm|a.m|p.m|a|m|p|at|de|del|las|"
    "the|on|hours|horas|hora|local|time|tiempo|centro|méxico|mexico|ciudad"
)
_DATE_TOKENS = re.compile(
    r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + WEEKDAYS + "|" + _TZ + r")\b\.?|\d+(?:st|nd|rd|th)?",
    re.IGNORECASE,
)


def is_time_ago(line: str) -> bool:
    return bool(_AGO.match(line))


_HAS_DATE = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", re.IGNORECASE)


def is_dated_timestamp(line: str) -> bool:
    """A timestamp that names a day, a 'Published/Updated' line or a 'time ago' marker.

    A bare time of day ("5:00 p.m.") is excluded: in live blogs it heads an entry and dates
    what follows, so in the body it stays.
    """
    return is_timestamp(line) and (is_time_ago(line) or bool(_STAMP_PREFIX.match(line)) or bool(_HAS_DATE.search(line)))


def is_timestamp(line: str) -> bool:
    """A line that is a date/time stamp and nothing more (or starts with 'Published', 'Updated' ...)."""
    n = len(words(line))
    if n == 0 or n > 20:
        return False
    if is_time_ago(line):
        return True
    if _STAMP_PREFIX.match(line) and any(ch.isdigit() for ch in line):
        return True
    if not any(ch.isdigit() for ch in line):
        return False
    rest = _DATE_TOKENS.sub(" ", line)
    return not re.search(r"[^\W_]", rest)


# --- bylines, section labels, copyright ----------------------------------------------------------
_BYLINE = re.compile(r"^\s*(?i:by|por|written by|escrito por|text by|texto de|texto:)\s+(?P<who>[A-ZÁÉÍÓÚÑ][^\n]{1,120})$")
_BYLINE_CUT = re.compile(r"\s+(?:[|•·—–]|-\s|,\s+(?:published|updated|staff|correspondent))", re.IGNORECASE)


def byline_author(line: str) -> str | None:
    if len(words(line)) > 14:
        return None
    m = _BYLINE.match(line)
    if not m:
        return None
    who = _BYLINE_CUT.split(m.group("who"))[0].strip(" ,.;")
    return who or None


_SECTIONS = {
    "world", "americas", "us", "u.s.", "politics", "crime", "business", "opinion", "news", "latest", "breaking",
    "breaking news", "exclusive", "analysis", "local", "national", "international", "mexico", "latin america",
    "justice", "security", "investigations", "top stories", "home", "mundo", "internacional", "nacional",
    "seguridad", "justicia", "política", "politica", "sucesos", "noticias", "última hora", "ultima hora",
    "portada", "méxico", "américa latina", "policiales", "judiciales", "economía", "local news", "world news",
}
_SECTION_SEP = re.compile(r"\s*(?:[|›»>/•·]|::)\s*")


def is_section_label(line: str) -> bool:
    text = line.strip()
    if not text or len(words(text)) > 6 or text[-1] in ".!?\"”":
        return False
    parts = [p for p in _SECTION_SEP.split(text) if p]
    if all(p.lower() in _SECTIONS for p in parts):
        return True
    if len(parts) > 1 and all(len(words(p)) <= 3 for p in parts):
        return True  # a breadcrumb: "World › Americas"
    return text.isupper() and len(words(text)) <= 3 and not any(ch.isdigit() for ch in text)


_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}\s*)?(?P<holder>[^.\n]{2,80}?)\s*(?:\.|,|all rights reserved|todos los derechos reservados|$)", re.IGNORECASE)


def copyright_holder(line: str) -> str | None:
    if len(words(line)) > 20:
        return None
    m = _COPYRIGHT.match(line)
    if not m:
        return None
    return m.group("holder").strip() or None


# --- teasers ---------------------------------------------------------------------------------
_MORE = re.compile(
    r"^\s*(?:more (?:stories|news|from|on)\b|most (?:read|popular|viewed)|trending|latest(?: news| stories)?$|"
    r"you (?:may|might) also like|recommended(?: for you| stories)?$|read next|up next|top stories$|also in the news|"
    r"más noticias|lo más (?:leído|visto|leido)|más leídas|te recomendamos|notas relacionadas|otras noticias|"
    r"noticias relacionadas|también te puede interesar|lo último)\s*:?\s*$",
    re.IGNORECASE,
)


def is_more_heading(line: str) -> bool:
    return bool(_MORE.match(line))


def is_title_case(text: str) -> bool:
    """Most of the longer words capitalised, as headlines are set ("Clinton Speaks ‘Directly To White People’ After
    Latest Police Shooting"); a sentence capitalises its first word and its names only."""
    long = [w for w in words(text) if len(w) >= 4]
    return len(long) >= 3 and sum(1 for w in long if w[0].isupper()) >= 0.75 * len(long)


def is_headline_like(line: str) -> bool:
    text = line.strip()
    n = len(words(text))
    if n < 2 or n > 18:
        return False
    if text.startswith(("“", '"', "«")) or text[-1] in ";:,":
        return False
    if text[-1] == "." and not (is_title_case(text) and text.count(". ") == 0):  # a title-cased headline may end in "."
        return False
    # a closing quote ends a headline that quotes a phrase ('Flynn backs Trump on claim generals were "reduced to
    # rubble"'), never one that closes a quoted sentence ('... he said "we will win."')
    if text[-1] in "\"”»" and (len(text) < 2 or text[-2] in ".,;:!?"):
        return False
    return text[0].isupper() or text[0].isdigit()


# What a lede has and a headline leaves out: a past-tense or auxiliary verb, a first or second person, an article.
# Headlines are set in the present ("Judge rejects request"), without articles; ledes tell in the past, with them.
_PAST = re.compile(
    r"(?<![-\w])(?:[a-z]\w{2,}ed|said|told|was|were|had|won|gave|took|made|came|went|met|saw|got|began|became|left|led|"
    r"found|ran|spoke|wrote|sent|brought|held|lost|paid|sold|stood|thought|knew|did|been)\b")
_PRESENT = re.compile(r"(?<![-\w])(?:is|are|am|has|have|will|would|could|should|can|may|might|I|you|we|my|our|your|"
                      r"it[’']s|there[’']s)\b")
_ARTICLES = re.compile(r"(?<![-\w])(?:[Tt]he|[Aa]n?)\b")
# A headline's kicker ("The Latest:", "Poll:", "Cruz:") and what it quotes are not the headline's own words.
_KICKER = re.compile(r"^(?:[\w.’'-]+\s+){0,2}[\w.’'-]+:\s+")
_QUOTED = re.compile(r"[‘“\"'][^’”\"]*[’”\"']")
# What a Spanish lede tells in and a headline, set in the present, leaves out: the day, a compound or simple past.
_ES_LEDE = re.compile(r"(?<![-\w])(?:[Hh]oy|[Aa]yer|lunes|martes|miércoles|jueves|viernes|sábado|domingo|ha|han|había|"
                      r"habían|fue|fueron|era|eran|dijo|según|\w{2,}[^\W\dn]ó)(?![-\w])")
# A headline may open on a quoted name or title of one to four words (‘SNL’ has fun ...); a lede opens on a quoted
# sentence, closed by a comma ("“We will win,” she said").
_QUOTED_NAME = re.compile(r"[‘“\"'](?:[^\s’”\"',]+\s){0,3}[^\s’”\"',]+[’”\"'](?=\s)")


def is_pasted_headline(line: str, language: str | None = None) -> bool:
    """The first line of a pasted article, a paragraph of its own, read as its headline though it ends in a period
    ("Bill Clinton calls Obamacare ‘crazy system’ during campaign stop.") or in the semicolon news databases put
    between a headline and its deck: a single sentence of 3 to 16 words (22 and two sentences in title case), no
    dateline or byline, no question, opening with a quotation mark only for a short quoted name ("‘SNL’ has fun"),
    and, unless it is set in title case, none of the words an English lede tells in outside its kicker and its quotes.
    Those words are English: a headline in another language (`language`, its body's) is judged on its shape, up to 26
    words, as translated and Spanish headlines run longer, and when it ends in a period, on the Spanish lede's tells.
    Measured on PolNeAR and MEANTIME (`benchmarks/headlines_pasted.py`)."""
    from ..sentences import split

    text = line.strip()
    if text.endswith(";"):
        text = text[:-1].rstrip()
    n = len(words(text))
    title = is_title_case(text)
    english = language in (None, "en")
    if not 3 <= n <= (22 if title else 16 if english else 26) or text[-1] in ";:,?":
        return False
    if text[0] in "“\"«‘'" and not _QUOTED_NAME.match(text):
        return False
    if len(split(text)) > (2 if title else 1) or dateline(text) or byline_author(text) is not None:
        return False
    if not english:  # a Spanish headline carries no final period as a rule; a lede always does
        return not text.endswith(".") or not _ES_LEDE.search(text)
    own = _QUOTED.sub(" ", _KICKER.sub("", text))
    if _PAST.search(own):  # title case capitalises a headline's verbs: a lower-case "praised" in it is a sentence's
        return False
    return title or not (_PRESENT.search(own) or _ARTICLES.search(own))


# --- datelines -------------------------------------------------------------------------------
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .'’-]{1,40}(?:,\s*[A-ZÁÉÍÓÚÑ][\w.'’ -]{1,30}){0,2}?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+(?:de\s+)?[a-z]{3,10}(?:\s+(?:de\s+)?\d{4})?))?"
    r"\s*(?:\((?P<credit>[^)]{2,40})\))?\s*(?:\.?\s*[—–]|\s-{1,2}|\.-|\.—)\s*"
)


def dateline(line: str) -> dict | None:
    """The dateline at the start of a lede: place, optional date, optional credit (the wire or outlet)."""
    m = _DATELINE.match(line)
    if not m:
        return None
    place = m.group("place").strip()
    # A dateline's city is in capitals ("CULIACÁN, Mexico"); a sentence opening in capitals is not one.
    head = place.split(",")[0]
    if not head.isupper() and not m.group("credit"):
        return None
    return {"end": m.end(), "place": place, "date": m.group("date"), "credit": (m.group("credit") or "").strip() or None}
