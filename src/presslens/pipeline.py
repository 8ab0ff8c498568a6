"""Pipeline: read -> structure -> registered components, for one input or a stream.

Components are pure ``Article -> Article`` callables, so a pipeline runs the
same in a loop, a process pool (it pickles: it holds only names and settings)
or a Spark ``mapPartitions`` task.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from presslens.components import REGISTRY
from presslens.errors import InputError, PipelineError, Rejected
from presslens.read import Source, read
from presslens.records import Article
from presslens.settings import Settings
from presslens.structure import build_article


class Pipeline:
    """Compose components by name; ``pipeline(src)`` analyses one input, ``pipe(srcs)`` many."""

    def __init__(self, components: Iterable[str] = (), settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = tuple(components)
        self._components: list[Any] | None = None
        self.check()

    def check(self) -> None:
        """Refuse an order in which a component runs before what it requires."""
        available: set[str] = {"text", "paragraphs", "metadata"}
        for name in self.names:
            info = REGISTRY.get(name)
            if info is None:
                raise PipelineError(f"unknown component {name!r}; registered: {', '.join(sorted(REGISTRY)) or 'none'}")
            missing = [r for r in info.requires if r not in available]
            if missing:
                raise PipelineError(f"component {name!r} requires {', '.join(missing)}, which no earlier component assigns")
            available.update(info.assigns)

    @property
    def components(self) -> list[Any]:
        if self._components is None:
            self._components = [REGISTRY[n].factory() for n in self.names]
        return self._components

    def annotate(self, article: Article) -> Article:
        for comp in self.components:
            article = comp(article)
        return article

    def run(self, source: Source, format: str | None = None) -> Iterator[Article | Rejected]:
        """Every article in one input (several for JSON Lines); failures as Rejected."""
        try:
            for page in read(source, format, self.settings):
                if isinstance(page, InputError):
                    yield Rejected.from_error(page)
                    continue
                try:
                    yield self.annotate(build_article(page, self.settings))
                except InputError as exc:
                    yield Rejected.from_error(exc)
        except InputError as exc:
            yield Rejected.from_error(exc)

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
        with ProcessPoolExecutor(max_workers=n_process, initializer=_init_worker, initargs=(self.names, self.settings)) as pool:
            while True:
                chunk = list(islice(it, batch_size * n_process))
                if not chunk:
                    break
                for results in pool.map(_work, [(s, format) for s in chunk], chunksize=max(1, batch_size // 4)):
                    yield from results

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

    def run_many(self, sources: list[tuple[Source, str | None]]) -> list[list[Article | Rejected]]:
        """Like ``[list(self.run(s, f)) for s, f in sources]``, with the components run as one batch.

        Batching lets the NLP base hand every article to spaCy's ``nlp.pipe`` at once. Bad
        inputs come back as :class:`Rejected`; an exception from a component (a bug) propagates,
        as from :meth:`run`: the ingest then retries the inputs one by one to isolate it.
        """
        structured = [list(self._structured(src, fmt)) for src, fmt in sources]
        done = iter(list(self._annotate_batch([item for items in structured for item in items])))
        return [[next(done) for _ in items] for items in structured]

    def _annotate_batch(self, batch: list[Article | Rejected]) -> Iterator[Article | Rejected]:
        # Components may prepare a whole batch at once (the NLP base runs spaCy's nlp.pipe).
        articles = [item for item in batch if not isinstance(item, Rejected)]
        if len(articles) > 1:
            for comp in self.components:
                prepare = getattr(comp, "pipe_batch", None)
                if prepare is not None:
                    prepare(articles)
        for item in batch:
            yield item if isinstance(item, Rejected) else self.annotate(item)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pipeline, (self.names, self.settings))


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


def _init_worker(names: tuple[str, ...], settings: Settings) -> None:
    global _WORKER
    one_math_thread()
    _WORKER = Pipeline(names, settings)


def _work(job: tuple[Source, str | None]) -> list[Article | Rejected]:
    assert _WORKER is not None
    source, format = job
    return list(_WORKER.run(source, format))


def analyze(source: Source, format: str | None = None, settings: Settings | None = None, components: Iterable[str] | None = None) -> Article:
    """Analyse one article page: a path, bytes, or a string of HTML, markdown or text."""
    names = tuple(components) if components is not None else default_components()
    return Pipeline(names, settings or Settings())(source, format)


def default_components() -> tuple[str, ...]:
    """The built-in annotators (those defined in ``presslens.annotate``), in registration order.

    Components that users or plugins register are not added behind their back:
    name them in ``Pipeline([...])`` or ``analyze(..., components=[...])``.
    """
    import presslens.annotate  # noqa: F401  (registers the built-in annotators)

    return tuple(name for name, info in REGISTRY.items() if getattr(info.factory, "__module__", "").startswith("presslens.annotate"))


__all__ = ["Pipeline", "analyze", "default_components"]
