"""A translator that fails (exits non-zero, prints bytes that are not UTF-8 or the wrong number of lines, hangs) costs
a bounded time and a warning; the story is analysed with its languages kept apart. A fake `apertium` on PATH plays
each fault; the real one is the default everywhere else."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import CLI
from storydesk import translate
from storydesk.pipeline import DEMO_CORPUS

FAKE = textwrap.dedent("""\
    #!{python}
    import os, sys, time
    if sys.argv[1:] == ["-l"]:
        print("eng-spa\\nspa-eng")
        sys.exit(0)
    fault = os.environ.get("FAKE_APERTIUM", "fail")
    lines = sys.stdin.read().split("\\n")
    with open(os.environ["FAKE_APERTIUM_LOG"], "a") as log:
        log.write("call\\n")
    if fault == "fail":
        sys.stderr.write("apertium: could not load the mode file\\n")
        sys.exit(3)
    if fault == "bytes":
        sys.stdout.buffer.write(b"\\xff\\xfe caf\\xe9\\n" * len(lines))
    elif fault == "lines":
        sys.stdout.write("\\n".join(line + "\\nextra" for line in lines))
    elif fault == "hang":
        time.sleep(600)
""")


@pytest.fixture
def fake(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "apertium"
    script.write_text(FAKE.format(python=sys.executable))
    script.chmod(0o755)
    log = tmp_path / "calls.log"
    log.touch()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_APERTIUM_LOG", str(log))
    translate._modes.cache_clear()
    translate._cache.clear()
    translate.reset()
    yield log
    translate._modes.cache_clear()
    translate._cache.clear()
    translate.reset()


@pytest.mark.parametrize("fault, said", [("fail", "exit status 3: apertium: could not load the mode file"),
                                         ("bytes", "not UTF-8"),
                                         ("lines", "wrong number of lines"),
                                         ("hang", "did not answer within 2 s")])
def test_a_failing_translator_opens_the_circuit(fake, monkeypatch, fault, said):
    monkeypatch.setenv("FAKE_APERTIUM", fault)
    translate.reset(budget_s=2)
    sentences = [f"Los reos número {n} se fugaron del penal." for n in range(30)]
    started = time.monotonic()
    with pytest.raises(translate.Unavailable, match=said):
        translate.translate(sentences, "es")
    assert time.monotonic() - started < 10
    assert not translate.available("es")
    assert said in translate.why()
    calls = fake.read_text().count("call")
    with pytest.raises(translate.Unavailable):  # not called again in this run
        translate.translate(["Otra frase distinta."], "es")
    assert fake.read_text().count("call") == calls
    translate.reset()  # the next run tries it again
    assert translate.available("es")


def test_a_story_is_analysed_with_its_languages_apart_when_the_translator_hangs(fake, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_APERTIUM", "hang")
    monkeypatch.setenv("STORYDESK_TRANSLATOR_SECONDS", "3")
    out = tmp_path / "out"
    started = time.monotonic()
    done = subprocess.run([*CLI, "analyze", "--one-story", "--workers", "1",
                           str(DEMO_CORPUS / "el-faro-del-sur-fuga.txt"), str(DEMO_CORPUS / "cv-tribune-escape.md"),
                           "--out", str(out)], check=False, capture_output=True, text=True, timeout=600,
                          env=os.environ.copy())
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    story = json.loads((out / "story.json").read_text())["stories"][0]
    assert len(story["documents"]) == 2
    warnings = [e for e in story["errors"] if e["code"] == "translation-missing"]
    assert warnings and "did not answer within 3 s" in warnings[0]["reason"]
    assert "did not answer within 3 s" in done.stderr
    # one wait for the whole run (the document workers and the story stage are one process here), not one per call
    assert fake.read_text().count("call") == 1
    assert took < 300
