"""The README documents every command and every option the CLI has, and ARCHITECTURE.md names every stage."""
from __future__ import annotations

import click

from conftest import ROOT
from storydesk.cli import main
from storydesk.pipeline import STAGES

README = (ROOT / "README.md").read_text("utf-8")
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text("utf-8")


def _usage(name: str) -> str:
    """The command's usage lines in the README's CLI block (its line and the indented lines after it)."""
    block = README.split("## The CLI", 1)[1].split("```", 2)[1]
    out, inside = [], False
    for line in block.splitlines():
        if line.startswith("storydesk "):
            inside = line.startswith(f"storydesk {name} ")
        if inside:
            out.append(line)
    return "\n".join(out)


def test_every_command_and_option_is_in_the_readme():
    missing = []
    for name, command in sorted(main.commands.items()):
        usage = _usage(name)
        if not usage:
            missing.append(f"storydesk {name}")
        for param in command.params:
            if isinstance(param, click.Option) and not any(f"[{opt}" in usage or f" {opt} " in usage or f" {opt}]" in usage
                                                           for opt in param.opts):
                missing.append(f"storydesk {name} {'/'.join(param.opts)}")
        if f"`storydesk {name}`" not in README:
            missing.append(f"a paragraph on `storydesk {name}`")
    assert not missing, "not in README.md: " + ", ".join(missing)


def test_every_stage_is_in_the_architecture_page_in_order():
    table = [line for line in ARCHITECTURE.splitlines() if line.startswith("| `")]
    names = [line.split("`")[1] for line in table]
    assert [n for n in names if n in {s.name for s in STAGES}] == [s.name for s in STAGES]
    for stage in STAGES:
        row = next(line for line in table if line.startswith(f"| `{stage.name}`"))
        for field in stage.assigns:
            assert field in row, f"ARCHITECTURE.md: stage {stage.name} writes {field}"
