"""The presslens HTTP API (FastAPI): analyse one page, and read a stored corpus.

The web reader's pages (``/reader``, ``/read/{id}``, ``/corpus/...``) are added by
:func:`presslens.web.pages.add_pages`; every response carries the Content-Security-Policy of
:class:`presslens.web.pages.SecurityHeaders`.

``create_app(db)`` builds the app; ``presslens serve DB`` runs it with uvicorn. Every error
answers with one JSON shape, ``{"error": {"status": int, "code": str, "message": str}}``
(:mod:`presslens.web.errors`: the status and code come from the exception, a
:class:`~presslens.errors.PresslensError`). The stored corpus is read through the store's
query methods only (:mod:`presslens.store.queries`).
List endpoints take ``limit`` and ``offset`` and answer ``{"items": [...], "limit", "offset",
"total", "next"}`` where ``next`` is the URL of the next page (null on the last one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import presslens.web.errors as errors
from presslens import __version__
from presslens.errors import BadRequest, NotFound, PipelineError, TooLarge, Unavailable
from presslens.settings import ServeSettings, Settings
from presslens.store.rows import ArticleFilter
from presslens.web.pages import SecurityHeaders, add_pages, reader_redirect, wants_html

DEFAULT_MAX_BODY_BYTES = ServeSettings().max_body_bytes
MAX_LIMIT = 200


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


class AnalyzeRequest(BaseModel):
    """Exactly one of ``html``, ``markdown``, ``text`` or ``url`` (``url`` only when the server allows fetching)."""

    html: str | None = None
    markdown: str | None = None
    text: str | None = None
    url: str | None = Field(default=None, description="Fetched server-side only when the server runs with --allow-fetch.")


class Pipelines:
    """Pipelines by component list, built once per process (the annotators load their models once)."""

    def __init__(self, settings: Settings, cap: int = 16) -> None:
        self.settings = settings
        self.cap = cap
        self._cache: dict[tuple[str, ...], Any] = {}
        self.lock = threading.Lock()

    def names(self, components: str | None) -> tuple[str, ...]:
        from presslens.pipeline import default_components

        if components is None or components.strip() in ("", "default"):
            return default_components()
        if components.strip() == "none":
            return ()
        return tuple(n.strip() for n in components.split(",") if n.strip())

    def warm(self, components: str | None = None) -> int:
        """Build a pipeline and load its annotators now (``presslens serve`` warms the default one)."""
        return len(self.get(self.names(components)).components)

    def get(self, names: tuple[str, ...]) -> Any:
        from presslens.pipeline import Pipeline

        with self.lock:
            pipeline = self._cache.get(names)
            if pipeline is None:
                pipeline = Pipeline(names, self.settings)  # raises PipelineError for unknown names / bad order
                if len(self._cache) >= self.cap:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[names] = pipeline
            return pipeline


def _page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = None
    if offset + limit < total:
        params = dict(request.query_params)
        params.update(limit=str(limit), offset=str(offset + limit))
        nxt = f"{request.url.path}?{urlencode(params)}"
    return {"items": items, "limit": limit, "offset": offset, "total": total, "next": nxt}


def create_app(db: Any = None, settings: Settings | None = None, allow_fetch: bool = False,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, fetcher: Callable[..., Any] | None = None,
               fetch_max_bytes: int = 5_000_000, fetch_timeout: float = 10.0) -> FastAPI:
    """The API over ``db`` (a path, a database URL, an open store, or None for ``/analyze`` only).

    ``allow_fetch`` lets ``POST /analyze`` take ``{"url": ...}``; ``fetcher`` replaces
    :func:`presslens.web.fetch.fetch` (tests). ``max_body_bytes`` caps request bodies (413).
    """
    import presslens.web.fetch as fetch_mod

    settings = settings or Settings()
    if db is None or hasattr(db, "list_articles"):  # an open store
        store = db
    else:
        from presslens.store import open_store

        store = open_store(db if "://" in str(db) else Path(db), create=False)
    store_lock = threading.Lock()
    pipelines = Pipelines(settings)
    do_fetch = fetcher or fetch_mod.fetch

    app = FastAPI(title="presslens", version=__version__,
                  description="Analyse news article pages and read a presslens corpus. Every error is "
                              '`{"error": {"status", "code", "message"}}`.')
    app.state.store = store
    app.state.pipelines = pipelines
    app.state.allow_fetch = allow_fetch

    @contextmanager
    def using_store() -> Iterator[Any]:
        if store is None:
            raise Unavailable("this server runs without a database", "start it with 'presslens serve DB'", code="no-database")
        with store_lock:
            yield store

    # -- endpoints ------------------------------------------------------------
    @app.get("/", summary="Service information (a browser asking for HTML is sent to the reader, /reader)",
             response_model=None)
    def root(request: Request) -> dict[str, Any] | Response:
        if wants_html(request):
            return reader_redirect()
        return {"name": "presslens", "version": __version__, "database": getattr(store, "url", None),
                "allow_fetch": allow_fetch, "max_body_bytes": max_body_bytes, "docs": "/docs", "openapi": "/openapi.json",
                "reader": "/reader"}

    @app.post("/analyze", summary="Analyse one page (html, markdown, text, or a url when fetching is allowed)")
    def analyze(body: AnalyzeRequest = Body(...),
                components: str | None = Query(None, description="'default', 'none', or names separated by commas")) -> Response:
        given = {k: v for k, v in body.model_dump().items() if v is not None}
        if len(given) != 1:
            raise BadRequest("send exactly one of html, markdown, text or url")
        (kind, value), = given.items()
        try:
            pipeline = pipelines.get(pipelines.names(components))
        except PipelineError as exc:  # the component names come from the request
            raise BadRequest(exc.message, exc.hint, code="bad-components") from exc
        fmt = {"html": "html", "markdown": "markdown", "text": "text"}.get(kind)
        if kind == "url":
            if not allow_fetch:
                raise BadRequest("fetching URLs is off on this server",
                                 "send html, markdown or text (or start it with --allow-fetch)", code="fetch-disabled")
            page = do_fetch(value, max_bytes=fetch_max_bytes, timeout=fetch_timeout)  # FetchError: its own status
            ctype = page.content_type.lower()
            fmt = "markdown" if "markdown" in ctype else "text" if "text/plain" in ctype else "html"
            data = page.body
        else:
            data = value.encode("utf-8")
        if len(data) > settings.max_bytes:
            raise TooLarge(f"the page is larger than max_bytes ({settings.max_bytes})")
        with pipelines.lock:
            article = pipeline(data, fmt)  # InputError: 400, or 422 for a page without article text
        return Response(article.to_json(), media_type="application/json")

    @app.get("/articles", summary="Stored articles, newest first")
    def articles(request: Request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0),
                 source: str | None = Query(None, description="publisher (case-insensitive)")) -> dict[str, Any]:
        selected = ArticleFilter(publisher=source or None)
        with using_store() as s:
            total = s.count_articles(selected)
            rows = s.list_articles(selected, limit, offset)
        return _page(request, [r.to_dict() for r in rows], total, limit, offset)

    @app.get("/articles/{article_id}", summary="One stored article record")
    def article(article_id: str) -> Response:
        with using_store() as s:
            record = s.get(article_id)  # ArticleNotFound: 404
        return Response(record.to_json(), media_type="application/json")

    @app.get("/search", summary="Ranked full-text search with highlighted snippets")
    def search(request: Request, q: str = Query(..., min_length=1, description="words, \"phrases\", AND/OR/NOT"),
               source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000)) -> dict[str, Any]:
        with using_store() as s:
            hits = s.search(q, source=source, since=since, until=until, limit=offset + limit + 1)  # QueryError: 400
        more = len(hits) > offset + limit
        page = _page(request, [h.to_dict() for h in hits[offset:offset + limit]], offset + limit + (1 if more else 0), limit, offset)
        page["total"] = None  # search counts only as far as it ranks
        return page

    @app.get("/sources/{name}", summary="Profile of one outlet (publisher name or domain)")
    def source_profile(name: str) -> dict[str, Any]:
        from presslens.corpus.profiles import profile

        with using_store() as s:
            p = profile(s, name)
        if not p.articles:
            raise NotFound(f"no articles from {name!r}")
        return p.to_dict()

    @app.get("/speakers/{name}", summary="Every stored quotation of one person")
    def speaker(request: Request, name: str, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                offset: int = Query(0, ge=0)) -> dict[str, Any]:
        from presslens.corpus.speakers import speaker_quotes

        with using_store() as s:
            quotes = speaker_quotes(s, name)
        if not quotes:
            raise NotFound(f"no quotations of {name!r}")
        return _page(request, [q.to_dict() for q in quotes[offset:offset + limit]], len(quotes), limit, offset)

    @app.get("/dupes", summary="Near-duplicate / republication clusters, original first")
    def dupes(request: Request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        from presslens.corpus import dupes as d

        with using_store() as s:
            # Stored clusters when 'presslens dupes' has run; otherwise detected in memory (a GET writes nothing).
            clusters = d.load_clusters(s) if d.stored_params(s) is not None else d.find_dupes(d.load_docs(s))
        return _page(request, [c.to_dict() for c in clusters[offset:offset + limit]], len(clusters), limit, offset)

    error_page = add_pages(app, using_store, pipelines, settings)  # the web reader (pages.py)
    errors.install(app, error_page)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)  # outermost: every response, errors included, gets the CSP
    return app


def app_from_env() -> FastAPI:
    """The app for ASGI servers that import it, e.g. several worker processes:

        uvicorn presslens.web.app:app_from_env --factory --workers 2

    takes everything from :meth:`Settings.load`: the ``serve`` section (``PRESSLENS_SERVE_DB``, a
    path or URL, unset: no database; ``PRESSLENS_SERVE_ALLOW_FETCH=1``;
    ``PRESSLENS_SERVE_MAX_BODY_BYTES``) and the usual settings (``PRESSLENS_CONFIG``,
    ``PRESSLENS_*``), and loads the default annotators before the worker takes requests.
    """
    from presslens.pipeline import one_math_thread

    one_math_thread()  # several server processes share the cores: no BLAS threads on top (pipeline.one_math_thread)
    settings = Settings.load()
    serve = settings.serve
    app = create_app(serve.db or None, settings=settings, allow_fetch=serve.allow_fetch, max_body_bytes=serve.max_body_bytes)
    app.state.pipelines.warm()
    return app


__all__ = ["AnalyzeRequest", "BodyLimit", "DEFAULT_MAX_BODY_BYTES", "app_from_env", "create_app"]
