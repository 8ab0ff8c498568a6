"""Ingest many inputs into a store: expansion, parallel analysis, batched commits, resume.

Inputs are directories (walked recursively for article files), files, and glob
patterns (:mod:`presslens.corpus.inputs`). A JSON Lines file (``.jsonl``, ``.ndjson``,
optionally ``.gz``) is split into records (``read.jsonl.iter_lines``) and a WARC file into
its HTML responses here, so their records are analysed in parallel and their progress is
saved record by record. The pool worker is the pipeline's (``pipeline.init_worker``); the
progress bar is :mod:`presslens.corpus.progress`.

Resuming works because results come back in input order and each batch of
results is committed in one transaction together with the progress of the
inputs it came from (``inputs.progress`` = the last record committed,
``inputs.status`` = ``done`` once every record of the input is committed). A
run killed at any point (even with SIGKILL) loses only the uncommitted batch; the
next run skips inputs marked ``done`` (same size and mtime) and the records of
``partial`` ones that are already committed. Articles are keyed by content hash
and inserted with ``ON CONFLICT DO NOTHING``, so re-analysing a record twice
never stores it twice.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from presslens.corpus.inputs import ARTICLE_SUFFIXES, InputFile, expand_inputs
from presslens.corpus.warc import is_warc, iter_warc
from presslens.errors import InputError, Rejected
from presslens.pipeline import Pipeline, analyse, analyse_chunk, init_worker
from presslens.read.jsonl import iter_lines
from presslens.records import Article
from presslens.store.base import InputState, PreparedArticle, Store, prepare


@dataclass(slots=True)
class IngestSummary:
    inputs: int = 0
    skipped: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    bytes_total: int = 0
    bytes_done: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def articles(self) -> int:
        return self.stored + self.duplicates

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = (f"stored {self.stored}, duplicates {self.duplicates}, rejected {self.rejected} "
                f"from {self.inputs} input{'s' if self.inputs != 1 else ''}")
        if self.skipped:
            text += f" ({self.skipped} already done, skipped)"
        text += f" in {self.seconds:.1f} s ({self.rate:.{0 if self.rate >= 10 else 1}f} articles/s)"
        return text


# ---------------------------------------------------------------------------
# Jobs and workers
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Job:
    index: int  # which InputFile
    seq: int  # line number for JSON Lines, 1 for a whole file
    payload: bytes | str  # a JSON line, or a path
    pos: int  # bytes of the input read so far (for the progress bar)


@dataclass(slots=True)
class _End:
    index: int
    pos: int


@dataclass(slots=True)
class _Failed:
    index: int
    rejected: Rejected


# A long ingest replaces its worker processes every WORKER_TASKS chunks per worker (<= 16 inputs
# a chunk, so a few thousand articles): a worker otherwise keeps growing with spaCy's vocabulary
# and heap fragmentation (a 727 MB peak on the 37k allsides corpus, ~450 MB for a fresh one).
# The chunks in flight are finished first, so nothing is lost or reordered; the swap costs a few
# seconds (new workers load their models). ProcessPoolExecutor's own max_tasks_per_child is not
# used: on Python 3.11 it hangs (seen here with 3.11.7).
WORKER_TASKS = 200
COMMIT_DELAY = 0.0  # seconds to sleep before each commit: a test hook (tests slow commits to kill a run halfway)
RECYCLE_MIN_BYTES = 16 * 2**20  # inputs smaller than this keep their workers for the whole run


class _Workers:
    """The process pool of an ingest, renewed every ``tasks`` chunks per worker when ``recycle``."""

    def __init__(self, workers: int, pipeline: Pipeline, recycle: bool) -> None:
        self.workers, self.pipeline = workers, pipeline
        self.tasks = WORKER_TASKS * workers if recycle else 0
        self.submitted = 0
        self.pool: ProcessPoolExecutor | None = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker,
                                   initargs=(self.pipeline.names, self.pipeline.settings))

    def submit(self, tasks: list) -> Future:
        assert self.pool is not None
        self.submitted += 1
        return self.pool.submit(_work, tasks)

    @property
    def due(self) -> bool:
        return bool(self.tasks) and self.submitted >= self.tasks

    def renew(self) -> None:
        """Replace the workers (call with nothing in flight)."""
        self.shutdown(wait=True)
        self.pool, self.submitted = self._start(), 0

    def shutdown(self, wait: bool) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def _work(tasks: list[tuple[bytes | str, str | None, str]]) -> list[list[PreparedArticle | Rejected]]:
    """In a worker (``pipeline.init_worker``): analyse a chunk as one batch, and turn articles into
    rows here, so the writing process only runs SQL."""
    return [[r if isinstance(r, Rejected) else prepare(r) for r in results] for results in _named(tasks, analyse_chunk(tasks))]


def _named(tasks: list[tuple[bytes | str, str | None, str]], batched: list[list[Article | Rejected]]) -> list[list[Article | Rejected]]:
    """Records read from bytes (a JSON Lines record) named after their file and line."""
    return [[_rename(r, name) for r in results] if isinstance(payload, bytes) else results
            for (payload, _fmt, name), results in zip(tasks, batched, strict=True)]


def _rename(result: Article | Rejected, name: str) -> Article | Rejected:
    """A record read from bytes is named ``<bytes>#id`` or ``<bytes>:1``: name it after its file and line."""
    old = result.source or ""
    if not old.startswith("<bytes>"):
        return result
    rest = old.removeprefix("<bytes>")
    new = f"{name.rsplit(':', 1)[0]}{rest}" if rest.startswith("#") else name
    if isinstance(result, Rejected):
        return Rejected(new, result.reason, result.message.replace(old, new, 1))
    return result.replace(source=new, warnings=tuple(w.replace(old, new) for w in result.warnings))


