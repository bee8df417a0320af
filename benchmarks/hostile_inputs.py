"""What hostile inputs cost (issue 19): a gzip bomb's peak memory, and the time of pathological texts.

- `bomb`: `storydesk extract` of a 1 GiB gzip bomb (about 1 MB on disk) beside one good file, with the default
  --max-bytes (20 MB); the peak memory of the process (its ru_maxrss), against an empty run of the same command.
- `token`: the cleaning of one 1,000,000-character token, and `storydesk analyze` of a document made of it.
- `dots`: the sentence splitter on 1,000,000 dots.

Each command runs with a limit (--limit seconds); one that does not finish is reported as over the limit.
Run as `python hostile_inputs.py [--limit 600]`; with PYTHONPATH pointing at another checkout, it measures that one.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from common import record

CLI = [sys.executable, "-m", "storydesk.cli"]
GOOD = ("PUERTO ALBA, Costa Verde (PWS) — Security forces retook the San Telmo prison on Tuesday after a standoff with "
        "inmates, the Interior Ministry said. The prison held 3,200 inmates, according to the penitentiary institute.\n")


def timed(cmd: list[str], limit: float) -> dict:
    """Wall time and peak memory of one command in a child process."""
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              f"p = subprocess.run({cmd!r}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout={limit}); "
              "print(p.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    try:
        out = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=limit + 30)
        code, seconds, kb = out.stdout.split()
        return {"returncode": int(code), "seconds": round(float(seconds), 2), "peak_mb": round(int(kb) / 1024)}
    except (subprocess.TimeoutExpired, ValueError):
        return {"over_limit_s": limit}


def in_process(code: str, limit: float) -> dict:
    script = f"import time; {code.splitlines()[0]}\nt = time.perf_counter()\n{code.splitlines()[1]}\nprint(time.perf_counter() - t)"
    try:
        out = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=limit)
        return {"seconds": round(float(out.stdout.split()[-1]), 3)}
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return {"over_limit_s": limit}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=600)
    args = parser.parse_args()
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.txt").write_text(GOOD, "utf-8")
        squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
        with (folder / "bomb.txt.gz").open("wb") as fh:
            for _ in range(1024):
                fh.write(squeeze.compress(b"\0" * (1 << 20)))
            fh.write(squeeze.flush())
        figures["bomb_file_mb"] = round((folder / "bomb.txt.gz").stat().st_size / 1e6, 2)
        figures["bomb_extract"] = timed([*CLI, "extract", "-q", str(folder / "good.txt"), str(folder / "bomb.txt.gz")], args.limit)
        figures["no_bomb_extract"] = timed([*CLI, "extract", "-q", str(folder / "good.txt")], args.limit)
        (folder / "token.txt").write_text(GOOD + "\n" + "a" * 1_000_000 + "\n", "utf-8")
        figures["token_clean"] = in_process("from storydesk.extract.clean import clean; s = 'a' * 1_000_000\nclean(s, [(0, len(s))])",
                                            args.limit)
        figures["token_analyze"] = timed([*CLI, "analyze", "-q", "--workers", "1", "--max-bytes", "5000000", "--out",
                                          str(folder / "out"), str(folder / "token.txt")], args.limit)
        figures["dots_split"] = in_process("from storydesk.sentences import split; s = '.' * 1_000_000\nsplit(s)", args.limit)
    record("hostile_inputs", figures)


if __name__ == "__main__":
    main()
