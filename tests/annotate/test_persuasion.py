"""The persuasion-technique annotator: the committed model, its floors, the record, report and CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import presslens
from presslens.annotate.persuasion import DEFAULT_MODE, MODEL_FILE, TECHNIQUES, PersuasionAnnotator, Technique, load_model
from presslens.settings import PersuasionSettings

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["persuasion"]


@pytest.fixture(scope="module")
def seed(shared):
    return presslens.analyze(shared / "examples" / "globalresearch-aleppo-2016.md", components=["techniques"])


def test_artifact_is_committed_and_small():
    assert MODEL_FILE.is_file()
    assert MODEL_FILE.stat().st_size <= 30 * 1024 * 1024
    model = load_model()
    assert set(model.technique.classes) == set(TECHNIQUES)
    assert 0 < model.token_threshold < 1


def test_builtin_component():
    assert "techniques" in presslens.pipeline.default_components()


def test_spans_are_valid(seed):
    items = seed.annotations["techniques"]
    assert items
    for t in items:
        assert isinstance(t, Technique)
        assert 0 <= t.start < t.end <= len(seed.text)
        assert seed.text[t.start : t.end] == t.text
        assert t.text == t.text.strip(" \n\t.,:;")
        assert t.technique in TECHNIQUES
        assert 0.0 <= t.confidence <= 1.0
        assert t.level in ("token", "sentence", "cue")
        if t.level == "cue":
            assert t.producer == "techniques@3:cues@1"
        else:
            assert t.producer == ("techniques@3" if DEFAULT_MODE == "fast" else f"techniques@3:{DEFAULT_MODE}")


def test_empty_and_odd_texts():
    model = load_model()
    assert model.annotate("") == []
    assert model.annotate("...  !!") == []
    for s, e, *_ in model.annotate("Outrageous!!! The corrupt elite lie. Lie, lie, lie."):
        assert 0 <= s < e


def _must_found(article, expected, levels=None) -> list[str]:
    found = []
    for item in expected["techniques"]["must"]:
        s = article.text.find(item["text"])
        assert s >= 0, item["text"]
        e = s + len(item["text"])
        spans = [t for t in article.annotations["techniques"] if levels is None or t.level in levels]
        if any(t.start < e and t.end > s and t.technique == item["technique"] for t in spans):
            found.append(item["technique"])
    return found


def test_seed_must_items(seed, seed_expected):
    """The seed's must items found (a span overlapping the item with the right technique).

    Default mode. ``seed_must_found`` in eval/floors.json is the number found with the guideline
    cues, ``seed_must_found_models`` by the models alone (records that are not cues), so a
    regression of either shows up here.
    """
    found = _must_found(seed, seed_expected)
    assert len(found) >= FLOORS["seed_must_found"], found
    models = _must_found(seed, seed_expected, levels={"token", "sentence"})
    assert len(models) >= FLOORS["seed_must_found_models"], models


def test_validation_floors():
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import persuasion as ev  # eval/persuasion.py
    finally:
        sys.path.pop(0)
    s = ev.scores("fast")
    assert s["articles"] == 74
    assert s["si_f1"] >= FLOORS["si_f1"], s
    assert s["tc_micro_f1"] >= FLOORS["tc_micro_f1"], s
    per = s["tc_by_technique"]
    assert set(per) == set(TECHNIQUES) and sum(r["gold"] for r in per.values()) == s["gold_spans"]
    # every gold span gets one label, so micro recall is the gold-weighted mean of per-technique recall
    assert sum(r["recall"] * r["gold"] for r in per.values()) / s["gold_spans"] == pytest.approx(s["tc_micro_f1"], abs=1e-9)


@pytest.mark.parametrize("mode", ["balanced", "accurate"])
def test_minilm_modes_on_the_seed(seed, mode):
    pytest.importorskip("onnxruntime")
    model = load_model()
    assert model.technique_emb is not None
    assert model.technique_emb.classes == model.technique.classes
    other = PersuasionAnnotator(PersuasionSettings(mode=mode))(seed)
    fast, acc = PersuasionAnnotator(PersuasionSettings(mode="fast"))(seed).annotations["techniques"], other.annotations["techniques"]
    # same spans (SI does not depend on the mode), techniques from the MiniLM classifier
    assert [(t.start, t.end) for t in fast] == [(t.start, t.end) for t in acc]
    assert all(t.technique in TECHNIQUES and 0 <= t.confidence <= 1 for t in acc)
    assert all(t.producer == f"techniques@3:{mode}" for t in acc if t.level != "cue")
    changed = sum(a.technique != b.technique for a, b in zip(fast, acc, strict=True))
    if mode == "balanced":
        assert changed <= 20


def test_balanced_validation_floor():
    pytest.importorskip("onnxruntime")
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import persuasion as ev  # eval/persuasion.py
    finally:
        sys.path.pop(0)
    s = ev.scores("balanced")
    assert s["tc_micro_f1"] >= FLOORS["tc_micro_f1_balanced"], s


def test_unknown_mode_is_refused():
    from presslens.errors import ConfigError
    from presslens.settings import Settings

    with pytest.raises(ConfigError, match="persuasion.mode='turbo' is not one of"):
        Settings.load(persuasion={"mode": "turbo"})
    with pytest.raises(ConfigError):
        PersuasionAnnotator(PersuasionSettings(mode="turbo"))  # type: ignore[arg-type]


def test_json_round_trip(seed):
    again = presslens.Article.from_json(seed.to_json())
    assert again == seed
    assert isinstance(again.annotations["techniques"][0], Technique)


def test_report_groups_by_technique(seed):
    from rich.console import Console

    from presslens.render import print_report

    console = Console(record=True, width=200)
    print_report(seed, console)
    out = console.export_text()
    assert "Persuasion techniques" in out
    assert "Unconfirmed reports" in out and " cue " in out  # a guideline cue (audited precision 0.85), marked as such
    items = seed.annotations["techniques"]
    shown = [t for t in items if t.shown]
    hidden = [t for t in items if not t.shown]
    assert shown and hidden
    assert all(t.technique in out for t in shown)
    assert f"{len(shown)} shown of {len(items)} spans" in out
    assert f"{len(hidden)} more spans below the display threshold" in out
    assert "outlet's own voice" in out
    weak = min(hidden, key=lambda t: t.confidence)
    assert weak.text[:40] not in out.replace("\n", " ")  # spans under the threshold stay in --json only


def test_cli_json_carries_techniques(shared):
    from click.testing import CliRunner

    from presslens.cli import main

    path = shared / "examples" / "globalresearch-aleppo-2016.md"
    r = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.output)
    items = rec["annotations"]["techniques"]
    assert items and {"start", "end", "technique", "confidence"} <= set(items[0])
    report = CliRunner().invoke(main, ["analyze", str(path)])
    assert report.exit_code == 0 and "Persuasion techniques" in report.output


@pytest.mark.slow
def test_accurate_validation_floor():
    pytest.importorskip("onnxruntime")
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import persuasion as ev  # eval/persuasion.py
    finally:
        sys.path.pop(0)
    s = ev.scores("accurate")
    assert s["tc_micro_f1"] >= FLOORS["tc_micro_f1_accurate"], s


@pytest.mark.slow
def test_training_command_on_a_subset(tmp_path):
    out = tmp_path / "p.npz"
    r = subprocess.run(
        [sys.executable, "-m", "presslens.training.persuasion", "--limit", "12", "--out", str(out)],
        capture_output=True, text=True, timeout=900, cwd=REPO,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    from presslens.annotate.persuasion import PersuasionModel

    model = PersuasionModel.load(out)
    assert model.meta["train_articles"] == 12
    assert isinstance(model.annotate("This is a disgraceful, shameful betrayal of the people."), list)


def test_tokenize_offsets_and_sentences():
    from presslens.annotate.persuasion import char_to_tokens, tokenize, trim

    text = "“Rebels” fled. The U.S. said: it’s over!\n\nNew paragraph here"
    doc = tokenize(text)
    assert all(text[s:e] == r for s, e, r in zip(doc.starts, doc.ends, doc.raw, strict=True))
    assert "it's" in doc.words  # typographic apostrophe folded in the lower-cased form only
    sentences = [text[doc.starts[i] : doc.ends[j - 1]] for i, j in doc.sents]
    assert sentences[0] == "“Rebels” fled."
    assert sentences[-1] == "New paragraph here"
    assert char_to_tokens(doc, text.index("fled"), text.index("fled") + 4) == (3, 4)
    assert trim(" x, ", 0, 4) == (1, 2)