def _jobs(files: list[InputFile]) -> Iterator[_Job | _End | _Failed]:
    for index, f in enumerate(files):
        if not f.jsonl:
            yield _Job(index, 1, str(f.path), f.size)
            yield _End(index, f.size)
            continue
        if is_warc(f.path):  # one job per HTML response record, numbered by record (corpus/warc.py)
            for item in iter_warc(f.path, f.name, f.start_after):
                yield _Failed(index, item) if isinstance(item, Rejected) else _Job(index, *item)
            yield _End(index, f.size)
            continue
        try:
            for lineno, line, pos in iter_lines(f.path, f.start_after):
                yield _Job(index, lineno, line, pos)
        except InputError as exc:
            yield _Failed(index, Rejected(f.name, exc.reason, f"{f.name}: {exc.message}"))
        yield _End(index, f.size)


def _ordered(items: Iterator[_Job | _End | _Failed], run: Callable, pool: _Workers | None,
             fmt: str | None, files: list[InputFile], chunk: int, window: int) -> Iterator[tuple[object, list]]:
    """(item, results) in input order; jobs are analysed ``chunk`` at a time, ``window`` chunks in flight."""

    def task(jobs: list[_Job]) -> list[tuple[bytes | str, str | None, str]]:
        out = []
        for j in jobs:
            f = files[j.index]
            out.append((j.payload, "jsonl" if isinstance(j.payload, bytes) else fmt, f"{f.name}:{j.seq}"))
        return out

    if pool is None:
        for item in items:
            yield (item, run(task([item]))[0]) if isinstance(item, _Job) else (item, [])
        return

    pending: deque[tuple[str, Any, Any]] = deque()  # ("task", future, jobs) | ("item", item, None)
    in_flight = 0
    batch: list[_Job] = []

    def drain_one() -> Iterator[tuple[object, list]]:
        nonlocal in_flight
        kind, a, b = pending.popleft()
        if kind == "item":
            yield a, []
            return
        in_flight -= 1
        results = a.result()
        yield from zip(b, results, strict=True)

    def flush() -> None:
        nonlocal batch, in_flight
        if batch:
            future: Future = pool.submit(task(batch))
            pending.append(("task", future, batch))
            in_flight += 1
            batch = []

    for item in items:
        if isinstance(item, _Job):
            batch.append(item)
            if len(batch) >= chunk:
                flush()
        else:
            flush()
            pending.append(("item", item, None))
        while in_flight >= window:
            yield from drain_one()
        if pool.due:
            flush()
            while pending:
                yield from drain_one()
            pool.renew()
    flush()
    while pending:
        yield from drain_one()


