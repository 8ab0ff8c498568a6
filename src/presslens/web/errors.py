"""The one mapping from an exception to an HTTP error, and the two ways it is answered.

:func:`http_error` turns anything a request can end with into ``(status, code, message)``:
a :class:`~presslens.errors.PresslensError` carries its own ``status``/``code`` and its
message with the hint; FastAPI's request validation errors are 422 ``invalid-request``;
Starlette's HTTP errors (404 for an unknown path, 405 ...) keep their status; anything
else is a 500 that names only the exception's type (the details go to the server log).

The JSON API answers ``{"error": {"status": int, "code": str, "message": str}}``. The
reader's pages (routes that depend on :func:`html_errors`) answer a
:class:`~presslens.errors.PresslensError` with the HTML error page instead, and so does an
unknown path or method asked for by a browser (``Accept: text/html``). An error that says when
to come back (``retry_after``, 503 ``busy``) adds a ``Retry-After`` header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from presslens.errors import PresslensError

#: Codes for the statuses Starlette and FastAPI raise themselves.
CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 413: "too-large", 415: "unsupported-media-type",
         422: "invalid-request", 500: "internal-error", 503: "unavailable"}


@dataclass(frozen=True, slots=True)
class HttpError:
    status: int
    code: str
    message: str
    retry_after: int | None = None

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}

    def body(self) -> dict[str, Any]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


def http_error(exc: BaseException) -> HttpError:
    """The HTTP error a request that raised ``exc`` answers with."""
    if isinstance(exc, PresslensError):
        retry = getattr(exc, "retry_after", None)
        return HttpError(exc.status, exc.code, exc.text(), retry if isinstance(retry, int) else None)
    if isinstance(exc, RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return HttpError(422, "invalid-request", "; ".join(parts) or "invalid request")
    if isinstance(exc, StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return HttpError(exc.status_code, CODES.get(exc.status_code, "http-error"), message)
    return HttpError(500, "internal-error", f"internal error ({type(exc).__name__}); see the server log")


def json_error(err: HttpError) -> JSONResponse:
    """The JSON API's error response."""
    return JSONResponse(err.body(), status_code=err.status, headers=err.headers())


def html_errors(request: Request) -> None:
    """A route dependency: this route is a page, its errors are answered with the HTML error page."""
    request.state.html_errors = True


def wants_html(request: Request) -> bool:
    """Whether the client asked for a page (a browser) rather than JSON."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def install(app: FastAPI, error_page: Callable[[HttpError], Response] | None = None) -> None:
    """Answer every error of ``app`` through :func:`http_error`; ``error_page`` renders it on the reader's
    pages and for a browser that asked for a path or method the app does not have."""

    async def presslens_error(request: Request, exc: Exception) -> Response:
        err = http_error(exc)
        if error_page is not None and getattr(request.state, "html_errors", False):
            return error_page(err)
        return json_error(err)

    async def other_error(request: Request, exc: Exception) -> Response:
        err = http_error(exc)
        if error_page is not None and isinstance(exc, StarletteHTTPException) and wants_html(request):
            return error_page(err)
        return json_error(err)

    app.add_exception_handler(PresslensError, presslens_error)
    for kind in (StarletteHTTPException, RequestValidationError, Exception):
        app.add_exception_handler(kind, other_error)


__all__ = ["CODES", "HttpError", "html_errors", "http_error", "install", "json_error", "wants_html"]
