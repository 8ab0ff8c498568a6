"""The presslens HTTP API (FastAPI): analyse one page, and read a stored corpus.

The web reader's pages (``/reader``, ``/read/{id}``, ``/corpus/...``) are added by
:func:`presslens.web.pages.add_pages`; every response carries the Content-Security-Policy of
:class:`presslens.web.pages.SecurityHeaders`.

``create_app(db)`` builds the app; ``presslens serve DB`` runs it with uvicorn. Every error
answers with one JSON shape, ``{"error": {"status": int, "code": str, "message": str}}``
(:mod:`presslens.web.errors`: the status and code come from the exception, a
:class:`~presslens.errors.PresslensError`), and ``/openapi.json`` documents it for every status
(:mod:`presslens.web.models`). List endpoints take ``limit`` and ``offset`` and answer
``{"items": [...], "limit", "offset", "total", "next"}`` where ``next`` is the URL of the next
page (percent-encoded; null on the last one).

One request cannot stop the server (issue 16): the Host header must be an allowed name
(:class:`~presslens.web.guard.HostCheck`); search queries are checked against length and word
limits before they reach the engine (:mod:`presslens.store.query`); the corpus is read on a
pool of connections, each request under a time limit and stopped when its client goes away
(:mod:`presslens.web.db`); analyses run one at a time per process with a bounded queue (503
``busy`` with ``Retry-After`` beyond). The limits are the ``serve`` settings
(:class:`~presslens.settings.ServeSettings`). No response names a path on the server: the
database is named by its file name and an article's ``source`` by its input's file name.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Body, FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import presslens.web.errors as errors
import presslens.web.models as m
from presslens import __version__
from presslens.errors import BadRequest, NotFound, PipelineError, TooLarge, Unavailable
from presslens.settings import ServeSettings, Settings
from presslens.store.query import parse_query
from presslens.store.rows import ArticleFilter
from presslens.web.db import ReadPool, store_name
from presslens.web.guard import BodyLimit, Gate, HostCheck
from presslens.web.pages import SecurityHeaders, add_pages, reader_redirect

DEFAULT_MAX_BODY_BYTES = ServeSettings().max_body_bytes
MAX_LIMIT = 200
#: Without stored clusters, the API detects near-duplicates in memory only for a corpus this small.
DUPES_INLINE_MAX = 500


class AnalyzeRequest(BaseModel):
    """Exactly one of ``html``, ``markdown``, ``text`` or ``url`` (``url`` only when the server allows fetching)."""

    html: str | None = None
    markdown: str | None = None
    text: str | None = None
    url: str | None = Field(default=None, description="Fetched server-side only when the server runs with --allow-fetch.")


class Pipelines:
    """Pipelines by component list, built once per process (the annotators load their models once).

    ``gate`` admits one analysis at a time (the annotators are shared) with ``serve.analysis_queue``
    waiting; ``lock`` is held while one runs."""

    def __init__(self, settings: Settings, cap: int = 16) -> None:
        self.settings = settings
        self.cap = cap
        self._cache: dict[tuple[str, ...], Any] = {}
        self.lock = threading.Lock()
        self.gate = Gate("analyses", 1, settings.serve.analysis_queue)

    def names(self, components: str | None) -> tuple[str, ...]:
        from presslens.pipeline import default_components

        if components is None or components.strip() in ("", "default"):
            return default_components()
        if components.strip() == "none":
            return ()
        default_components()  # registers the built-in annotators, so their names resolve
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

    async def analyse(self, pipeline: Any, data: bytes, fmt: str | None, request: Request | None = None) -> Any:
        """Run ``pipeline`` on one page, after waiting in the gate (503 ``busy`` when the queue is full).
        A request whose client went away while it waited is not analysed (an analysis cannot be
        stopped once it runs)."""

        def run() -> Any:
            with self.lock:
                return pipeline(data, fmt)  # InputError: 400, or 422 for a page without article text

        async with self.gate.enter():
            if request is not None and await request.is_disconnected():
                raise Unavailable("the client went away before its analysis started", code="query-cancelled")
            return await run_in_threadpool(run)


def public_source(source: str | None) -> str | None:
    """An article's ``source`` without the folders of the input: ``/srv/crawl/a.jsonl#7`` -> ``a.jsonl#7``."""
    if not source:
        return source
    head, sep, tail = source.partition("#")
    if not sep:
        match = re.match(r"^(.*?)(:\d+)$", source)
        head, tail, sep = (match.group(1), match.group(2)[1:], ":") if match else (source, "", "")
    return os.path.basename(head.rstrip("/\\").replace("\\", "/")) + sep + tail


def _public(item: dict[str, Any]) -> dict[str, Any]:
    if "source" in item:
        item["source"] = public_source(item["source"])
    return item


def _page(request: Request, items: list[Any], total: int | None, limit: int, offset: int, more: bool | None = None) -> dict[str, Any]:
    nxt = None
    if more if more is not None else (total is not None and offset + limit < total):
        params = dict(request.query_params)
        params.update(limit=str(limit), offset=str(offset + limit))
        nxt = f"{quote(request.url.path, safe='/')}?{urlencode(params)}"
    return {"items": items, "limit": limit, "offset": offset, "total": total, "next": nxt}


