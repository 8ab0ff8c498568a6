"""One piece of work started in a forked process, its result collected later (``presslens analyze``).

A one-article ``presslens analyze`` spends most of its time loading models. The persuasion
detection needs only the article's text, so on a machine with a second core it can load its
models and run in a forked child while this process imports and loads spaCy and runs the other
annotators (docs/performance.md). The child sends its result back pickled through a pipe; when
anything goes wrong there (an exception, a killed child), :meth:`Ahead.result` answers ``None``
and the caller does the work itself, so the record is the same either way.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any


def spare_core() -> bool:
    """Whether forking a helper pays and is safe: this process may use a second core (affinity, where
    the platform reports it) and runs no other thread (a lock held by another thread at the fork,
    the import lock say, would stay held in the child for ever)."""
    import threading

    if threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # pragma: no cover - macOS has no sched_getaffinity
        return (os.cpu_count() or 1) >= 2


class Ahead:
    """``work()`` running in a forked child; :meth:`result` waits for it (once)."""

    def __init__(self, pid: int, fd: int, key: Any) -> None:
        self.pid, self.fd, self.key = pid, fd, key

    @classmethod
    def start(cls, work: Callable[[], Any], key: Any) -> Ahead | None:
        """Fork a child that runs ``work``; None where fork is not available. ``key`` says what the
        result is for (:meth:`result` gives it only for the same key)."""
        if not hasattr(os, "fork"):  # pragma: no cover - Windows
            return None
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code, never runs its exit handlers
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
                import presslens.recache as recache

                recache.save()  # what the child compiled while importing (its exit skips the parent's)
            except BaseException:  # noqa: BLE001 - the parent does the work itself
                pass
            finally:
                os._exit(status)
        os.close(write)
        return cls(pid, read, key)

    def result(self, key: Any, timeout: float = 120.0) -> Any | None:
        """The child's result (waiting for it at most ``timeout`` seconds, then ending it), or None
        when it failed, timed out or was for another key."""
        import select
        import signal
        import time

        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                    os.kill(self.pid, signal.SIGKILL)
                    chunks = []
                    break
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            _, status = os.waitpid(self.pid, 0)
        if key != self.key or status != 0 or not chunks:
            return None
        return pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's bytes, through our own pipe


__all__ = ["Ahead", "spare_core"]
