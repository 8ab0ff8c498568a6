"""Pipeline: read -> structure -> components, for one input or a stream, and its pool worker.

Components are built once per pipeline from their settings section and called as
``component(article, ctx)``: the :class:`~presslens.components.Context` carries one article's
state that is not part of the record (the spaCy Doc) from component to component. A pipeline
pickles as its component names and settings, so the same analysis runs in a loop, in a process
pool (this module's :func:`init_worker` / :func:`analyse_chunk`, used by :meth:`Pipeline.pipe`
and by ``presslens ingest``, under ``fork`` and ``spawn`` alike) or in a Spark task.
"""

from __future__ import annotations

import inspect
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from presslens.components import REGISTRY, ComponentInfo, Context, info_of
from presslens.errors import InputError, PipelineError, Rejected
from presslens.read import Source, read
from presslens.records import Article
from presslens.settings import Settings
from presslens.structure import build_article


def builtin_components() -> dict[str, ComponentInfo]:
    """The built-in annotators by name, in their default run order (``presslens.annotate.BUILTINS``)."""
    from presslens.annotate import BUILTINS

    infos = [info_of(cls) for cls in BUILTINS]
    return {info.name: info for info in infos}


def default_components() -> tuple[str, ...]:
    """The names of the built-in annotators, in run order.

    Components that users or plugins register are not added behind their back:
    name them in ``Pipeline([...])`` or ``analyze(..., components=[...])``.
    """
    return tuple(builtin_components())


def lookup(name: str) -> ComponentInfo:
    """A component by name: a built-in one, or one registered with ``@component`` (a plugin)."""
    builtins = builtin_components()
    info = REGISTRY.get(name) if name not in builtins else builtins[name]
    if info is None:
        known = sorted({*builtins, *REGISTRY})
        raise PipelineError(f"unknown component {name!r}; known: {', '.join(known)}")
    return info


ALWAYS = frozenset({"text", "paragraphs", "metadata"})
"""What the structure step gives every article before any component runs."""


