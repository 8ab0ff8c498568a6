"""``presslens dupes``: near-duplicate clusters and republications in a database, attached to ``presslens.cli.main``."""

from __future__ import annotations

import csv
import json
import sys

import click

from presslens.cli import EXIT_OK, EXIT_USAGE, main


@main.command()
@click.argument("db")
@click.option("--threshold", type=click.FloatRange(0.05, 1.0), default=0.5, show_default=True,
              help="Least containment (share of the shorter article's 8-word shingles found in the other).")
@click.option("--rebuild", is_flag=True, help="Detect again even when clusters with these settings are stored.")
@click.option("--json", "out", flag_value="json", help="JSON Lines, one cluster per line.")
@click.option("--csv", "out", flag_value="csv", help="CSV, one row per cluster member.")
@click.option("--table", "out", flag_value="table", default=True, help="A table (the default).")
def dupes(db: str, threshold: float, rebuild: bool, out: str) -> None:
    """Clusters of near-identical articles across outlets, each with its original and the edits of its copies.

    Detection (MinHash LSH over 8-word shingles, verified exactly) runs when no clusters are
    stored, when --threshold differs from the stored run, or with --rebuild; the clusters are
    stored in the tables dupe_clusters and dupe_members.

    Exit codes: 0; 2 a database that does not exist.

    Example: presslens dupes news.db --threshold 0.6 --json
    """
    from presslens.corpus import dupes as d
    from presslens.store import StoreError, open_store

    try:
        with open_store(db, create=False) as store:
            params = d.stored_params(store)
            if rebuild or params is None or abs(float(params.get("threshold", -1)) - threshold) > 1e-9:
                d.rebuild(store, threshold=threshold)
            clusters = d.load_clusters(store)
    except StoreError as exc:
        click.echo(f"presslens: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if out == "json":
        for c in clusters:
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
    elif out == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["cluster", "role", "article_id", "publisher", "published", "containment", "jaccard",
                         "added", "removed", "original_id", "reason"])
        for c in clusters:
            for m in c.members:
                writer.writerow([c.id, m.role, m.article_id, m.publisher or "", m.published or "", m.containment,
                                 m.jaccard, len(m.added), len(m.removed), c.original_id, c.reason])
    else:
        _print_table(clusters)
    sys.exit(EXIT_OK)


def _print_table(clusters) -> None:
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
