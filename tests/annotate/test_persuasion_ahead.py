"""The persuasion detection started ahead in a forked process (presslens analyze of one input):
the same record as detecting in-process, the models never loaded in the parent, a failed child
answered by detecting in-process."""

from __future__ import annotations

import json
import os

import pytest

from presslens.annotate.persuasion import ahead as ahead_module
from presslens.annotate.persuasion import annotator
from presslens.annotate.persuasion.ahead import Ahead
from presslens.pipeline import Pipeline
from presslens.sample import sample_path


def test_ahead_result_and_failures():
    assert Ahead.start(lambda: {"spans": [1, 2]}, "text").result("text") == {"spans": [1, 2]}
    assert Ahead.start(lambda: [1], "text").result("another text") is None  # made for another input
    assert Ahead.start(lambda: 1 / 0, "text").result("text") is None  # an exception in the child
    assert Ahead.start(lambda: os.kill(os.getpid(), 9), "text").result("text") is None  # a killed child
    slow = Ahead.start(lambda: __import__("time").sleep(30), "text")
    assert slow.result("text", timeout=0.2) is None  # ended, not waited for


def test_ahead_gives_the_same_record_and_loads_nothing_here(monkeypatch, tmp_path):
    monkeypatch.setattr(ahead_module, "spare_core", lambda: True)  # also on a one-core runner
    page = sample_path("md")
    annotator._load_file.cache_clear()
    pipeline = Pipeline(["techniques"])
    first = list(pipeline.run(page, None, ahead=True))
    assert annotator._load_file.cache_info().currsize == 0  # the models loaded in the child only
    assert first[0].annotations["techniques"]
    again = list(Pipeline(["techniques"]).run(page, None))
    assert [a.to_json() for a in first] == [a.to_json() for a in again]
    # JSON Lines: the first record goes ahead, the others are detected here; same records
    lines = tmp_path / "two.jsonl"
    text = page.read_text(encoding="utf-8")
    lines.write_text("\n".join(json.dumps({"text": t, "title": "T"}) for t in (text, text[: len(text) // 2])) + "\n",
                     encoding="utf-8")
    assert ([a.to_json() for a in Pipeline(["techniques"]).run(lines, None, ahead=True)]
            == [a.to_json() for a in Pipeline(["techniques"]).run(lines, None)])


def _lost(self, key, timeout=120.0):  # noqa: ANN001, ANN202 - the child is lost: nothing comes back
    os.close(self.fd)  # the child's result (with the tagger's states, more than a pipe buffer) is never read
    os.kill(self.pid, 9)
    os.waitpid(self.pid, 0)


def test_failed_child_is_answered_here(monkeypatch):
    monkeypatch.setattr(ahead_module, "spare_core", lambda: True)
    monkeypatch.setattr(Ahead, "result", _lost)
    page = sample_path("md")
    got = list(Pipeline(["techniques"]).run(page, None, ahead=True))
    assert [a.to_json() for a in got] == [a.to_json() for a in Pipeline(["techniques"]).run(page, None)]


def test_no_fork_beside_other_threads():
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not ahead_module.spare_core()
    finally:
        stop.set()
        worker.join()


@pytest.mark.parametrize("paths", [1, 2])
def test_cli_analyze_same_json_with_one_or_two_inputs(paths, tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main

    page = str(sample_path("md"))
    res = CliRunner().invoke(main, ["analyze", *([page] * paths), "--json", "--components", "techniques"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.output.splitlines()] if paths == 2 else [json.loads(res.output)]
    assert len({json.dumps(r, sort_keys=True) for r in records}) == 1
