"""storydesk.check and `storydesk check`: per-sentence verdicts, evidence offsets, repetition, plug-ins."""
from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

import storydesk
from conftest import CLI
from storydesk.verify.features import NAMES
from storydesk.verify.plugins import LLMConfig
from storydesk.verify.verifiers import VERIFIERS, VerifyOptions, load_weights

SOURCE_A = ("Security forces retook the San Telmo prison on Tuesday after a 14-hour standoff with inmates. "
            "About 2,000 soldiers and police officers entered the prison before dawn. "
            "Officials said two inmates were killed and nine soldiers were wounded during the operation.")
SOURCE_B = ("The operation ended inmate control of the prison. Prison director Héctor Saldaña was suspended on Wednesday.")


def _labels(result):
    return [s.label for s in result.sentences]


def test_supported_contradicted_and_unsupported_sentences():
    summary = ("About 2,000 soldiers and police officers entered the prison before dawn. "
               "About 5,000 soldiers and police officers entered the prison before dawn. "
               "The president resigned after a scandal over fishing rights in the northern islands.")
    result = storydesk.check(summary, [SOURCE_A, SOURCE_B])
    assert _labels(result) == ["supported", "contradicted", "unsupported"]
    assert not result.consistent
    contradicted = result.sentences[1]
    assert any("5,000 soldiers" in r for r in contradicted.reasons)
    assert contradicted.evidence and "2,000" in contradicted.evidence[0]["text"]


def test_a_second_summary_against_the_same_sources_does_not_embed_them_again():
    from storydesk.verify.check import SOURCE_MEMORY

    SOURCE_MEMORY.forget()
    first = storydesk.check("About 2,000 soldiers and police officers entered the prison before dawn.", [SOURCE_A, SOURCE_B])
    embedded = SOURCE_MEMORY.embedded
    assert embedded >= 4  # the sources' sentences, once
    second = storydesk.check("Prison director Héctor Saldaña was suspended on Wednesday.", [SOURCE_A, SOURCE_B])
    assert SOURCE_MEMORY.embedded == embedded
    assert _labels(first) == _labels(second) == ["supported"]
    # a source with one more sentence embeds that sentence alone
    storydesk.check("Two inmates were killed.", [SOURCE_A, SOURCE_B + " Visits were suspended for a month."])
    assert SOURCE_MEMORY.embedded == embedded + 1


def test_the_memory_of_source_sentences_forgets_the_oldest_past_its_size():
    from storydesk.embedder import Remembered

    memory = Remembered(3)
    out = memory.vectors(["one", "two", "three", "four"])
    assert len(out) == 4 and memory.embedded == 4  # every text asked for is answered, whatever the size
    memory.vectors(["four"])  # remembered
    assert memory.embedded == 4
    memory.vectors(["one"])  # the oldest was forgotten
    assert memory.embedded == 5


def test_a_state_said_to_go_on_is_contradicted_by_its_end():
    result = storydesk.check("The prison remains under the control of the inmates.", [SOURCE_B])
    assert _labels(result) == ["contradicted"]
    assert any("ended" in r for r in result.sentences[0].reasons)


def test_offsets_point_into_summary_and_sources():
    summary = "Intro words here.  Prison director Héctor Saldaña was suspended on Wednesday."
    result = storydesk.check(summary, [SOURCE_A, SOURCE_B])
    last = result.sentences[-1]
    assert summary[last.start:last.end] == last.text
    sources = {"source-1": SOURCE_A, "source-2": SOURCE_B}
    for e in last.evidence:
        assert sources[e["doc"]][e["start"]:e["end"]] == e["text"]
    assert last.label == "supported" and last.evidence[0]["doc"] == "source-2"
    assert 0.0 <= last.score <= 1.0 and set(last.features) == set(NAMES)


def test_repeated_sentences_are_flagged():
    summary = ("Prison director Héctor Saldaña was suspended on Wednesday. Two inmates were killed. "
               "Prison director Héctor Saldaña was suspended on Wednesday.")
    result = storydesk.check(summary, [SOURCE_A, SOURCE_B])
    assert [s.repetition_of for s in result.sentences] == [None, None, 0]


def test_the_registry_names_every_verifier_and_weights_match_features():
    assert list(VERIFIERS) == ["structured", "learned", "nli", "llm"]
    w = load_weights()
    assert set(w["features"]) <= set(NAMES) and len(w["coef"]) == len(w["features"])
    assert 0.0 < w["threshold"] < 1.0 and "FRANK valid" in w["trained_on"]


