"""Reading the corpus from the web app: a small pool of store connections, each request's work
under a time limit, and stopped when its client goes away.

Why: every request used to wait on one process-wide lock around one connection, so one slow
search held every page behind it. Here each request takes a connection of its own from the
pool (``serve.query_workers``; SQLite in WAL mode lets readers run side by side, PostgreSQL has
its own sessions), waits for one in the event loop when all are taken (:class:`~presslens.web.guard.Gate`,
``serve.query_queue``, 503 ``busy`` beyond), and runs under ``serve.query_timeout`` seconds
(:meth:`~presslens.store.base.Store.time_limit`, 503 ``query-timeout``); a query still running
after ``serve.query_throttle_after`` seconds yields part of its core (SQLite), so a costly query
beside quick ones does not take their CPU. While it runs, the
request's connection to its client is watched: a client that goes away interrupts its query.
:meth:`ReadPool.close` (on shutdown) interrupts whatever still runs.

A store object handed to :func:`~presslens.web.app.create_app` (not a path or URL) cannot be
opened again, so it is the pool's only connection.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from starlette.requests import Request

from presslens.errors import StoreError, Unavailable
from presslens.web.guard import Gate

T = TypeVar("T")
POLL = 0.2  # seconds between checks that the client is still there


def store_name(store: Any) -> str | None:
    """What a response may say about the database: a SQLite file's name (never its folders) or the
    PostgreSQL URL without its password."""
    if store is None:
        return None
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.name
    return str(getattr(store, "url", "")) or None


class ReadPool:
    """Store connections for the requests of one process (see the module docstring)."""

    def __init__(self, store: Any, url: str | None, size: int, queue: int, timeout: float | None,
                 throttle_after: float | None = None) -> None:
        self.url = url  # None: ``store`` is the only connection
        self.size = 1 if url is None else max(1, size)
        self.timeout = timeout or None
        self.throttle_after = throttle_after
        self.gate = Gate("database", self.size, queue)
        self.name = store_name(store)
        self._free: list[Any] = [store]
        self._busy: set[Any] = set()
        self._lock = threading.Lock()
        self._closed = False

    # -- connections ---------------------------------------------------------------------------
    def _take(self) -> Any:
        with self._lock:
            if self._closed:
                raise Unavailable("the server is stopping", code="stopping")
            store = self._free.pop() if self._free else None
        if store is None:
            from presslens.store import open_store

            try:
                store = open_store(self.url if self.url and "://" in self.url else Path(str(self.url)), create=False)
            except StoreError as exc:  # the message may name the file: do not send it
                raise StoreError("the database cannot be opened now", "see the server log") from exc
        with self._lock:
            self._busy.add(store)
        return store

    def _give_back(self, store: Any, broken: bool = False) -> None:
        with self._lock:
            self._busy.discard(store)
            keep = not broken and not self._closed and len(self._free) < self.size
            if keep:
                self._free.append(store)
        if not keep and self.url is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                pass

    def _call(self, store: Any, fn: Callable[[Any], T]) -> T:
        with store.time_limit(self.timeout, self.throttle_after):
            return fn(store)

    # -- requests ------------------------------------------------------------------------------
    async def run(self, request: Request | None, fn: Callable[[Any], T]) -> T:
        """``fn(store)`` in a worker thread on a connection of its own, under the time limit;
        interrupted when ``request``'s client disconnects."""
        async with self.gate.enter():
            store = await anyio.to_thread.run_sync(self._take)
            task = asyncio.ensure_future(anyio.to_thread.run_sync(self._call, store, fn))
            try:
                while True:
                    done, _ = await asyncio.wait({task}, timeout=POLL)
                    if done:
                        break
                    if request is not None and await request.is_disconnected():
                        await anyio.to_thread.run_sync(store.interrupt)
                        await asyncio.wait({task})
                        break
                return task.result()
            finally:
                if task.done():
                    self._give_back(store, broken=_broken(task))
                else:  # cancelled (server shutting down): stop the query, hand the connection back when it ends
                    store.interrupt()
                    task.add_done_callback(lambda t: self._give_back(store, broken=_broken(t)))

    def close(self) -> None:
        """Interrupt running queries and close every connection (server shutdown)."""
        with self._lock:
            self._closed = True
            busy, free = list(self._busy), list(self._free)
            self._free.clear()
        for store in busy:
            try:
                store.interrupt()
            except Exception:  # noqa: BLE001 - best effort while stopping
                pass
        if self.url is not None:
            for store in free:
                store.close()


def _broken(task: asyncio.Future[Any]) -> bool:
    """Whether the connection a finished task used should be dropped: an unexpected error (not one of presslens's)."""
    if task.cancelled():
        return False
    exc = task.exception()
    from presslens.errors import PresslensError

    return exc is not None and not isinstance(exc, PresslensError)


__all__ = ["ReadPool", "store_name"]