def create_app(db: Any = None, settings: Settings | None = None, allow_fetch: bool | None = None,
               max_body_bytes: int | None = None, fetcher: Callable[..., Any] | None = None,
               fetch_max_bytes: int = 5_000_000, fetch_timeout: float = 10.0) -> FastAPI:
    """The API over ``db`` (a path, a database URL, an open store, or None for ``/analyze`` only).

    The server's limits come from ``settings.serve``; ``allow_fetch`` and ``max_body_bytes``
    override it when given. ``allow_fetch`` lets ``POST /analyze`` take ``{"url": ...}``;
    ``fetcher`` replaces :func:`presslens.web.fetch.fetch` (tests).
    """
    import presslens.web.fetch as fetch_mod

    settings = settings or Settings()
    serve = settings.serve
    allow_fetch = serve.allow_fetch if allow_fetch is None else allow_fetch
    max_body_bytes = serve.max_body_bytes if max_body_bytes is None else max_body_bytes
    pool: ReadPool | None = None
    store: Any = None
    if db is not None:
        if hasattr(db, "list_articles"):  # an open store: the pool's only connection
            store = db
            pool = ReadPool(db, None, 1, serve.query_queue, serve.query_timeout, serve.query_throttle_after)
        else:
            from presslens.store import open_store

            url = str(db)
            store = open_store(url if "://" in url else Path(url), create=False)  # checks (and migrates) it once
            pool = ReadPool(store, url, serve.query_workers, serve.query_queue, serve.query_timeout, serve.query_throttle_after)
    pipelines = Pipelines(settings)
    do_fetch = fetcher or fetch_mod.fetch

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if pool is not None:
            pool.close()  # interrupt what still runs: the server is stopping

    app = FastAPI(title="presslens", version=__version__, lifespan=lifespan,
                  description="Analyse news article pages and read a presslens corpus. Every error is "
                              '`{"error": {"status", "code", "message"}}`; 503 `busy` carries `Retry-After`.')
    app.state.pool = pool
    app.state.store = store  # the first connection (the pool holds it); requests read through app.state.pool
    app.state.pipelines = pipelines
    app.state.allow_fetch = allow_fetch

    async def read(request: Request, fn: Callable[[Any], Any]) -> Any:
        """``fn(store)`` on a pooled connection, under the time limit (503 ``no-database`` without one)."""
        if pool is None:
            raise Unavailable("this server runs without a database", "start it with 'presslens serve DB'", code="no-database")
        return await pool.run(request, fn)

    # -- endpoints ------------------------------------------------------------
    @app.get("/", summary="Service information (a browser asking for HTML is sent to the reader, /reader)",
             response_model=None, responses={**m.ok(m.Info, "name, version, database file name, limits"), **m.errors()})
    def root(request: Request) -> Any:
        if errors.wants_html(request):
            return reader_redirect()
        return {"name": "presslens", "version": __version__, "database": pool.name if pool else None,
                "allow_fetch": allow_fetch, "max_body_bytes": max_body_bytes, "docs": "/docs", "openapi": "/openapi.json",
                "reader": "/reader"}

    @app.post("/analyze", summary="Analyse one page (html, markdown, text, or a url when fetching is allowed)",
              response_model=None, responses={200: {"description": "The Article record (schema/article.schema.json)",
                                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                                              **m.errors(413, 502, 504)})
    async def analyze(request: Request, body: AnalyzeRequest = Body(...),
                      components: str | None = Query(None, description="'default', 'none', or names separated by commas "
                                                                         "(quotes,sources)")) -> Response:
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
            page = await run_in_threadpool(do_fetch, value, max_bytes=fetch_max_bytes, timeout=fetch_timeout)
            ctype = page.content_type.lower()
            fmt = "markdown" if "markdown" in ctype else "text" if "text/plain" in ctype else "html"
            data = page.body
        else:
            data = value.encode("utf-8")
        if len(data) > settings.max_bytes:
            raise TooLarge(f"the page is larger than max_bytes ({settings.max_bytes})")
        article = await pipelines.analyse(pipeline, data, fmt, request)
        record = article.to_dict()
        record["source"] = public_source(record.get("source"))
        return Response(json.dumps(record, ensure_ascii=False), media_type="application/json")

    @app.get("/articles", summary="Stored articles, newest first", response_model=None,
             responses={**m.ok(m.ArticlePage, "One page of articles"), **m.errors()})
    async def articles(request: Request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0),
                       source: str | None = Query(None, description="publisher (case-insensitive)")) -> dict[str, Any]:
        selected = ArticleFilter(publisher=source or None)
        total, rows = await read(request, lambda s: (s.count_articles(selected), s.list_articles(selected, limit, offset)))
        return _page(request, [_public(r.to_dict()) for r in rows], total, limit, offset)

    @app.get("/articles/{article_id}", summary="One stored article record", response_model=None,
             responses={200: {"description": "The Article record (schema/article.schema.json)",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                        **m.errors(404)})
    async def article(request: Request, article_id: str) -> Response:
        record = (await read(request, lambda s: s.get(article_id))).to_dict()  # ArticleNotFound: 404
        record["source"] = public_source(record.get("source"))
        return Response(json.dumps(record, ensure_ascii=False), media_type="application/json")

    @app.get("/search", summary="Ranked full-text search with highlighted snippets", response_model=None,
             responses={**m.ok(m.SearchPage, "One page of hits, best first"), **m.errors()})
    async def search(request: Request, q: str = Query(..., min_length=1, description="words, \"phrases\", AND/OR/NOT"),
                     source: str | None = None, since: str | None = None, until: str | None = None,
                     limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000)) -> dict[str, Any]:
        parsed = parse_query(q, serve.max_query_chars, serve.max_query_terms)  # QueryError: 400, before any database work
        hits = await read(request, lambda s: s.search(parsed, source=source, since=since, until=until, limit=offset + limit + 1))
        more = len(hits) > offset + limit
        return _page(request, [_public(h.to_dict()) for h in hits[offset:offset + limit]], None, limit, offset, more)

    @app.get("/sources/{name:path}", summary="Profile of one outlet (publisher name or domain; may contain /)",
             response_model=None, responses={**m.ok(m.Profile, "The outlet's profile"), **m.errors(404)})
    async def source_profile(request: Request, name: str) -> dict[str, Any]:
        from presslens.corpus.profiles import display_threshold, profile

        p = await read(request, lambda s: profile(s, name, threshold=display_threshold(settings)))
        if not p.articles:
            raise NotFound(f"no articles from {name[:200]!r}")
        return p.to_dict()

    @app.get("/speakers/{name:path}", summary="Every stored quotation of one person (name variants joined)",
             response_model=None, responses={**m.ok(m.SpeakerPage, "One page of quotations, by date"), **m.errors(404)})
    async def speaker(request: Request, name: str, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                      offset: int = Query(0, ge=0)) -> dict[str, Any]:
        from presslens.corpus.speakers import speaker_quotes

        quotes = await read(request, lambda s: speaker_quotes(s, name))
        if not quotes:
            raise NotFound(f"no quotations of {name[:200]!r}")
        return _page(request, [q.to_dict() for q in quotes[offset:offset + limit]], len(quotes), limit, offset)

    @app.get("/dupes", summary="Near-duplicate / republication clusters, original first", response_model=None,
             responses={**m.ok(m.DupePage, "One page of clusters"), **m.errors()})
    async def dupes(request: Request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        clusters, stale = await read(request, load_dupes)
        page = _page(request, [c.to_dict() for c in clusters[offset:offset + limit]], len(clusters), limit, offset)
        page["stale"] = stale
        return page

    error_page = add_pages(app, read, pipelines, settings, load_dupes)  # the web reader (pages.py)
    errors.install(app, error_page)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(HostCheck, hosts=serve.hosts())
    app.add_middleware(SecurityHeaders)  # outermost: every response, errors included, gets the CSP

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            record, defs = m.record_schema()
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(defs)
            schemas["Article"] = record
            for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 body: never sent
                schemas.pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def load_dupes(store: Any) -> tuple[list[Any], bool]:
    """The near-duplicate clusters and whether they are stale: the stored ones (``presslens ingest``
    builds them once per ingest), or, when none were ever built, detected in memory for a corpus of
    at most :data:`DUPES_INLINE_MAX` articles (a GET writes nothing); a larger one gets 503."""
    from presslens.corpus import dupes as d

    if d.stored_params(store) is not None:
        return d.load_clusters(store), d.is_stale(store)
    if store.count() > DUPES_INLINE_MAX:
        raise Unavailable("the near-duplicate clusters of this corpus are not built", "run 'presslens dupes DB' once",
                          code="dupes-not-built")
    return d.find_dupes(d.load_docs(store)), True


def app_from_env() -> FastAPI:
    """The app for ASGI servers that import it, e.g. several worker processes:

        uvicorn presslens.web.app:app_from_env --factory --workers 2

    takes everything from :meth:`Settings.load`: the ``serve`` section (``PRESSLENS_SERVE_DB``, a
    path or URL, unset: no database; ``PRESSLENS_SERVE_ALLOW_FETCH=1``; the limits, e.g.
    ``PRESSLENS_SERVE_QUERY_TIMEOUT``) and the usual settings (``PRESSLENS_CONFIG``,
    ``PRESSLENS_*``), and loads the default annotators before the worker takes requests.
    """
    from presslens.pipeline import one_math_thread

    one_math_thread()  # several server processes share the cores: no BLAS threads on top (pipeline.one_math_thread)
    settings = Settings.load()
    app = create_app(settings.serve.db or None, settings=settings)
    app.state.pipelines.warm()
    return app


__all__ = ["AnalyzeRequest", "BodyLimit", "DEFAULT_MAX_BODY_BYTES", "JSONResponse", "app_from_env", "create_app", "public_source",
           "store_name"]