# ---------------------------------------------------------------------------
# The ingest loop
# ---------------------------------------------------------------------------
def ingest(
    args: Iterable[str | os.PathLike[str]],
    store: Store,
    pipeline: Pipeline | None = None,
    *,
    workers: int = 1,
    batch_size: int = 100,
    force: bool = False,
    format: str | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    commit_every: float = 2.0,
) -> IngestSummary:
    """Analyse every input and store the results; return what was done.

    ``KeyboardInterrupt`` commits what is finished and returns with ``interrupted=True``.
    """
    pipeline = pipeline or Pipeline()
    summary = IngestSummary()
    started = time.monotonic()
    files, problems = expand_inputs(args, format)
    todo: list[InputFile] = []
    for f in files:
        state = store.input_state(f.key)
        if state is not None and not force and state.same_file(f.size, f.mtime):
            if state.status == "done":
                summary.skipped += 1
                continue
            f.start_after = state.progress if f.jsonl else 0
        todo.append(f)
    summary.inputs = len(files) + len(problems)
    summary.bytes_total = sum(f.size for f in todo)
    if problems:
        store.write(rejected=problems)
        _count_rejected(summary, problems)

    delay = COMMIT_DELAY
    articles: list[Article | PreparedArticle] = []
    rejected: list[Rejected] = []
    progress: dict[int, InputState] = {}
    last_commit = time.monotonic()
    done_bytes = {i: 0 for i in range(len(todo))}
    last_seq = {i: f.start_after for i, f in enumerate(todo)}

    def commit() -> None:
        nonlocal articles, rejected, progress, last_commit
        if articles or rejected or progress:
            result = store.write(articles, rejected, progress.values())
            summary.stored += result.stored
            summary.duplicates += result.duplicates
            _count_rejected(summary, rejected)
            articles, rejected, progress = [], [], {}
            if delay:
                time.sleep(delay)
        last_commit = time.monotonic()

    def input_state(index: int, status: str, seq: int) -> InputState:
        f = todo[index]
        return InputState(f.key, f.size, f.mtime, status, seq)

    if not any(f.jsonl for f in todo) and len(todo) < 2 * workers:
        workers = 1  # a handful of pages: starting worker processes costs more than it saves
    pool = None
    try:
        if workers > 1 and todo:
            pool = _Workers(workers, pipeline, recycle=summary.bytes_total >= RECYCLE_MIN_BYTES)
        chunk = max(1, min(16, batch_size // max(1, workers)))
        stream = _ordered(_jobs(todo), lambda t: _named(t, analyse(pipeline, t)), pool, format, todo, chunk, 4 * max(1, workers))
        for item, results in stream:
            if isinstance(item, _Job):
                new_articles = [r for r in results if not isinstance(r, Rejected)]
                new_rejected = [r for r in results if isinstance(r, Rejected)]
                articles += new_articles
                rejected += new_rejected
                progress[item.index] = input_state(item.index, "partial", item.seq)
                last_seq[item.index] = item.seq
                done_bytes[item.index] = item.pos
            elif isinstance(item, _Failed):
                rejected.append(item.rejected)
            elif isinstance(item, _End):
                progress[item.index] = input_state(item.index, "done", last_seq[item.index])
                done_bytes[item.index] = item.pos
            if len(articles) + len(rejected) >= batch_size or time.monotonic() - last_commit >= commit_every:
                commit()
            if on_progress is not None:
                summary.bytes_done = sum(done_bytes.values())
                summary.seconds = time.monotonic() - started
                on_progress(_pending_view(summary, articles, rejected))
        commit()
    except KeyboardInterrupt:
        summary.interrupted = True
        if pool is not None:
            pool.shutdown(wait=False)
            pool = None
        commit()
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    summary.bytes_done = sum(done_bytes.values())
    summary.seconds = time.monotonic() - started
    if on_progress is not None:
        on_progress(summary)
    return summary


def _count_rejected(summary: IngestSummary, rejected: list[Rejected]) -> None:
    summary.rejected += len(rejected)
    for r in rejected:
        summary.reasons[r.reason] = summary.reasons.get(r.reason, 0) + 1


def _pending_view(summary: IngestSummary, articles: list, rejected: list[Rejected]) -> IngestSummary:
    """The summary as the progress bar shows it: committed counts plus what waits for the next commit."""
    view = IngestSummary(**{k: getattr(summary, k) for k in summary.__slots__ if k != "reasons"})
    view.stored += len(articles)
    view.rejected += len(rejected)
    return view


__all__ = ["ARTICLE_SUFFIXES", "IngestSummary", "InputFile", "expand_inputs", "ingest"]
