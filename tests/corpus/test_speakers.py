"""Speaker index (``presslens speaker``): every quotation of one person, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.corpus.ingest import ingest
from presslens.corpus.speakers import matching_speakers, speaker_quotes
from presslens.pipeline import Pipeline, default_components
from presslens.store import open_store

RECORDS = [
    {"id": "a", "url": "https://meridian.example/ferry", "title": "Ferry Strike Ends", "source": "Meridian Review",
     "date": "2025-03-09",
     "text": "Ferry crossings resumed on Saturday after a two-day strike. \"We are glad the boats are back,\" said "
             "Samantha Power, the harbour commissioner.\n\nPower added that 40 crew members would get overtime pay."},
    {"id": "b", "url": "https://harbourpost.example/crews", "title": "Ferry Crews Return", "source": "Harbour Post",
     "date": "2025-03-10",
     "text": "Deck crews returned to work on Sunday. \"Every sailing will run on time,\" said Samantha Power, the "
             "harbour commissioner, on Sunday morning.\n\n\"The union kept its word,\" said Tom Reyes, a union leader."},
]
DANIEL = {"id": "c", "title": "Mill Reopens", "source": "Valley Times", "date": "2025-06-01",
          "text": "The old paper mill reopened on Monday with forty workers. \"We waited years for this,\" said Daniel "
                  "Power, the mill's new owner.\n\nThe town council approved the lease in April."}


def _store(tmp_path: Path, db_url: str, records: list[dict]) -> str:
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        assert ingest([path], store, Pipeline(default_components())).stored == len(records)
    return db_url


@pytest.fixture
def corpus(tmp_path: Path, db_url: str) -> str:
    return _store(tmp_path, db_url, RECORDS)


def test_every_quote_of_a_person_across_outlets(corpus: str):
    with open_store(corpus, create=False) as store:
        quotes = speaker_quotes(store, "samantha POWER")  # case-insensitive
        assert [(q.publisher, q.published, q.speaker) for q in quotes] == [
            ("Meridian Review", "2025-03-09", "Samantha Power"),
            ("Meridian Review", "2025-03-09", "Power"),  # the surname alone: nobody else is called Power
            ("Harbour Post", "2025-03-10", "Samantha Power"),
        ]
        assert quotes[0].text == "We are glad the boats are back," and quotes[0].title == "Ferry Strike Ends"
        for q in quotes:  # offsets point into the stored body; idx into the article's quotes
            assert store.get(q.article_id).text[q.start:q.end] == q.text
            assert store.annotations(q.article_id, "quotes")[q.idx]["label"] == q.speaker
        assert [q.speaker for q in speaker_quotes(store, "Power")] == ["Samantha Power", "Power", "Samantha Power"]
        assert [q.text for q in speaker_quotes(store, "tom reyes")] == ["The union kept its word,"]
        assert speaker_quotes(store, "Nobody Here") == [] and speaker_quotes(store, "  ") == []
        assert matching_speakers(store, "%ower") == [] and matching_speakers(store, "_ower") == []  # no LIKE wildcards


def test_surname_alone_is_left_out_when_ambiguous(tmp_path: Path, db_url: str):
    url = _store(tmp_path, db_url, [*RECORDS, DANIEL])
    with open_store(url, create=False) as store:
        assert matching_speakers(store, "Samantha Power") == ["Samantha Power"]
        assert matching_speakers(store, "Daniel Power") == ["Daniel Power"]
        assert matching_speakers(store, "Power") == ["Power"]  # two full names end with it
        assert [q.publisher for q in speaker_quotes(store, "Daniel Power")] == ["Valley Times"]


def test_speaker_command(corpus: str):
    result = CliRunner().invoke(main, ["speaker", corpus, "Samantha Power", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 3 and {"article_id", "title", "published", "publisher", "text", "start", "end"} <= rows[0].keys()
    text = CliRunner().invoke(main, ["speaker", corpus, "Samantha Power"])
    assert text.exit_code == 0 and "3 quotations of Samantha Power" in text.output and "Harbour Post" in text.output
    assert "no quotations" in CliRunner().invoke(main, ["speaker", corpus, "Nobody"]).output
    if corpus.endswith(".db"):  # SQLite: a database that does not exist is not created
        missing = CliRunner().invoke(main, ["speaker", str(Path(corpus).parent / "missing.db"), "X"])
        assert missing.exit_code == 2 and not (Path(corpus).parent / "missing.db").exists()


# -- identities: invented names, stored as the attribution layer would store them --------------------
def _q(speaker, text="We will rebuild the pier.", kind="direct", **more) -> dict:
    return {"start": 0, "end": len(text), "text": text, "kind": kind, "speaker": speaker, "speaker_role": None,
            "speaker_mention": None, "cue": None, "rule": "test", "confidence": 0.9, "producer": "quotes@test", **more}


def _article(n: int, *quotes: dict):
    from presslens.records import Article, Paragraph, body_id

    body = f"Story {n}: the harbour council met again on day {n} to talk about the pier and the ferry timetable."
    article = Article(id=body_id(body), text=body, paragraphs=(Paragraph(0, len(body)),), title=f"Story {n}",
                      publisher="Meridian Review", published=f"2025-03-{n:02d}", source=f"s{n}.md", format="text", language="en")
    return article.with_annotations(quotes=tuple(dict(q, end=min(q["end"], len(body))) for q in quotes))


@pytest.fixture
def named(tmp_path: Path, db_url: str):
    arts = [
        _article(1, _q("Donald J. Trump"), _q(None, kind="indirect"), _q("direct")),
        _article(2, _q("Donald Trump", kind="indirect"), _q("company"), _q("the insurer")),
        _article(3, _q("Trump"), _q("President Donald Trump")),
        _article(4, _q("Robert Parata"), _q("Te Kaurinui Robert Parata", speaker_confidence=0.31)),
        _article(5, _q("officials", speaker_kind="group"), _q("Obama administration officials", speaker_kind="group"),
                 _q("Ken Griffey"), _q("Ken Griffey Jr.")),
        _article(6, _q("George W. Bush"), _q("George H. W. Bush"), _q("Bush")),
    ]
    with open_store(db_url) as store:
        store.put_many(arts)
        yield store


def test_variants_of_one_person_are_one_speaker_and_namesakes_stay_apart(named):
    from presslens.corpus.speakers import top_speakers

    speakers = {s.name: s for s in top_speakers(named.speaker_rows())}
    trump = speakers["Donald J. Trump"]
    assert sorted(trump.labels) == ["Donald J. Trump", "Donald Trump", "President Donald Trump", "Trump"] and trump.quotes == 4
    assert {"Robert Parata", "Te Kaurinui Robert Parata", "Ken Griffey", "Ken Griffey Jr.", "George W. Bush",
            "George H. W. Bush", "Bush"} <= set(speakers)  # father and son, two Bushes; "Bush" is ambiguous
    assert speakers["Te Kaurinui Robert Parata"].uncertain == 1
    # no quote kind, common noun or group is a speaker; a quote with no speaker belongs to nobody
    for name in speakers:
        assert name.lower() not in {"direct", "indirect", "partial", "document", "company", "the insurer", "officials"}
    assert "Obama administration officials" not in speakers
    assert sum(s.quotes for s in speakers.values()) == 4 + 2 + 2 + 3


def test_speaker_quotes_follow_the_identity(named):
    assert [q.speaker for q in speaker_quotes(named, "Donald Trump")] == [
        "Donald J. Trump", "Donald Trump", "Trump", "President Donald Trump"]
    assert len(speaker_quotes(named, "trump")) == 4 and len(speaker_quotes(named, "Mr. Trump")) == 4
    quotes = speaker_quotes(named, "Donald Trump")
    assert [q.verbatim for q in quotes] == [True, False, True, True]  # the indirect one is a paraphrase
    assert [q.speaker for q in speaker_quotes(named, "Robert Parata")] == ["Robert Parata"]
    son = speaker_quotes(named, "Te Kaurinui Robert Parata")
    assert [(q.speaker, q.uncertain, q.speaker_confidence) for q in son] == [("Te Kaurinui Robert Parata", True, 0.31)]
    assert [q.speaker for q in speaker_quotes(named, "Ken Griffey Jr.")] == ["Ken Griffey Jr."]
    assert [q.speaker for q in speaker_quotes(named, "George W. Bush")] == ["George W. Bush"]
    assert [q.speaker for q in speaker_quotes(named, "Bush")] == ["Bush"]
    for nobody in ("direct", "indirect", "company", "the insurer", "officials", "Obama administration officials"):
        assert speaker_quotes(named, nobody) == [], nobody


def test_a_real_corpus_has_no_invented_speakers(tmp_path: Path, allsides_lines: list[bytes]):
    """200 allsides records (read from ../shared at test time) through the attribution annotators: no
    speaker in the index is a quote kind or a common noun, and quotes without a speaker have no label."""
    from presslens.corpus.speakers import COMMON_NOUNS, top_speakers

    path = tmp_path / "allsides.jsonl"
    path.write_bytes(b"".join(allsides_lines[:200]))
    with open_store(tmp_path / "news.db") as store:
        summary = ingest([path], store, Pipeline(["quotes"]), workers=2)
        assert summary.stored >= 190
        speakers = top_speakers(store.speaker_rows())
        assert len(speakers) > 50
        names = [s.name for s in speakers]
        for s in speakers:
            for label in s.labels:
                words = label.lower().split()
                assert label.lower() not in {"direct", "indirect", "partial", "document"}, label
                assert not all(w in COMMON_NOUNS | {"the", "a", "an"} for w in words), label
                assert any(c.isupper() for c in label), label
        assert len(names) == len(set(names))
        unattributed = store.query("SELECT count(*) FROM annotations WHERE kind = 'quotes' AND label IS NULL")[0][0]
        invented = store.query("SELECT count(*) FROM annotations WHERE kind = 'quotes' AND label IS NOT NULL "
                               "AND json_extract(data, '$.speaker') IS NULL")[0][0]
        assert unattributed > 0 and invented == 0
