"""Calibrated confidence, the display threshold, whose rhetoric a span is, and silence on straight news (issue 21)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import presslens
from presslens.annotate.persuasion import MODES, PersuasionAnnotator, load_model
from presslens.annotate.persuasion.annotator import whose
from presslens.annotate.persuasion.calibration import CALIBRATION_FILE, FEATURES, load_calibrators, reliability
from presslens.annotate.persuasion.summary import summarize
from presslens.errors import ConfigError
from presslens.records import Evidence, Quote
from presslens.settings import PersuasionSettings, Settings

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["persuasion"]


def _eval(name: str):
    sys.path.insert(0, str(REPO / "eval"))
    try:
        return __import__(name)
    finally:
        sys.path.pop(0)


def test_every_mode_has_a_calibrator_fitted_on_the_calibration_half():
    cals = load_calibrators()
    assert set(cals) == set(MODES)
    split = json.loads((REPO / "eval" / "splits" / "ptc-calibration.json").read_text(encoding="utf-8"))
    val = json.loads((REPO / "eval" / "splits" / "ptc-split.json").read_text(encoding="utf-8"))["validation"]
    assert sorted(split["calibration"] + split["report"]) == sorted(val)
    assert not set(split["calibration"]) & set(split["report"])
    for cal in cals.values():
        assert cal.meta["ptc_articles"] == len(split["calibration"])
        assert cal.meta["straight_news_articles"] > 0
        p = cal.predict(np.zeros((3, len(FEATURES))))
        assert ((0 <= p) & (p <= 1)).all() and (p[:, 1] >= p[:, 0]).all()


def test_display_threshold_default_matches_training():
    from presslens.training.persuasion_calibration import DISPLAY_THRESHOLD

    assert PersuasionSettings().display_threshold == DISPLAY_THRESHOLD == 0.5


def test_reliability_table_and_ece():
    ece, rows = reliability([0.05, 0.15, 0.95], [0.0, 0.3, 1.0], bins=10)
    assert [r["spans"] for r in rows] == [1, 1, 1]
    assert ece == pytest.approx((0.05 + 0.15 + 0.05) / 3)


def test_report_half_calibration_and_display_floors():
    """ECE of the default mode on the report half, and the official SI scores restricted to the spans
    shown at the display threshold (floors: what this session reached; see docs/persuasion.md)."""
    s = _eval("persuasion").calibrated("tagger")
    assert s["ece"] <= FLOORS["ece_max"], s["reliability"]
    assert s["all"]["si_f1"] >= FLOORS["si_f1_tagger_report_half"], s["all"]
    shown = s["shown"]
    assert shown["si_precision"] >= FLOORS["shown_si_precision_tagger"], shown
    assert shown["si_recall"] >= FLOORS["shown_si_recall_tagger"], shown


def test_confidence_fields_and_shown(seed_article):
    items = seed_article.annotations["techniques"]
    assert items
    for t in items:
        assert 0.0 <= t.confidence <= 1.0
        assert t.span_confidence is not None and t.span_confidence >= t.confidence - 1e-6
        assert t.shown == (t.confidence >= 0.5)
        assert t.voice in ("own", "quoted")
    everything = PersuasionAnnotator(PersuasionSettings(display_threshold=0.0))(seed_article)
    assert all(t.shown for t in everything.annotations["techniques"])


def test_display_threshold_setting(monkeypatch):
    monkeypatch.setenv("PRESSLENS_PERSUASION_DISPLAY_THRESHOLD", "0.3")
    assert Settings.load().persuasion.display_threshold == 0.3
    monkeypatch.setenv("PRESSLENS_PERSUASION_DISPLAY_THRESHOLD", "high")
    with pytest.raises(ConfigError, match="display_threshold"):
        Settings.load()
    with pytest.raises(ConfigError, match="between 0 and 1"):
        PersuasionAnnotator(PersuasionSettings(display_threshold=1.5))


def test_uncalibrated_confidence_is_the_models_score():
    model = load_model()
    text = "Outrageous!!! The corrupt elite lie to you. They are traitors and thieves, every one of them."
    raw = {(f.start, f.end): f for f in model.detect(text, "tagger", calibrate=False)}
    cal = {(f.start, f.end): f for f in model.detect(text, "tagger")}
    assert raw.keys() == cal.keys()
    for k, f in raw.items():
        if f.level != "cue":
            assert f.confidence == f.score
        assert cal[k].score == f.score


def _quote(start: int, end: int, speaker: str | None) -> Quote:
    return Quote(start, end, "", "direct", speaker, None, Evidence(0, 4, "Mary") if speaker else None, None, "test", 0.9, "quotes@1")


def test_whose_rhetoric():
    quotes = (_quote(10, 60, "Mary Smith"), _quote(100, 140, None))
    assert whose(20, 30, 0.0, quotes) == ("quoted", "Mary Smith")
    assert whose(9, 61, 0.0, quotes) == ("quoted", "Mary Smith")  # the marks around the quote count as inside
    assert whose(105, 120, 0.0, quotes) == ("quoted", None)
    assert whose(70, 90, 0.0, quotes) == ("own", None)
    assert whose(50, 90, 0.0, quotes) == ("own", None)  # mostly outside
    assert whose(70, 90, 1.0, None) == ("quoted", None)  # no attribution layer: the marks decide
    assert whose(70, 90, 1.0, ()) == ("quoted", None)


INVENTED = (
    "The council's plan is a shameful, disgraceful betrayal of every family in this town, and the corrupt "
    "councillors who pushed it should be ashamed.\n\n"
    "“These reckless thugs are destroying our country and lying to our faces every single day,” said "
    "Mary Smith, a resident who opposed the plan.\n\n"
    "The vote was held on Thursday."
)


def test_quoted_spans_carry_the_speaker():
    art = presslens.analyze(INVENTED.encode(), format="text", components=["quotes", "techniques"])
    quotes = art.annotations["quotes"]
    assert any(q.speaker for q in quotes)
    items = PersuasionAnnotator(PersuasionSettings(display_threshold=0.0))(art).annotations["techniques"]
    inside = [t for t in items if any(q.start - 1 <= t.start and t.end <= q.end + 1 for q in quotes)]
    outside = [t for t in items if not any(t.start < q.end and q.start < t.end for q in quotes)]
    assert inside and outside
    assert all(t.voice == "quoted" and t.speaker == "Mary Smith" for t in inside)
    assert all(t.voice == "own" and t.speaker is None for t in outside)
    s = summarize(art.text, items)
    assert s.own == len([t for t in items if t.voice == "own"]) and s.quoted == len(items) - s.own
    assert s.own_per_1000 == pytest.approx(round(s.own * 1000 / s.words, 2))
    assert s.speakers.get("Mary Smith") == len([t for t in items if t.voice == "quoted"])


def test_report_shows_whose_and_the_rate():
    from rich.console import Console

    from presslens.render import print_report

    art = presslens.analyze(INVENTED.encode(), format="text", components=["quotes", "techniques"])
    art = PersuasionAnnotator(PersuasionSettings(display_threshold=0.0))(art)
    console = Console(record=True, width=220)
    print_report(art, console)
    out = console.export_text()
    s = summarize(art.text, art.annotations["techniques"])
    assert f"outlet's own voice: {s.own} span" in out and f"{s.own_per_1000:.1f} per 1,000 words" in out
    assert "quote: Mary Smith" in out


def test_straight_news_and_sample_article_stay_quiet(shared):
    """Hand-labelled straight news (eval/gold/persuasion-straight-news.json, labelled before scoring):
    shown spans per article under the floor; the bundled sample article shows none."""
    s = _eval("persuasion_straight").scores()
    assert s["articles"] >= 20
    assert s["shown_per_article"] <= FLOORS["straight_news_shown_per_article_max"], s["per_article"]
    assert s["sample_article_shown"] <= FLOORS["sample_article_shown_max"]


def test_calibration_file_is_small_and_textless():
    assert CALIBRATION_FILE.stat().st_size < 100_000
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)


def test_percentile_is_mid_rank():
    from presslens.annotate.persuasion.summary import percentile

    assert percentile(1.0, []) is None
    assert percentile(0.0, [0.0, 0.0, 0.0, 2.0]) == 37.5  # ties count half
    assert percentile(3.0, [0.0, 1.0, 2.0]) == 100.0 and percentile(-1.0, [0.0, 1.0]) == 0.0
    assert percentile(1.0, [0.0, 1.0, 2.0]) == 50.0


def test_bundled_reference_distribution():
    """reference.json: numbers only, measured with the default mode at the default display threshold."""
    from presslens.annotate.persuasion.summary import REFERENCE_FILE, load_reference
    from presslens.settings import PersuasionSettings

    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    assert data["articles"] == len(data["own_per_1000"]) == len(data["quoted_per_1000"]) >= 200
    assert all(isinstance(x, (int, float)) and x >= 0 for x in data["own_per_1000"] + data["quoted_per_1000"])
    assert data["own_per_1000"] == sorted(data["own_per_1000"])
    ref = load_reference()
    assert ref is not None and ref.display_threshold == PersuasionSettings().display_threshold
    assert ref.producer.startswith("techniques@") and 0.0 < ref.share_with_shown() < 0.5


def test_report_places_the_rate_in_the_reference():
    from rich.console import Console

    from presslens.render import print_report

    art = presslens.analyze(INVENTED.encode(), format="text", components=["quotes", "techniques"])
    console = Console(record=True, width=260)
    print_report(art, console)
    assert "among 240 US news articles (allsides)" in console.export_text()
    # spans shown at another threshold than the reference's: no percentile
    art = PersuasionAnnotator(PersuasionSettings(display_threshold=0.0))(art)
    console = Console(record=True, width=260)
    print_report(art, console)
    assert "US news articles" not in console.export_text()
