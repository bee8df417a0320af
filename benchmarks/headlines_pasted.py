"""Headlines of pasted text (issue 33): a real article laid out as a person pastes it, its headline as the first line
and a blank line before the body, read as a plain-text file. Two figures per set and split:

- found: the title storydesk reads is the headline, exactly (the share of articles);
- false: the same article pasted without its headline, a title is read all the same (its first remaining paragraph
  taken for a headline; the share of articles).

Sets, each with the headline marked by the corpus itself:
- polnear: its text files open with the headline, as published (dev to develop the rule, test to report once);
- meantime_en, meantime_es: Wikinews articles, English and their Spanish translations, sentence 0 the title and
  sentence 1 the date line (the uCDCR split: airbus and apple train, gm dev, stock test), laid out as
  title, blank line, date line, blank line, body; without its headline, the lede (the first body sentence) is pasted
  as a paragraph of its own above the rest of the body, with no date line, the hardest case for the rule.
ECB+ is left out: its "plus" files open with a URL and a time stamp in no fixed order, and no line is marked as the
headline. FRANK's articles carry no headline.

Run as `python benchmarks/headlines_pasted.py [--split dev|test|train] [--set polnear|meantime_en|meantime_es]`.
"""
from __future__ import annotations

import argparse
import glob
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, record
from storydesk.extract import extract_safely
from storydesk.model import RawDocument

POLNEAR = DATA / "polnear" / "data"
MEANTIME_TOPICS = {"train": ("airbus", "apple"), "dev": ("gm",), "test": ("stock",)}
SETS = ("polnear", "meantime_en", "meantime_es")


def _title(name: str, text: str) -> str | None:
    doc, _ = extract_safely(RawDocument(name, text, "text"))
    return doc.title if doc is not None else None


def pasted(name: str, split: str) -> Iterator[tuple[str, str, str, str]]:
    """(file name, headline, the article pasted with its headline, pasted without) for each article of a set and
    split."""
    if name == "polnear":
        for f in sorted(glob.glob(str(POLNEAR / split / "text" / "*.txt"))):
            text = Path(f).read_text(encoding="utf-8")  # as published: the headline's line, then the file's own layout
            headline, _, body = text.partition("\n")
            yield Path(f).name, headline.strip(), text, body.lstrip("\n")
        return
    from meantime_links import sentences_of
    for doc, sentences in sentences_of(name.rsplit("_", 1)[1]).items():
        if not any(f"corpus_{topic}/" in doc for topic in MEANTIME_TOPICS[split]):
            continue
        lines = [t for _, t in sentences]
        yield (doc.replace("/", "_") + ".txt", lines[0], "\n\n".join([lines[0], lines[1], " ".join(lines[2:])]),
               "\n\n".join([lines[2], " ".join(lines[3:])]))


def measure(name: str, split: str, show: int = 0) -> dict:
    found = false = n = 0
    misses: list[tuple[str, str, str | None]] = []
    started = time.perf_counter()
    for file, headline, text, body in pasted(name, split):
        n += 1
        got = _title(file, text)
        if got == headline.removesuffix(";").rstrip():  # a news database's headline-deck separator is no part of it
            found += 1
        else:
            misses.append(("missed", headline, got))
        without = _title(file, body)
        if without is not None:
            false += 1
            misses.append(("false", body.strip().split("\n", 1)[0][:120], without))
    for kind, line, got in misses[:show]:
        print(f"{kind:7} {line[:100]!r} -> {got!r}")
    return {"articles": n, "found": round(found / n, 3), "false": round(false / n, 3),
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["dev", "test", "train"], default="dev")
    parser.add_argument("--set", choices=SETS, action="append", help="one set (repeatable); all when left out")
    parser.add_argument("--show", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    for name in args.set or SETS:
        figures = measure(name, args.split, args.show)
        print(name, figures)
        record(f"headlines_pasted_{name}_{args.split}", figures)


if __name__ == "__main__":
    main()
