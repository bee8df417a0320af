"""Extract: RawDocument -> Document (cleaned text, removals, metadata with its basis, languages).

Fills Document.{original, text, segments, removed, title, outlet, outlet_basis,
author, url, published, published_basis, language, paragraphs, dateline}.
"""
from __future__ import annotations

import hashlib
import re
import time

from ..budget import over_budget
from ..dates import find_dates, normalize_published
from ..model import Document, Paragraph, Problem, RawDocument
from . import language
from .clean import clean
from .html import extract_html

__all__ = ["doc_id", "extract", "extract_safely"]

_PARA = re.compile(r"\n\n")


def doc_id(source: str, content: str) -> str:
    """Stable id from where a document came from and what it says, so re-runs and merges agree."""
    digest = hashlib.sha1(f"{source}\x00{content}".encode("utf-8", "surrogatepass")).hexdigest()
    return "d" + digest[:10]


# What is not text and must not reach a terminal, a page or story.json: a lone surrogate (half of a UTF-16 pair, which
# JSON's \\ud800 escapes can carry), and control characters, whole terminal escape sequences first (CSI "ESC [ ... m",
# OSC "ESC ] ... BEL", which can retitle or rewrite a terminal that prints the text), then any other C0 or C1 control
# but tab, line feed, form feed and carriage return.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?"
                      r"|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


_SPACING = {"\x0b", "\x1c", "\x1d", "\x1e", "\x1f"}


def _c1(m: re.Match) -> str:
    """A C1 control is most often a Windows-1252 character read as Latin-1 (0x92, the apostrophe): read it so."""
    found = m.group(0)
    if found in _SPACING:  # a vertical tab, a separator: it parts words
        return " "
    if len(found) == 1 and 0x80 <= (code := ord(found)) <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


def printable(text: str) -> tuple[str, int, int]:
    """`text` with lone surrogates made U+FFFD and control sequences taken out (a C1 control read as Windows-1252
    where that code page has a character for it); how many of each."""
    text, surrogates = _SURROGATE.subn("\ufffd", text)
    text, controls = _CONTROL.subn(_c1, text)
    return text, surrogates, controls


def _printable_input(raw: RawDocument, problems: list[Problem]) -> tuple[str, dict]:
    content, surrogates, controls = printable(raw.content)
    meta = dict(raw.meta)
    for key, value in raw.meta.items():
        if isinstance(value, str):
            meta[key], s, c = printable(value)
            surrogates, controls = surrogates + s, controls + c
    if surrogates:
        problems.append(Problem(raw.source, f"{surrogates} lone surrogate(s) (half of a UTF-16 pair, not a character) "
                                "replaced with U+FFFD", "decoding", "warning"))
    if controls:
        problems.append(Problem(raw.source, f"{controls} control character(s) or terminal escape sequence(s) taken out "
                                "(they are not text, and could act on a terminal that prints it)", "decoding", "warning"))
    return content, meta


def extract(raw: RawDocument) -> tuple[Document | None, list[Problem]]:
    """Clean one document. Returns (None, problems) when nothing usable is in it."""
    problems = list(raw.problems)
    content, meta = _printable_input(raw, problems)
    if raw.kind == "html":
        page = extract_html(content, url=meta.get("url"))
        original, spans = page.original, page.body_spans
        for key, value in page.meta.items():
            meta.setdefault(key, value)
        if not spans:
            size = len(original.split())
            problems.append(Problem(raw.source, f"no article found in the HTML page ({size} words of visible text, none of it an article body)", "no-article"))
            return None, problems
        # A handful of words (split tokens, entities decoded differently) is alignment noise, not loss.
        if page.unlocated > 20:
            problems.append(Problem(raw.source, f"{page.unlocated} word(s) of the extracted body could not be aligned to the page text and were left out", "unlocated", "warning"))
    else:
        original, spans = content, [(0, len(content))]

    result = clean(original, spans, meta_title=meta.get("title"), whole_page=raw.kind != "html")
    if not result.text.strip():
        if raw.kind == "html":
            problems.append(Problem(raw.source, "no article found in the HTML page (its text is only page furniture: menus, labels, prompts)", "no-article"))
        else:
            problems.append(Problem(raw.source, "nothing left after cleaning (the text is only page furniture: labels, captions, prompts)", "empty-after-cleaning"))
        return None, problems

    doc = Document(
        id=raw.id or doc_id(raw.source, raw.content),
        source=raw.source,
        original=original,
        text=result.text,
        segments=result.segments,
        removed=result.removed,
        kind=raw.kind,
        decoding=raw.decoding,
        dateline=result.dateline,
    )
    doc.title = meta.get("title") or result.title
    doc.author = meta.get("author") or result.author
    doc.url = meta.get("url")
    _outlet(doc, meta, result.copyright)
    _published(doc, meta, result.stamp_dates)
    if meta.get("published") and doc.published_basis != "metadata":
        problems.append(Problem(raw.source, f"publication date {str(meta['published'])[:60]!r} given with the article could "
                                "not be read as a date; ignored" + (f" (the date from its {doc.published_basis} is used)"
                                                                  if doc.published else ""), "metadata", "warning"))
    _languages(doc, set(result.headings))
    return doc, problems