def resolve(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with the built-in components they require put before them (in the built-in order).

    ``Pipeline(["quotes"])`` runs ``nlp``, ``entities`` and ``quotes``: a requirement that a
    named component does not meet is met by the first built-in component that assigns it.
    Requirements nothing assigns are left for :meth:`Pipeline.check` to report.
    """
    names = tuple(names)
    if not names:  # the structure step alone: no annotator module is imported (start-up)
        return ()
    builtins = builtin_components()
    out: list[str] = []
    available: set[str] = set(ALWAYS)

    def add(name: str, chain: tuple[str, ...]) -> None:
        if name in out:
            return
        info = lookup(name)
        for req in info.requires:
            if req in available:
                continue
            provider = next((n for n, i in builtins.items() if req in i.assigns and n not in chain), None)
            if provider is not None and provider != name:
                add(provider, (*chain, name))
        out.append(name)
        available.update(info.assigns)

    for name in names:
        add(name, ())
    return tuple(out)


@dataclass(slots=True)
class _Built:
    component: Any
    takes_ctx: bool


class Pipeline:
    """Compose components by name; ``pipeline(src)`` analyses one input, ``pipe(srcs)`` many.

    Built-in components that a named one requires are added before it (:func:`resolve`);
    ``names`` is the resolved order.
    """

    def __init__(self, components: Iterable[str] = (), settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = resolve(components)
        self._infos = [lookup(n) for n in self.names]
        self._built: list[_Built] | None = None
        self.check()

    def check(self) -> None:
        """Refuse an order in which a component runs before what it requires, or an unknown section."""
        available: set[str] = set(ALWAYS)
        for info in self._infos:
            missing = [r for r in info.requires if r not in available]
            if missing:
                raise PipelineError(f"component {info.name!r} requires {', '.join(missing)}, which no earlier component assigns")
            if info.config is not None:
                self.settings.section(info.config)
            available.update(info.assigns)

    @property
    def components(self) -> list[Any]:
        """The component instances, built on first use (models load lazily inside them)."""
        return [b.component for b in self._build()]

    def _build(self) -> list[_Built]:
        if self._built is None:
            built = []
            for info in self._infos:
                comp = info.factory(self.settings.section(info.config)) if info.config else info.factory()
                built.append(_Built(comp, _takes_context(comp)))
            self._built = built
        return self._built

    def annotate(self, article: Article, ctx: Context | None = None) -> Article:
        """Run every component on one structured article, sharing one context."""
        ctx = ctx if ctx is not None else Context()
        for b in self._build():
            article = b.component(article, ctx) if b.takes_ctx else b.component(article)
        return article

    def run(self, source: Source, format: str | None = None, ahead: bool = False) -> Iterator[Article | Rejected]:
        """Every article in one input (several for JSON Lines); failures as Rejected.

        ``ahead``: once the first article is structured, components that can start work on it in
        another process (a ``start_ahead(article)`` method: the persuasion detection) are told to,
        before the first component runs (``presslens analyze`` of one input: docs/performance.md)."""
        for item in self._structured(source, format):
            if isinstance(item, Rejected):
                yield item
                continue
            if ahead:
                ahead = False
                for b in self._build():
                    start = getattr(b.component, "start_ahead", None)
                    if start is not None:
                        start(item)
            yield self.annotate(item)

    def __call__(self, source: Source, format: str | None = None) -> Article:
        """Analyse one input (the first record of a JSON Lines file); raise InputError if it holds no article."""
        for page in read(source, format, self.settings):
            if isinstance(page, InputError):
                raise page
            return self.annotate(build_article(page, self.settings))
        raise InputError(str(source)[:80], "empty", "holds no records", "pass an article")

    def pipe(
        self, sources: Iterable[Source], format: str | None = None, batch_size: int = 64, n_process: int = 1
    ) -> Iterator[Article | Rejected]:
        """Stream results for many inputs, in order; never raises for a bad input.

        ``batch_size`` bounds how many articles are held before the components run,
        so components that batch (spaCy's ``nlp.pipe``) can work on chunks.
        ``n_process > 1`` spreads inputs over a process pool (each worker builds
        its own pipeline once); results still come back in input order.
        """
        if n_process > 1:
            yield from self._pipe_pool(sources, format, batch_size, n_process)
            return
        batch: list[Article | Rejected] = []
        for src in sources:
            for result in self._structured(src, format):
                batch.append(result)
                if len(batch) >= batch_size:
                    yield from self._annotate_batch(batch)
                    batch = []
        if batch:
            yield from self._annotate_batch(batch)

    def _pipe_pool(self, sources: Iterable[Source], format: str | None, batch_size: int, n_process: int) -> Iterator[Article | Rejected]:
        from concurrent.futures import ProcessPoolExecutor
        from itertools import islice

        it = iter(sources)
        per_task = max(1, batch_size // 4)
        with ProcessPoolExecutor(max_workers=n_process, initializer=init_worker, initargs=(self.names, self.settings)) as pool:
            while True:
                chunk = list(islice(it, batch_size * n_process))
                if not chunk:
                    break
                tasks = [[(s, format, str(s)[:200]) for s in chunk[i : i + per_task]] for i in range(0, len(chunk), per_task)]
                for results in pool.map(analyse_chunk, tasks):
                    for items in results:
                        yield from items

    def _structured(self, source: Source, format: str | None) -> Iterator[Article | Rejected]:
        try:
            for page in read(source, format, self.settings):
                if isinstance(page, InputError):
                    yield Rejected.from_error(page)
                    continue
                try:
                    yield build_article(page, self.settings)
                except InputError as exc:
                    yield Rejected.from_error(exc)
        except InputError as exc:
            yield Rejected.from_error(exc)

    def run_many(self, sources: Sequence[tuple[Source, str | None]]) -> list[list[Article | Rejected]]:
        """Like ``[list(self.run(s, f)) for s, f in sources]``, with the components run as one batch.

        Batching lets the NLP base hand every article to spaCy's ``nlp.pipe`` at once. Bad
        inputs come back as :class:`Rejected`; an exception from a component (a bug) propagates,
        as from :meth:`run`: :func:`analyse_chunk` then retries the inputs one by one to isolate it.
        """
        structured = [list(self._structured(src, fmt)) for src, fmt in sources]
        done = iter(list(self._annotate_batch([item for items in structured for item in items])))
        return [[next(done) for _ in items] for items in structured]

    def _annotate_batch(self, batch: list[Article | Rejected]) -> Iterator[Article | Rejected]:
        # Components may prepare a whole batch at once (the NLP base runs spaCy's nlp.pipe over it);
        # each article keeps its own context for the rest of the components.
        articles = [item for item in batch if not isinstance(item, Rejected)]
        contexts = [Context() for _ in articles]
        if len(articles) > 1:
            for b in self._build():
                prepare = getattr(b.component, "pipe_batch", None)
                if prepare is not None:
                    prepare(articles, contexts)
        it = iter(contexts)
        for item in batch:
            yield item if isinstance(item, Rejected) else self.annotate(item, next(it))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline, (self.names, self.settings))


def _takes_context(comp: Any) -> bool:
    """Whether a component's ``__call__`` takes the context (plugins may take the article alone)."""
    try:
        params = inspect.signature(comp).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return True
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in params)


# -- the pool worker: one for Pipeline.pipe and presslens ingest ---------------------------------

_WORKER: Pipeline | None = None


def one_math_thread() -> None:
    """Keep a pool worker's BLAS (numpy/OpenBLAS, used by spaCy's models) on one thread.

    Each worker already has a core of its own; OpenBLAS threads on top of that oversubscribe
    the machine and spend their time spinning on spaCy's small matrices: on a 2-core machine
    the NLP base cost 165 ms of CPU per 1,000-word article with BLAS threads against 111 ms
    with one (bench/ingest.py, docs/corpus.md).
    """
    import os

    # Libraries loaded from now on read these when they start their thread pools ...
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    # ... and the ones already loaded are told at run time. numpy is imported first so that its
    # BLAS is among them: threadpoolctl only sees libraries that are loaded (a worker may not
    # have imported numpy yet, and spaCy would load it later with a full thread pool).
    import numpy  # noqa: F401

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency; tolerate its absence
        return
    threadpool_limits(limits=1)


def init_worker(names: tuple[str, ...], settings: Settings) -> None:
    """Initialise a pool worker process: one BLAS thread, Ctrl-C left to the parent, its pipeline.

    Everything the worker needs comes from its arguments and explicit imports, so it works the
    same when the process is forked or spawned (macOS, and Linux's default from Python 3.14).
    """
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    one_math_thread()
    _WORKER = Pipeline(names, settings)


def worker_pipeline() -> Pipeline:
    """The pipeline :func:`init_worker` built in this process."""
    if _WORKER is None:
        raise PipelineError("this process is not a presslens pool worker (init_worker was not called)")
    return _WORKER


def analyse_chunk(tasks: list[tuple[Any, str | None, str]]) -> list[list[Article | Rejected]]:
    """In a worker: analyse a chunk of ``(source, format, name)`` inputs as one batch.

    The components see the chunk as one batch (spaCy's ``nlp.pipe``). An exception from a
    component (a bug on one odd page) must not end a long run: the chunk is then analysed input
    by input, and an input that still fails becomes a ``Rejected`` with reason ``internal-error``.
    """
    return analyse(worker_pipeline(), tasks)


def analyse(pipeline: Pipeline, tasks: list[tuple[Any, str | None, str]]) -> list[list[Article | Rejected]]:
    """:func:`analyse_chunk` with an explicit pipeline (for callers that are not pool workers)."""
    batched: list[list[Article | Rejected]] | list[None]
    try:
        batched = pipeline.run_many([(payload, fmt) for payload, fmt, _ in tasks])
    except Exception:  # a bug on one odd page must not end a long run: find it one by one
        batched = [None] * len(tasks)
    out: list[list[Article | Rejected]] = []
    for (payload, fmt, name), results in zip(tasks, batched, strict=True):
        if results is None:
            try:
                results = list(pipeline.run(payload, fmt))
            except Exception as exc:
                where = name if isinstance(payload, bytes) else str(payload)
                results = [Rejected(where, "internal-error", f"{where}: presslens failed on this input "
                                    f"({type(exc).__name__}: {exc}); please report it with the input")]
        out.append(results)
    return out


def analyze(source: Source, format: str | None = None, settings: Settings | None = None, components: Iterable[str] | None = None) -> Article:
    """Analyse one article page: a path, bytes, or a string of HTML, markdown or text."""
    names = tuple(components) if components is not None else default_components()
    return Pipeline(names, settings or Settings())(source, format)


__all__ = ["ALWAYS", "Pipeline", "analyze", "resolve", "analyse", "analyse_chunk", "builtin_components", "default_components",
           "init_worker", "lookup", "one_math_thread", "worker_pipeline"]
