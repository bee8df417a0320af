"""HTML pages: the page's visible text as the original, trafilatura's article body located inside it.

The original text of an HTML page is every visible block of the page, one
block a paragraph, so that what trafilatura leaves out (menus, teasers,
footers) is kept, offset-addressable and recorded as removed. The body is
located in that text line by line; `body_spans` are its character spans.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "canvas", "select", "button"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th", "thead", "tbody",
    "blockquote", "pre", "article", "section", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
    "form", "dl", "dt", "dd", "address", "hr", "caption", "details", "summary", "body", "html", "center", "time",
}
_WS = re.compile(r"\s+")


@dataclass
class HtmlExtract:
    original: str
    body_spans: list[tuple[int, int]]
    meta: dict[str, Any] = field(default_factory=dict)
    unlocated: int = 0  # words of trafilatura's body that could not be aligned to the page text


def _linearize(root: Any) -> str:
    parts: list[str] = []

    def brk() -> None:
        parts.append("\x00")

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if tag in _SKIP or not tag:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            brk()
        if tag == "br":
            parts.append("\x01")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            brk()
        if el.tail:
            parts.append(el.tail)

    walk(root)
    raw = "".join(parts)
    paragraphs = []
    for chunk in raw.split("\x00"):
        lines = [_WS.sub(" ", piece).strip() for piece in chunk.split("\x01")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


_TOKEN = re.compile(r"\w+", re.UNICODE)
# A matched run shorter than this many words is kept only when it is a whole line of the page
# (a one-word subheading); shorter runs elsewhere are chance matches of common words.
_MIN_RUN = 3


def _locate(original: str, body: str) -> tuple[list[tuple[int, int]], int]:
    """Spans of `original` that trafilatura's `body` came from, by monotonic token alignment.

    trafilatura re-flows text (table rows, list marks, moved captions), so the body is
    aligned word by word to the page text, in order; each run of aligned words becomes a span.
    Returns the spans and the number of body words that found no place.
    """
    page = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(original)]
    words = _TOKEN.findall(body)
    if not page or not words:
        return [], len(words)
    matcher = difflib.SequenceMatcher(None, [w for _, _, w in page], words, autojunk=False)
    spans: list[tuple[int, int]] = []
    matched = 0
    for block in matcher.get_matching_blocks():
        if block.size == 0:
            continue
        start, end = page[block.a][0], page[block.a + block.size - 1][1]
        if block.size < _MIN_RUN and not _whole_line(original, start, end):
            continue
        matched += block.size
        line_start, line_end = _line_bounds(original, start, end)
        if not original[line_start:start].strip(" \t"):
            start = line_start  # keep a line's leading punctuation (quotes, bullets) with it
        if not re.search(r"\w", original[end:line_end]):
            end = line_end  # and its trailing punctuation
        if spans and not re.search(r"\w", original[spans[-1][1]:start]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans, len(words) - matched


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding `start` and end of the line holding `end`."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _whole_line(text: str, start: int, end: int) -> bool:
    line_start, line_end = _line_bounds(text, start, end)
    return not re.search(r"\w", text[line_start:start] + text[end:line_end])


def _deep_tree(html: str) -> Any:
    """The page parsed without libxml2's limit of 256 nested elements (beyond it, the parser drops the rest of the
    page); None when it is not HTML that parses."""
    try:
        return lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return None


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    root = _deep_tree(html)
    original = _linearize(root) if root is not None else ""

    def body(page: Any) -> Any:
        return trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            # Reader comments are not the article.
            include_comments=False,
            # Dates only from what the page declares (meta tags, time elements, URL), never from a scan of its text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )

    result = body(html)
    if (result is None or not (result.text or "").strip()) and original.strip():
        # trafilatura parses the text itself, within libxml2's depth limit: a page nested deeper is given to it parsed
        # without the limit (a tree of its own, as it changes the tree it reads)
        tree = _deep_tree(html)
        if tree is not None:
            result = body(tree)
    if isinstance(result, dict):  # only with as_dict=True, which is not asked for
        raise TypeError("trafilatura returned a dict")
    if result is None or not (result.text or "").strip():
        return HtmlExtract(original=original, body_spans=[], meta={})
    meta = {
        "title": result.title,
        "author": result.author,
        "published": result.date,
        "outlet": result.sitename,
        "hostname": result.hostname,
        "url": result.url,
    }
    spans, missed = _locate(original, result.text or "")
    return HtmlExtract(original=original, body_spans=spans, meta={k: v for k, v in meta.items() if v}, unlocated=missed)
