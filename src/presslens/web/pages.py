"""The web reader: server-rendered pages (Jinja2, autoescaped) over the same app as the JSON API.

- ``GET /reader``: paste or upload an article; ``POST /reader`` analyses it and shows the article page.
- ``GET /read/{id}``: a stored article on the article page.
- ``GET /corpus``: search with filters (words, source, since, until, speaker, technique) or browse.
- ``GET /corpus/source/{name}``, ``/corpus/speaker/{name}``, ``/corpus/dupes``.

Article content is untrusted: templates render it as escaped text inside ``<span>`` elements
(never ``|safe``); scripts and styles live in ``static/`` so the strict Content-Security-Policy
of :class:`SecurityHeaders` holds on every page.

A page fails by raising a :class:`~presslens.errors.PresslensError`; its status and code come
from :func:`presslens.web.errors.http_error`, as for the JSON API, and the page routes (which
depend on :func:`~presslens.web.errors.html_errors`) answer with ``error.html``. The corpus is
read through the store's query methods only.
"""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import presslens.web.reader as reader
from presslens import __version__
from presslens.errors import BadRequest, NotFound, QueryError, TooLarge, UnsupportedMediaType
from presslens.sample import sample_path
from presslens.store.base import QueryInterrupted
from presslens.store.query import parse_query
from presslens.store.rows import ArticleFilter
from presslens.web.errors import HttpError, html_errors, wants_html

HERE = Path(__file__).resolve().parent
STATIC = "/static"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# FastAPI's /docs (Swagger UI) and /redoc load their code from cdn.jsdelivr.net and start it with an
# inline script. They show no article content; they get this policy instead (docs/web.md).
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; img-src 'self' data: https://fastapi.tiangolo.com "
            "https://cdn.redoc.ly; font-src 'self' https://fonts.gstatic.com; worker-src 'self' blob:; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"))


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy and a few hardening headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope.get("path") in DOCS_PATHS else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                present = {k.lower() for k, _ in headers}
                headers.append((b"content-security-policy", csp))
                headers += [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=False, lstrip_blocks=False)
    env.globals.update(static=STATIC, version=__version__, technique_label=reader.technique_label)
    return env


# -- forms without python-multipart --------------------------------------------------------------
def parse_form(content_type: str, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    """Fields of a urlencoded or multipart/form-data body: name -> (bytes, filename or None)."""
    ctype = content_type.lower()
    if ctype.startswith("application/x-www-form-urlencoded"):
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: (v[0].encode("utf-8"), None) for k, v in parsed.items()}
    if ctype.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not msg.is_multipart():
            raise BadRequest("the multipart form could not be read", code="bad-form")
        out: dict[str, tuple[bytes, str | None]] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            out.setdefault(str(name), (payload, part.get_filename()))
        return out
    raise UnsupportedMediaType("send the form as multipart/form-data or application/x-www-form-urlencoded")


def guess_format(data: bytes, filename: str | None, chosen: str) -> str | None:
    if chosen in ("html", "markdown", "text"):
        return chosen
    name = (filename or "").lower()
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith(".txt"):
        return "text"
    return None  # the library detects it


# -- charts ------------------------------------------------------------------------------------
def bar_chart(rows: list[tuple[str, float, str | None]], digits: int = 2, bar_w: int = 360) -> dict[str, Any]:
    """Rows (label, value, link) as coordinates for the inline SVG bar chart in source.html."""
    label_w = min(300, 7 * max((len(r[0]) for r in rows), default=10) + 10)
    top = max((v for _, v, _ in rows), default=0) or 1
    out = [{"label": label, "value": f"{value:.{digits}f}" if digits else f"{int(value)}", "w": max(1, round(bar_w * value / top)),
            "y": i * 22, "href": href} for i, (label, value, href) in enumerate(rows)]
    return {"rows": out, "label_w": label_w, "width": label_w + bar_w + 60, "height": max(22, 22 * len(out))}


Read = Callable[[Request, Callable[[Any], Any]], Awaitable[Any]]


