"""What runs inside Spark's Python workers: split input files into records, analyse records into rows.

Nothing here imports pyspark, so it is tested (and usable) without Spark. The functions are
shipped to executors by reference (``presslens.spark.worker.split_file`` ...), which is why
presslens must be installed on every executor (docs/spark.md).

Record ids and names follow ``presslens ingest`` exactly (``presslens.corpus.ingest``): a JSON
Lines record is ``FILE:LINE`` (or ``FILE#ID`` when it carries an ``id``), a WARC response
``FILE:N`` (its position among the WARC's records), any other file its path; the article id is
the content hash of the body, as everywhere. The analysis itself is the ingest's
(``run_many`` over a chunk, so spaCy sees a batch; a failing chunk is retried one record at a
time and a crash on one record becomes an ``internal-error`` rejection).

Models load once per Python worker process: :func:`pipeline_for` sets the process up as a
pool worker (``presslens.pipeline.init_worker``) once per ``(components, settings)``, and
Spark reuses its Python workers across tasks (``spark.python.worker.reuse``, on by default), so
the second and later partitions a worker runs find the models loaded.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from presslens.errors import Rejected
from presslens.settings import Settings

#: Records analysed together (spaCy's nlp.pipe batch), as ``presslens ingest`` does per worker.
CHUNK = 16

# (input, file, seq, source, payload, path, fmt, reason, message): one input record, or one
# rejection found while reading (reason set, no payload). ``input``/``file``/``seq`` order the
# records as the inputs were given (argument, file path, record number).
RecordTuple = tuple[int, str, int, str, bytes | None, str | None, str | None, str | None, str | None]


# ---------------------------------------------------------------------------
# Reading: one file -> records
# ---------------------------------------------------------------------------
def kind_of(name: str, format: str | None = None) -> str:
    """``warc``, ``jsonl`` or ``file`` (one article page), from the name as ``presslens ingest`` decides."""
    from presslens.corpus.inputs import is_jsonl
    from presslens.corpus.warc import is_warc

    if is_warc(name):
        return "warc"
    from pathlib import Path

    if format == "jsonl" or is_jsonl(Path(name)):
        return "jsonl"
    return "file"


def split_file(input_index: int, name: str, data: bytes | None = None, format: str | None = None,
               path: str | None = None) -> Iterator[RecordTuple]:
    """The records of one file, named after ``name``: read from ``data`` (a remote file's bytes), or
    from the local ``path`` (default ``name``; the absolute path, as the executors' working folder
    is not the driver's).

    Never raises for a bad file: a file that cannot be read, a damaged gzip or WARC yields one
    rejection row (after the records read before the damage), as in ``presslens ingest``.
    """
    kind = kind_of(name, format)
    if kind == "file":
        if data is None:  # a local page: the executor reads it (same path on a shared file system)
            yield (input_index, name, 1, name, None, path or name, format, None, None)
        else:
            yield (input_index, name, 1, name, data, None, format, None, None)
        return
    if kind == "warc":
        from presslens.corpus.warc import iter_warc

        source: str | BinaryIO = io.BytesIO(data) if data is not None else (path or name)
        for item in iter_warc(source, name):
            if isinstance(item, Rejected):
                yield (input_index, name, 1 << 40, item.source, None, None, None, item.reason, item.message)
            else:
                seq, line, _ = item
                yield (input_index, name, seq, f"{name}:{seq}", line, None, "jsonl", None, None)
        return
    yield from _jsonl_records(input_index, name, data, path or name)


def _jsonl_records(input_index: int, name: str, data: bytes | None, path: str) -> Iterator[RecordTuple]:
    """The lines of a JSON Lines file (``read.jsonl.iter_lines``, the ingest's splitter), then a
    rejection if the file cannot be read or its gzip stream is damaged."""
    from presslens.errors import InputError
    from presslens.read.jsonl import iter_lines

    try:
        for lineno, line, _ in iter_lines(io.BytesIO(data) if data is not None else path):
            yield (input_index, name, lineno, f"{name}:{lineno}", bytes(line), None, "jsonl", None, None)
    except InputError as exc:
        yield (input_index, name, 1 << 40, name, None, None, None, exc.reason, f"{name}: {exc.message}")


def split_files(items: Iterable[tuple[int, str, str, str | None]]) -> Iterator[RecordTuple]:
    """``split_file`` over ``(input_index, name, absolute_path, format)`` items (one Spark partition of local files)."""
    for input_index, name, path, format in items:
        yield from split_file(input_index, name, None, format, path)


def split_remote(input_index: int, format: str | None, items: Iterable[tuple[str, bytes]]) -> Iterator[RecordTuple]:
    """``split_file`` over ``(uri, bytes)`` pairs from ``SparkContext.binaryFiles``."""
    for uri, data in items:
        yield from split_file(input_index, uri, bytes(data), format)


# ---------------------------------------------------------------------------
# Analysis: records -> result rows
# ---------------------------------------------------------------------------
_KEY: tuple[tuple[str, ...], Settings] | None = None
_BUILDS: dict[tuple[tuple[str, ...], Settings], int] = {}
#: How many pipelines this process built (a test checks models load once per worker, not per task).
BUILT = 0


def pipeline_for(names: tuple[str, ...], settings: Settings):
    """This process's pipeline for ``(names, settings)``: the pool worker's (``pipeline.init_worker``:
    one BLAS thread, the pipeline built once), made on first use and kept while the job's
    components and settings stay the same."""
    global _KEY, BUILT
    from presslens.pipeline import init_worker, worker_pipeline

    key = (tuple(names), settings)
    if key != _KEY:
        init_worker(key[0], settings)
        _KEY = key
        BUILT += 1
        _BUILDS[key] = _BUILDS.get(key, 0) + 1
    return worker_pipeline()


def builds() -> int:
    """How often this process built the pipeline of the configuration now in use (1 when loaded once)."""
    return _BUILDS.get(_KEY, 0) if _KEY is not None else 0


def boilerplate_rows(article) -> Iterator[tuple[Any, ...]]:
    """(idx, reason, rule, text, start_char, end_char, producer) per boilerplate block of an article."""
    for idx, b in enumerate(article.boilerplate):
        ev = b.evidence
        yield (idx, b.reason, b.rule, ev.text if ev else None, ev.start if ev else None, ev.end if ev else None, b.producer)


def result_row(order: tuple[int, str, int], result, at: str) -> tuple[Any, ...]:
    """One row of :data:`presslens.spark.tables.RESULT_SCHEMA` for an Article or a Rejected."""
    from presslens.store.base import prepare

    input_index, file, seq = order
    if isinstance(result, Rejected):
        return (input_index, file, seq, result.source, result.reason, result.message, None, None, None, None, None,
                None, None, None, None, None, None, None, None, os.getpid(), builds())
    prepared = prepare(result, at)  # the store's row builders: the same columns as `presslens export`
    (id_, url, publisher, title, authors, published, language, source, fmt, text, record, _at) = prepared.row
    annotations = [row[1:] for row in prepared.annotations]  # without article_id (added back when exploded)
    facts = [row[1:] for row in prepared.facts]
    return (input_index, file, seq, source or result.source, None, None, id_, url, publisher, title, authors, published,
            language, fmt, text, record, annotations, facts, list(boilerplate_rows(result)), os.getpid(), builds())


def _renamed(result, old: str, new: str):
    if isinstance(result, Rejected):
        return Rejected(result.source.replace(old, new, 1), result.reason, result.message.replace(old, new))
    return result.replace(source=(result.source or old).replace(old, new, 1), warnings=tuple(w.replace(old, new) for w in result.warnings))


def analyse_records(records: Iterable[RecordTuple], names: tuple[str, ...], settings: Settings, at: str,
                    chunk: int = CHUNK) -> Iterator[tuple[Any, ...]]:
    """Result rows for a stream of records (one Spark partition): articles and rejections, never an exception."""
    from presslens.corpus.ingest import _named
    from presslens.pipeline import analyse

    pipeline = None
    batch: list[RecordTuple] = []

    def flush() -> Iterator[tuple[Any, ...]]:
        nonlocal pipeline
        if pipeline is None:
            pipeline = pipeline_for(names, settings)
        tasks: list[tuple[bytes | str, str | None, str]] = [
            (payload if payload is not None else path or source, fmt, source) for (_, _, _, source, payload, path, fmt, _, _) in batch]
        for rec, results in zip(batch, _named(tasks, analyse(pipeline, tasks)), strict=True):
            for result in results:
                if rec[4] is None and rec[5] is not None and rec[5] != rec[3]:  # read from its absolute path: named as given
                    result = _renamed(result, rec[5], rec[3])
                yield result_row((rec[0], rec[1], rec[2]), result, at)
        batch.clear()

    for rec in records:
        if rec[7] is not None:  # a rejection found while reading the file (after the records before it)
            if batch:
                yield from flush()
            yield result_row((rec[0], rec[1], rec[2]), Rejected(rec[3], rec[7], rec[8] or ""), at)
            continue
        batch.append(rec)
        if len(batch) >= chunk:
            yield from flush()
    if batch:
        yield from flush()


__all__ = ["CHUNK", "analyse_records", "boilerplate_rows", "kind_of", "pipeline_for", "result_row", "split_file",
           "split_files", "split_remote"]
