"""What the web UI refuses, on a real uvicorn on 127.0.0.1: other host names (DNS rebinding), bodies over the cap
however they are sent, offsets SQLite cannot hold, and what an upload must not lose or expose (issue 19)."""
from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import zlib

import httpx
import psutil
import pytest

from storydesk.web.app import Settings
from web_server import Server

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("limits") / "story.db"
    # a file may be 5 MB (decompressed too), a request 2 MB
    with Server(Settings(db=str(db), max_upload_bytes=2_000_000, max_file_bytes=5_000_000)) as s:
        yield s


def _wait(server, job) -> dict:
    deadline = time.monotonic() + 180
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.3)
        job = httpx.get(f"{server.url}/api/jobs/{job['id']}").json()
    return job


def test_a_foreign_host_name_gets_nothing(server):
    # what a page on evil.example sees after it rebinds its name to 127.0.0.1
    r = httpx.get(server.url + "/api/stories", headers={"Host": "evil.example"})
    assert r.status_code == 400 and "evil.example" in r.text
    assert all(h in r.headers for h in SECURITY_HEADERS)
    post = httpx.post(server.url + "/api/jobs", headers={"Host": "evil.example", "Origin": "http://evil.example"},
                      files={"files": ("a.txt", b"Officials said the prison was retaken on Tuesday.")})
    assert post.status_code == 400
    for name in ("127.0.0.1", "localhost", "[::1]"):
        port = server.url.rsplit(":", 1)[1]
        assert httpx.get(server.url + "/api/stories", headers={"Host": f"{name}:{port}"}).status_code == 200, name


def test_refusals_carry_the_security_headers(server, tmp_path):
    forbidden = httpx.post(server.url + "/api/jobs", headers={"Origin": "http://evil.example"},
                           files={"files": ("a.txt", b"Officials said the prison was retaken on Tuesday.")})
    assert forbidden.status_code == 403
    assert all(h in forbidden.headers for h in SECURITY_HEADERS)
    with Server(Settings(db=str(tmp_path / "story.db"), token="t0ken-t0ken")) as locked:
        r = httpx.get(locked.url + "/api/stories")
        assert r.status_code == 401 and all(h in r.headers for h in SECURITY_HEADERS)


def test_a_chunked_body_over_the_cap_is_refused_while_it_is_read(server):
    sent = []

    def body():  # a well-formed multipart upload of one 2.6 MB file against the 2 MB cap, with no Content-Length
        yield b'--x\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        for _ in range(40):
            sent.append(1)
            yield b"word " * 13_107
        yield b"\r\n--x--\r\n"

    r = httpx.post(server.url + "/api/jobs", content=body(), headers={
        "Origin": server.url, "Content-Type": "multipart/form-data; boundary=x"})
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert all(h in r.headers for h in SECURITY_HEADERS)


def test_a_declared_length_over_the_cap_is_refused_before_the_body_is_sent(server):
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"POST /api/jobs HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                     f"Content-Length: 60000000\r\n\r\n".encode())
        answer = conn.recv(4096).decode("latin-1")  # answered with no byte of the 60 MB body sent
    assert answer.startswith("HTTP/1.1 413"), answer[:200]


def test_an_offset_beyond_what_sqlite_holds_is_a_clear_4xx(server):
    r = httpx.get(server.url + "/api/stories/none/claims", params={"offset": 2**63})
    assert r.status_code == 422
    assert httpx.get(server.url + "/api/stories/none/claims", params={"offset": 2**63 - 1}).status_code == 404


def test_upload_names_in_any_script_keep_their_format_and_no_server_path_is_shown(server):
    records = [{"title": f"Parte {n}", "text": f"El ejército retomó el puerto de Valmora el martes {n}, dijeron las autoridades "
                                               "locales después de tres días de combates."} for n in range(3)]
    jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    r = httpx.post(server.url + "/api/jobs", headers={"Origin": server.url},
                   files=[("files", ("новости.jsonl", jsonl, "application/octet-stream")),
                          ("files", ("記事.txt.gz", gzip.compress(b"\x00\x01binary"), "application/gzip"))])
    assert r.status_code == 202, r.text
    job = _wait(server, r.json())
    assert job["state"] == "done", job
    story = httpx.get(f"{server.url}/api/stories/{job['story']}").json()
    assert len(story["documents"]) == 3  # three JSON Lines records, not one text document
    shown = json.dumps(job) + json.dumps([d["source"] for d in story["documents"]])
    assert "uploads" not in shown and "/tmp" not in shown and str(server.url) not in shown
    assert any(p["source"].endswith(".txt.gz") for p in job["problems"])


def test_a_gzip_bomb_upload_does_not_take_the_server_memory(server):
    fine = ("fine.txt", b"The army said on Tuesday that the port of Valmora was retaken after three days of fighting.",
            "text/plain")
    warm = httpx.post(server.url + "/api/jobs", headers={"Origin": server.url}, files=[("files", fine)])
    assert _wait(server, warm.json())["state"] == "done"  # the models are loaded before memory is measured
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(squeeze.compress(b"\0" * (1 << 20)) for _ in range(1024)) + squeeze.flush()  # 1 GiB in about 1 MB
    me = psutil.Process()
    before = me.memory_info().rss
    peak = [before]
    done = threading.Event()

    def sample() -> None:  # the peak, not the end: a bomb's memory is given back once it is dropped
        while not done.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        r = httpx.post(server.url + "/api/jobs", headers={"Origin": server.url},
                       files=[("files", ("bomb.txt.gz", bomb, "application/gzip")), ("files", fine)])
        assert r.status_code == 202, r.text
        job = _wait(server, r.json())
    finally:
        done.set()
        sampler.join()
    grown = peak[0] - before
    assert job["state"] == "done", job
    assert any("limit" in p["reason"] for p in job["problems"] if p["source"].endswith("bomb.txt.gz"))
    assert grown < 100_000_000, f"the server grew by {grown / 1e6:.0f} MB on a 1 GiB bomb"
