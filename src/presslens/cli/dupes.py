"""``presslens dupes``: near-duplicate clusters and republications in a database."""

from __future__ import annotations

import sys
from typing import Any

import click

from presslens.cli.output import EXIT_OK, emit, output_options


@click.command()
@click.argument("db")
@click.option("--threshold", type=click.FloatRange(0.05, 1.0), default=0.5, show_default=True,
              help="Least containment (share of the shorter article's 8-word shingles found in the other).")
@click.option("--rebuild", is_flag=True, help="Detect again even when clusters with these settings are stored.")
@output_options(json="JSON Lines, one cluster per line.", csv="CSV, one row per cluster member.", table="A table (the default).")
def dupes(db: str, threshold: float, rebuild: bool, out: str) -> None:
    """Clusters of near-identical articles across outlets, each with its original and the edits of its copies.

    Detection (MinHash LSH over 8-word shingles, verified exactly) runs when no clusters are
    stored, when --threshold differs from the stored run, or with --rebuild; the clusters are
    stored in the tables dupe_clusters and dupe_members.

    Exit codes: 0; 2 a database that does not exist.

    Example: presslens dupes news.db --threshold 0.6 --json
    """
    from presslens.corpus import dupes as d
    from presslens.store import open_store

    with open_store(db, create=False) as store:
        params = d.stored_params(store)
        if rebuild or params is None or abs(float(params.get("threshold", -1)) - threshold) > 1e-9:
            d.rebuild(store, threshold=threshold)
        clusters = d.load_clusters(store)
    emit(out, records=(c.to_dict() for c in clusters),
         header=["cluster", "role", "article_id", "publisher", "published", "containment", "jaccard", "added", "removed",
                 "original_id", "reason"],
         rows=([c.id, m.role, m.article_id, m.publisher or "", m.published or "", m.containment, m.jaccard, len(m.added),
                len(m.removed), c.original_id, c.reason] for c in clusters for m in c.members),
         table=lambda: _print_table(clusters))
    sys.exit(EXIT_OK)


def _print_table(clusters: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not clusters:
        console.print("no near-duplicates found")
        return
    table = Table(show_lines=False)
    for name in ("cluster", "role", "publisher", "published", "containment", "+par", "-par", "id"):
        table.add_column(name, no_wrap=name != "publisher")
    for c in clusters:
        for m in c.members:
            table.add_row(str(c.id), m.role, m.publisher or "", m.published or "", f"{m.containment:.2f}",
                          str(len(m.added)), str(len(m.removed)), m.article_id, end_section=m is c.members[-1])
    console.print(table)
    copies = sum(len(c.members) - 1 for c in clusters)
    console.print(f"{len(clusters)} clusters, {copies} copies")
