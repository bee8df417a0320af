"""Ingest: from what the user named (files, folders, '-', URLs) to RawDocuments.

`read_sources` yields a RawDocument per article and a Problem per input that
could not be used, in the order given; folders are walked recursively in
sorted order so runs are reproducible. Nothing is dropped without a Problem.
"""
from __future__ import annotations

import errno
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem, RawDocument
from .readers import READERS, Item, format_for_name, read_text

__all__ = ["IngestOptions", "read_sources", "display_name"]


@dataclass
class IngestOptions:
    # 20 MB: ten times the longest article in the public corpora we measure on;
    # above that a file is almost surely a dump or a log, and the user can raise it.
    max_bytes: int = 20_000_000
    fetch_timeout: float = 20.0


def display_name(path: str | os.PathLike) -> str:
    """A file name safe to print on one line: control characters escaped, non-ASCII kept."""
    text = os.fsdecode(path)
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def read_sources(sources: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    options = options or IngestOptions()
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes(data, "<stdin>", None, options)
        elif "://" in source and source.split("://", 1)[0].lower() in ("http", "https"):
            yield from _read_url(source, options)
        else:
            yield from _read_path(Path(source), options, seen=set())


def _read_url(url: str, options: IngestOptions) -> Iterator[Item]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "storydesk (+https://pypi.org/project/storydesk)"})
    try:
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
            data = response.read(options.max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        yield Problem(url, f"could not fetch URL ({reason}); is there a network? Save the page and pass the file instead", "fetch")
        return
    if len(data) > options.max_bytes:
        yield Problem(url, f"page larger than {options.max_bytes} bytes; skipped", "too-large")
        return
    for item in READERS["html"](data, url):
        if isinstance(item, RawDocument):
            item.meta.setdefault("url", url)
        yield item


def _read_path(path: Path, options: IngestOptions, seen: set[tuple[int, int]]) -> Iterator[Item]:
    name = display_name(path)
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield Problem(name, "symbolic link loop (the link points back to itself)", "symlink-loop")
        elif exc.errno == errno.ENOENT:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
            yield Problem(name, reason, "not-found")
        elif exc.errno == errno.EACCES:
            yield Problem(name, "permission denied", "permission")
        else:
            yield Problem(name, f"cannot open: {exc.strerror}", "os")
        return
    key = (st.st_dev, st.st_ino)
    if path.is_dir():
        if key in seen:
            yield Problem(name, "symbolic link loop (folder already visited on this path)", "symlink-loop")
            return
        seen = seen | {key}
        try:
            children = sorted(path.iterdir(), key=lambda p: os.fsencode(p.name))
        except OSError as exc:
            yield Problem(name, f"cannot list folder: {exc.strerror}", "permission" if exc.errno == errno.EACCES else "os")
            return
        for child in children:
            if child.name.startswith("."):
                yield Problem(display_name(child), "hidden file or folder skipped", "hidden", "warning")
                continue
            yield from _read_path(child, options, seen)
        return
    if not path.is_file():
        yield Problem(name, "not a regular file (device, socket or pipe); skipped", "not-file")
        return
    if st.st_size > options.max_bytes:
        yield Problem(name, f"file is {st.st_size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit "
                      "(raise it with --max-bytes)", "too-large")
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        code = "permission" if exc.errno == errno.EACCES else "os"
        yield Problem(name, "permission denied" if code == "permission" else f"cannot read: {exc.strerror}", code)
        return
    yield from _read_bytes(data, name, path.name, options)


def _gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompress gzip; a truncated or damaged stream keeps what came before the damage."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = []
    try:
        out.append(decompressor.decompress(data))
        out.append(decompressor.flush())
    except zlib.error as exc:
        return b"".join(out), f"damaged gzip ({exc})"
    result = b"".join(out)
    if not decompressor.eof:
        return result, "truncated gzip (the archive ends early)"
    return result, None


def _read_bytes(data: bytes, name: str, filename: str | None, options: IngestOptions) -> Iterator[Item]:
    fmt, gz = format_for_name(filename or "")
    if data[:2] == b"\x1f\x8b":
        gz = True
    if gz:
        data, damage = _gunzip(data)
        if damage:
            if not data:
                yield Problem(name, f"{damage}; nothing could be read", "gzip")
                return
            yield Problem(name, f"{damage}; used the {len(data)} bytes read before it", "gzip", "warning")
        if len(data) > options.max_bytes:
            yield Problem(name, f"decompressed size over the {options.max_bytes / 1e6:.0f} MB limit", "too-large")
            return
    if not data.strip():
        yield Problem(name, "empty file (no text in it)", "empty")
        return
    if fmt is None and data[:4] == b"WARC":
        fmt = "warc"
    reader = READERS[fmt] if fmt else read_text
    try:
        yield from reader(data, name)
    except Exception as exc:  # noqa: BLE001 - a parser library's bug on damaged input must not end the run
        yield Problem(name, f"could not be read as {fmt or 'text'} ({type(exc).__name__}: {exc}); the file looks damaged",
                      "unreadable")
