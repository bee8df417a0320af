"""Corpora the scale benchmarks share, built from the public data (written under benchmarks/.cache, not committed).

- `polnear()`: the 1,008 PolNeAR articles (train, dev and test text folders).
- `firehose10k()`: 10,000 articles as one firehose JSON Lines file:
  the 1,008 PolNeAR articles, the 2,587 FNC-1 article bodies (train and competition test), the 4,448 ARC bodies,
  the 276 TempEval-3 documents (text of the TimeML), the 181 Scrapinghub article pages (HTML), the 500 FRANK
  CNN/DailyMail and XSum source articles, and 1,000 wire copies: PolNeAR articles re-sent by another outlet with a
  new headline and the last paragraph cut (copies are a firehose's everyday mess). `firehose10k(1000)` is every
  tenth record of it: the same mix, a tenth of the volume (so fewer of a copy's sources come with it).
- `clustering(split)`: the stories we wrote (benchmarks/firehose/<split>/<story>/) mixed with distractors
  (dev: PolNeAR dev + FRANK's even-numbered CNN/DailyMail articles; test: PolNeAR test + the odd-numbered ones;
  FNC-1 bodies were tried first and dropped: they come in same-story groups, which singleton gold calls errors), with gold labels
  by construction: each written story is one label, and every distractor is its own story.
"""
from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import json
import os
import re
from pathlib import Path

from common import DATA, ROOT, require

CACHE = ROOT / "benchmarks" / ".cache"
FIREHOSE = ROOT / "benchmarks" / "firehose"
csv.field_size_limit(1 << 30)


def polnear() -> list[str]:
    base = require(DATA / "polnear" / "data")
    return [str(base / split / "text") for split in ("train", "dev", "test")]


def _bodies(name: str) -> list[str]:
    with gzip.open(require(DATA / "nli" / name), "rt", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return [r[-1] for r in rows[1:] if r and r[-1].strip()]


def _tml_text(path: str) -> str:
    raw = Path(path).read_text(encoding="utf-8")
    m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    return re.sub(r"<[^>]+>", "", m.group(1) if m else raw).strip()


def _frank() -> list[str]:
    out = []
    for path in sorted(glob.glob(str(require(DATA / "frank" / "data" / "articles_with_model_summaries__from_commit_5860706") / "*.json"))):
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        text = record.get("article") or " ".join(record.get("article_lines") or [])
        if text:
            out.append(text)
    return out


FULL = 10_000


SHARD = 250  # records per JSON Lines file, each under the 20 MB a file may have (1,000 put 34.9 MB of HTML in one)


def firehose10k(n: int = FULL) -> Path:
    """A folder of JSON Lines shards (firehose-<n>/part-NN.jsonl) holding the n records."""
    target = CACHE / f"firehose-{n}"
    if target.is_dir() and any(target.iterdir()):
        return target
    target.mkdir(parents=True, exist_ok=True)
    records = []
    pol = sorted(p for folder in polnear() for p in glob.glob(os.path.join(folder, "*.txt")))
    for p in pol:
        records.append({"id": Path(p).name, "text": Path(p).read_text(encoding="utf-8")})
    for name in ("fnc1/train_bodies.csv.gz", "fnc1/competition_test_bodies.csv.gz", "arc_stance/arc_bodies.csv.gz"):
        records.extend({"id": f"{name}:{i}", "text": t} for i, t in enumerate(_bodies(name)))
    for p in sorted(glob.glob(str(require(DATA / "tempeval3")) + "/**/*.tml", recursive=True)):
        records.append({"id": p, "text": _tml_text(p)})
    for p in sorted(glob.glob(str(require(DATA / "scrapinghub" / "html")) + "/*")):
        raw = Path(p).read_bytes()
        if p.endswith(".gz"):
            raw = gzip.decompress(raw)
        records.append({"id": p, "html": raw.decode("utf-8", "replace")})
    records.extend({"id": f"frank:{i}", "text": t} for i, t in enumerate(_frank()))
    copies = []
    for i, p in enumerate(pol * 2):
        if len(records) + len(copies) >= FULL:
            break
        paras = [x for x in Path(p).read_text(encoding="utf-8").split("\n\n") if x.strip()]
        if len(paras) < 3:
            continue
        copies.append({"id": f"copy:{i}", "title": f"Wire: {paras[0][:60]}", "outlet": "Syndicate Wire",
                       "text": "\n\n".join(paras[:-1])})
    records = (records + copies)[:FULL]
    if n < len(records):  # a smaller firehose of the same mix: every (FULL / n)-th record of the full one
        step = len(records) / n
        records = [records[int(i * step)] for i in range(n)]
    for at in range(0, len(records), SHARD):
        _write_shard(target / f"part-{at // SHARD:02d}.jsonl", records[at:at + SHARD])
    return target


def _write_shard(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for r in records:
            rid = r.pop("id")
            r.setdefault("url", f"https://bench.invalid/{hashlib.sha1(rid.encode()).hexdigest()[:12]}")  # same on every build
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")


def clustering(split: str) -> tuple[list[str], dict[str, str]]:
    """(sources to read, gold: source path -> story label); distractors are labelled by their own path."""
    stories = sorted(p for p in (FIREHOSE / split).iterdir() if p.is_dir())
    gold = {str(f): s.name for s in stories for f in sorted(s.iterdir())}
    sources = list(gold)
    if split == "dev":
        demo = ROOT / "src" / "storydesk" / "demo" / "corpus"
        sources.append(str(demo))
        gold["demo:"] = "demo"  # every demo source maps here (see label())
    gold.update({"same:" + key: story for key, story in same_story(split).items()})
    base = require(DATA / "polnear" / "data" / split / "text")
    distractors = CACHE / f"distractors-{split}.jsonl"
    CACHE.mkdir(parents=True, exist_ok=True)
    bodies = _frank()[0 if split == "dev" else 1::2]  # FRANK's CNN/DailyMail articles, alternating between the splits
    with open(distractors, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"text": t}) + "\n" for t in bodies)
    return [*sources, str(base), str(distractors)], gold


def same_story(split: str) -> dict[str, str]:
    """Distractors a desk would follow as one story (benchmarks/firehose/same_story.json): key -> story label."""
    groups = json.loads((FIREHOSE / "same_story.json").read_text(encoding="utf-8"))[split]
    return {key: f"same:{name}" for name, keys in groups.items() for key in keys}


def distractor_key(source: str) -> str:
    """A distractor's key in same_story.json: a PolNeAR file's name, or a FRANK record as `distractors-<split>.jsonl:<line>`."""
    return source.replace("\\", "/").split("/")[-1]


def label(source: str, gold: dict[str, str]) -> str:
    if not source.startswith("/") and "://" not in source:  # read with display_root "/": the path without its first "/"
        source = "/" + source
    if source in gold:
        return gold[source]
    if "/demo/corpus/" in source:
        return "demo"
    if (same := gold.get("same:" + distractor_key(source))) is not None:
        return same
    return "distractor:" + source
