"""Find the article body among the blocks of a whole page.

Page-to-markdown crawls and plain-text dumps keep the site chrome: menus,
section lists, footers, related-article lists, reader comments. Each unit gets
a score, positive for prose (long, few links, sentence punctuation) and
negative for chrome (short, link-heavy, matched by a boilerplate rule).

The page then splits into candidate regions: the maximal positive-sum runs
(maximum subarray, restarted each time the running sum drops to zero), so
short headings or captions inside an article stay in and a menu between two
prose blobs splits them. A reader-comments marker ("Comments", "Leave a
reply", "X on May 2, 2019 at 4:47 pm said:") always ends a region. The
candidate with the largest score wins, where the score is the region's sum

- plus a lead-in bonus when a byline, a dateline or a level-1 heading sits
  just before it (what an article page puts above its body), and
- scaled down when it comes after a comments marker that follows some prose
  (reader comments are long prose, and often outweigh a short article).

Word counts are script-aware: text written without spaces (Chinese,
Japanese) counts about two characters per word, and its full-width sentence
punctuation counts as sentence ends.
"""

from __future__ import annotations

import re

from presslens.structure.classify import Unit

_WORD = re.compile(r"\w+")
# Han, kana (incl. half-width) and CJK punctuation: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_SENT = re.compile(r"[.!?…][\"”’)]?(?:\s|$)|[。！？]")
# A link whose label spans several blocks reaches the reader as an opening
# "[label" block and a closing "label](url)" block; both are link text.
_LINK_OPEN = re.compile(r"^\[[^\]]*$")
_LINK_CLOSE = re.compile(r"^[^\[]*\]\([^)\s]*\)\s*$")
# Where reader comments start: a comments heading or a commenter line.
_COMMENTS_HEAD = re.compile(
    r"^(?:\W*\d+\s+|top(?:\s+rated)?\s+|reader\s+|latest\s+|recent\s+)?(?:comments?|responses?|replies|reader\s+comments)\b"
    r"|^\d+\s+(?:thoughts|responses|replies)\s+(?:on|to)\b"
    r"|^leave\s+a\s+(?:comment|reply)\b",
    re.I,
)
_COMMENTER = re.compile(r"\b(?:said|says|wrote|writes)\s*:\s*$", re.I)

# Rules for chrome that sits inside articles (removed from the body, but not a reason to split it).
_INLINE_CHROME = frozenset({"caption-credit", "image-credit", "advertisement", "related-label", "video-blurb", "app-promo"})
_LEAD_WINDOW = 6  # units before a region searched for a byline, a dateline or a title
_LEAD_BONUS = 8.0
_COMMENTS_FACTOR = 0.3
_MIN_PROSE_BEFORE_COMMENTS = 5.0


def word_count(text: str) -> int:
    """Words, counting about two characters per word in scripts written without spaces."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


def _link_density(unit: Unit) -> float:
    text = unit.text
    if text[:1] == "[" and _LINK_OPEN.match(text) or text.endswith(")") and _LINK_CLOSE.match(text):
        return 1.0
    return unit.link_density


def prose_score(unit: Unit) -> float:
    hit = unit.hit
    if hit is not None:
        if hit.footer_only:
            return -1.5
        if hit.rule in _INLINE_CHROME:
            return -1.0  # a caption or an ad slot between paragraphs: chrome, but no end of the article
        return -4.0
    if unit.kind == "hr":
        return -2.0
    if unit.kind == "code":
        return -1.0
    words = word_count(unit.text)
    ld = _link_density(unit)
    if unit.kind == "heading":
        return -0.3 if words <= 20 and ld < 0.5 else -1.5
    if ld > 0.5:
        return -1.0 - 2.0 * ld
    sentences = len(_SENT.findall(unit.text))
    if unit.kind == "table" and not (words >= 25 and sentences >= 2 and ld < 0.2):
        if ld == 0.0 and words < 25 and unit.text.count(" | ") >= 2:
            # a row of an unlinked data table (standings, results): a page's article can be
            # one; chrome tables are link rows. Mildly positive, so a long table counts
            return 0.2
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


def comments_marker(unit: Unit) -> bool:
    """Does this unit open (or belong to the header of) a reader-comments section?"""
    text = unit.text.strip()
    if len(text) > 120:
        return False
    if unit.kind == "heading":
        # a heading, not a "3 comments" link in the byline area
        hit = unit.hit
        return bool(hit is not None and hit.rule == "comment-prompt" or _COMMENTS_HEAD.match(text))
    return len(text.split()) <= 14 and bool(_COMMENTER.search(text))


def _lead_in(unit: Unit) -> bool:
    hit = unit.hit
    if hit is not None and hit.family in ("byline", "dateline"):
        return True
    return unit.kind == "heading" and unit.level == 1


def candidates(units: list[Unit]) -> list[tuple[int, int, float]]:
    """Disjoint maximal positive-sum runs ``(start, end, sum)``; a comments marker ends a run."""
    out: list[tuple[int, int, float]] = []
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0

    def close() -> None:
        if best is not None:
            out.append((best[0], best[1], best_sum))

    for i, u in enumerate(units):
        if comments_marker(u):
            close()
            best_sum, best, run_sum, run_start = 0.0, None, 0.0, i + 1
            continue
        s = prose_score(u)
        if run_sum <= 0:
            if best is not None and s > 0:
                close()
                best_sum, best = 0.0, None
            run_sum, run_start = s, i
        else:
            run_sum += s
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i + 1)
    close()
    return out


def find_region(units: list[Unit]) -> tuple[int, int] | None:
    """Indices [start, end) of the most article-like candidate region, or None."""
    cands = candidates(units)
    if not cands:
        return None
    # The first comments marker that follows some prose: what comes after it is reader comments.
    comments_at = None
    prose_before = 0.0
    marker_idx = [i for i, u in enumerate(units) if comments_marker(u)]
    for m in marker_idx:
        prose_before = sum(c[2] for c in cands if c[1] <= m)
        if prose_before >= _MIN_PROSE_BEFORE_COMMENTS:
            comments_at = m
            break

    def rank(c: tuple[int, int, float]) -> float:
        start, _, total = c
        score = total
        if any(_lead_in(units[j]) for j in range(max(0, start - _LEAD_WINDOW), start)):
            score += min(_LEAD_BONUS, total)
        if comments_at is not None and start > comments_at:
            score *= _COMMENTS_FACTOR
        return score

    best = max(cands, key=rank)
    start, end = best[0], best[1]
    while end < len(units) and _plain_line(units[end]):
        end += 1
    return start, end


def _plain_line(u: Unit) -> bool:
    return u.hit is None and u.kind in ("paragraph", "list_item", "table") and _link_density(u) == 0.0 and word_count(u.text) >= 3
