"""``presslens export``: the tables of a store as JSON Lines, Parquet or CSV files, one per record kind.

Rows are read in keyset-paginated batches (:meth:`~presslens.store.base.Store.export_batches`,
the same SQL on SQLite and PostgreSQL) and written as they come: the database is never held
in memory. Each file is written under a temporary name and renamed when complete.

- ``articles``: one row per article (``authors`` and the full ``record``, the
  ``Article.to_json()`` that rebuilds it, are JSON);
- ``annotations``: one row per annotation record of every kind (column ``kind``), the
  record itself as JSON in ``data``;
- ``provenance_facts``: one row per provenance fact;
- ``rejected``: the inputs that gave no article.

JSON columns are nested values in JSON Lines and JSON text in Parquet and CSV.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from presslens.errors import BadRequest
from presslens.store.base import Store
from presslens.store.rows import EXPORT_TABLES, ExportTable

FORMATS = ("jsonl", "parquet", "csv")
SUFFIX = {"jsonl": ".jsonl", "parquet": ".parquet", "csv": ".csv"}

Table = ExportTable
TABLES: tuple[Table, ...] = EXPORT_TABLES
TABLE_NAMES = tuple(t.name for t in TABLES)


def iter_batches(store: Store, table: Table, batch_size: int = 1000) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` in key order, ``batch_size`` at a time (JSON columns as JSON text)."""
    return store.export_batches(table.name, batch_size)


def export(store: Store, out: str | Path, format: str = "jsonl", tables: tuple[str, ...] = TABLE_NAMES,
           batch_size: int = 1000) -> dict[str, int]:
    """Write each table of ``store`` to ``out/TABLE.{jsonl,parquet,csv}``; return ``{table: rows}``."""
    if format not in FORMATS:
        raise BadRequest(f"unknown export format {format!r}", f"use one of {', '.join(FORMATS)}")
    unknown = set(tables) - set(TABLE_NAMES)
    if unknown:
        raise BadRequest(f"unknown table {sorted(unknown)[0]!r}", f"use some of {', '.join(TABLE_NAMES)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in TABLES:
        if table.name not in tables:
            continue
        path = out / f"{table.name}{SUFFIX[format]}"
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            counts[table.name] = WRITERS[format](tmp, table, iter_batches(store, table, batch_size))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return counts


def _write_jsonl(path: Path, table: Table, batches: Iterator[list[tuple[Any, ...]]]) -> int:
    names = [name for name, _ in table.columns]
    json_cols = [i for i, (_, kind) in enumerate(table.columns) if kind == "json"]
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rows in batches:
            for row in rows:
                values = list(row)
                for i in json_cols:
                    values[i] = json.loads(values[i]) if values[i] is not None else None
                fh.write(json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False) + "\n")
                n += 1
    return n


def _write_csv(path: Path, table: Table, batches: Iterator[list[tuple[Any, ...]]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([name for name, _ in table.columns])
        for rows in batches:
            writer.writerows(rows)
            n += len(rows)
    return n


def _write_parquet(path: Path, table: Table, batches: Iterator[list[tuple[Any, ...]]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "json": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in table.columns])
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for rows in batches:
            columns = list(zip(*rows, strict=True))
            writer.write_batch(pa.record_batch([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                                               schema=schema))
            n += len(rows)
    return n


WRITERS: dict[str, Callable[[Path, Table, Iterator[list[tuple[Any, ...]]]], int]] = {
    "jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet,
}

__all__ = ["FORMATS", "TABLES", "TABLE_NAMES", "export", "iter_batches"]
