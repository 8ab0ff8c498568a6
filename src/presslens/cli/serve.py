"""``presslens serve``: the HTTP API and the web reader (FastAPI + uvicorn).

The server's limits are the ``serve`` settings (:class:`presslens.settings.ServeSettings`: the
Host allow-list, query limits and time limit, the connection pool and queues); flags override
the file and environment. With ``--workers N`` every worker process builds its app from the
environment (:func:`presslens.web.app.app_from_env`), so each setting is handed on as its
``PRESSLENS_SERVE_*`` variable.

On SIGTERM (or Ctrl-C) uvicorn stops accepting connections and gives running requests
``serve.shutdown_grace`` seconds; then it cancels them, which interrupts their queries
(:class:`presslens.web.db.ReadPool`). An analysis cannot be interrupted mid-way, so a worker
thread still busy after the grace period does not keep the process alive: it exits anyway.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
import threading
import time

import click

from presslens.errors import PresslensError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.argument("db", required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-fetch", is_flag=True, default=None, help="Let POST /analyze fetch {\"url\": ...} (public http(s) addresses only).")
@click.option("--max-body-bytes", type=click.IntRange(1), default=None, help="Refuse request bodies larger than this (413; default 5,000,000).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer to this Host name (repeatable; '*' for any). Loopback names and --host are always allowed.")
@click.option("--query-timeout", type=click.FloatRange(0), default=None,
              help="Seconds a request's database work may take (503 query-timeout; default 5, 0: no limit).")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./presslens.toml).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each loads the annotators, ~450 MB); 2 on a 2-core machine doubles POST /analyze throughput.")
def serve(db: str | None, host: str, port: int, allow_fetch: bool | None, max_body_bytes: int | None, allow_hosts: tuple[str, ...],
          query_timeout: float | None, config: str | None, workers: int) -> None:
    """Serve the HTTP API and the web reader (/reader): POST /analyze, and GET /articles, /search,
    /sources, /speakers, /dupes and the corpus pages over DB.

    Without DB only POST /analyze and the reader's paste/upload page work. OpenAPI at /openapi.json,
    docs at /docs. Only requests whose Host header is a loopback name, --host or an --allow-host
    name are answered (a guard against DNS rebinding).

    Example: presslens serve news.db --port 8000 --workers 2
    """
    from presslens.settings import Settings

    try:
        import uvicorn

        from presslens.web.app import create_app
    except ImportError as exc:  # pragma: no cover - fastapi/uvicorn are dependencies
        raise PresslensError(f"the HTTP API needs fastapi and uvicorn ({exc})") from exc
    base = Settings.load(config)
    hosts = list(dict.fromkeys([*base.serve.hosts(), *LOOPBACK, *(h for h in (host,) if host not in ("0.0.0.0", "::", "")),
                                *(h.strip().lower() for h in allow_hosts if h.strip())]))
    overrides = {"db": db, "allow_fetch": allow_fetch, "max_body_bytes": max_body_bytes, "query_timeout": query_timeout,
                 "allowed_hosts": ",".join(hosts)}
    settings = Settings.load(config, serve={k: v for k, v in overrides.items() if v is not None})
    serve_settings = settings.serve
    app = create_app(serve_settings.db, settings=settings)  # checks the settings and the database once
    grace = max(1, math.ceil(serve_settings.shutdown_grace))
    if workers > 1:
        # Each worker process builds its own app from the environment (presslens.web.app.app_from_env).
        if config:
            os.environ["PRESSLENS_CONFIG"] = config
        for f in dataclasses.fields(serve_settings):
            value = getattr(serve_settings, f.name)
            os.environ[f"PRESSLENS_SERVE_{f.name.upper()}"] = "" if value is None else str(int(value) if isinstance(value, bool) else value)
        del app
        uvicorn.run("presslens.web.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info",
                    timeout_graceful_shutdown=grace)
        return
    app.state.pipelines.warm()  # load the default annotators once, before the first request
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=grace))
    server.run()
    _exit_when_threads_linger(float(grace))


def _exit_when_threads_linger(grace: float) -> None:
    """Give worker threads still running (an analysis) ``grace`` seconds, then exit without waiting for them."""
    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() and not t.daemon and t is not threading.current_thread() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
