"""Ingest: from what the user named (files, folders, '-', URLs) to RawDocuments.

`read_sources` yields a RawDocument per article and a Problem per input that
could not be used, in the order given; folders are walked recursively in
sorted order so runs are reproducible. Nothing is dropped without a Problem.
"""
from __future__ import annotations

import dataclasses
import errno
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..model import Problem, RawDocument
from .readers import READERS, Item, format_for_name, read_text

__all__ = ["IngestOptions", "display_name", "read_sources"]


@dataclass
class IngestOptions:
    # 20 MB: ten times the longest article in the public corpora we measure on;
    # above that a file is almost surely a dump or a log, and the user can raise it.
    max_bytes: int = 20_000_000
    fetch_timeout: float = 20.0  # seconds to wait for each answer of a server
    fetch_deadline: float = 120.0  # seconds for a whole page
    display_root: Path | None = None  # files under it are named relative to it (a server's upload folder)
    # files (device, inode) never read as sources, with why: `check` leaves out the summary it checks
    exclude: dict[tuple[int, int], str] = field(default_factory=dict)


def display_name(path: str | os.PathLike) -> str:
    """A file name safe to print on one line: control characters escaped, non-ASCII kept."""
    text = os.fsdecode(path)
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def display_root(source: str) -> Path:
    """The folder a path the user gave is named from: the working folder for a relative path ("seeds/a.txt"), else
    the folder that holds it ("in/a.txt" for `analyze /home/ana/in`)."""
    given = Path(source)
    return Path.cwd() if not given.is_absolute() and ".." not in given.parts else given.absolute().parent


def read_sources(sources: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    options = options or IngestOptions()
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes(data, "<stdin>", None, options)
        elif "://" in source and source.split("://", 1)[0].lower() in ("http", "https"):
            yield from _read_url(source, options)
        else:
            # named as the user gave it when that is relative ("seeds/a.txt"), else relative to the folder that holds
            # it ("in/a.txt" for `analyze /home/ana/in`): no name carries this machine's folders into story.json, the
            # store or an export
            root = display_root(source)
            given = options if options.display_root is not None else dataclasses.replace(options, display_root=root)
            yield from _read_path(Path(source).absolute(), given, seen=set())


# What a server's Content-Type says, as the file name suffix whose reader takes it; anything else is not an article.
_CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".txt",
    "application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
    "application/warc": ".warc", "application/gzip": ".gz", "application/x-gzip": ".gz",
}


def _read_url(url: str, options: IngestOptions) -> Iterator[Item]:
    import time
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "storydesk (+https://pypi.org/project/storydesk)",
                                                   "Accept-Encoding": "gzip, identity"})
    # fetch_timeout bounds each wait for the server; the deadline bounds the whole transfer, so a server that
    # trickles a byte at a time cannot hold the run.
    deadline = time.monotonic() + options.fetch_deadline
    chunks: list[bytes] = []
    size = 0
    announced: int | None = None
    try:
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
            ctype = (response.headers.get_content_type() or "").lower()
            encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
            length = (response.headers.get("Content-Length") or "").strip()
            announced = int(length) if length.isdigit() else None
            while size <= options.max_bytes:
                if time.monotonic() > deadline:
                    yield Problem(url, f"the server sent {size_text(size)} in {options.fetch_deadline:.0f} s and had not "
                                  "finished; skipped (save the page and pass the file instead)", "fetch")
                    return
                chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        yield Problem(url, f"could not fetch URL ({reason}); is there a network? Save the page and pass the file instead", "fetch")
        return
    if size > options.max_bytes:
        yield Problem(url, f"page larger than the {size_text(options.max_bytes)} limit (raise it with --max-bytes); skipped",
                      "too-large")
        return
    cut_short = announced is not None and size < announced
    if cut_short:
        yield Problem(url, f"the connection closed after {size_text(size)} of the {size_text(announced or 0)} the server "
                      "announced: the page is cut short, and is read as far as it came", "fetch", "warning")
    if encoding not in ("identity", "gzip", "x-gzip"):
        yield Problem(url, f"the server sent the page with Content-Encoding {encoding}, which storydesk cannot read; skipped",
                      "fetch")
        return
    suffix = _CONTENT_TYPES.get(ctype, ".txt" if ctype.startswith("text/") else None)
    if suffix is None and ctype:
        yield Problem(url, f"the page is {ctype}, not HTML, text or JSON; skipped", "not-text")
        return
    # No Content-Type: the text reader tells HTML from text. Gzip is recognised by its magic bytes in _read_bytes,
    # whether it came as Content-Encoding or as the file itself.
    for item in _read_bytes(b"".join(chunks), url, "page" + (suffix or ""), options):
        if isinstance(item, RawDocument):
            item.meta.setdefault("url", url)
        yield item


