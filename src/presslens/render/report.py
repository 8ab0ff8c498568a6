"""The readable report of ``presslens analyze``: metadata, provenance, body preview, removed blocks.

Annotation kinds that later components add are listed generically (count and
first spans), so a new annotator shows up here without a change to this file;
the built-in kinds have richer sections in this package's modules (claims, persuasion,
sourcing), registered with :func:`presslens.render.sections.section`, which a plugin can use too.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

import presslens.render.claims  # noqa: F401  (registers its sections)
import presslens.render.persuasion  # noqa: F401  (registers its section)
import presslens.render.sourcing  # noqa: F401  (registers its sections)
from presslens.records import Article
from presslens.render.sections import SECTIONS


def render(article: Article) -> Group:
    parts: list[Any] = []
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold cyan", no_wrap=True)
    meta.add_column()
    meta.add_row("title", article.title or "-")
    meta.add_row("authors", ", ".join(article.authors) or "-")
    meta.add_row("published", article.published or "-")
    meta.add_row("publisher", article.publisher or "-")
    meta.add_row("language", article.language or "-")
    meta.add_row("url", article.url or "-")
    for label, values in article.tags.items():
        meta.add_row(f"tag: {label}", ", ".join(values))
    meta.add_row("id", f"{article.id}  ({article.format}, {len(article.paragraphs)} paragraphs, {len(article.text.split())} words)")
    parts.append(Panel(meta, title=f"[bold]{article.source or 'article'}[/]", title_align="left"))

    prov = article.provenance
    if prov.facts:
        t = Table(title="Provenance", title_justify="left", show_edge=False, expand=True)
        t.add_column("fact", style="magenta", no_wrap=True)
        t.add_column("value")
        t.add_column("evidence", style="dim")
        for f in prov.facts:
            t.add_row(f.kind, f.value, f.evidence.text)
        summary = Text()
        if prov.original_source:
            summary.append("original source: ", style="bold").append(prov.original_source + "  ")
        if prov.republished_by:
            summary.append("republished by: ", style="bold").append(prov.republished_by + "  ")
        if prov.wire:
            summary.append("wire: ", style="bold").append(prov.wire + "  ")
        if prov.copyright_holders:
            summary.append("copyright: ", style="bold").append(
                ", ".join(prov.copyright_holders) + (f" ({prov.copyright_year})" if prov.copyright_year else "")
            )
        parts.append(Group(t, summary))

    body = Text()
    if article.lede:
        body.append("Lede: ", style="bold").append(_clip(article.lede, 300) + "\n\n")
    for p in article.paragraph_texts()[1:4]:
        body.append(_clip(p, 240) + "\n\n")
    if len(article.paragraphs) > 4:
        body.append(f"... {len(article.paragraphs) - 4} more paragraphs", style="dim")
    parts.append(Panel(body, title="Body", title_align="left"))

    if article.boilerplate:
        t = Table(title="Removed from the body", title_justify="left", show_edge=False, expand=True)
        t.add_column("reason", style="yellow", no_wrap=True)
        t.add_column("rule", style="dim", no_wrap=True)
        t.add_column("text")
        for b in article.boilerplate:
            t.add_row(b.reason, b.rule, _clip(b.evidence.text.replace("\n", " "), 110))
        parts.append(t)
        counts = Counter(b.reason for b in article.boilerplate)
        parts.append(Text("  " + ", ".join(f"{k}: {v}" for k, v in counts.most_common()), style="dim"))

    for kind, items in article.annotations.items():
        if kind in SECTIONS:
            parts.append(SECTIONS[kind](article))
        else:
            parts.append(Text(f"{kind}: {len(items)}", style="bold"))
    return Group(*parts)


def print_report(article: Article, console: Console | None = None) -> None:
    (console or Console(soft_wrap=False)).print(render(article))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
