"""Components: the contract, the per-article context, and the registry for plugins.

A component is a class whose instances are callables ``(Article, Context) -> Article``. It
declares what it ``requires`` (annotation kinds or shared resources that must exist before it
runs), what it ``assigns`` (what it adds) and, optionally, the settings section it is built
with (``config``: a section name of :class:`presslens.settings.Settings`). The pipeline builds
each component once with ``factory(section)`` (or ``factory()`` when it has no section), checks
the order before anything runs, and hands every component the same :class:`Context` for one
article: state that is not part of the record (the spaCy ``Doc``) travels there, from component
to component, instead of living in module-level caches.

The built-in annotators are listed explicitly in :mod:`presslens.annotate` (``BUILTINS``); this
module's :data:`REGISTRY` holds components that users and plugins register with
:func:`component`. This module imports only records, so annotators never import the pipeline,
readers or store: arrows run down the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from presslens.records import Article


@dataclass(slots=True)
class Context:
    """What one article's analysis knows beyond its record, passed from component to component.

    ``doc`` is the spaCy ``Doc`` of ``Article.text`` that the ``nlp`` component sets and the
    sourcing and claims annotators read; ``data`` holds anything else a component wants to hand
    to a later one (keyed by the producing component's name). A context lives as long as the
    analysis of its article (or its batch): nothing is cached across articles.
    """

    doc: Any = None
    data: dict[str, Any] = field(default_factory=dict)


class Component(Protocol):
    name: str
    version: int

    def __call__(self, article: Article, ctx: Context) -> Article: ...


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    name: str
    factory: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    config: str | None = None
    """The settings section the factory takes (``None``: built with no arguments)."""


REGISTRY: dict[str, ComponentInfo] = {}
"""Components registered by users and plugins with :func:`component` (built-ins are listed in
``presslens.annotate.BUILTINS`` and added here too when that module is imported)."""


def component(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (), config: str | None = None
) -> Callable[[Any], Any]:
    """Describe a component class and register it under ``name`` (later registrations replace earlier ones).

    A component whose ``__call__`` takes only the article (``Article -> Article``) is accepted
    too: the pipeline calls it without the context.
    """

    def register(cls: Any) -> Any:
        cls.name = name
        if not hasattr(cls, "version"):
            cls.version = 1
        info = ComponentInfo(name, cls, tuple(requires), tuple(assigns), config)
        cls.component_info = info
        REGISTRY[name] = info
        return cls

    return register


def info_of(cls: Any) -> ComponentInfo:
    """The :class:`ComponentInfo` a class got from :func:`component`."""
    info = getattr(cls, "component_info", None)
    if not isinstance(info, ComponentInfo):
        raise TypeError(f"{cls!r} is not a component (decorate it with @component)")
    return info


def producer(obj: Any) -> str:
    """``name@version`` of a component instance or class."""
    return f"{obj.name}@{obj.version}"


__all__ = ["component", "Component", "ComponentInfo", "Context", "REGISTRY", "info_of", "producer"]
