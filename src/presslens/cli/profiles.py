"""``presslens profile`` and ``presslens speaker``: outlet profiles and the speaker index over a database."""

from __future__ import annotations

import sys
from typing import Any

import click

from presslens.cli.output import EXIT_OK, emit, output_options
from presslens.errors import BadRequest


def _counts(title: str, counts: list[Any], unit: str = "") -> None:
    if not counts:
        return
    click.echo(f"{title}:")
    for c in counts:
        refs = f"  [{', '.join(c.refs)}]" if c.refs else ""
        click.echo(f"  {c.count:>5}{unit}  {c.name or '(none)'}{refs}")


@click.command()
@click.argument("db")
@click.argument("source")
@click.option("--labels", "labels_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Outlet labels TSV (e.g. media_source_labels/emnlp18_corpus.tsv), matched on domain.")
@output_options(json="One JSON object.")
def profile(db: str, source: str, labels_path: str | None, out: str | None) -> None:
    """Profile one outlet: articles, quotes, vague sourcing, speakers, claims, techniques, republishing.

    SOURCE is a publisher name (case-insensitive) or a domain (matched on article URLs).
    References are article ids and ARTICLE_ID/KIND/IDX annotation spans.

    Example: presslens profile news.db "Meridian Review" --labels media_source_labels/emnlp18_corpus.tsv
    """
    from presslens.corpus.profiles import display_threshold, load_labels
    from presslens.corpus.profiles import profile as run_profile
    from presslens.settings import Settings
    from presslens.store import open_store

    try:
        labels = load_labels(labels_path) if labels_path else None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{labels_path}: cannot read the labels file ({exc})") from exc
    with open_store(db, create=False) as store:
        p = run_profile(store, source, labels, threshold=display_threshold(Settings.load()))
    if out == "json":
        emit(out, records=[p.to_dict()])
        sys.exit(EXIT_OK)
    if not p.articles:
        click.echo(f"no articles from {source!r}")
        sys.exit(EXIT_OK)
    click.echo(f"{source}: {p.articles} articles, {p.first_published or '?'} to {p.last_published or '?'}, {p.words} words")
    if p.labels is not None:
        click.echo("labels: " + ", ".join(f"{k}={v}" for k, v in p.labels.items()))
    elif labels_path:
        click.echo("labels: no row for " + (", ".join(p.domains) or source))
    if not (p.quotes or p.sources or p.numeric_claims or p.techniques):
        click.echo("(no annotations stored for these articles: were they ingested with --components none?)")
    click.echo(f"quotes: {p.quotes} ({p.quotes_per_article:.2f} per article)")
    click.echo(f"sources: {p.sources}, vague {p.vague_sources} ({p.vague_share:.0%})"
               + (f"  [{', '.join(p.vague_refs)}]" if p.vague_refs else ""))
    click.echo(f"numeric claims: {p.numeric_claims} ({p.numeric_claims_per_1000_words:.2f} per 1,000 words)")
    click.echo(f"techniques: {p.techniques} at confidence >= {p.technique_threshold:g}"
               + (f" ({p.techniques_below_threshold} weaker spans not counted)" if p.techniques_below_threshold else ""))
    for c in p.technique_counts:
        click.echo(f"  {p.techniques_per_1000_words[c.name]:>6.2f} per 1,000 words  {c.name} ({c.count})"
                   + (f"  [{', '.join(c.refs)}]" if c.refs else ""))
    if p.own_voice:
        # imported here: it pulls in the corpus and annotator packages, which every other command
        # (a structure-only `presslens analyze` above all) would then pay for at start-up
        from presslens.corpus.persuasion import voice_line

        click.echo(f"own voice: {voice_line(p.own_voice, 'outlets')}")
    _counts("top speakers (quotes)", p.top_speakers)
    _counts("republished from", p.republished_from)
    _counts("republished by", p.republished_by)
    click.echo("articles: " + " ".join(p.article_ids[:20]) + (" ..." if len(p.article_ids) > 20 else ""))
    sys.exit(EXIT_OK)


@click.command()
@click.argument("db")
@click.argument("name")
@output_options(json="JSON Lines, one quotation per line.")
def speaker(db: str, name: str, out: str | None) -> None:
    """Every quotation of one person across outlets, with article, date and outlet.

    NAME is a person: its spellings across articles ("Donald J. Trump", "Donald Trump", and
    "Trump" when no other stored speaker has that surname) are one speaker. Paraphrases are
    shown without quotation marks; a speaker the attribution is unsure of is shown as
    "speaker uncertain: Name?".

    Example: presslens speaker news.db "Marta Ilves" --json
    """
    from presslens.corpus.speakers import speaker_quotes
    from presslens.store import open_store

    with open_store(db, create=False) as store:
        quotes = speaker_quotes(store, name)
    if out == "json":
        emit(out, records=(q.to_dict() for q in quotes))
        sys.exit(EXIT_OK)
    if not quotes:
        click.echo(f"no quotations of {name!r}")
        sys.exit(EXIT_OK)
    for q in quotes:
        click.echo(f"{q.published or '(no date)'}  {q.publisher or '(no outlet)'}  {q.title or '(no title)'}  "
                   f"[{q.article_id}/quotes/{q.idx} {q.start}-{q.end}]")
        who = f"speaker uncertain: {q.speaker}?" if q.uncertain else q.speaker
        said = f"\u201c{q.text}\u201d" if q.verbatim else f"(paraphrase) {q.text}"
        click.echo(f"    {who}: {said}")
    click.echo(f"{len(quotes)} quotation{'s' if len(quotes) != 1 else ''} of {name}")
    sys.exit(EXIT_OK)
