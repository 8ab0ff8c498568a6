"""Report sections for the sourcing kinds: who is quoted (grouped by speaker, with role), scare quotes,
sources and entities."""

from __future__ import annotations

from typing import Any

from presslens.records import Article
from presslens.render.sections import section


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


UNCERTAIN = 0.6
"""Below this speaker confidence a speaker is shown as a guess ("speaker uncertain: Parata?"), never as fact."""


def speaker_label(q: Any) -> tuple[str, bool]:
    """(label, uncertain) of a quotation's speaker for display: the name, or "speaker uncertain:
    X?" when its calibrated speaker confidence is below :data:`UNCERTAIN`."""
    speaker = _get(q, "speaker")
    if not speaker:
        return "(no speaker named)", False
    conf = _get(q, "speaker_confidence") if _has(q, "speaker_confidence") else None
    if conf is not None and conf < UNCERTAIN:
        return f"speaker uncertain: {speaker}?", True
    return speaker, False


def _has(item: Any, key: str) -> bool:
    return key in item if isinstance(item, dict) else hasattr(item, key)


@section("quotes")
def _quotes(article: Article) -> object:
    from rich.table import Table

    items = article.annotations.get("quotes", ())
    t = Table(title=f"Who is quoted ({len(items)} quotations, by speaker; speaker confidence in brackets)", title_justify="left",
              show_edge=False, expand=True)
    t.add_column("speaker", style="green", ratio=2)
    t.add_column("kind", style="dim", no_wrap=True)
    t.add_column("cue", style="dim", ratio=1)
    t.add_column("quotation", ratio=4)
    groups: dict[tuple[str, bool], list[Any]] = {}
    for q in items:
        groups.setdefault(speaker_label(q), []).append(q)

    def order(key: tuple[str, bool]) -> tuple:
        label, uncertain = key
        return (label.startswith("("), uncertain, -len(groups[key]), label)

    for key in sorted(groups, key=order):
        label, uncertain = key
        qs = groups[key]
        roles = sorted({_get(q, "speaker_role") for q in qs if _get(q, "speaker_role")})
        confs = [c for q in qs if _has(q, "speaker_confidence") and (c := _get(q, "speaker_confidence")) is not None]
        shown = f"[yellow]{label}[/]" if uncertain else label
        if confs:
            shown += f" [dim]({min(confs):.2f}" + (f"-{max(confs):.2f}" if max(confs) > min(confs) else "") + ")[/]"
        if roles:
            shown += f"\n[dim]{'; '.join(roles)}[/]"
        for q in qs:
            cue = _get(q, "cue")
            cue_text = _get(cue, "text") if cue else "-"
            t.add_row(shown, _get(q, "kind"), cue_text, _clip(_get(q, "text"), 110))
            shown = ""
    return t

@section("scare_quotes")
def _scare(article: Article) -> object:
    from collections import Counter

    from rich.text import Text

    items = article.annotations.get("scare_quotes", ())
    marked = Counter(_get(s, "term") for s in items if _get(s, "marked"))
    so_called = sum(1 for s in items if _get(s, "so_called"))
    out = Text()
    out.append(f"Scare quotes ({sum(marked.values())}): ", style="bold")
    out.append(", ".join(f"“{k}”" + (f" ×{v}" if v > 1 else "") for k, v in marked.most_common()) or "-")
    out.append(f"   so-called: {so_called}", style="dim")
    unmarked = [_get(s, "term") for s in items if not _get(s, "marked")]
    if unmarked:
        out.append(" (" + ", ".join(unmarked) + ")", style="dim")
    return out

@section("sources")
def _sources(article: Article) -> object:
    from rich.table import Table

    items = article.annotations.get("sources", ())
    t = Table(title=f"Sources ({len(items)})", title_justify="left", show_edge=False, expand=True)
    t.add_column("kind", style="magenta", no_wrap=True)
    t.add_column("source", ratio=2)
    t.add_column("supports (first sentence)", style="dim", ratio=3)
    for s in items:
        sup = _get(s, "supports")
        first = _get(sup[0], "text") if sup else ""
        more = f" (+{len(sup) - 1} sentences)" if len(sup) > 1 else ""
        t.add_row(_get(s, "kind"), _clip(_get(s, "name"), 50), _clip(first, 90) + more)
    return t

@section("entities")
def _entities(article: Article) -> object:
    from rich.text import Text

    items = article.annotations.get("entities", ())
    out = Text()
    out.append(f"Entities ({len(items)}): ", style="bold")
    for label in ("PERSON", "ORG", "GPE", "LOC"):
        names = [f"{_get(e, 'name')} ({len(_get(e, 'mentions'))})" for e in items if _get(e, "label") == label]
        if names:
            out.append(f"\n  {label}: ", style="cyan").append(", ".join(names))
    return out

@section("sentences")
def _sentences(article: Article) -> object:
    from rich.text import Text

    items = article.annotations.get("sentences", ())
    parsed = sum(1 for s in items if _get(s, "parsed"))
    return Text(f"sentences: {len(items)} ({parsed} parsed)", style="dim")
