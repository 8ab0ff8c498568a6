"""Attribution on gold we did not write (ggt-dev, scored as its README says) must not drop below eval/floors.json.

The speaker-confidence figures are the cross-fitted ones (out-of-fold by article, eval/attribution.py).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["attribution"]["ggt_dev"]["floor"]


@pytest.fixture(scope="module")
def result(shared):
    path = shared / "data" / "quotes" / "ggt-dev" / "ggt_quotes_dev.jsonl"
    if not path.exists():
        pytest.fail(f"{path} is missing: the attribution floors need ../shared/data/quotes/ggt-dev")
    spec = importlib.util.spec_from_file_location("presslens_eval_attribution", REPO / "eval" / "attribution.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    rows = module.load_ggt(path)
    results = module.annotate(rows)
    return module.score(rows, results, confidences=module.crossfit(rows, results))


def test_quote_f1_floor(result):
    assert result["quotes@0.3"]["f1"] >= FLOORS["quote_f1@0.3"], result["quotes@0.3"]
    assert result["quotes@0.8"]["f1"] >= FLOORS["quote_f1@0.8"], result["quotes@0.8"]


def test_speaker_accuracy_floor(result):
    assert result["speaker_accuracy"] >= FLOORS["speaker_accuracy"]


def test_speaker_confidence_reliability_floor(result):
    rel = result["speaker_confidence"]
    assert rel["high_conf_accuracy"] >= FLOORS["high_conf_accuracy"], rel
    assert rel["ece"] <= FLOORS["ece_max"], rel
