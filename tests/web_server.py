"""A real uvicorn server on 127.0.0.1 in a background thread, for the web tests."""
from __future__ import annotations

import socket
import threading
import time
from typing import Self

import httpx
import uvicorn

from storydesk.web.app import Settings, create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_answer(url: str, seconds: float, alive=lambda: True, **kw) -> httpx.Response:
    """The first response `url` gives within `seconds` (a server that is still starting refuses connections);
    `alive` says whether the process serving it still runs (when it is gone, waiting longer is pointless)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=2, **kw)
        except httpx.TransportError:
            if not alive() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class Server:
    """The whole app for `settings`, or any ASGI app given (one router alone, say)."""

    def __init__(self, settings: Settings | None = None, app=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = app if app is not None else create_app(settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        try:
            first_answer(self.url + "/openapi.json", 20)  # every FastAPI app answers it, one router alone too
        except httpx.TransportError as exc:
            raise RuntimeError("the test server did not start") from exc
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
