"""Report section for persuasion techniques: spans grouped by technique, most confident first."""

from __future__ import annotations

from typing import Any

from presslens.records import Article
from presslens.render.sections import section


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


REPORT_SPANS = 6  # spans shown per technique in the readable report (highest confidence first)


@section("techniques")
def _render(article: Article) -> object:
    from rich.table import Table

    items = article.annotations.get("techniques", ())
    t = Table(title=f"Persuasion techniques ({len(items)} spans)", title_justify="left", show_edge=False, expand=True)
    t.add_column("technique", style="red", no_wrap=True)
    t.add_column("conf", justify="right", no_wrap=True)
    t.add_column("by", no_wrap=True)  # token / sentence (models) or cue (a guideline rule)
    t.add_column("span")
    groups: dict[str, list[Any]] = {}
    for it in items:
        tech = it.technique if hasattr(it, "technique") else it["technique"]
        groups.setdefault(tech, []).append(it)
    for tech in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        ranked = sorted(groups[tech], key=lambda x: -_get(x, "confidence"))
        for k, it in enumerate(ranked[:REPORT_SPANS]):
            label = f"{tech} ({len(ranked)})" if k == 0 else ""
            text = _get(it, "text").replace("\n", " ")
            t.add_row(label, f"{_get(it, 'confidence'):.2f}", _get(it, "level"), text if len(text) <= 120 else text[:119] + "…")
        if len(ranked) > REPORT_SPANS:
            t.add_row("", "", "", f"… {len(ranked) - REPORT_SPANS} more (--json for all)", style="dim")
    return t
