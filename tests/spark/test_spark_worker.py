"""The executor side of the Spark job, without Spark: files -> records -> rows, named as presslens ingest names them."""

from __future__ import annotations

import gzip
import json
import signal
from pathlib import Path

from spark_fixtures import write_warc

from presslens.settings import Settings
from presslens.spark import worker

RECORDS = [
    ("https://harbourpost.example/ferry", b"<html><body><article><p>Ferry crossings resumed on Saturday after a two-day strike "
     b"by deck crews ended with an agreement on overtime pay for the summer season.</p></article></body></html>", "text/html"),
    ("https://harbourpost.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),  # skipped: not HTML
    ("https://harbourpost.example/empty", b"", "text/html"),
    ("https://harbourpost.example/rail", b"<html><body><p>Rail line reopens.</p></body></html>", "text/html"),
]

NOTE = ("The council voted on Tuesday to reopen the rail line to Port Halvard after eleven years without trains, and the "
        "first timetable will be published next month by the regional transport board.")


def test_split_reads_warc_and_jsonl_from_paths_and_bytes_alike(tmp_path: Path):
    warc = write_warc(tmp_path / "crawl.warc.gz", RECORDS)
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt") as fh:
        fh.write(json.dumps({"text": NOTE}) + "\n\n{broken\n")
    from_path = list(worker.split_file(3, str(warc)))
    from_bytes = list(worker.split_file(3, str(warc), warc.read_bytes()))
    assert [r[3] for r in from_path] == [f"{warc}:1", f"{warc}:3", f"{warc}:4"]  # the PNG (record 2) is skipped
    assert from_path == from_bytes and all(r[0] == 3 and r[6] == "jsonl" for r in from_path)
    lines = list(worker.split_file(0, "feed.jsonl.gz", path=str(feed)))
    assert [(r[2], r[3]) for r in lines] == [(1, "feed.jsonl.gz:1"), (3, "feed.jsonl.gz:3")]  # blank line 2 skipped

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(feed.read_bytes()[:-12])  # a truncated gzip: the line before the damage, then one rejection
    rows = list(worker.split_file(0, str(cut)))
    assert rows[-1][7] == "bad-gzip" and "truncated" in rows[-1][8]
    assert list(worker.split_file(0, str(tmp_path / "gone.jsonl")))[0][7] == "unreadable"


def test_analyse_records_gives_one_row_per_result_and_builds_one_pipeline(tmp_path: Path):
    page = tmp_path / "note.txt"
    page.write_text(NOTE + "\n")
    records = [
        *worker.split_file(0, "note.txt", path=str(page)),  # named as given, read from its absolute path
        (1, "feed.jsonl", 1, "feed.jsonl:1", json.dumps({"id": "n7", "text": NOTE}).encode(), None, "jsonl", None, None),
        (1, "feed.jsonl", 2, "feed.jsonl:2", b"{broken", None, "jsonl", None, None),
        (1, "feed.jsonl", 1 << 40, "feed.jsonl", None, None, None, "bad-gzip", "feed.jsonl: damaged"),
    ]
    before, sigint = worker.BUILT, signal.getsignal(signal.SIGINT)
    try:  # the pool worker set-up leaves Ctrl-C to its parent: give pytest its handler back
        rows = list(worker.analyse_records(records, (), Settings(), "2026-01-01T00:00:00+00:00"))
        rows += list(worker.analyse_records(records[1:2], (), Settings(), "2026-01-01T00:00:00+00:00"))
    finally:
        signal.signal(signal.SIGINT, sigint)
    assert worker.BUILT - before <= 1  # the second partition finds the pipeline built
    assert [(r[3], r[4]) for r in rows] == [("note.txt", None), ("feed.jsonl#n7", None), ("feed.jsonl:2", "bad-json"),
                                            ("feed.jsonl", "bad-gzip"), ("feed.jsonl#n7", None)]
    assert rows[0][6] == rows[1][6] and rows[0][14].startswith("The council voted")  # same body, same content-hash id


def test_presslens_and_its_cli_never_import_pyspark():
    import subprocess
    import sys

    code = ("import sys, presslens, presslens.cli, presslens.spark, presslens.spark.worker, presslens.spark.cli; "
            "print('pyspark' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_spark_command_without_java_says_what_to_install(monkeypatch, tmp_path: Path):
    from click.testing import CliRunner

    from presslens.cli import main

    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(main, ["spark", str(tmp_path / "feed.jsonl"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "openjdk-17-jre-headless" in result.output
    assert "Traceback" not in result.output
