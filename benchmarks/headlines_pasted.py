"""Headlines of pasted text (issue 33): a real article laid out as a person pastes it, its headline as the first line
and a blank line before the body, read as a plain-text file. Two figures per split:

- found: the title storydesk reads is the headline, exactly (the share of articles);
- false: the same article pasted without its headline line, a title is read all the same (its first paragraph taken
  for a headline; the share of articles).

PolNeAR (its text files open with the headline, as published) dev to develop the rule, test to report once.
Run as `python benchmarks/headlines_pasted.py [--split dev|test]`.
"""
from __future__ import annotations

import argparse
import glob
import time
from pathlib import Path

from common import record
from storydesk.extract import extract_safely
from storydesk.model import RawDocument

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "data"


def _title(name: str, text: str) -> str | None:
    doc, _ = extract_safely(RawDocument(name, text, "text"))
    return doc.title if doc is not None else None


def measure(split: str, show: int = 0) -> dict:
    files = sorted(glob.glob(str(DATA / split / "text" / "*.txt")))
    found = false = 0
    misses: list[tuple[str, str, str | None]] = []
    started = time.perf_counter()
    for f in files:
        text = Path(f).read_text(encoding="utf-8")
        headline, _, body = text.partition("\n")
        headline = headline.strip()
        got = _title(Path(f).name, text)
        if got == headline:
            found += 1
        else:
            misses.append(("missed", headline, got))
        without = _title(Path(f).name, body.lstrip("\n"))
        if without is not None:
            false += 1
            misses.append(("false", body.strip().split("\n", 1)[0][:120], without))
    for kind, line, got in misses[:show]:
        print(f"{kind:7} {line[:100]!r} -> {got!r}")
    n = len(files)
    return {"articles": n, "found": round(found / n, 3), "false": round(false / n, 3),
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["dev", "test", "train"], default="dev")
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    figures = measure(args.split, args.show)
    print(figures)
    record(f"headlines_pasted_polnear_{args.split}", figures)


if __name__ == "__main__":
    main()
