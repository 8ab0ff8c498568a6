"""The golden test: the seed article meets every metadata, provenance, body and boilerplate item."""

from __future__ import annotations


def test_seed_metadata(seed_article, seed_expected):
    exp = seed_expected["metadata"]
    a = seed_article
    assert a.title == exp["title"]
    assert list(a.authors) == exp["authors"]
    assert a.publisher == exp["publisher"]
    assert a.published == exp["published"]
    assert a.language == exp["language"]
    assert {k: list(v) for k, v in a.tags.items()} == exp["tags"]
    assert a.lede == exp["lede"]


def test_seed_metadata_has_evidence(seed_article):
    a = seed_article
    for key in ("title", "authors", "published", "publisher", "tags", "lede"):
        assert a.metadata_evidence.get(key), key
    for ev in a.metadata_evidence["published"]:
        assert a.page_text[ev.start : ev.end] == ev.text
    lede = a.metadata_evidence["lede"][0]
    assert lede.where == "body" and a.text[lede.start : lede.end] == a.lede


def test_seed_provenance(seed_article, seed_expected):
    exp = seed_expected["provenance"]
    p = seed_article.provenance
    assert p.republished_by == exp["republished_by"]
    assert p.original_source == exp["original_source"]
    assert list(p.copyright_holders) == exp["copyright"]["holders"]
    assert p.copyright_year == exp["copyright"]["year"]
    texts = [f.evidence.text for f in p.facts]
    for ev in exp["evidence"]:
        assert ev in texts
    for f in p.facts:
        if f.evidence.start >= 0:
            assert seed_article.page_text[f.evidence.start : f.evidence.end] == f.evidence.text


def test_seed_body(seed_article, seed_expected):
    exp = seed_expected["body"]
    a = seed_article
    paras = a.paragraph_texts()
    assert len(paras) == exp["paragraph_count"]
    assert paras[0].startswith(exp["first_paragraph_starts_with"])
    assert paras[-1].endswith(exp["last_paragraph_ends_with"])
    for s in exp["must_not_contain"]:
        assert s not in a.text, s
    assert a.text == "\n\n".join(paras)


def test_seed_boilerplate(seed_article, seed_expected):
    a = seed_article
    blocks = [b for b in a.boilerplate]
    for s in seed_expected["boilerplate"]["must_be_separated"]:
        owners = [b for b in blocks if s in b.evidence.text]
        assert owners, s
        assert all(b.reason for b in owners)
    for b in blocks:
        assert a.page_text[b.evidence.start : b.evidence.end] == b.evidence.text or "\n" in a.page_text[b.evidence.start : b.evidence.end]


def test_seed_fair_use_split_by_page_seam_is_one_block(seed_article):
    fair = [b for b in seed_article.boilerplate if b.reason == "fair-use"]
    assert len(fair) == 1
    assert "contains copyrighted material" in fair[0].evidence.text
    assert "who have expressed a prior interest" in fair[0].evidence.text
