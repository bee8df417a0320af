"""What every request passes before a route: the Host check (DNS rebinding), the token, the read-only refusal,
the same-origin rule for posts, the size cap of a request body, and the security headers on every answer."""
from __future__ import annotations

import hmac
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from .desk import Desk

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; script-src 'none'")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(host: str) -> str:
    """The name in a Host header, without its port: "127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def secured(response: Response) -> Response:
    """Every answer carries the policy, refusals included."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    # same-origin, not no-referrer: a form post must carry its Origin (no-referrer makes it "null"), which the guard
    # compares with Host; links to other sites still send nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


class UploadCap:
    """Refuses a request body over `limit` bytes while it is read: a declared Content-Length over the limit before a
    byte of the body is read, a chunked body as soon as it passes the limit. (Checked after the form is parsed, the
    whole body would already be received and spooled.)"""

    def __init__(self, app: Any, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        declared_size = int(declared) if declared.isdigit() else None
        received = 0
        too_big = f"the upload is over the limit of {self.limit} bytes for one request"

        async def capped() -> dict[str, Any]:
            nonlocal received
            if declared_size is not None and declared_size > self.limit:
                raise HTTPException(413, too_big)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, too_big)
            return message

        await self.app(scope, capped, send)


def install(app: FastAPI, desk: Desk) -> None:
    """The cap and the guard, in that order of adding (middleware added first runs last): the cap's 413 is raised in
    the route's own read of the body, where FastAPI passes an HTTPException through; raised through the guard's
    receive it would arrive wrapped."""
    settings = desk.settings
    hosts = {h.lower() for h in (*LOOPBACK_NAMES, *settings.hosts)}
    app.add_middleware(UploadCap, limit=settings.max_upload_bytes)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        host = request.headers.get("host", "")
        if host_name(host) not in hosts:
            return secured(PlainTextResponse(f"this server does not answer to the host name {host[:100]!r}", status_code=400))
        token = settings.token
        if token and request.url.path != "/static/style.css":
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or \
                request.cookies.get("storydesk_token") or request.query_params.get("token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return secured(PlainTextResponse("a token is required: open the address the server printed at start",
                                                 status_code=401))
        if request.method == "POST" and desk.read_only:
            said = (f"{desk.db} is read-only (its folder cannot be written): every view works, uploads and judgements "
                    "do not; copy the store to a folder you can write to add to it")
            if request.url.path.startswith("/api/"):
                return secured(JSONResponse({"error": said}, status_code=403))
            return secured(desk.page("error.html", 403, status=403, message=said))
        if request.method == "POST":
            origin = request.headers.get("origin")
            # a browser that sends no Origin still says where the request comes from: only this origin, or a person
            # (typed, bookmarked) may post
            fetched_from = request.headers.get("sec-fetch-site", "same-origin")
            if (origin and origin.split("://", 1)[-1] != host) or fetched_from not in ("same-origin", "none"):
                return secured(PlainTextResponse("cross-site form posts are refused", status_code=403))
        response = secured(await call_next(request))
        if token and request.query_params.get("token") == token:
            response.set_cookie("storydesk_token", token, httponly=True, samesite="strict")
        return response
