"""The store's query methods (store/queries.py), on every backend: filters, orders, typed rows."""

from __future__ import annotations

import pytest

from presslens.errors import BadRequest
from presslens.store.rows import ArticleFilter, ArticleSummary, DupeCluster, DupeMember


def _quote(speaker: str | None, start: int, end: int, text: str, **more) -> dict:
    return {"start": start, "end": end, "text": text, "speaker": speaker, "speaker_role": "official", "kind": "direct",
            "confidence": 0.9, "producer": "quotes@test", **more}


@pytest.fixture
def filled(store, articles):
    a, b, c, d, e = articles
    a = a.replace(url="https://www.meridian.example/rail").with_annotations(
        quotes=(_quote("Marta Ilves", 0, 11, "The council"), _quote("Ilves", 12, 17, "voted", speaker_confidence=0.3),
                _quote(None, 18, 20, "re"), _quote("officials", 21, 25, "rail", speaker_kind="group")),
        techniques=({"start": 0, "end": 3, "technique": "Loaded_Language", "confidence": 0.7, "producer": "t@1"},))
    b = b.with_annotations(quotes=(_quote("Jon Ilves", 0, 5, "A fer"),))
    c = c.replace(url="https://meridian.example/budget").with_annotations(
        techniques=({"start": 0, "end": 3, "technique": "Doubt", "confidence": 0.6, "producer": "t@1"},))
    store.put_many([a, b, c, d, e])
    return store, [a, b, c, d, e]


def test_list_and_count_articles_filter_and_order_newest_first(filled):
    store, (a, b, c, d, e) = filled
    everything = store.list_articles()
    assert [x.id for x in everything] == [a.id, b.id, c.id, e.id, d.id]  # newest first, undated last
    assert isinstance(everything[0], ArticleSummary) and everything[0].to_dict()["publisher"] == "Meridian Review"
    assert store.count_articles() == 5 == store.count()
    by_publisher = ArticleFilter(publisher="meridian review")
    assert store.count_articles(by_publisher) == 2 and [x.id for x in store.list_articles(by_publisher)] == [a.id, c.id]
    assert [x.id for x in store.list_articles(limit=2, offset=1)] == [b.id, c.id]
    by_domain = ArticleFilter(source="meridian.example")  # a domain matches the URLs, www. too
    assert {x.id for x in store.list_articles(by_domain)} == {a.id, c.id}
    dated = ArticleFilter(since="2023", until="2024")
    assert [x.id for x in store.list_articles(dated)] == [b.id, c.id]
    quoted = ArticleFilter(annotated=(("quotes", ("Jon Ilves", "Marta Ilves")),))
    assert [x.id for x in store.list_articles(quoted)] == [a.id, b.id]
    assert store.list_articles(ArticleFilter(annotated=(("quotes", ()),))) == []  # no labels: nothing matches
    both = ArticleFilter(annotated=(("quotes", ("Marta Ilves",)), ("techniques", ("Loaded_Language",))))
    assert [x.id for x in store.list_articles(both)] == [a.id]


def test_labels_publishers_titles_and_annotated_ids(filled):
    store, (a, b, c, d, e) = filled
    assert store.annotation_labels("techniques") == ["Doubt", "Loaded_Language"]
    assert store.publishers() == ["Harbour Post", "Meridian Review", "Wire Desk"] and store.publishers(1) == ["Harbour Post"]
    assert store.article_titles([a.id, "nope"]) == {a.id: "Rail line to reopen"}
    assert store.annotated_article_ids("techniques", ["Doubt", "Loaded_Language"]) == {a.id, c.id}
    assert store.annotated_article_ids("quotes", []) == set()


