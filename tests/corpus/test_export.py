"""``presslens export``: one file per table, streamed, read back with pandas and pyarrow (every backend)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from presslens.cli import EXIT_OK, EXIT_USAGE, main, sample_path
from presslens.corpus.export import TABLE_NAMES, export, iter_batches
from presslens.corpus.export import TABLES as EXPORT_TABLES
from presslens.errors import Rejected
from presslens.pipeline import Pipeline
from presslens.records import Article, Paragraph, body_id
from presslens.store import open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "PRESSLENS_CONFIG": "/nonexistent/presslens.toml"}


@pytest.fixture
def filled(db_url: str) -> tuple[str, list[Article]]:
    """The sample (with its provenance facts), plus invented articles carrying annotations, and two rejected inputs."""
    sample = next(Pipeline().run(sample_path("md")))
    invented = []
    for n in range(7):
        text = f"Article number {n} about the ferry, the rail line and the budget, with a comma, and \"quotes\"."
        article = Article(id=body_id(text), text=text, paragraphs=(Paragraph(0, len(text)),), title=f"Title {n}",
                          publisher="Harbour Post", source=f"invented-{n}.txt", format="text", authors=("A. Writer", "B"))
        invented.append(article.with_annotations(test_quotes=tuple(
            {"start": i, "end": i + 4, "speaker": f"speaker {i}", "confidence": 0.5, "producer": "quotes@1"} for i in range(n))))
    with open_store(db_url) as store:
        store.put_many([sample, *invented])
        store.write(rejected=[Rejected("bad.html", "binary", "bad.html: is a binary file"),
                              Rejected("empty.md", "no-text", "empty.md: has no text, \"none\"\nat all")])
    return db_url, [sample, *invented]


def _read(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    if fmt == "csv":
        return pd.read_csv(path, keep_default_na=False, dtype=str)
    return pq.read_table(path).to_pandas()


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "csv"])
def test_export_writes_one_file_per_table_that_pandas_reads(filled, tmp_path: Path, fmt: str):
    url, articles = filled
    out = tmp_path / "out"
    with open_store(url) as store:
        counts = export(store, out, fmt, batch_size=3)  # several batches per table
        n_annotations = sum(len(r) for a in articles for r in a.annotations.values())
        n_facts = sum(len(a.provenance.facts) for a in articles)
    assert counts == {"articles": 8, "annotations": n_annotations, "provenance_facts": n_facts, "rejected": 2}
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLE_NAMES)

    frames = {t: _read(out / f"{t}.{fmt}", fmt) for t in TABLE_NAMES}
    assert len(frames["articles"]) == 8 and set(frames["articles"]["id"]) == {a.id for a in articles}
    assert len(frames["annotations"]) == n_annotations and len(frames["provenance_facts"]) == n_facts
    assert list(frames["rejected"]["source"]) == ["bad.html", "empty.md"]
    assert frames["rejected"]["message"][1] == 'empty.md: has no text, "none"\nat all'

    by_id = {a.id: a for a in articles}
    for _, row in frames["articles"].iterrows():
        record = row["record"] if fmt == "jsonl" else json.loads(row["record"])
        assert Article.from_dict(record) == by_id[row["id"]]  # lossless: the record rebuilds the article
        assert row["text"] == by_id[row["id"]].text
    quotes = frames["annotations"][frames["annotations"]["kind"] == "test_quotes"]
    assert set(quotes["label"]) == {f"speaker {i}" for i in range(6)}
    facts = frames["provenance_facts"]
    assert "original_source" in set(facts["kind"])


def test_parquet_types(filled, tmp_path: Path):
    url, _ = filled
    with open_store(url) as store:
        export(store, tmp_path, "parquet", tables=("annotations", "articles"))
    schema = pq.read_schema(tmp_path / "annotations.parquet")
    assert str(schema.field("idx").type) == "int64" and str(schema.field("confidence").type) == "double"
    assert not (tmp_path / "rejected.parquet").exists()
    assert pq.read_table(tmp_path / "articles.parquet").num_rows == 8


def test_an_empty_store_exports_empty_tables(db_url: str, tmp_path: Path):
    with open_store(db_url) as store:
        assert export(store, tmp_path, "parquet") == dict.fromkeys(TABLE_NAMES, 0)
        assert [list(iter_batches(store, t)) for t in EXPORT_TABLES] == [[], [], [], []]
    assert pq.read_table(tmp_path / "articles.parquet").num_rows == 0


def test_export_command(filled, tmp_path: Path):
    url, _ = filled
    runner = CliRunner()
    result = runner.invoke(main, ["export", url, "--format", "csv", "--out", str(tmp_path / "csv")], env=ENV)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith("exported articles 8, annotations ")
    assert pd.read_csv(tmp_path / "csv" / "articles.csv").shape[0] == 8
    one = runner.invoke(main, ["export", url, "--out", str(tmp_path / "j"), "--tables", "rejected"], env=ENV)
    assert one.exit_code == EXIT_OK and [p.name for p in (tmp_path / "j").iterdir()] == ["rejected.jsonl"]
    bad = runner.invoke(main, ["export", url, "--out", str(tmp_path / "x"), "--tables", "nope"], env=ENV)
    assert bad.exit_code == EXIT_USAGE and "unknown table" in bad.stderr
    missing = runner.invoke(main, ["export", str(tmp_path / "missing.db"), "--out", str(tmp_path / "y")], env=ENV)
    assert missing.exit_code == EXIT_USAGE and "no such database" in missing.stderr
