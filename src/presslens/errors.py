"""One exception root for presslens, with messages that say what to do next.

Every error presslens raises on purpose derives from :class:`PresslensError`, which carries

- ``message``: what went wrong, in one line;
- ``hint``: what the user can do about it (may be empty);
- ``status``: the HTTP status the web app answers with, and ``code``, the short
  machine-readable code of its JSON error body.

The two front ends each map these in one place: the CLI turns an error into one
``presslens: ...`` line on stderr and an exit code (``presslens.cli.output.exit_code``),
the web app into ``{"error": {"status", "code", "message"}}`` or the reader's error page
(``presslens.web.errors.http_error``). A class sets its defaults; one raise may override
``status``/``code`` where the same failure means something else (``BadRequest(..., code="bad-form")``).

A page with no article in it is a *result*, not an exception: readers raise
:class:`InputError` and batch code turns it into a :class:`Rejected` record so
a run reports the failure and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass


class PresslensError(Exception):
    """Root of every error presslens raises on purpose."""

    status: int = 500
    code: str = "error"

    def __init__(self, message: str = "", hint: str = "", *, status: int | None = None, code: str | None = None) -> None:
        self.message = message
        self.hint = hint
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        super().__init__(message)

    def text(self) -> str:
        """The message and its hint: ``message; hint``."""
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def line(self) -> str:
        """The one-line form shown to users on the command line."""
        return self.text()

    def __str__(self) -> str:
        return self.line()

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (worker pools); subclasses take other constructor
        # arguments, so rebuild from the attributes rather than from ``args``.
        return _restore, (type(self), dict(self.__dict__))


def _restore(cls: type[PresslensError], state: dict[str, object]) -> PresslensError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, state.get("message", ""))
    return error


class InputError(PresslensError):
    """An input that cannot be analysed: empty, binary, too large, no article text.

    ``reason`` is a short machine-readable code (``empty``, ``binary``,
    ``too-large``, ``no-article-text``, ``not-found``, ``bad-json`` ...), also the
    HTTP error ``code``; ``hint`` says what the user can do about it. The HTTP status
    is 422 for a page that was read but holds no article text, 400 otherwise.
    """

    def __init__(self, path: str, reason: str, message: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        super().__init__(message, hint, status=422 if reason == "no-article-text" else 400, code=reason)

    def line(self) -> str:
        """The one-line form shown to users: ``path: message; hint``."""
        return f"{self.path}: {self.text()}"


class SchemaError(PresslensError):
    """A stored record was written by an incompatible version of presslens."""

    code = "schema"


class ConfigError(PresslensError):
    """A settings file or environment variable has a bad value."""

    code = "config"


class PipelineError(PresslensError):
    """Components were composed in an order that cannot work (missing requirement, unknown name)."""

    code = "pipeline"


class StoreError(PresslensError):
    """The database cannot be opened or used (bad URL, missing file, newer schema)."""

    status = 503
    code = "store"


class QueryError(PresslensError):
    """A search query (or a search filter) the full-text engine cannot parse."""

    status = 400
    code = "bad-query"


class BadRequest(PresslensError):
    """A request, flag or form value that cannot work (an unknown export format, an empty form)."""

    status = 400
    code = "bad-request"


class NotFound(PresslensError):
    """Something asked for by name or id that is not there."""

    status = 404
    code = "not-found"


class ArticleNotFound(NotFound, KeyError):
    """No stored article with this id (a ``KeyError`` too, as for a mapping)."""

    def __init__(self, id: str) -> None:
        self.id = id
        super().__init__(f"no article with id {id!r}")


class TooLarge(PresslensError):
    """A request body or page larger than the configured limit."""

    status = 413
    code = "too-large"


class UnsupportedMediaType(BadRequest):
    """A request body in a form the server does not read."""

    status = 415
    code = "unsupported-media-type"


class Unavailable(PresslensError):
    """What was asked for needs something this process runs without (a database)."""

    status = 503
    code = "unavailable"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that was read but gave no article, and why (a result, not an exception)."""

    source: str
    reason: str
    message: str

    @classmethod
    def from_error(cls, error: InputError) -> Rejected:
        return cls(source=error.path, reason=error.reason, message=error.line())


__all__ = [
    "ArticleNotFound", "BadRequest", "ConfigError", "InputError", "NotFound", "PipelineError", "PresslensError", "QueryError",
    "Rejected", "SchemaError", "StoreError", "TooLarge", "Unavailable", "UnsupportedMediaType",
]
