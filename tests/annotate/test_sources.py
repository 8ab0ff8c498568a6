"""Sources: named organisations with the sentences they support, and vague sourcing."""

from __future__ import annotations

from presslens.annotate.sourcing.sources import find_sources
from presslens.records import Article, Paragraph, body_id

TEXT = (
    "A report issued by the independent Baltic Institute for Transport Studies on Monday tells another story.\n\n"
    "According to its count, 1,200 trains were late last year. Of these, 300 were cancelled. "
    "The weather was cold.\n\n"
    "Unconfirmed reports from the harbour say the ferry sank. The mayor reportedly resigned. "
    "Officials who spoke on condition of anonymity said the budget was cut. Sources said nothing more."
)


def _sources():
    paras, start = [], 0
    for block in TEXT.split("\n\n"):
        paras.append(Paragraph(start, start + len(block)))
        start += len(block) + 2
    return find_sources(Article(id=body_id(TEXT), text=TEXT, paragraphs=tuple(paras)))


def test_named_report_supports_the_following_sentences():
    src = next(s for s in _sources() if s.kind == "organization")
    assert "Baltic Institute for Transport Studies" in src.name
    supported = " ".join(e.text for e in src.supports)
    assert "1,200" in supported and "300" in supported
    assert "The weather was cold." not in supported
    assert src.cue is not None and "report issued by" in src.cue.text


def test_vague_sources():
    vague = {s.text for s in _sources() if s.kind == "vague"}
    assert "Unconfirmed reports from the harbour" in vague
    assert "reportedly" in vague
    assert any("condition of anonymity" in v for v in vague)
    assert any(v.startswith("Sources said") for v in vague)


def test_each_source_has_offsets_and_its_sentence():
    for s in _sources():
        assert TEXT[s.start : s.end] == s.text
        assert s.supports and s.supports[0].start <= s.start < s.supports[0].end
