"""Output files written whole or not at all: next to the target, then renamed, so a killed run never leaves half a file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def atomic_stream(path: Path, write: Callable[[TextIO], object]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for sharing like any file the user writes
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    atomic_stream(path, lambda handle: handle.write(text))


def clear_leftovers(folder: Path, names: list[str]) -> None:
    """Remove the temporary files a killed run left while writing `names` (glob patterns allowed) in `folder`."""
    for name in names:
        for leftover in folder.glob(f".{name}.*"):
            leftover.unlink(missing_ok=True)
