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
