"""Documents and gold mentions from a coreference CoNLL file (doc id, sentence, token, word, chain marks), as the
Diverse_CDCR_datasets files hold NewsWCL50 and MEANTIME: a document's text is its tokens joined by spaces, one
sentence a line; "(chain", "chain)" and "(chain)" marks, several on a token separated by "|"."""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT / "src"))
from storydesk.model import Document


def read_conll(path: Path, keep: Callable[[str], bool], type_of: Callable[[str], str], language: str = "en",
               prefix: str = "") -> dict[str, list[tuple[Document, list[dict]]]]:
    """topic -> [(document, gold mentions {start, end, type, chain})] for the chains `keep` accepts."""
    docs: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sent, _tok, word, tags = (line.split("\t") + ["", ""])[:5]
        d = docs.setdefault(name, {"parts": [], "pos": 0, "sent": None, "open": defaultdict(list), "mentions": []})
        if d["sent"] is not None:
            sep = "\n" if d["sent"] != sent else " "
            d["parts"].append(sep)
            d["pos"] += 1
        d["sent"] = sent
        start, end = d["pos"], d["pos"] + len(word)
        d["parts"].append(word)
        d["pos"] = end
        for tag in (t.strip() for t in tags.split("|")) if tags.strip() not in ("", "-") else []:
            chain = tag.strip("()")
            if tag.startswith("("):
                d["open"][chain].append(start)
            if tag.endswith(")") and d["open"][chain]:
                s = d["open"][chain].pop()
                if keep(chain):
                    d["mentions"].append({"start": s, "end": end, "type": type_of(chain), "chain": chain})
    out: dict[str, list] = defaultdict(list)
    for name, d in docs.items():
        text = "".join(d["parts"]) + "\n"
        doc = Document(id=prefix + re.sub(r"\W+", "_", name), source=prefix + name, original=text, text=text,
                       language=language)
        out[name.split("/")[0]].append((doc, d["mentions"]))
    return out
