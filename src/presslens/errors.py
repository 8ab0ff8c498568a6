"""One exception root for presslens, with messages that say what to do next.

A page with no article in it is a *result*, not an exception: readers raise
:class:`InputError` and batch code turns it into a :class:`Rejected` record so
a run reports the failure and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass


class PresslensError(Exception):
    """Root of every error presslens raises on purpose."""


class InputError(PresslensError):
    """An input that cannot be analysed: empty, binary, too large, no article text.

    ``reason`` is a short machine-readable code (``empty``, ``binary``,
    ``too-large``, ``no-article-text``, ``not-found``, ``bad-json`` ...);
    ``hint`` says what the user can do about it.
    """

    def __init__(self, path: str, reason: str, message: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.message = message
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line form shown to users: ``path: message (hint)``."""
        text = f"{self.path}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class SchemaError(PresslensError):
    """A stored record was written by an incompatible version of presslens."""


class ConfigError(PresslensError):
    """A settings file or environment variable has a bad value."""


class PipelineError(PresslensError):
    """Components were composed in an order that cannot work (missing requirement)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that was read but gave no article, and why (a result, not an exception)."""

    source: str
    reason: str
    message: str

    @classmethod
    def from_error(cls, error: InputError) -> Rejected:
        return cls(source=error.path, reason=error.reason, message=error.line())


__all__ = ["PresslensError", "InputError", "SchemaError", "ConfigError", "PipelineError", "Rejected"]
