"""The training and held-out pairs of the cross-encoder verifier, from ../shared/data (the data recipe).

    python training/verifier/build_pairs.py        # writes training/verifier/data/{train,heldout_*}.jsonl

Each line: {"premise", "hypothesis", "label": 0 entails | 1 neutral | 2 contradicts, "source"}.
Which sets, how many pairs and under which licence: see MODEL_CARD.md. Nothing from a test split is trained on:
SNLI test, MNLI dev (matched and mismatched) and a fifth of VitaminC (by case id) are held out for evaluation only.
FRANK test, QAGS, MRPC and XSumFaith are not read at all.
"""
from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
NLI = DATA / "nli"
OUT = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(ROOT / "src"))
from storydesk.sentences import split

ENTAILS, NEUTRAL, CONTRADICTS = 0, 1, 2
LABELS = {"entailment": ENTAILS, "neutral": NEUTRAL, "contradiction": CONTRADICTS,
          "SUPPORTS": ENTAILS, "NOT ENOUGH INFO": NEUTRAL, "REFUTES": CONTRADICTS}
SEED = 13

csv.field_size_limit(1 << 30)
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "-COLON-": ":", "``": '"',
        "''": '"'}


def _clean(text: str) -> str:
    for k, v in _PTB.items():
        text = text.replace(k, v)
    text = re.sub(r"\s+([,.;:!?)\]'])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return " ".join(text.split())


def _held_out(key: str, share: float = 0.2) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def _lines(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        yield from handle


def pair(premise: str, hypothesis: str, label: int, source: str) -> dict:
    return {"premise": _clean(premise), "hypothesis": _clean(hypothesis), "label": label, "source": source}


# -- FEVER train (CC BY-SA 3.0): claim against its gold evidence; NEI claims against another claim's evidence -------

def fever(rng: random.Random, caps: dict[int, int]) -> list[dict]:
    rows = list(csv.DictReader(_lines(NLI / "fever_train" / "fever_train_claims_with_gold_evidence.csv.gz")))
    rng.shuffle(rows)
    evidence = [" ".join(ast.literal_eval(r["evidence"])) for r in rows if r["label"] != "NOT ENOUGH INFO"]
    out, counts = [], {ENTAILS: 0, NEUTRAL: 0, CONTRADICTS: 0}
    for r in rows:
        label = LABELS[r["label"]]
        if counts[label] >= caps[label]:
            continue
        if label == NEUTRAL:
            premise = rng.choice(evidence)
        else:
            sentences = ast.literal_eval(r["evidence"])
            if not sentences:
                continue
            premise = " ".join(sentences)
        out.append(pair(premise, r["claim"], label, "fever_train"))
        counts[label] += 1
    return out


# -- VitaminC (CC BY-SA 3.0): contrastive Wikipedia revisions; a fifth of the cases held out -------------------------

def vitaminc() -> tuple[list[dict], list[dict]]:
    train, held = [], []
    for name in ("vitaminc_real__test.jsonl.gz", "vitaminc_synthetic__test.jsonl.gz"):
        for line in _lines(NLI / "vitaminc" / name):
            r = json.loads(line)
            p = pair(r["evidence"], r["claim"], LABELS[r["label"]], "vitaminc")
            (held if _held_out(r["case_id"]) else train).append(p)
    return train, held


# -- SNLI dev, CAD-SNLI train, Breaking NLI (CC BY-SA 4.0; CAD: Apache-2.0) --------------------------------------

def _tsv(path: Path, premise: str, hypothesis: str, label: str, source: str) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for r in csv.DictReader(handle, delimiter="\t"):
            if r.get(label) in LABELS and r.get(premise) and r.get(hypothesis):
                yield pair(r[premise], r[hypothesis], LABELS[r[label]], source)


def general() -> list[dict]:
    out = list(_tsv(NLI / "snli" / "snli_dev.tsv.gz", "premise", "hypothesis", "label", "snli_dev"))
    out += _tsv(NLI / "cad_snli" / "all_combined__train.tsv", "sentence1", "sentence2", "gold_label", "cad_snli_train")
    for line in _lines(NLI / "breaking_nli" / "dataset.jsonl.gz"):
        r = json.loads(line)
        if r["gold_label"] in LABELS:
            out.append(pair(r["sentence1"], r["sentence2"], LABELS[r["gold_label"]], "breaking_nli"))
    return out


def heldout_general() -> dict[str, list[dict]]:
    snli = list(_tsv(NLI / "snli" / "snli_test.tsv.gz", "premise", "hypothesis", "label", "snli_test"))
    mnli = mnli_dev()
    return {"snli_test": snli, "mnli_dev": mnli, "mnli_dev_mismatched": mnli[MNLI_MATCHED:]}


MNLI_MATCHED = 9815  # the file is dev-matched (9,815 labelled rows: fiction, government, slate, telephone, travel)
#                      followed by dev-mismatched (9,832: letters, 9/11 report, face-to-face, OUP, verbatim)


def mnli_dev() -> list[dict]:
    out = []
    with gzip.open(NLI / "mnli" / "mnli_dev_matched_plus_mismatched.csv.gz", "rt", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            out.append(pair(r["premise"], r["hypothesis"], LABELS.get(r["label"], -1), "mnli_dev"))
    assert len(out) == 19647, len(out)
    return [p for p in out if p["label"] >= 0]


# -- news sentences changed on purpose (PolNeAR train, FRANK valid articles), FactCC-style --------------------------

_NUM = re.compile(r"\b\d[\d,.]*\b")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_BE = re.compile(r"\b(is|was|are|were|has|have|had|will|can|did)\b")
_ENDED = re.compile(r"\b(retook|recaptured|ended|freed|released|withdrew|left|closed|lifted)\b")


def _articles() -> Iterator[str]:
    for path in sorted((DATA / "polnear" / "data" / "train" / "text").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    labels = json.loads((DATA / "frank" / "data" / "human_annotations.json").read_text())
    folder = DATA / "frank" / "data" / "articles_with_model_summaries__from_commit_5860706"
    for h in sorted({r["hash"] for r in labels if r["split"] == "valid"}):
        yield json.loads((folder / f"{h}.json").read_text())["article"]


def _changed(sentence: str, names: list[str], rng: random.Random) -> tuple[str, str] | None:
    """The sentence with one fact changed, and how."""
    choices = []
    if nums := [m for m in _NUM.finditer(sentence) if m.group(0).replace(",", "").replace(".", "").isdigit()]:
        choices.append("number")
    if _MONTH.search(sentence):
        choices.append("month")
    own = _NAME.findall(sentence)
    if own and any(n not in own for n in names):
        choices.append("name")
    if _BE.search(sentence):
        choices.append("negation")
    if _ENDED.search(sentence):
        choices.append("still")
    if not choices:
        return None
    kind = rng.choice(choices)
    if kind == "number":
        m = rng.choice(nums)
        value = int(re.sub(r"\D", "", m.group(0)) or 0)
        new = value + rng.choice([1, 2, 3, 5, 10, 100]) * rng.choice([1, -1]) if value > 10 else value + rng.randint(1, 4)
        if new <= 0:
            new = value + 7
        text = f"{new:,}" if "," in m.group(0) else str(new)
        return sentence[:m.start()] + text + sentence[m.end():], kind
    if kind == "month":
        m = _MONTH.search(sentence)
        assert m
        other = rng.choice([x for x in _MONTHS if x != m.group(0)])
        return sentence[:m.start()] + other + sentence[m.end():], kind
    if kind == "name":
        old = rng.choice(own)
        new_name = rng.choice([n for n in names if n not in own])
        return sentence.replace(old, new_name, 1), kind
    if kind == "negation":
        m = _BE.search(sentence)
        assert m
        return sentence[:m.end()] + " not" + sentence[m.end():], kind
    m = _ENDED.search(sentence)
    assert m
    return sentence[:m.start()] + "still has not " + {"retook": "retaken", "recaptured": "recaptured", "ended": "ended",
                                                      "freed": "freed", "released": "released", "withdrew": "withdrawn",
                                                      "left": "left", "closed": "closed", "lifted": "lifted"}[m.group(0)] \
        + sentence[m.end():], kind


def _news_articles() -> Iterator[tuple[str, list[str], list[str]]]:
    """Each news article of at least four usable sentences: its text on one line, its sentences of 40 to 300
    characters, and the capitalised names it uses (the replacements of a changed name)."""
    for article in _articles():
        text = " ".join(article.split())
        sentences = [text[a:b].strip() for a, b in split(text) if 40 <= len(text[a:b].strip()) <= 300]
        if len(sentences) >= 4:
            yield text, sentences, sorted(set(_NAME.findall(article)))


def news(rng: random.Random, per_label: int) -> list[dict]:
    out: dict[int, list[dict]] = {ENTAILS: [], NEUTRAL: [], CONTRADICTS: []}
    for text, sentences, names in _news_articles():
        for i in rng.sample(range(len(sentences)), min(15, len(sentences))):
            window = " ".join(sentences[max(0, i - 1):i + 1]) if rng.random() < 0.5 else sentences[i]
            roll = rng.random()
            if roll < 0.34:
                out[ENTAILS].append(pair(window, sentences[i], ENTAILS, "news_same"))
            elif roll < 0.67:
                far = [j for j in range(len(sentences)) if abs(j - i) > 2]
                if far:
                    out[NEUTRAL].append(pair(window, sentences[rng.choice(far)], NEUTRAL, "news_other_sentence"))
            else:
                changed = _changed(sentences[i], names, rng)
                if changed:
                    out[CONTRADICTS].append(pair(window, changed[0], CONTRADICTS, f"news_{changed[1]}"))
    return [p for label in out for p in out[label][:per_label]]


# -- round 2: news sentences with a clause dropped (entails), a number taken from elsewhere (contradicts) -------------

_ATTRIBUTION = re.compile(r",? (?:according to [^,.]+|[A-Z]?[a-z]* ?(?:officials?|police|authorities|he|she|they|"
                          r"[A-Z][a-z]+(?: [A-Z][a-z]+)*) (?:said|says|told [^,.]+|reported|added))\.$")


_LEAD = re.compile(r"(?:On|In|At|As|After|Before|During|Last|Earlier|Later|Since|By|From|Over) ")


def news_round2(rng: random.Random, per_label: int) -> list[dict]:
    """Round 2's news pairs: the rules of round 1 with another seed, plus the attribution or the leading clause
    dropped from the sentence (it still entails), and a number swapped for another number of the same article."""
    out: dict[int, list[dict]] = {ENTAILS: [], NEUTRAL: [], CONTRADICTS: []}
    for text, sentences, names in _news_articles():
        numbers = sorted({m.group(0) for m in _NUM.finditer(text) if m.group(0)[-1].isdigit()})
        for i in rng.sample(range(len(sentences)), min(12, len(sentences))):
            lo, hi = max(0, i - rng.choice([0, 1, 2])), min(len(sentences), i + 1 + rng.choice([0, 0, 1]))
            window = " ".join(sentences[lo:hi])
            s = sentences[i]
            roll = rng.random()
            if roll < 0.34:
                short = _ATTRIBUTION.sub(".", s)
                if short == s and _LEAD.match(s) and ", " in s[:len(s) // 2] and rng.random() < 0.5:
                    short = s[s.index(", ") + 2:]
                    short = short[:1].upper() + short[1:]
                out[ENTAILS].append(pair(window, short, ENTAILS, "news_shortened" if short != s else "news_same"))
            elif roll < 0.67:
                far = [j for j in range(len(sentences)) if abs(j - i) > 2]
                if far:
                    out[NEUTRAL].append(pair(window, sentences[rng.choice(far)], NEUTRAL, "news_other_sentence"))
            else:
                own = [m for m in _NUM.finditer(s) if m.group(0)[-1].isdigit()]
                others = [n for n in numbers if not any(n == m.group(0) for m in own)]
                if own and others and rng.random() < 0.4:
                    m = rng.choice(own)
                    out[CONTRADICTS].append(pair(window, s[:m.start()] + rng.choice(others) + s[m.end():],
                                                 CONTRADICTS, "news_other_number"))
                elif changed := _changed(s, names, rng):
                    out[CONTRADICTS].append(pair(window, changed[0], CONTRADICTS, f"news_{changed[1]}"))
    return [p for label in out for p in out[label][:per_label]]


def round2(rng: random.Random, vit_train: list[dict]) -> list[dict]:
    """The second training round, which goes on from round 1's weights: MNLI dev-matched twice (the only
    multi-genre text there is; dev-mismatched stays held out), FEVER and VitaminC pairs round 1 did not see, the
    general sets again, and round 2's news pairs."""
    matched = mnli_dev()[:MNLI_MATCHED]
    matched = [p for p in matched if p["label"] >= 0]
    fever_pairs = fever(random.Random(SEED + 1), {ENTAILS: 12000, NEUTRAL: 8000, CONTRADICTS: 10000})
    return (matched + [dict(p) for p in matched] + fever_pairs + vit_train[20000:] + general()
            + news_round2(rng, 5000))


def main() -> None:
    rng = random.Random(SEED)
    if "--round2" in sys.argv:
        vit_train, _ = vitaminc()
        random.Random(SEED).shuffle(vit_train)  # the same order as round 1, whose first 20,000 it trained on
        train = round2(random.Random(SEED + 2), vit_train)
        rng.shuffle(train)
        with open(OUT / "train_round2.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in train)
        counts: dict[str, int] = {}
        for p in train:
            counts[p["source"]] = counts.get(p["source"], 0) + 1
        held = heldout_general()["mnli_dev_mismatched"]
        with open(OUT / "heldout_mnli_dev_mismatched.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in held)
        json.dump({"train_round2": len(train), "heldout_mnli_dev_mismatched": len(held),
                   "by_source": dict(sorted(counts.items()))}, sys.stdout, indent=1)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    vit_train, vit_held = vitaminc()
    rng.shuffle(vit_train)
    # about 80,000 pairs: what two cores train in under an hour (one epoch)
    train = (fever(rng, {ENTAILS: 10000, NEUTRAL: 6000, CONTRADICTS: 8000}) + vit_train[:20000] + general()
             + news(rng, 4000))
    rng.shuffle(train)
    sizes = {"train": len(train)}
    with open(OUT / "train.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in train)
    for name, items in {"vitaminc": vit_held, **heldout_general()}.items():
        with open(OUT / f"heldout_{name}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in items)
        sizes[f"heldout_{name}"] = len(items)
    by_source: dict[str, int] = {}
    for p in train:
        by_source[p["source"]] = by_source.get(p["source"], 0) + 1
    json.dump({"sizes": sizes, "train_by_source": dict(sorted(by_source.items()))}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
