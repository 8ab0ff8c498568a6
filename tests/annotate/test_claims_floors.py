"""The measured quality of the numeric-claims annotator must not drop below eval/floors.json;
the gold files store offsets and values only, never article text."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["claims"]


@pytest.fixture(scope="module")
def evaluation(shared):
    spec = importlib.util.spec_from_file_location("presslens_eval_claims", REPO / "eval" / "claims.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "key"), [("claims.jsonl", "dev"), ("claims_heldout.jsonl", "heldout")])
def test_claims_f1_floors(evaluation, name, key):
    result = evaluation.evaluate(evaluation.load_gold(REPO / "eval" / "gold" / name))
    for metric, floor in FLOORS[key]["floor"].items():
        got = result[metric.removesuffix("_f1")]["f1"]
        assert got >= floor, f"{key} {metric}: {got} < floor {floor}; {result['errors']}"


@pytest.fixture(scope="module")
def newsquant(shared):
    spec = importlib.util.spec_from_file_location("presslens_eval_newsquant", REPO / "eval" / "newsquant.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_newsquant_dev_floors(newsquant):
    result = newsquant.evaluate(newsquant.load())
    assert result["gold_quantities"] == 472
    for metric, floor in FLOORS["newsquant_dev"]["floor"].items():
        got = result[metric.removesuffix("_f1")]["f1"]
        assert got >= floor, f"newsquant-dev {metric}: {got} < floor {floor}"


def test_newsquant_scorer_normalises_units_and_counts(newsquant):
    assert newsquant.unit_key("%") == newsquant.gold_unit_key({"normalized_unit": "percentage"})
    assert newsquant.unit_key("USD/day") == newsquant.unit_key("$ a day") == "USD/day"
    assert newsquant.unit_key(None, "workers in the UK") == newsquant.gold_unit_key({"normalized_unit": "worker"})
    assert newsquant.unit_key("rebounds/game") == newsquant.gold_unit_key({"normalized_unit": "rebound per game"})
    assert newsquant.values_match((2315.0, 2415.0), newsquant.parse_gold_value("2415.0-2315.0"))
    assert newsquant.cqe_change(">", "up") == ">" and newsquant.cqe_change("=", "down") == "down"


def test_gold_size_and_mix(evaluation):
    gold = evaluation.load_gold(evaluation.GOLD) + evaluation.load_gold(evaluation.HELDOUT)
    assert len(gold) >= 150
    with_q = sum(1 for g in gold if g["quantities"])
    assert with_q >= 50 and len(gold) - with_q >= 50  # sentences with and without quantities


@pytest.mark.parametrize("name", ["claims.jsonl", "claims_heldout.jsonl"])
def test_gold_stores_no_article_text(name):
    for line in (REPO / "eval" / "gold" / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"corpus", "id", "start", "end", "quantities"}
        for q in row["quantities"]:
            assert set(q) == {"start", "end", "value", "value_max", "unit"}
            assert row["start"] <= q["start"] < q["end"] <= row["end"]
