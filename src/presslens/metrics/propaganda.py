"""Official SemEval-2020 Task 11 metrics (PTC), reimplemented exactly.

SI (span identification): within the predictions and within the gold of each
article, overlapping spans are merged (whatever their technique); then with
``s`` a predicted and ``t`` a gold span (sets of character indices)::

    P = 1/|S| * sum_s sum_t |s & t| / |s|
    R = 1/|T| * sum_s sum_t |s & t| / |t|
    F1 = 2PR / (P + R)

``|S|`` and ``|T|`` count the merged spans over all articles. P is normalised
by the length of the predicted span, as in the organizers' ``task-SI_scorer.py``
(the printed formulas of the task paper swap the two normalisers).

TC (technique classification): micro-averaged P/R/F1 of a label per gold span.
Spans are identified by ``(article, start, end)``; when one span carries several
gold techniques, the best matching assignment is used, i.e. the number of
correct labels for a span is the size of the multiset intersection of its gold
and predicted labels.

Offsets are ``[start, end)`` code-point offsets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[str, int, int]  # (article_id, start, end)
LabelledSpan = tuple[str, str, int, int]  # (article_id, technique, start, end)


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; spans that only touch stay apart.

    Empty spans (``end <= start``) are dropped: they hold no characters.
    """
    out: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _by_article(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, start, end in spans:
        grouped[str(article)].append((int(start), int(end)))
    return {a: merge_spans(v) for a, v in grouped.items()}


def si_scores(predicted: Iterable[Span], gold: Iterable[Span]) -> Scores:
    """SI precision, recall and F1 with partial credit for overlapping characters."""
    pred = _by_article(predicted)
    ref = _by_article(gold)
    n_pred = sum(len(v) for v in pred.values())
    n_gold = sum(len(v) for v in ref.values())
    p_sum = r_sum = 0.0
    for article, pspans in pred.items():
        gspans = ref.get(article, [])
        for ps, pe in pspans:
            for gs, ge in gspans:
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    p_sum += inter / (pe - ps)
                    r_sum += inter / (ge - gs)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return Scores(precision, recall, _f1(precision, recall))


def tc_scores(predicted: Iterable[LabelledSpan], gold: Iterable[LabelledSpan]) -> Scores:
    """TC micro-averaged precision, recall and F1 (equal to accuracy when every gold span gets one label)."""
    pred: dict[Span, Counter[str]] = defaultdict(Counter)
    ref: dict[Span, Counter[str]] = defaultdict(Counter)
    n_pred = n_gold = 0
    for article, technique, start, end in predicted:
        pred[(str(article), int(start), int(end))][technique] += 1
        n_pred += 1
    for article, technique, start, end in gold:
        ref[(str(article), int(start), int(end))][technique] += 1
        n_gold += 1
    correct = sum(sum((labels & pred.get(span, Counter())).values()) for span, labels in ref.items())
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    return Scores(precision, recall, _f1(precision, recall))


__all__ = ["Scores", "merge_spans", "si_scores", "tc_scores"]
