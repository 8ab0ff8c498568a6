"""Report section for persuasion techniques: the spans shown (at or above the display threshold),
grouped by technique, with whose rhetoric each is, and the article's own-voice rate."""

from __future__ import annotations

from typing import Any

from presslens.records import Article
from presslens.render.sections import section


def _get(item: Any, key: str, default: Any = None) -> Any:
    return item.get(key, default) if isinstance(item, dict) else getattr(item, key, default)


REPORT_SPANS = 6  # spans shown per technique in the readable report (highest confidence first)


def _voice(item: Any) -> str:
    if _get(item, "voice", "own") != "quoted":
        return "outlet"
    speaker = _get(item, "speaker")
    return f"quote: {speaker}" if speaker else "quote"


@section("techniques")
def _render(article: Article) -> object:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from presslens.annotate.persuasion.summary import load_reference, summarize  # here: see render/claims.py

    items = article.annotations.get("techniques", ())
    shown = [it for it in items if _get(it, "shown", True)]
    s = summarize(article.text, items)
    head = Text()
    head.append("outlet's own voice: ", style="bold").append(f"{s.own} span{'s' * (s.own != 1)}, {s.own_per_1000:.1f} per 1,000 words")
    ref = load_reference()
    # the reference was measured at its display threshold: no percentile when these spans were shown at another
    same = ref is not None and all(bool(_get(it, "shown", True)) == (_get(it, "confidence", 0.0) >= ref.display_threshold) for it in items)
    pct = ref.percentile(s.own_per_1000) if ref is not None and same and s.words else None
    if ref is not None and pct is not None:
        head.append(f" (percentile {pct:.0f} among {ref.corpus}; {1 - ref.share_with_shown():.0%} of them show none)", style="dim")
    head.append("   quoted speakers: ", style="bold").append(f"{s.quoted}")
    if s.speakers:
        head.append(" (" + ", ".join(f"{k or 'unnamed'} {v}" for k, v in s.speakers.items()) + ")")
    hidden = len(items) - len(shown)
    if hidden:
        head.append(f"\n{hidden} more span{'s' * (hidden != 1)} below the display threshold (confidence in --json)", style="dim")
    t = Table(title=f"Persuasion techniques ({len(shown)} shown of {len(items)} spans)", title_justify="left", show_edge=False, expand=True)
    t.add_column("technique", style="red", no_wrap=True)
    t.add_column("conf", justify="right", no_wrap=True)
    t.add_column("by", no_wrap=True)  # token / sentence (models) or cue (a guideline rule)
    t.add_column("whose", no_wrap=True)  # the outlet's own wording, or a quoted speaker's
    t.add_column("span")
    groups: dict[str, list[Any]] = {}
    for it in shown:
        groups.setdefault(_get(it, "technique"), []).append(it)
    for tech in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        ranked = sorted(groups[tech], key=lambda x: -_get(x, "confidence"))
        for k, it in enumerate(ranked[:REPORT_SPANS]):
            label = f"{tech} ({len(ranked)})" if k == 0 else ""
            text = _get(it, "text").replace("\n", " ")
            t.add_row(label, f"{_get(it, 'confidence'):.2f}", _get(it, "level"), _voice(it), text if len(text) <= 120 else text[:119] + "…")
        if len(ranked) > REPORT_SPANS:
            t.add_row("", "", "", "", f"… {len(ranked) - REPORT_SPANS} more (--json for all)", style="dim")
    return Group(t, head) if shown else Group(Text("Persuasion techniques: none shown", style="bold"), head)