def test_cli_check_json(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SOURCE_B, encoding="utf-8")
    (tmp_path / "summary.txt").write_text("Two inmates were killed. A reward of $5 million was offered.", encoding="utf-8")
    done = subprocess.run([*CLI, "check", str(tmp_path / "summary.txt"), "--against", str(tmp_path / "a.txt"),
                           "--against", str(tmp_path / "b.txt"), "--json"], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [s["label"] for s in out["sentences"]] == ["supported", "unsupported"]
    assert out["sentences"][0]["evidence"][0]["doc"].endswith("a.txt")


def test_cli_check_names_a_missing_source_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE_A, encoding="utf-8")
    (tmp_path / "summary.txt").write_text("Two inmates were killed.", encoding="utf-8")
    done = subprocess.run([*CLI, "check", str(tmp_path / "summary.txt"), "--against", str(tmp_path / "a.txt"),
                           "--against", str(tmp_path / "missing.txt")], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "missing.txt" in done.stderr
    assert "[supported]" in done.stdout


def test_cli_check_takes_several_sources_after_one_flag_or_as_arguments(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SOURCE_B, encoding="utf-8")
    summary = tmp_path / "summary.txt"
    summary.write_text("Prison director Héctor Saldaña was suspended on Wednesday.", encoding="utf-8")
    for args in (["--against", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                 [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]):
        done = subprocess.run([*CLI, "check", str(summary), *args, "--json"], check=False, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert len(out["sources"]) == 2 and out["sentences"][0]["label"] == "supported"
        assert out["sentences"][0]["evidence"][0]["doc"].endswith("b.txt")


def test_cli_check_never_reads_the_summary_from_a_folder_of_sources(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE_A, encoding="utf-8")
    summary = tmp_path / "summary.txt"
    summary.write_text("The president resigned after a scandal over fishing rights in the northern islands.",
                       encoding="utf-8")
    done = subprocess.run([*CLI, "check", str(summary), "--against", str(tmp_path), "--json"], check=False, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [Path(s).name for s in out["sources"]] == ["a.txt"]  # checked against itself it would be supported
    assert out["sentences"][0]["label"] == "unsupported"
    assert "summary.txt: the summary being checked" in done.stderr


def test_cli_check_without_a_source_says_how_to_give_one(tmp_path):
    (tmp_path / "summary.txt").write_text("Two inmates were killed.", encoding="utf-8")
    done = subprocess.run([*CLI, "check", str(tmp_path / "summary.txt")], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "--against A B C" in done.stderr


class _Chat(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint on 127.0.0.1: fails `fail` times with 503, then answers `label`."""
    fail = 0
    label = "contradicted"
    seen: ClassVar[list] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, self.headers.get("Authorization"), body))
        if type(self).fail > 0:
            type(self).fail -= 1
            self.send_response(503)
            self.end_headers()
            return
        answer = {"label": type(self).label, "evidence": [1], "explanation": "the passage says otherwise"}
        payload = json.dumps({"choices": [{"message": {"content": json.dumps(answer)}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Chat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Chat.seen, _Chat.fail, _Chat.label = [], 0, "contradicted"
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_llm_plugin_decides_with_retries_and_sends_the_key(chat_server):
    _Chat.fail = 1
    options = VerifyOptions(llm=LLMConfig(chat_server, "local-model", "secret", timeout=5, retries=2))
    result = storydesk.check("Two inmates were killed.", [SOURCE_A], options)
    assert _labels(result) == ["contradicted"] and result.sentences[0].verifier == "llm"
    assert len(_Chat.seen) == 2  # one 503, then the answer
    path, auth, body = _Chat.seen[-1]
    assert path == "/v1/chat/completions" and auth == "Bearer secret" and body["model"] == "local-model"
    assert "Two inmates were killed." in body["messages"][-1]["content"]


def test_llm_plugin_down_falls_back_to_the_learned_scorer():
    options = VerifyOptions(llm=LLMConfig("http://127.0.0.1:9/v1", "m", None, timeout=2, retries=0))
    result = storydesk.check("Two inmates were killed.", [SOURCE_A], options)
    s = result.sentences[0]
    assert s.label == "supported" and s.verifier == "learned"
    assert any("llm unavailable" in r for r in s.reasons)


def test_nothing_is_sent_unless_configured(chat_server):
    storydesk.check("Two inmates were killed.", [SOURCE_A])
    assert _Chat.seen == []


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run the CLI with its stderr on a pseudo-terminal (as a person at a terminal has it); its exit status and what
    the terminal showed."""
    import os
    import pty

    main, side = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "LINES": "40"}
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=side, stdin=subprocess.DEVNULL, env=env)
    os.close(side)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(timeout=300), shown.decode("utf-8", "replace")


def test_cli_check_shows_its_progress_on_a_terminal_and_keeps_quiet_with_q(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE_A, encoding="utf-8")
    (tmp_path / "summary.txt").write_text("Two inmates were killed. Nine soldiers were wounded.", encoding="utf-8")
    code, shown = _on_a_terminal(["check", str(tmp_path / "summary.txt"), "--against", str(tmp_path / "a.txt")])
    assert code == 0
    assert "reading the sources" in shown and "deciding each sentence" in shown and "2/2" in shown
    code, shown = _on_a_terminal(["check", "-q", str(tmp_path / "summary.txt"), "--against", str(tmp_path / "a.txt")])
    assert code == 0 and shown.strip() == ""


def test_cli_check_gives_evidence_offsets_into_the_file_as_given(tmp_path):
    given = ("Prison retaken after a standoff\n\nOfficials said\u00a0two inmates were killed and  nine soldiers\u00a0were wounded\nduring the operation. "
             "Security forces retook the prison on Tuesday.")
    (tmp_path / "a.txt").write_text(given, encoding="utf-8")
    (tmp_path / "summary.txt").write_text("Security forces retook the prison on Tuesday. Nine soldiers were wounded.",
                                          encoding="utf-8")
    done = subprocess.run([*CLI, "check", str(tmp_path / "summary.txt"), "--against", str(tmp_path / "a.txt"), "--json"],
                          check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    evidence = [e for s in json.loads(done.stdout)["sentences"] for e in s["evidence"]]
    assert evidence and all("file_start" in e for e in evidence)
    for e in evidence:
        in_file = given[e["file_start"]:e["file_end"]]
        assert in_file.split() == e["text"].split()
    wounded = next(e for e in evidence if "wounded" in e["text"])
    assert wounded["file_start"] == given.index("Officials") and "\u00a0" in given[wounded["file_start"]:wounded["file_end"]]
    assert any(e["file_start"] != e["start"] or e["file_end"] != e["end"] for e in evidence)  # the two differ here
