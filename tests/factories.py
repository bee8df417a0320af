"""Records built by hand for the fast tests: raw articles, and a story through the per-document stages."""
from __future__ import annotations

from storydesk.model import Problem, RawDocument

RAID = ("PUERTO ALBA, March 4 (PWS) - Soldiers retook the San Telmo prison on Tuesday after a six-hour standoff, "
        "the army said. Officials said 12 inmates were moved to other prisons.\n\n"
        "\"We control every wing,\" said General Marta Ruiz. The ministry said the leader, Joaquín Vera, escaped.")
REWRITE = ("The army took back the San Telmo prison on Tuesday, officials said, after a standoff of six hours. "
           "Twelve inmates were moved to other prisons, according to officials.\n\n"
           "General Marta Ruiz said the army controls every wing. Joaquín Vera, the gang's leader, escaped.")
COPY = RAID.replace("PUERTO ALBA, March 4 (PWS) - ", "").replace("six-hour", "six hour") + \
    "\n\nThe prison held 900 inmates before the riot, a local rights group said."
OTHER = ("Residents of Costa Verde said on Wednesday that the port was closed for two days after a storm. "
         "The mayor said repairs would cost $2 million.")


def raw(source: str, text: str, **meta) -> RawDocument:
    return RawDocument(source=source, content=text, kind="text", meta=dict(meta))


def raws() -> list[RawDocument]:
    return [raw("wire.txt", RAID, published="2025-03-04", outlet="Wire"),
            raw("rewrite.txt", REWRITE, published="2025-03-05", outlet="Daily"),
            raw("copy.txt", COPY, outlet="Copier"),
            raw("other.txt", OTHER, published="2025-03-06", outlet="Coast News")]


def documents(items: list[RawDocument] | None = None):
    """The documents after the per-document stages (the engine's unit of work, in this process)."""
    from storydesk import codec
    from storydesk.engine import work

    out = work.documents(items or raws())
    problems = [p for r in out for p in r.problems if p.get("level") == "error"]
    assert not problems, problems
    return [codec.loads(r.record) for r in out if r.record]


def problem(source: str = "x.txt", code: str = "unreadable") -> Problem:
    return Problem(source, "could not be read", code)
