"""The SemEval-2020 Task 11 scorers on hand-made cases whose answers were worked out by hand."""

from __future__ import annotations

import pytest

from presslens.metrics.propaganda import merge_spans, si_scores, tc_scores


def test_merge_overlapping_but_not_touching():
    assert merge_spans([(2, 10), (0, 4), (20, 25), (25, 30), (3, 3)]) == [(0, 10), (20, 25), (25, 30)]


def test_si_half_overlap():
    s = si_scores([("a", 0, 10)], [("a", 5, 15)])
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_si_predictions_merged_before_scoring():
    s = si_scores([("a", 0, 4), ("a", 2, 10)], [("a", 0, 10)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_si_touching_spans_are_two_spans():
    # P = (5/5 + 5/5) / 2 = 1; R = (5/10 + 5/10) / 1 = 1
    s = si_scores([("a", 0, 5), ("a", 5, 10)], [("a", 0, 10)])
    assert s.precision == 1.0 and s.recall == 1.0


def test_si_one_long_prediction_two_short_gold():
    # P = (2/10 + 2/10) / 1 = 0.4; R = (2/2 + 2/2) / 2 = 1; F1 = 0.8 / 1.4
    s = si_scores([("a", 0, 10)], [("a", 0, 2), ("a", 8, 10)])
    assert s.precision == pytest.approx(0.4)
    assert s.recall == pytest.approx(1.0)
    assert s.f1 == pytest.approx(0.8 / 1.4)


def test_si_over_several_articles():
    # P = (5/10 + 4/4) / 2 = 0.75; R = (5/5 + 4/8) / 2 = 0.75
    s = si_scores([("a", 0, 10), ("b", 0, 4)], [("a", 0, 5), ("b", 0, 8)])
    assert s.precision == pytest.approx(0.75) and s.recall == pytest.approx(0.75) and s.f1 == pytest.approx(0.75)


def test_si_offsets_of_another_article_do_not_count():
    assert si_scores([("b", 0, 10)], [("a", 0, 10)]).f1 == 0.0


def test_si_gold_overlaps_merged_whatever_the_technique():
    # gold (0,6) and (4,10) merge into (0,10): one gold span
    s = si_scores([("a", 0, 5)], [("a", 0, 6), ("a", 4, 10)])
    assert s.precision == 1.0 and s.recall == pytest.approx(0.5)


def test_si_empty_inputs():
    assert si_scores([], [("a", 0, 10)]).f1 == 0.0
    assert si_scores([("a", 0, 10)], []).f1 == 0.0
    assert si_scores([], []).f1 == 0.0


def test_tc_multi_label_span_best_match_in_any_order():
    gold = [("a", "Loaded_Language", 0, 5), ("a", "Repetition", 0, 5), ("a", "Doubt", 10, 20)]
    pred = [("a", "Repetition", 0, 5), ("a", "Loaded_Language", 0, 5), ("a", "Doubt", 10, 20)]
    assert tc_scores(pred, gold).f1 == 1.0


def test_tc_counts_each_gold_label_once():
    gold = [("a", "Loaded_Language", 0, 5), ("a", "Repetition", 0, 5), ("a", "Doubt", 10, 20)]
    pred = [("a", "Loaded_Language", 0, 5), ("a", "Loaded_Language", 0, 5), ("a", "Slogans", 10, 20)]
    s = tc_scores(pred, gold)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 3) and s.f1 == pytest.approx(1 / 3)


def test_tc_span_must_match_exactly():
    assert tc_scores([("a", "Doubt", 10, 19)], [("a", "Doubt", 10, 20)]).f1 == 0.0


def test_gold_against_itself_on_ptc(shared):
    from presslens.training.ptc import load_articles

    arts = load_articles(shared / "data" / "ptc" / "train")
    assert len(arts) == 371
    gold_tc = [(a.id, t, s, e) for a in arts.values() for t, s, e in a.spans]
    assert len(gold_tc) == 6128
    assert tc_scores(gold_tc, gold_tc).f1 == 1.0
    assert si_scores([(a, s, e) for a, _, s, e in gold_tc], [(a, s, e) for a, _, s, e in gold_tc]).f1 == 1.0