def test_speaker_queries_match_names_literally(filled):
    store, (a, b, *_rest) = filled
    rows = store.speaker_rows(["ilves"])
    assert [(r.label, r.speaker_kind, r.quotes, r.uncertain) for r in rows] == [
        ("Ilves", None, 1, 1), ("Jon Ilves", None, 1, 0), ("Marta Ilves", None, 1, 0)]
    assert store.speaker_rows(["%lves"]) == [] and store.speaker_rows(["_lves"]) == []  # LIKE wildcards are literal
    # a quote without a speaker has no label (it used to get its kind, "direct"); the record's speaker_kind comes along
    assert [(r.label, r.speaker_kind) for r in store.speaker_rows()] == [
        ("Ilves", None), ("Jon Ilves", None), ("Marta Ilves", None), ("officials", "group")]
    assert [r.label for r in store.speaker_rows(source="Harbour Post")] == ["Jon Ilves"]
    assert [n["label"] for n in store.annotations(a.id, "quotes")] == ["Marta Ilves", "Ilves", None, "officials"]
    rows = store.quotes_by_speakers(["Marta Ilves", "Jon Ilves"])
    assert [(r.article_id, r.idx, r.speaker) for r in rows] == [(b.id, 0, "Jon Ilves"), (a.id, 0, "Marta Ilves")]
    assert rows[1].data["text"] == "The council" and rows[1].start == 0 and rows[1].end == 11
    assert store.quotes_by_speakers([]) == []


def test_source_queries(filled):
    store, (a, b, c, d, e) = filled
    overview = store.source_overview("Meridian Review")
    assert (overview.articles, overview.first_published, overview.last_published) == (2, "2023-06-30", "2025-03-09")
    assert [x.id for x in store.source_articles("Meridian Review")] == [c.id, a.id]
    assert [(n.name, n.count) for n in store.source_publishers("meridian.example")] == [("Meridian Review", 2)]
    counts = {(r.kind, r.label): r.count for r in store.source_label_counts("Meridian Review", ("quotes", "techniques"))}
    assert counts == {("quotes", "Ilves"): 1, ("quotes", "Marta Ilves"): 1, ("quotes", ""): 1, ("quotes", "officials"): 1,
                      ("techniques", "Doubt"): 1, ("techniques", "Loaded_Language"): 1}
    confident = store.source_label_counts("Meridian Review", ("techniques",), min_confidence={"techniques": 0.65})
    assert [(r.label, r.count) for r in confident] == [("Loaded_Language", 1)]  # Doubt (0.6) is under the threshold
    refs = store.source_annotation_refs("Meridian Review", ("techniques",), min_confidence={"techniques": 0.65})
    assert [(r.label, r.article_id) for r in refs] == [("Loaded_Language", a.id)]
    refs = store.source_annotation_refs("Meridian Review", ("quotes",))
    assert [(r.label, r.article_id, r.idx) for r in refs] == [("", a.id, 2), ("Ilves", a.id, 1), ("Marta Ilves", a.id, 0),
                                                               ("officials", a.id, 3)]
    assert [(n.name, n.count) for n in store.source_republished_from("Meridian Review")] == [("The Kessel Valley Gazette", 1)]
    assert [(n.name, n.article_id) for n in store.source_republished_from_refs("Meridian Review")] == [("The Kessel Valley Gazette", a.id)]
    assert [(n.name, n.count) for n in store.source_republished_by("The Kessel Valley Gazette")] == [("Meridian Review", 1)]
    assert [n.article_id for n in store.source_republished_by_refs("The Kessel Valley Gazette")] == [a.id]
    assert [(r.id, r.quotes) for r in store.source_quote_counts("Meridian Review")] == [(a.id, 4), (c.id, 0)]
    assert store.source_overview("nobody").articles == 0


def test_dupe_clusters_round_trip_and_replace(store, articles):
    store.put_many(articles)
    a, b, c = (x.id for x in articles[:3])
    assert store.dupe_params() is None and store.dupe_clusters() == []
    cluster = DupeCluster(1, a, "earliest published date", [DupeMember(a, "original", "Meridian Review", "2025-03-09"),
                                                             DupeMember(b, "copy", "Harbour Post", "2024-11-02", 0.8, 0.5, ["x"], [])])
    store.replace_dupe_clusters([cluster], {"threshold": 0.5})
    assert store.dupe_params() == {"threshold": 0.5} and store.dupe_clusters() == [cluster]
    store.replace_dupe_clusters([DupeCluster(1, c, "r", [DupeMember(c, "original", None, None)])], {"threshold": 0.6})
    assert [x.original_id for x in store.dupe_clusters()] == [c] and store.dupe_params() == {"threshold": 0.6}


def test_export_batches_page_by_key_and_refuse_unknown_tables(store, articles):
    store.put_many(articles)
    batches = list(store.export_batches("articles", batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1] and [row[0] for b in batches for row in b] == sorted(row[0] for b in batches for row in b)
    with pytest.raises(BadRequest, match="unknown table 'nope'; use some of articles"):
        list(store.export_batches("nope"))

