"""The registry of report sections: one renderer per annotation kind (a dict filled by :func:`section`)."""

from __future__ import annotations

from collections.abc import Callable

from presslens.records import Article

SECTIONS: dict[str, Callable[[Article], object]] = {}


def section(kind: str) -> Callable[[Callable[[Article], object]], Callable[[Article], object]]:
    """Register a renderer for one annotation kind (returns a rich renderable)."""

    def register(fn: Callable[[Article], object]) -> Callable[[Article], object]:
        SECTIONS[kind] = fn
        return fn

    return register


__all__ = ["SECTIONS", "section"]
