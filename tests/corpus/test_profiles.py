"""Source profiles (``presslens profile``): invented articles through the real pipeline, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.corpus.ingest import ingest
from presslens.corpus.profiles import load_labels, profile
from presslens.pipeline import Pipeline, default_components
from presslens.store import open_store
from presslens.store.queries import source_filter

RECORDS = [
    {"id": "m1", "url": "https://www.meridian.example/2025/ferry", "title": "Ferry Strike Ends in Port Halvard",
     "source": "Meridian Review", "date": "2025-03-09",
     "text": "Ferry crossings resumed on Saturday after a two-day strike by deck crews. \"We are glad the boats are back,\" "
             "said Samantha Power, the harbour commissioner.\n\nOfficials said about 1,200 passengers were stranded. "
             "Power added that 40 crew members would get overtime pay.\n\n\"This was a disgrace,\" said Tom Reyes, a union "
             "leader. Some experts say the strike cost the town 3 million euros."},
    {"id": "m2", "url": "https://meridian.example/2025/rail", "title": "Rail Line to Reopen",
     "source": "Meridian Review", "date": "2025-05-01",
     "text": "The council voted on Tuesday to reopen the rail line to Port Halvard after eleven years. \"The line will "
             "carry 300 passengers a day,\" said Samantha Power, who chairs the transport board.\n\nThe work will cost "
             "12 million euros, the council said. Trains will run twice a day from May."},
    {"id": "h1", "url": "https://harbourpost.example/news/ferry-strike", "title": "Ferry Crews Return",
     "source": "Harbour Post", "date": "2025-03-10",
     "text": "Deck crews returned to work on Sunday after the strike. \"Every sailing will run on time,\" said Samantha "
             "Power, the harbour commissioner, on Sunday morning.\n\nTickets for 85 cancelled crossings will be refunded "
             "within a week, the operator said.\n\nThe original source of this article is Meridian Review."},
]


@pytest.fixture
def corpus(tmp_path: Path, db_url: str) -> str:
    """The three invented articles, analysed with every built-in annotator and stored."""
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        summary = ingest([path], store, Pipeline(default_components()))
    assert (summary.stored, summary.rejected) == (3, 0)
    return db_url


def test_profile_counts_quotes_sources_claims_techniques(corpus: str):
    with open_store(corpus, create=False) as store:
        p = profile(store, "meridian review")  # publisher, case-insensitive
        assert (p.articles, p.first_published, p.last_published) == (2, "2025-03-09", "2025-05-01")
        assert p.words == sum(len(r["text"].split()) for r in RECORDS[:2])
        assert p.domains == ["meridian.example"] and len(p.article_ids) == 2
        # 7: "The work will cost 12 million euros, the council said." is reported speech too (issue 15)
        assert p.quotes == 7 and p.quotes_per_article == 3.5
        speakers = {c.name: c for c in p.top_speakers}
        # "Power added that ..." is Samantha Power too: one speaker, three quotations
        assert speakers["Samantha Power"].count == 3 and speakers["Tom Reyes"].count == 1
        assert p.top_speakers[0].name == "Samantha Power"
        # "Officials said ..." is an anonymous source too (issue 15: a vague source from the attribution layer)
        assert (p.sources, p.vague_sources, p.vague_share) == (4, 2, 0.5)
        assert p.numeric_claims >= 4
        assert p.numeric_claims_per_1000_words == round(p.numeric_claims * 1000 / p.words, 3)
        assert p.techniques == sum(c.count for c in p.technique_counts)
        for c in p.technique_counts:
            assert p.techniques_per_1000_words[c.name] == round(c.count * 1000 / p.words, 3)
        # Every reference leads to the span it counts.
        for ref in speakers["Samantha Power"].refs:
            article_id, kind, idx = ref.split("/")
            assert store.annotations(article_id, kind)[int(idx)]["label"] in ("Samantha Power", "Power")
        article_id, kind, idx = p.vague_refs[0].split("/")
        assert store.annotations(article_id, kind)[int(idx)]["label"] == "vague"
        # Republishing, both ways.
        harbour = next(i for i in store.ids() if store.get(i).publisher == "Harbour Post")
        assert [(c.name, c.count, c.refs) for c in p.republished_by] == [("Harbour Post", 1, [harbour])]
        assert p.republished_from == []
        h = profile(store, "harbourpost.example")  # a domain: matched on the article URLs
        assert h.articles == 1 and [(c.name, c.count) for c in h.republished_from] == [("Meridian Review", 1)]
        assert h.republished_from[0].refs == [harbour]
        assert profile(store, "Nobody Weekly").articles == 0


def test_profile_joins_outlet_labels_on_domain(corpus: str, tmp_path: Path):
    tsv = tmp_path / "labels.tsv"
    tsv.write_text("source_url\tsource_url_normalized\tref\tfact\tbias\n"
                   "https://meridian.example/\tmeridian.example\thttps://mbfc.example/meridian/\thigh\tcenter\n",
                   encoding="utf-8")
    labels = load_labels(tsv)
    with open_store(corpus, create=False) as store:
        assert profile(store, "Meridian Review", labels).labels["bias"] == "center"
        assert profile(store, "www.meridian.example", labels).labels["fact"] == "high"
        assert profile(store, "Harbour Post", labels).labels is None
    result = CliRunner().invoke(main, ["profile", corpus, "Meridian Review", "--labels", str(tsv), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 2 and data["labels"]["fact"] == "high" and data["top_speakers"][0]["name"] == "Samantha Power"
    text = CliRunner().invoke(main, ["profile", corpus, "Meridian Review", "--labels", str(tsv)])
    assert text.exit_code == 0 and "republished by:" in text.output and "fact=high" in text.output


def test_source_filter_is_parameterised():
    where, params = source_filter("x.example'; DROP TABLE articles; --")
    assert "DROP" not in where and params[0].startswith("x.example'")


def test_shared_labels_file_loads(shared: Path):
    path = shared / "data/corpus/media_source_labels/emnlp18_corpus.tsv"
    if not path.exists():
        pytest.skip("media_source_labels not in ../shared")
    labels = load_labels(path)
    assert len(labels) > 1000 and labels["villagevoice.com"]["bias"] == "left"
