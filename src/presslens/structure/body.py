"""Find the article body among the blocks of a whole page.

Page-to-markdown crawls and plain-text dumps keep the site chrome: menus,
section lists, footers, related-article lists. Each unit gets a score, positive
for prose (long, few links, sentence punctuation) and negative for chrome
(short, link-heavy, matched by a boilerplate rule); the body is the contiguous
run with the largest total (maximum subarray), so short headings or captions
inside an article stay in, and a menu between two prose blobs splits them.
"""

from __future__ import annotations

import re

from presslens.structure.classify import Unit

_WORD = re.compile(r"\w+")
_SENT = re.compile(r"[.!?…][\"”’)]?(?:\s|$)")


def prose_score(unit: Unit) -> float:
    hit = unit.hit
    if hit is not None:
        if hit.footer_only:
            return -1.5
        return -4.0
    if unit.kind == "hr":
        return -2.0
    if unit.kind == "code":
        return -1.0
    words = len(_WORD.findall(unit.text))
    ld = unit.link_density
    if unit.kind == "heading":
        return -0.3 if words <= 20 and ld < 0.5 else -1.5
    if ld > 0.5:
        return -1.0 - 2.0 * ld
    sentences = len(_SENT.findall(unit.text))
    if unit.kind == "table":
        return -0.5 if words < 25 else 0.2
    if unit.kind == "list_item":
        if words >= 15 and sentences and ld < 0.3:
            return min(words, 80) / 20.0
        return -1.0 if ld > 0.2 or words < 6 else -0.4
    if words >= 15 and (sentences or words >= 30) and ld < 0.4:
        return min(words, 120) / 10.0 * (1.0 - ld)
    if words >= 8 and sentences and ld < 0.3:
        return 0.5
    return -0.8 - ld


def find_region(units: list[Unit]) -> tuple[int, int] | None:
    """Indices [start, end) of the best-scoring contiguous run, or None."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0
    for i, u in enumerate(units):
        s = prose_score(u)
        if run_sum <= 0:
            run_sum, run_start = s, i
        else:
            run_sum += s
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i + 1)
    return best
