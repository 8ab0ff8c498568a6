"""What keeps one request from stopping the server: the Host allow-list, the body limit, and
admission gates that bound how much work runs and waits at once.

- :class:`HostCheck` answers 400 ``bad-host`` to a ``Host`` header not in the allow-list
  (``serve.allowed_hosts``, loopback names by default): a web page that rebinds its own DNS
  name to 127.0.0.1 (DNS rebinding) sends its own name as the Host, so it cannot read the corpus
  from a user's browser.
- :class:`BodyLimit` refuses a request body over ``max_body_bytes`` (413), on Content-Length
  and again while a body without one streams in.
- :class:`Gate` lets ``slots`` jobs run and ``queue`` wait; one more gets 503 ``busy`` with a
  ``Retry-After`` estimated from how long recent jobs took. Waiting happens in the event loop,
  not in a worker thread, so a pile of waiting requests cannot use up the thread pool that
  every other request needs (what froze the server in issue 16).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from starlette.types import ASGIApp, Message, Receive, Scope, Send

import presslens.web.errors as errors
from presslens.errors import BadRequest, TooLarge, Unavailable


class Busy(Unavailable):
    """Too many requests are waiting for the same work: 503 ``busy``, retry after ``retry_after`` seconds."""

    code = "busy"

    def __init__(self, what: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"the server is busy ({what}); try again in {retry_after} s")


def host_name(value: str) -> str:
    """The name of a ``Host`` header, lower-case, without port or brackets (``[::1]:8000`` -> ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class HostCheck:
    """ASGI middleware: 400 ``bad-host`` unless the ``Host`` header names an allowed host (``*``: any)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = {h.strip().lower().strip("[]") for h in hosts if h.strip()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "*" not in self.hosts:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
            if host_name(host) not in self.hosts:
                shown = host_name(host)[:80] or "(none)"
                error = BadRequest(f"this server does not answer to the host {shown!r}",
                                   "open it by an allowed name (serve.allowed_hosts, --allow-host)", code="bad-host")
                await errors.json_error(errors.http_error(error))(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` with 413 (Content-Length or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = errors.json_error(errors.http_error(TooLarge(f"the request body is larger than {self.max_bytes} bytes")))
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await too_large(scope, receive, send)
                    return
        # Read the body first (at most max_bytes + one chunk), then replay it to the app.
        chunks: list[bytes] = []
        seen = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body = msg.get("body", b"")
            seen += len(body)
            if seen > self.max_bytes:
                await too_large(scope, receive, send)
                return
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Gate:
    """At most ``slots`` jobs at once and ``queue`` waiting; :class:`Busy` beyond (see the module docstring)."""

    def __init__(self, what: str, slots: int, queue: int) -> None:
        self.what, self.slots, self.queue = what, max(1, slots), max(0, queue)
        self.waiting = 0
        self.running = 0
        self.seconds = 1.0  # moving average of a job's duration, for Retry-After
        self._sem: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def retry_after(self) -> int:
        return max(1, min(60, math.ceil(self.seconds * (self.waiting + 1) / self.slots)))

    @asynccontextmanager
    async def enter(self) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        if self._sem is None or self._loop is not loop:  # a test client may run each request on a new loop
            self._sem, self._loop = asyncio.Semaphore(self.slots), loop
        sem = self._sem
        if sem.locked() and self.waiting >= self.queue:
            raise Busy(self.what, self.retry_after())
        self.waiting += 1
        try:
            await sem.acquire()
        finally:
            self.waiting -= 1
        started = time.monotonic()
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            sem.release()
            self.seconds = 0.8 * self.seconds + 0.2 * (time.monotonic() - started)


__all__ = ["BodyLimit", "Busy", "Gate", "HostCheck", "host_name"]
