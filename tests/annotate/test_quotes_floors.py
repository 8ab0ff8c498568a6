"""The measured quality of the sourcing annotators must not drop below eval/floors.json."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["sourcing"]


@pytest.fixture(scope="module")
def evaluation(shared):
    spec = importlib.util.spec_from_file_location("presslens_eval_quotes", REPO / "eval" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_buzzfeed_quote_span_f1_floors(evaluation):
    result = evaluation.eval_buzzfeed(evaluation.load_buzzfeed(40))
    floors = FLOORS["buzzfeed_first40"]["floor"]
    for key, floor in floors.items():
        name, th = key.replace("_f1", "").split("@")
        got = result[f"{name}@{th}"]["f1"]
        assert got >= floor, f"{key}: {got} < floor {floor}"


@pytest.mark.slow
def test_buzzfeed_quote_span_f1_floors_all_articles(evaluation):
    result = evaluation.eval_buzzfeed(evaluation.load_buzzfeed(None))
    for key, floor in FLOORS["buzzfeed_all"]["floor"].items():
        name, th = key.replace("_f1", "").split("@")
        got = result[f"{name}@{th}"]["f1"]
        assert got >= floor, f"{key}: {got} < floor {floor}"


def test_speaker_accuracy_floor(evaluation):
    result = evaluation.eval_speakers()
    assert result["quotes"] >= 30 and result["articles"] >= 15
    floor = FLOORS["speakers_gold"]["floor"]["speaker_accuracy"]
    assert result["speaker_accuracy"] >= floor, result["misses"]


def test_heldout_speaker_accuracy_floor(evaluation):
    result = evaluation.eval_speakers(evaluation.HELDOUT)
    floor = FLOORS["speakers_heldout"]["floor"]["speaker_accuracy"]
    assert result["speaker_accuracy"] >= floor, result["misses"]


@pytest.mark.parametrize("name", ["speakers.jsonl", "speakers_heldout.jsonl"])
def test_gold_stores_no_article_text(name):
    for line in (REPO / "eval" / "gold" / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"corpus", "id", "start", "end", "speaker"}
