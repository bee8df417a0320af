"""Readers: one function per source format, each turning bytes into RawDocuments.

A reader yields RawDocument for every article it finds and Problem for every
part it could not use; it never raises for bad content. The registry
`READERS` maps a format name to its reader; `format_for_name` picks one from
a file name.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes

Item = RawDocument | Problem
Reader = Callable[[bytes, str], Iterator[Item]]

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<article|<div|<p[ >])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)

# Article fields accepted in .json/.jsonl records, and the other names they go by.
_FIELD_ALIASES = {
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "published_at", "pubdate", "datePublished"),
    "outlet": ("outlet", "site", "site_name", "source", "publisher"),
    "author": ("author", "byline", "authors"),
}


def _decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, dict[str, Any], list[Problem]]:
    decoded = decode_bytes(data, declared)
    problems = [Problem(source, note, "decoding", "warning") for note in decoded.notes]
    return decoded.text, {"encoding": decoded.encoding, "notes": decoded.notes}, problems


def _empty(source: str) -> Problem:
    return Problem(source, "empty file (no text in it)", "empty")


def read_text(data: bytes, source: str) -> Iterator[Item]:
    try:
        text, decoding, problems = _decode(data, source)
    except DecodeError as exc:
        yield Problem(source, exc.reason, exc.code)
        return
    if not text.strip():
        yield _empty(source)
        return
    kind = "html" if _HTML_SNIFF.match(text.encode("utf-8", "ignore")[:512]) else "text"
    yield RawDocument(source=source, content=text, kind=kind, decoding=decoding, problems=problems)


def read_html(data: bytes, source: str) -> Iterator[Item]:
    match = _META_CHARSET.search(data[:4096])
    try:
        text, decoding, problems = _decode(data, source, match.group(1).decode("ascii") if match else None)
    except DecodeError as exc:
        yield Problem(source, exc.reason, exc.code)
        return
    if not text.strip():
        yield _empty(source)
        return
    yield RawDocument(source=source, content=text, kind="html", decoding=decoding, problems=problems)


def _record_to_raw(record: Any, source: str, decoding: dict[str, Any]) -> Item:
    if not isinstance(record, dict):
        return Problem(source, f"expected a JSON object with 'text' or 'html', got {type(record).__name__}", "json-shape")
    meta: dict[str, Any] = {}
    ignored: list[str] = []
    for name, aliases in _FIELD_ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
                value = ", ".join(str(v) for v in value if v)
            if isinstance(value, str) and value.strip():
                meta[name] = value.strip()
                break
            if value is not None and not isinstance(value, (str, list)):
                ignored.append(f"'{alias}' ({_json_type(value)})")
            elif isinstance(value, list):
                ignored.append(f"'{alias}' (a list of {', '.join(sorted({_json_type(v) for v in value}))})")
    html = record.get("html")
    text = record.get("text") or record.get("body") or record.get("content")
    problems = []
    if ignored:
        problems.append(Problem(source, f"metadata field(s) {', '.join(ignored)} ignored: each must be text", "metadata",
                                "warning"))
    if isinstance(html, str) and html.strip():
        return RawDocument(source=source, content=html, kind="html", meta=meta, decoding=decoding, problems=problems)
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, content=text.replace("\r\n", "\n"), kind="text", meta=meta, decoding=decoding,
                           problems=problems)
    return Problem(source, "JSON article has no non-empty 'text' or 'html' field", "json-shape")


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(type(value), "null")


def _loads(text: str) -> Any:
    """json.loads that turns nesting too deep for Python's parser into the ValueError of any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def read_json(data: bytes, source: str) -> Iterator[Item]:
    try:
        text, decoding, problems = _decode(data, source)
    except DecodeError as exc:
        yield Problem(source, exc.reason, exc.code)
        return
    yield from problems
    if not text.strip():
        yield _empty(source)
        return
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(source, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", "json")
        return
    except ValueError as exc:
        yield Problem(source, f"not valid JSON: {exc}", "json")
        return
    if isinstance(value, list):
        for i, record in enumerate(value):
            yield _record_to_raw(record, f"{source}#{i}", decoding)
    else:
        yield _record_to_raw(value, source, decoding)


def read_jsonl(data: bytes, source: str) -> Iterator[Item]:
    try:
        text, decoding, problems = _decode(data, source)
    except DecodeError as exc:
        yield Problem(source, exc.reason, exc.code)
        return
    yield from problems
    if not text.strip():
        yield _empty(source)
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"line is not JSON: {exc.msg} at column {exc.colno}", "jsonl")
            continue
        except ValueError as exc:  # one pathological line must not cost the lines after it
            yield Problem(where, f"line is not usable JSON: {exc}", "jsonl")
            continue
        yield _record_to_raw(record, where, decoding)


def read_warc(data: bytes, source: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for n, record in enumerate(ArchiveIterator(io.BytesIO(data))):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{source}#{n}"
            ctype = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
            payload = record.content_stream().read()
            if ctype and "html" not in ctype and "text" not in ctype:
                yield Problem(where, f"WARC response {url} is {ctype}, not HTML or text; skipped", "warc-type", "warning")
                continue
            count += 1
            for item in read_html(payload, where):
                if isinstance(item, RawDocument):
                    # The capture date is when the page was archived, not when it was published.
                    item.meta["url"] = url
                    item.meta["captured"] = record.rec_headers.get_header("WARC-Date")
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as exc:
        # warcio raises AttributeError on a response record without WARC-Target-URI (found by tests/test_fuzz.py)
        yield Problem(source, f"WARC file is damaged after {count} record(s): {type(exc).__name__}: {exc}", "warc")
        return
    if count == 0:
        yield Problem(source, "WARC file has no HTML or text response records", "warc-empty")


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "warc": read_warc,
}

_SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
}


def format_for_name(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) from a file name; format None means unknown (sniff the content)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    for suffix, fmt in _SUFFIX_FORMATS.items():
        if lower.endswith(suffix):
            return fmt, gz
    return None, gz
