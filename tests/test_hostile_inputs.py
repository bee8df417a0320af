"""Inputs that broke storydesk in the fault probe of issue 34, each read the way a user gives it (files, a URL served
by a real HTTP server on 127.0.0.1, the CLI in a subprocess): the article is kept, or refused with a reason that names
the file; nothing that is not text reaches a terminal or story.json."""
from __future__ import annotations

import json
import random
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import CLI
from storydesk.model import Judgement
from storydesk.pipeline import Options, extract_all

LEDE = ("Soldiers retook the San Telmo prison on Tuesday after a standoff that lasted fourteen hours, officials said. "
        "Two inmates were killed and nine soldiers were wounded during the operation, the army said in a statement. ")


def _extract(path) -> tuple[list, list]:
    return extract_all([str(path)], Options())


def test_html_nested_deeper_than_the_parser_limit_keeps_its_article(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Prison retaken</title></head><body>" + "<div>" * 400 + f"<p>{LEDE * 3}</p>"
                    + "</div>" * 400 + "</body></html>", encoding="utf-8")
    docs, problems = _extract(page)
    assert len(docs) == 1, problems
    assert "fourteen hours" in docs[0].text and docs[0].title == "Prison retaken"


def test_a_lone_surrogate_in_json_is_replaced_and_named_and_later_records_still_print(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"title": "Prison \ud800 retaken", "text": LEDE}),
        json.dumps({"title": "Second", "text": LEDE.replace("Tuesday", "Wednesday") + " \udc00"}),
        json.dumps({"title": "Third", "text": LEDE.replace("Tuesday", "Thursday")}),
    ]) + "\n", encoding="utf-8")
    done = subprocess.run([*CLI, "extract", "--jsonl", str(feed)], check=False, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Prison \ufffd retaken", "Second", "Third"]
    assert "lone surrogate" in done.stderr and "feed.jsonl:1" in done.stderr and "feed.jsonl:2" in done.stderr
    assert "please report" not in done.stderr


def test_a_file_half_utf8_half_latin1_is_decoded_part_by_part(tmp_path):
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(("Prison retaken\n\n" + LEDE + "The governor’s office said so — twice.\n\n").encode("utf-8")
                      + ("El ejército recuperó el penal el martes, según los funcionarios de la cárcel. " * 3)
                      .encode("latin-1"))
    docs, problems = _extract(mixed)
    assert len(docs) == 1
    assert "governor’s office said so — twice" in docs[0].text
    assert "El ejército recuperó el penal el martes, según los funcionarios de la cárcel." in docs[0].text
    assert any("mixed encodings" in p.reason for p in problems)


def test_random_bytes_never_become_documents(tmp_path):
    rng = random.Random(11)
    for n in range(60):
        size = rng.choice([600, 3000, 20000])
        # bytes a text file might hold (no NUL, few controls): the kind the binary check lets through
        (tmp_path / f"blob{n:02d}.txt").write_bytes(bytes(rng.choice(range(32, 256)) for _ in range(size)))
    docs, problems = extract_all([str(tmp_path)], Options())
    assert docs == []
    assert len(problems) == 60 and all(p.level == "error" and p.source.endswith(".txt") for p in problems)
    assert sum("not text" in p.reason for p in problems) >= 55


def test_terminal_escape_sequences_never_reach_the_terminal_or_story_json(tmp_path):
    article = tmp_path / "escape.txt"
    article.write_text("Prison \x1b]0;owned\x07retaken\n\n" + LEDE.replace("Tuesday", "Tuesday\x1b[2J\x1b[31m")
                       + "\x07\x1b[0m" + LEDE, encoding="utf-8")
    done = subprocess.run([*CLI, "extract", str(article)], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "Prison retaken" in done.stdout and "control character" in done.stderr
    out = tmp_path / "out"
    done = subprocess.run([*CLI, "analyze", "-q", "--workers", "1", str(article), "--out", str(out)], check=False,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    story = (out / "story.json").read_text(encoding="utf-8")
    assert "\\u001b" not in story and "\\u0007" not in story and "\x1b" not in story


class _CutShort(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"<html><head><title>Prison retaken</title></head><body><p>{LEDE * 4}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) * 3))  # announces more than it sends, then hangs up
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args) -> None:
        pass


def test_a_page_whose_connection_closes_early_is_read_with_a_warning():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CutShort)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story"
        docs, problems = extract_all([url], Options())
    finally:
        server.shutdown()
    cut = [p for p in problems if "connection closed" in p.reason]
    assert cut and cut[0].source == url and cut[0].level == "warning" and "cut short" in cut[0].reason
    assert len(docs) == 1 and "fourteen hours" in docs[0].text


def test_who_judges_and_why_are_kept_within_the_lengths_of_the_web_form():
    j = Judgement("k", "status", "right", None, {"claim": "c"}, ["d1"], "ana " * 25_000, "2026-12-03", "why\n" * 400)
    assert len(j.who) == 80 and j.who.startswith("ana ana")
    assert len(j.note) == 500 and "\n" not in j.note
