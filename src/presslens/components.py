"""The component registry: a plain dict filled by the :func:`component` decorator.

A component is a class whose instances are callables ``Article -> Article``.
It declares what it ``requires`` (annotation kinds or shared resources that
must exist before it runs) and what it ``assigns`` (the annotation kinds it
adds). :class:`presslens.pipeline.Pipeline` checks the order before anything
runs. This module imports only records, so annotators never import the
pipeline, readers or store: arrows run down the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from presslens.records import Article


class Component(Protocol):
    name: str
    version: int

    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    name: str
    factory: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: dict[str, ComponentInfo] = {}


def component(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register a component class under ``name`` (later registrations replace earlier ones)."""

    def register(cls: Any) -> Any:
        cls.name = name
        if not hasattr(cls, "version"):
            cls.version = 1
        REGISTRY[name] = ComponentInfo(name, cls, tuple(requires), tuple(assigns))
        return cls

    return register


def producer(obj: Any) -> str:
    """``name@version`` of a component instance or class."""
    return f"{obj.name}@{obj.version}"


__all__ = ["component", "REGISTRY", "ComponentInfo", "Component", "producer"]
