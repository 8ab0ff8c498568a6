"""Ingest: input expansion, idempotency, rejected inputs, resume after an interruption or SIGKILL."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens.corpus.ingest import expand_inputs, ingest
from presslens.pipeline import Pipeline
from presslens.store import open_store


def test_expand_inputs_walks_directories_and_globs(pages: Path):
    files, problems = expand_inputs([pages, str(pages / "*.md"), str(pages / "nothing-*.html"), str(pages / "gone.md")])
    names = [Path(f.name).relative_to(pages).as_posix() for f in files]
    assert names == ["ferry.md", "picture.html", "sample.html", "sample.md", "sub/records.jsonl"]  # each once, no hidden
    assert [f.jsonl for f in files] == [False, False, False, False, True]
    assert [(p.reason, Path(p.source).name) for p in problems] == [("not-found", "nothing-*.html"), ("not-found", "gone.md")]


def test_ingest_stores_articles_records_rejected_and_goes_on(pages: Path, db_url: str):
    with open_store(db_url) as store:
        summary = ingest([pages], store, Pipeline())
        assert (summary.stored, summary.duplicates, summary.rejected) == (3, 1, 3)  # sample.md == sample.html
        assert summary.reasons == {"binary": 1, "bad-json": 1, "no-text": 1}
        rejected = {Path(r.source).name: r.reason for r in store.rejected()}
        assert rejected == {"picture.html": "binary", "records.jsonl:2": "bad-json", "records.jsonl#r3": "no-text"}
        sources = sorted(Path(store.get(i).source).name for i in store.ids())
        assert sources == ["ferry.md", "records.jsonl#r1", "sample.html"]
        budget = next(store.get(i) for i in store.ids() if store.get(i).source.endswith("#r1"))
        assert (budget.title, budget.publisher, budget.published) == ("Budget passes", "Meridian Review", "2023-06-30")


def test_ingest_twice_stores_each_article_once(pages: Path, db_url: str):
    with open_store(db_url) as store:
        ingest([pages], store, Pipeline())
        ids = store.ids()
        again = ingest([pages], store, Pipeline())
        assert (again.skipped, again.stored, again.rejected) == (5, 0, 0)  # every input already done
        forced = ingest([pages], store, Pipeline(), force=True)
        assert (forced.stored, forced.duplicates) == (0, 4)
        assert store.ids() == ids and store.count() == 3


def test_a_changed_input_is_read_again(pages: Path, db_url: str):
    with open_store(db_url) as store:
        ingest([pages], store, Pipeline())
        ferry = pages / "ferry.md"
        ferry.write_text(ferry.read_text() + "\nThe next strike vote is set for the spring, the union said on Sunday.\n")
        summary = ingest([pages], store, Pipeline())
        assert (summary.skipped, summary.stored) == (4, 1)
        assert store.count() == 4


def _write_jsonl(path: Path, lines: list[bytes]) -> Path:
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as fh:
            fh.writelines(lines)
    else:
        path.write_bytes(b"".join(lines))
    return path


def test_two_workers_give_the_same_records_as_one(tmp_path: Path, allsides_lines: list[bytes]):
    src = _write_jsonl(tmp_path / "part.jsonl.gz", allsides_lines[:80])
    results = []
    for workers in (1, 2):
        with open_store(tmp_path / f"w{workers}.db") as store:
            summary = ingest([src], store, Pipeline(), workers=workers, batch_size=16)
            results.append((summary.stored + summary.duplicates + summary.rejected, store.ids(), store.rejected()))
    assert results[0] == results[1]
    assert results[0][0] == 80


def test_renewed_workers_give_the_same_records_as_one(tmp_path: Path, allsides_lines: list[bytes], monkeypatch):
    """A long ingest replaces its worker processes now and then: nothing is lost, doubled or reordered."""
    import importlib

    import presslens.annotate  # noqa: F401  (registers the annotators)

    ingest_module = importlib.import_module("presslens.corpus.ingest")
    monkeypatch.setattr(ingest_module, "RECYCLE_MIN_BYTES", 0)  # treat this small input as a long one
    monkeypatch.setattr(ingest_module, "WORKER_TASKS", 2)  # and replace the workers every two chunks each
    renewals = []
    renew = ingest_module._Workers.renew
    monkeypatch.setattr(ingest_module._Workers, "renew", lambda self: (renewals.append(1), renew(self))[1])
    src = _write_jsonl(tmp_path / "part.jsonl.gz", allsides_lines[:60])
    results = []
    for workers in (1, 2):
        with open_store(tmp_path / f"r{workers}.db") as store:
            summary = ingest([src], store, Pipeline(("nlp", "entities")), workers=workers, batch_size=16)
            results.append((summary.stored + summary.duplicates + summary.rejected, store.ids(), store.rejected()))
            kinds = store.conn.execute("SELECT kind, COUNT(*) FROM annotations GROUP BY kind ORDER BY kind").fetchall()
            results[-1] += (kinds,)
    assert results[0] == results[1]
    assert results[0][0] == 60 and results[0][3]  # entities were found and stored
    assert len(renewals) >= 2  # 60 inputs in chunks of <= 8, a new pool every 4 chunks


def test_interrupt_commits_what_is_done_and_the_rerun_resumes(tmp_path: Path, allsides_lines: list[bytes], db_url: str):
    src = _write_jsonl(tmp_path / "part.jsonl", allsides_lines[:60])
    calls = 0

    def interrupt_later(summary):
        nonlocal calls
        calls += 1
        if calls == 25:
            raise KeyboardInterrupt

    with open_store(db_url) as store:
        first = ingest([src], store, Pipeline(), batch_size=10, on_progress=interrupt_later)
        assert first.interrupted
        state = store.input_state(str(src.resolve()))
        assert state.status == "partial" and 20 <= state.progress < 60
        kept = store.count()
        assert kept >= 20
        second = ingest([src], store, Pipeline(), batch_size=10)
        assert not second.interrupted
        assert second.duplicates <= 5  # only records not yet committed are read again
        assert store.input_state(str(src.resolve())).status == "done"
        ids = store.ids()
    with open_store(tmp_path / "b.db") as store:
        ingest([src], store, Pipeline())
        assert store.ids() == ids


def _count(db: Path | str) -> int:
    if str(db).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            row = conn.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0] if row[0] else 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _presslens(*args: str, env: dict | None = None, commit_delay: float = 0.0, **kwargs) -> subprocess.Popen:
    hook = f"import presslens.corpus.ingest as ingest; ingest.COMMIT_DELAY = {commit_delay!r}; " if commit_delay else ""
    command = [sys.executable, "-c", hook + "from presslens.cli import entry; entry()", *args]
    full_env = {**os.environ, "PRESSLENS_CONFIG": "/nonexistent/presslens.toml", **(env or {})}
    return subprocess.Popen(command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **kwargs)


def test_sigkill_halfway_then_rerun_gives_exactly_the_uninterrupted_ids(tmp_path: Path, allsides_lines: list[bytes], db_url: str):
    src = _write_jsonl(tmp_path / "allsides-300.jsonl.gz", allsides_lines)
    killed_db = db_url  # SQLite file or PostgreSQL
    # Commits are slowed down (test hook) so the kill lands halfway through.
    proc = _presslens("ingest", str(src), "--db", str(killed_db), "--batch-size", "10", "--workers", "2", "-q", "--components", "none",
                      commit_delay=0.05)
    deadline = time.monotonic() + 120
    try:
        while _count(killed_db) < 60:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "ingest did not commit 60 articles in time"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    halfway = _count(killed_db)
    assert 60 <= halfway < 290

    rerun = _presslens("ingest", str(src), "--db", str(killed_db), "--batch-size", "10", "--workers", "2", "-q", "--components", "none")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode in (0, 1), err.decode()
    assert b"Traceback" not in err

    clean_db = tmp_path / "clean.db"
    with open_store(clean_db) as store:
        ingest([src], store, Pipeline(), workers=1)
        expected = store.ids()
    with open_store(killed_db) as store:
        assert store.ids() == expected
        assert store.count() == len(expected)
        assert store.input_state(str(src.resolve())).status == "done"
        if store.dialect == "sqlite":
            store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
            assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(expected)
        else:  # the generated tsvector of every article is there
            assert store.conn.execute("SELECT count(*) FROM articles WHERE tsv IS NOT NULL").fetchone()[0] == len(expected)


@pytest.mark.parametrize("damage", ["truncated-gzip"])
def test_a_damaged_gzip_keeps_the_records_before_the_damage(tmp_path: Path, allsides_lines: list[bytes], damage: str):
    whole = _write_jsonl(tmp_path / "whole.jsonl.gz", allsides_lines[:40])
    data = whole.read_bytes()
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    with open_store(tmp_path / "d.db") as store:
        summary = ingest([broken], store, Pipeline())
        assert summary.reasons.get("bad-gzip") == 1
        assert 0 < store.count() < 40
        assert [r.reason for r in store.rejected()] == ["bad-gzip"]


def test_an_unexpected_error_on_one_input_is_recorded_and_the_run_goes_on(pages: Path, tmp_path: Path, monkeypatch):
    from presslens import pipeline as pipeline_module

    real = pipeline_module.build_article

    def fragile(page, settings):
        if "ferry" in page.source:
            raise RuntimeError("boom")
        return real(page, settings)

    monkeypatch.setattr(pipeline_module, "build_article", fragile)
    with open_store(tmp_path / "e.db") as store:
        summary = ingest([pages], store, Pipeline())
        assert summary.reasons.get("internal-error") == 1
        assert summary.stored == 2
        failed = [r for r in store.rejected() if r.reason == "internal-error"]
        assert len(failed) == 1 and "RuntimeError: boom" in failed[0].message


def test_a_worker_chunk_is_annotated_as_one_batch_and_a_bug_costs_only_its_input(allsides_lines: list[bytes]):
    """Ingest workers hand a chunk of inputs to the components at once (spaCy's nlp.pipe);
    a component that fails on one article leaves the others of its chunk annotated."""
    from presslens.components import REGISTRY, component
    from presslens.pipeline import analyse

    seen_batches: list[int] = []

    @component("test-fragile-batch")
    class Fragile:
        def pipe_batch(self, articles, contexts):
            seen_batches.append(len(articles))

        def __call__(self, article):
            if article.text.startswith(bad_start):
                raise RuntimeError("boom")
            return article

    try:
        lines = allsides_lines[:6]
        plain = Pipeline(())
        good = [r for line in lines for r in plain.run(line, "jsonl")]
        bad_start = good[2].text[:40]
        tasks = [(line, "jsonl", f"part.jsonl:{i + 1}") for i, line in enumerate(lines)]
        out = analyse(Pipeline(("test-fragile-batch",)), tasks)
    finally:
        REGISTRY.pop("test-fragile-batch", None)
    assert seen_batches and seen_batches[0] == 6  # the whole chunk went to pipe_batch first
    assert [len(r) for r in out] == [1] * 6
    assert [type(r[0]).__name__ for r in out] == ["Article", "Article", "Rejected", "Article", "Article", "Article"]
    assert out[2][0].reason == "internal-error" and "boom" in out[2][0].message
    assert [r[0].id for i, r in enumerate(out) if i != 2] == [a.id for i, a in enumerate(good) if i != 2]


def test_pipeline_run_many_matches_run(allsides_lines: list[bytes]):
    from presslens.pipeline import default_components

    pipeline = Pipeline(default_components())
    lines = allsides_lines[:4] + [b"not json\n"]
    batched = pipeline.run_many([(line, "jsonl") for line in lines])
    one_by_one = [list(pipeline.run(line, "jsonl")) for line in lines]
    assert [[r.to_json() if hasattr(r, "to_json") else r for r in rs] for rs in batched] == [
        [r.to_json() if hasattr(r, "to_json") else r for r in rs] for rs in one_by_one
    ]
    assert type(batched[-1][0]).__name__ == "Rejected"
