"""Apply the rules of :mod:`presslens.structure.rules` to lines of page text.

The unit of classification is a :class:`Unit`: one block, or several blocks
joined because a page seam split one paragraph (the first does not end a
sentence, the next starts in lower case), so a notice cut in two is still one
boilerplate block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import presslens.structure.rules as R
from presslens.read.base import Block
from presslens.structure.byline import MAX_LEN as _META_MAX_LEN
from presslens.structure.byline import MetaLine, parse_meta_line

_END_PUNCT = tuple(".!?:;\"”’)»…")


@dataclass(slots=True)
class Unit:
    text: str
    start: int
    end: int
    kind: str
    group: int
    link_chars: int = 0
    emphasized: bool = False
    level: int = 0
    list_id: int = -1
    blocks: list[int] = field(default_factory=list)
    hit: Hit | None = None
    checked: bool = False
    """Set once the rules have looked at this unit."""
    raw: str = ""
    """The page text of a unit joined across a page seam (``text`` has the seam closed)."""

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass(frozen=True, slots=True)
class Hit:
    family: str
    rule: str
    match: re.Match[str]
    footer_only: bool = False
    meta: MetaLine | None = None
    """For bylines and datelines: the line read by :mod:`presslens.structure.byline`."""


# Rules whose pattern is not anchored to the start of a short line: inside the
# body they only count in the trailing part, never mid-article.
FOOTER_ONLY = {"disclaimer", "fair-use", "cookie-consent", "newsletter"}


def make_units(blocks: tuple[Block, ...] | list[Block], page_text: str) -> list[Unit]:
    units: list[Unit] = []
    for i, b in enumerate(blocks):
        prev = units[-1] if units else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and b.kind == "paragraph"
            and b.group != blocks[prev.blocks[-1]].group
            and not prev.text.rstrip().endswith(_END_PUNCT)
            and b.text[:1].islower()
            and len(prev.text) > 60
        ):
            # page seam: one paragraph printed across two blocks
            prev.raw = page_text[prev.start : b.end] if page_text else ""
            prev.text = prev.raw or prev.text + " " + b.text
            prev.text = re.sub(r"\s*\n\s*", " ", prev.text)
            prev.end = b.end
            prev.link_chars += b.link_chars
            prev.blocks.append(i)
            continue
        units.append(
            Unit(
                text=b.text,
                start=b.start,
                end=b.end,
                kind=b.kind,
                group=b.group,
                link_chars=b.link_chars,
                emphasized=b.emphasized,
                level=b.level,
                list_id=b.list_id,
                blocks=[i],
            )
        )
    return units


def _prefilters(patterns: list[re.Pattern[str] | R.LazyPattern]) -> list[tuple[re.Pattern[str], bool]]:
    """Union patterns that match wherever any rule could: (pattern, anchored).

    Anchored rules (``^...``) go into one alternation tried with ``match`` at the
    start only; the few unanchored ones into another tried with ``search``. Group
    names are removed (the union only answers "could any rule match?").
    """
    out: list[tuple[re.Pattern[str], bool]] = []
    for anchored in (True, False):
        for flags in (re.I, 0):
            parts = []
            for p in patterns:
                src = p.pattern
                if (p.flags & re.I) != flags or src.startswith("^") != anchored:
                    continue
                src = re.sub(r"\(\?P<\w+>", "(?:", src[1:] if anchored else src)
                parts.append(f"(?:{src})")
            if parts:
                try:
                    out.append((re.compile("|".join(parts), flags), anchored))
                except re.error:  # pragma: no cover - keep correctness: no prefilter at all
                    return []
    return out


_ALL_PATTERNS: list[re.Pattern[str] | R.LazyPattern] = [
    r.pattern
    for r in (*R.PROVENANCE_RULES, R.COPYRIGHT_RULE, *R.BYLINE_RULES, *R.DATELINE_RULES, *R.BOILERPLATE_RULES, *R.TAXONOMY_RULES)
] + [R.WIRE_CREDIT]
# Most page lines match no rule; two or three passes of the unions say so before ~30 searches.
_PREFILTERS = _prefilters(_ALL_PATTERNS)


# Every unanchored rule (newsletter, disclaimer, fair-use, cookie-consent) needs one of
# these words; a line with none skips the slow unanchored scan. tests/structure/test_rules.py
# runs every rule's positive examples through classify(), so a rule that outgrows this list fails there.
UNANCHORED_KEYWORDS = (
    "sign", "newsletter", "enter", "delivered", "inbox", "mail",
    "disclaimer", "sole", "views", "necessarily",
    "fair", "copyrighted", "107",
    "cookie", "continuing", "consent",
)


# No anchored rule accepts a line longer than this (each Rule has a max_len): a long
# body paragraph goes straight to the unanchored check.
_ANCHORED_MAX_LEN = max(
    r.max_len
    for r in (*R.PROVENANCE_RULES, R.COPYRIGHT_RULE, *R.BYLINE_RULES, *R.DATELINE_RULES, *R.BOILERPLATE_RULES, *R.TAXONOMY_RULES)
    if r.pattern.pattern.startswith("^")
)


def _guarded(text: str) -> bool:
    """Does the line hold one of the unanchored rules' keywords? (substring tests on the lower-cased
    line: about five times cheaper than one case-insensitive alternation over a long paragraph)"""
    low = text.lower()
    return any(k in low for k in UNANCHORED_KEYWORDS)


def may_match(text: str) -> bool:
    """Could any rule match this line? (False is certain; True means: run the rules.)"""
    if not _PREFILTERS:
        return True
    guarded = None
    for p, anchored in _PREFILTERS:
        if anchored:
            if len(text) <= _ANCHORED_MAX_LEN and p.match(text):
                return True
            continue
        if guarded is None:
            guarded = _guarded(text)
        if guarded and p.search(text):
            return True
    return False


def classify(text: str, link_density: float = 0.0, kind: str = "paragraph") -> Hit | None:
    """First rule that matches this line, in order of specificity; then the byline reader."""
    text = text.strip()
    if not text or kind == "heading" and len(text) > 120:
        return None
    hit = _named_rule(text, link_density) if len(text) > 1500 or may_match(text) else None
    if hit is None:
        hit = _tail_rule(text, link_density)
    if hit is not None and hit.family == "caption" and len(text) <= _META_MAX_LEN and R.META_LINE_START.match(text):
        # "von Jane Doe Foto: (C) Agency": a byline with the photo credit after it, not a caption
        meta = parse_meta_line(text)
        if meta is not None and meta.marker and meta.names and meta.names[0].start <= 20:
            return Hit("byline", R.META_LINE, _WHOLE.match(text), meta=meta)  # type: ignore[arg-type]
    if hit is not None:
        if hit.family in ("byline", "dateline") and len(text) <= _META_MAX_LEN:
            # the named rule says what the line is; the byline reader says what is on it
            # ("Por Jane Doe | 03/05/2022" is a "publisher-date" dateline with names: lines.py decides)
            return Hit(hit.family, hit.rule, hit.match, meta=parse_meta_line(text))
        return hit
    if len(text) <= _META_MAX_LEN and (R.META_LINE_GUARD.search(text) or R.META_LINE_START.match(text)):
        # (names alone on a line of links are not classified here: a menu is made of such
        # lines; structure/lines.py reads one only when a dateline follows it)
        meta = parse_meta_line(text)
        if meta is not None and not meta.signature and (kind != "heading" or meta.marker or not meta.names and meta.residue == 0):
            family = "byline" if meta.names else "dateline"
            return Hit(family, R.META_LINE, _WHOLE.match(text), meta=meta)  # type: ignore[arg-type]
    return None


def _tail_rule(text: str, link_density: float) -> Hit | None:
    if R.TAIL_GUARD.search(text, max(0, len(text) - 60)) is None:
        return None
    for rule in R.TAIL_RULES:
        m = rule.match(text, link_density)
        if m:
            return Hit(rule.family, rule.name, m)
    return None


def _named_rule(text: str, link_density: float) -> Hit | None:
    for rule in R.PROVENANCE_RULES:
        m = rule.match(text, link_density)
        if m:
            return Hit("provenance", rule.name, m)
    m = R.COPYRIGHT_RULE.match(text, link_density)
    if m:
        return Hit("copyright", R.COPYRIGHT_RULE.name, m)
    m = R.WIRE_CREDIT.match(text)
    if m and len(text) < 60:
        return Hit("provenance", "wire-credit", m)
    for rule in R.BYLINE_RULES:
        m = rule.match(text, link_density)
        if m:
            return Hit("byline", rule.name, m)
    for rule in R.DATELINE_RULES:
        m = rule.match(text, link_density)
        if m:
            return Hit("dateline", rule.name, m)
    for rule in R.BOILERPLATE_RULES:
        m = rule.match(text, link_density)
        if m:
            return Hit(rule.family, rule.name, m, footer_only=rule.family in FOOTER_ONLY)
    for rule in R.TAXONOMY_RULES:
        m = rule.match(text, link_density)
        if m and _plausible_taxonomy(m.group("values")):
            return Hit("taxonomy", rule.name, m)
    return None


_WHOLE = re.compile(r".*", re.S)



def _plausible_taxonomy(values: str) -> bool:
    items = split_list(values)
    if not items:
        return False
    # taxonomy values are short labels, not a sentence
    return all(len(v) <= 60 for v in items) and not re.search(r"[.!?]\s+[A-Z]", values)


def split_list(values: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\||•|·)\s*", values.strip().rstrip("."))
    return [p.strip() for p in parts if p.strip()]