def _outside(link: Path, root: Path) -> Path | None:
    """Where a symbolic link inside the folder `root` points, when that is outside `root` (else None)."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):
        return None  # a loop: _read_path names it
    if not target.exists():
        return None  # a broken link: _read_path names it
    return None if target == root or root in target.parents else target


def _name(path: Path, options: IngestOptions) -> str:
    """How a file is named in problems and sources: relative to the display root when it is under it."""
    if options.display_root is not None and path.is_relative_to(options.display_root):
        return display_name(path.relative_to(options.display_root))
    return display_name(path)


def _read_path(path: Path, options: IngestOptions, seen: set[tuple[int, int]], root: Path | None = None) -> Iterator[Item]:
    name = _name(path, options)
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
        if root is None:
            root = path.resolve()
        try:
            children = sorted(path.iterdir(), key=lambda p: os.fsencode(p.name))
        except OSError as exc:
            yield Problem(name, f"cannot list folder: {exc.strerror}", "permission" if exc.errno == errno.EACCES else "os")
            return
        for child in children:
            if child.name.startswith("."):
                yield Problem(_name(child, options), "hidden file or folder skipped", "hidden", "warning")
                continue
            if child.is_symlink():
                target = _outside(child, root)
                if target is not None:
                    # A link out of the folder can pull any file of the machine into a report that is shared.
                    yield Problem(_name(child, options), f"symbolic link to {display_name(target)}, outside the folder "
                                  f"{display_name(root)}; not followed (pass the target itself to include it)",
                                  "symlink-outside", "warning")
                    continue
            yield from _read_path(child, options, seen, root)
        return
    if not path.is_file():
        yield Problem(name, "not a regular file (device, socket or pipe); skipped", "not-file")
        return
    if key in options.exclude:
        yield Problem(name, options.exclude[key], "excluded", "warning")
        return
    if st.st_size > options.max_bytes:
        yield Problem(name, f"file is {size_text(st.st_size)}, over the {size_text(options.max_bytes)} limit "
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


def size_text(n: int) -> str:
    """A byte count as a person reads it: 1000 bytes, 1.5 MB, 20 MB."""
    if n < 1_000_000:
        return f"{n} bytes"
    return f"{n / 1e6:.1f} MB".replace(".0 MB", " MB")


_CHUNK = 1 << 16


class Gunzipped(NamedTuple):
    data: bytes
    damage: str | None  # why reading stopped early, when it did
    over_limit: bool  # the decompressed text would be larger than the limit: reading stopped there


def gunzip(data: bytes, limit: int) -> Gunzipped:
    """Decompress every member of a gzip file (record-gzipped WARC and concatenated .gz files have many), as a
    stream that never holds more than `limit` + one chunk of output, so a small bomb cannot exhaust memory.

    Input is fed a chunk at a time, so neither many members nor a long file make a copy of the rest of the input.
    A truncated or damaged stream keeps what came before the damage."""
    out = bytearray()
    view = memoryview(data)
    pos = members = 0
    while pos < len(view):
        if members and view[pos:pos + 2] != b"\x1f\x8b":
            if not bytes(view[pos:]).strip(b"\x00"):
                break  # zero padding after the last member, as some writers leave
            return Gunzipped(bytes(out), f"{len(view) - pos} byte(s) after the gzip data are not gzip; ignored", False)
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while True:
                chunk = view[pos:pos + _CHUNK]
                piece = decompressor.decompress(chunk, _CHUNK)
                used = len(chunk) - len(decompressor.unconsumed_tail) - (len(decompressor.unused_data) if decompressor.eof else 0)
                pos += used
                out += piece
                if len(out) > limit:
                    return Gunzipped(b"", None, True)
                if decompressor.eof:
                    break
                if not piece and not used:
                    return Gunzipped(bytes(out), "truncated gzip (the archive ends early)", False)
        except zlib.error as exc:
            return Gunzipped(bytes(out), f"damaged gzip ({exc})", False)
        members += 1
    return Gunzipped(bytes(out), None, False)


def _read_bytes(data: bytes, name: str, filename: str | None, options: IngestOptions) -> Iterator[Item]:
    fmt, gz = format_for_name(filename or "")
    if data[:2] == b"\x1f\x8b":
        gz = True
    if gz:
        unzipped = gunzip(data, options.max_bytes)
        if unzipped.over_limit:
            yield Problem(name, f"decompressed size over the {size_text(options.max_bytes)} limit (raise it with --max-bytes); "
                          "skipped", "too-large")
            return
        data = unzipped.data
        if unzipped.damage:
            if not data:
                yield Problem(name, f"{unzipped.damage}; nothing could be read", "gzip")
                return
            yield Problem(name, f"{unzipped.damage}; used the {len(data)} bytes read before it", "gzip", "warning")
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