def _outlet(doc: Document, meta: dict, copyright_holder: str | None) -> None:
    if meta.get("outlet"):
        doc.outlet, doc.outlet_basis = meta["outlet"], "metadata"
    elif meta.get("hostname"):
        doc.outlet, doc.outlet_basis = meta["hostname"], "metadata"
    elif copyright_holder:
        # A republisher's own notice names it; the credit in its dateline names the wire it copied.
        doc.outlet, doc.outlet_basis = copyright_holder, "copyright"
    elif doc.dateline and doc.dateline.credit:
        doc.outlet, doc.outlet_basis = doc.dateline.credit, "dateline"


def _published(doc: Document, meta: dict, stamp_dates: list[str]) -> None:
    value = normalize_published(meta.get("published"))
    if value:
        doc.published, doc.published_basis = value, "metadata"
        return
    if doc.dateline and doc.dateline.date:
        dates = find_dates(doc.dateline.text)
        if dates:
            doc.published, doc.published_basis = dates[0].iso, "dateline"
            return
    if stamp_dates:
        doc.published, doc.published_basis = stamp_dates[0], "text"


# A line that ends a paragraph in a text written one paragraph a line: a sentence's end (with a closing quote or
# bracket after it), then a line break and a new sentence. Hard-wrapped prose breaks its lines mid-sentence instead.
_LINE_PARAGRAPH = re.compile(r"(?:(?<=[.!?…][\"”’»)\]])|(?<=[.!?…]))\n(?=[\"“‘«(\[¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])")


def _lines_as_paragraphs(chunk: str, start: int) -> list[tuple[int, int]]:
    """The paragraphs of a block whose lines are paragraphs of their own (single line breaks between sentences)."""
    out, pos = [], 0
    for m in _LINE_PARAGRAPH.finditer(chunk):
        if len(chunk[pos:m.start()].split()) >= 8:  # a short line is a heading or a list item: kept with what follows
            out.append((start + pos, start + m.start()))
            pos = m.end()
    out.append((start + pos, start + len(chunk)))
    return out


def _languages(doc: Document, headings: set[tuple[int, int]]) -> None:
    pos = 0
    for chunk in _PARA.split(doc.text):
        for start, end in _lines_as_paragraphs(chunk, pos):
            piece = doc.text[start:end]
            doc.paragraphs.append(Paragraph(start, end, language.detect(piece), (start, end) in headings))
        pos += len(chunk) + 2
    doc.language = language.detect(doc.text)


def extract_safely(raw: RawDocument) -> tuple[Document | None, list[Problem]]:
    """Clean one document; an exception inside extraction becomes a problem naming the file (one bad document never
    takes the run down), and a document over the time budget gets a warning."""
    started = time.perf_counter()
    try:
        doc, problems = extract(raw)
    except Exception as exc:  # noqa: BLE001 - one bad document must never take the run down
        return None, [*raw.problems, Problem(raw.source, f"could not be processed ({type(exc).__name__}: {exc}); "
                                             "please report this with the file", "internal")]
    slow = over_budget(raw.source, "cleaning", time.perf_counter() - started)
    return doc, problems + [slow] if slow else problems