def add_pages(app: FastAPI, read: Read, pipelines: Any, settings: Any,
              load_dupes: Callable[[Any], tuple[list[Any], bool]]) -> Callable[[HttpError], Response]:
    """Mount the reader's pages and its static files on ``app``; return the error page renderer
    (for :func:`presslens.web.errors.install`). ``read(request, fn)`` runs ``fn(store)`` on a pooled
    connection (:class:`presslens.web.db.ReadPool`); ``pipelines.analyse`` runs one analysis."""
    from presslens.corpus.profiles import display_threshold

    env = environment()
    has_db = app.state.pool is not None
    serve = settings.serve
    threshold = display_threshold(settings)
    router = APIRouter(dependencies=[Depends(html_errors)])

    def render(template: str, status_code: int = 200, headers: dict[str, str] | None = None, **ctx: Any) -> HTMLResponse:
        html = env.get_template(template).render(has_db=has_db, **ctx)
        return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store", **(headers or {})})

    def error_page(err: HttpError) -> Response:
        return render("error.html", err.status, err.headers(), status=err.status, code=err.code, message=err.message)

    def article_page(record: dict[str, Any], rank: dict[str, Any] | None = None) -> HTMLResponse:
        view = reader.build(record, threshold)
        layer_on = {ly.id: ly.on for ly in view["layers"]}
        return render("article.html", view=view, meta=reader.side_panel(record, threshold, rank), layer_on=layer_on)

    async def analyse(data: bytes, fmt: str | None, request: Request | None = None) -> HTMLResponse:
        pipeline = pipelines.get(pipelines.names(None))
        article = await pipelines.analyse(pipeline, data, fmt, request)  # InputError: 400 or 422; Busy: 503
        return await run_in_threadpool(article_page, article.to_dict())

    @router.get("/reader", response_class=HTMLResponse)
    def reader_form() -> HTMLResponse:
        return render("index.html")

    @router.post("/reader", response_class=HTMLResponse)
    async def reader_analyze(request: Request) -> HTMLResponse:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
        file_data, filename = form.get("file", (b"", None))
        content, _ = form.get("content", (b"", None))
        chosen = form.get("format", (b"auto", None))[0].decode("ascii", "replace")
        data = file_data if file_data.strip() else content.replace(b"\r\n", b"\n")
        if not data.strip():
            raise BadRequest("paste an article or choose a file", code="empty")
        if len(data) > settings.max_bytes:
            raise TooLarge(f"the page is larger than max_bytes ({settings.max_bytes})")
        return await analyse(data, guess_format(data, filename if file_data.strip() else None, chosen), request)

    @router.get("/reader/sample", response_class=HTMLResponse)
    async def reader_sample() -> HTMLResponse:
        """The bundled sample article (an invented one), for a first look."""
        return await analyse(sample_path("md").read_bytes(), "markdown")

    @router.get("/read/{article_id}", response_class=HTMLResponse)
    async def read_stored(request: Request, article_id: str) -> HTMLResponse:
        from presslens.corpus.persuasion import corpus_voices

        def run(s: Any) -> tuple[Any, dict[str, Any] | None]:
            record = s.get(article_id)  # ArticleNotFound: 404
            try:  # the corpus's rates: one pass over the technique spans, cached per article count
                rank = corpus_voices(s, threshold).article(record.id)
            except QueryInterrupted:  # a corpus too large for the request's time: the page without a percentile
                rank = None
            return record, rank.to_dict() if rank else None

        record, rank = await read(request, run)
        return await run_in_threadpool(article_page, record.to_dict(), rank)

    @router.get("/corpus", response_class=HTMLResponse)
    async def corpus(request: Request, q: str = "", source: str = "", since: str = "", until: str = "", speaker: str = "",
                     technique: str = "", offset: int = Query(0, ge=0, le=10_000)) -> HTMLResponse:
        from presslens.corpus.speakers import matching_speakers

        limit = 20
        f = {"q": q.strip(), "source": source.strip(), "since": since.strip(), "until": until.strip(),
             "speaker": speaker.strip(), "technique": technique.strip()}
        floors = (("techniques", threshold),)

        def run(s: Any) -> dict[str, Any]:
            out: dict[str, Any] = {"error": None, "results": [], "more": False,
                                   "techniques": s.annotation_labels("techniques"), "publishers": s.publishers(200)}
            # speaker / technique filters: articles with a quotation of the speaker, with the technique (shown ones)
            annotated: list[tuple[str, tuple[str, ...]]] = []
            if f["speaker"]:
                annotated.append(("quotes", tuple(matching_speakers(s, f["speaker"]))))
            if f["technique"]:
                annotated.append(("techniques", (f["technique"],)))
            try:
                if f["q"]:
                    parsed = parse_query(f["q"], serve.max_query_chars, serve.max_query_terms)
                    allowed: set[str] | None = None
                    for kind, labels in annotated:
                        ids = s.annotated_article_ids(kind, labels, threshold if kind == "techniques" else None)
                        allowed = ids if allowed is None else allowed & ids
                    want = offset + limit + 1
                    hits = s.search(parsed, source=f["source"] or None, since=f["since"] or None, until=f["until"] or None,
                                    limit=want if allowed is None else 1000)
                    rows = [h for h in hits if allowed is None or h.id in allowed]
                    out["more"] = len(rows) > offset + limit
                    out["results"] = [{"id": h.id, "title": h.title, "publisher": h.publisher, "published": h.published,
                                       "snippet": _marked(h.snippet, h.highlights)} for h in rows[offset:offset + limit]]
                else:
                    # source: a publisher name or a domain, as in presslens profile
                    selected = ArticleFilter(source=f["source"] or None, since=f["since"] or None, until=f["until"] or None,
                                             annotated=tuple(annotated), min_confidence=floors)
                    listed = s.list_articles(selected, limit + 1, offset)
                    out["more"] = len(listed) > limit
                    out["results"] = [{"id": a.id, "title": a.title, "publisher": a.publisher, "published": a.published,
                                       "snippet": None} for a in listed[:limit]]
            except QueryError as exc:
                out["error"] = str(exc)
            return out

        found = await read(request, run)
        more, results = found["more"], found["results"]
        params_now = {k: v for k, v in f.items() if v}
        prev_url = f"/corpus?{urlencode({**params_now, 'offset': max(0, offset - limit)})}" if offset else None
        next_url = f"/corpus?{urlencode({**params_now, 'offset': offset + limit})}" if more else None
        shown = len(results)
        summary = (f"{shown} result{'s' if shown != 1 else ''}" + (f" from {offset + 1}" if offset else "")
                   + (" (more on the next page)" if more else "")) if (params_now or offset) else f"Newest {shown} articles"
        return render("corpus.html", f=f, results=results, error=found["error"], summary=summary, offset=offset,
                      prev_url=prev_url, next_url=next_url, publishers=found["publishers"],
                      techniques=[(t, reader.technique_label(t)) for t in found["techniques"]])

    @router.get("/corpus/source/{name:path}", response_class=HTMLResponse)
    async def source_page(request: Request, name: str) -> HTMLResponse:
        from presslens.corpus.profiles import profile

        def run(s: Any) -> tuple[Any, list[Any]]:
            p = profile(s, name, threshold=threshold)
            return p, (s.source_quote_counts(name, 200) if p.articles else [])

        p, rows = await read(request, run)
        if not p.articles:
            raise NotFound(f"no articles from {name[:200]!r}")
        rates = sorted(p.techniques_per_1000_words.items(), key=lambda kv: -kv[1])
        tech_chart = bar_chart([(reader.technique_label(t), v, None) for t, v in rates])
        quote_chart = bar_chart([((r.title or r.id)[:40], float(r.quotes), f"/read/{quote(r.id, safe='')}") for r in rows[:40]],
                                digits=0)
        articles = [{"id": r.id, "title": r.title, "published": r.published} for r in rows]
        return render("source.html", p=p, tech_chart=tech_chart, quote_chart=quote_chart, articles=articles)

    @router.get("/corpus/speaker/{name:path}", response_class=HTMLResponse)
    async def speaker_page(request: Request, name: str) -> HTMLResponse:
        from presslens.corpus.speakers import speaker_quotes

        quotes = await read(request, lambda s: speaker_quotes(s, name))
        if not quotes:
            raise NotFound(f"no quotations of {name[:200]!r}")
        labels = sorted({q.speaker for q in quotes})
        return render("speaker.html", name=name, quotes=quotes, labels=labels)

    @router.get("/corpus/dupes", response_class=HTMLResponse)
    async def dupes_page(request: Request) -> HTMLResponse:
        def run(s: Any) -> tuple[list[Any], bool, dict[str, str | None]]:
            clusters, stale = load_dupes(s)
            return clusters, stale, s.article_titles(sorted({m.article_id for c in clusters[:200] for m in c.members}))

        clusters, stale, titles = await read(request, run)
        return render("dupes.html", clusters=clusters[:200], titles=titles, stale=stale)

    app.include_router(router, include_in_schema=False)  # pages, not API endpoints
    app.mount(STATIC, StaticFiles(directory=str(HERE / "static")), name="static")
    return error_page


def _marked(snippet: str, highlights: Any) -> list[tuple[str, bool]]:
    """A search snippet as (text, is-match) parts, for <mark> in the template (escaped text)."""
    out, last = [], 0
    for start, end in sorted(tuple(h) for h in highlights or ()):
        if start < last or end > len(snippet):
            continue
        if start > last:
            out.append((snippet[last:start], False))
        out.append((snippet[start:end], True))
        last = end
    out.append((snippet[last:], False))
    return [p for p in out if p[0]]


def reader_redirect() -> RedirectResponse:
    return RedirectResponse("/reader", status_code=303)


__all__ = ["CSP", "DOCS_CSP", "SecurityHeaders", "add_pages", "bar_chart", "parse_form", "wants_html"]
