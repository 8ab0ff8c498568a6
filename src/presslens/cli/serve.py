"""``presslens serve``: the HTTP API and the web reader (FastAPI + uvicorn)."""

from __future__ import annotations

import os

import click

from presslens.errors import PresslensError


@click.command()
@click.argument("db", required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-fetch", is_flag=True, help="Let POST /analyze fetch {\"url\": ...} (public http(s) addresses only).")
@click.option("--max-body-bytes", type=click.IntRange(1), default=5_000_000, show_default=True,
              help="Refuse request bodies larger than this (413).")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./presslens.toml).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each loads the annotators, ~450 MB); 2 on a 2-core machine doubles POST /analyze throughput.")
def serve(db: str | None, host: str, port: int, allow_fetch: bool, max_body_bytes: int, config: str | None, workers: int) -> None:
    """Serve the HTTP API and the web reader (/reader): POST /analyze, and GET /articles, /search,
    /sources, /speakers, /dupes and the corpus pages over DB.

    Without DB only POST /analyze and the reader's paste/upload page work. OpenAPI at /openapi.json,
    docs at /docs.

    Example: presslens serve news.db --port 8000 --workers 2
    """
    from presslens.settings import Settings

    try:
        import uvicorn

        from presslens.web.app import create_app
    except ImportError as exc:  # pragma: no cover - fastapi/uvicorn are dependencies
        raise PresslensError(f"the HTTP API needs fastapi and uvicorn ({exc})") from exc
    settings = Settings.load(config)
    app = create_app(db, settings=settings, allow_fetch=allow_fetch, max_body_bytes=max_body_bytes)
    if workers > 1:
        # Each worker process builds its own app from the environment (presslens.web.app.app_from_env);
        # the app built above has already checked the settings and the database.
        if config:
            os.environ["PRESSLENS_CONFIG"] = config
        os.environ["PRESSLENS_SERVE_DB"] = db or ""
        os.environ["PRESSLENS_SERVE_ALLOW_FETCH"] = "1" if allow_fetch else "0"
        os.environ["PRESSLENS_SERVE_MAX_BODY_BYTES"] = str(max_body_bytes)
        del app
        uvicorn.run("presslens.web.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info")
        return
    app.state.pipelines.warm()  # load the default annotators once, before the first request
    uvicorn.run(app, host=host, port=port, log_level="info")
