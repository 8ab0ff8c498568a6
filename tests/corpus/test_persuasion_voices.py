"""Persuasion by voice over a corpus (issue 21): per-article own/quoted counts at the display threshold,
the words column, percentiles of articles and outlets, and where they show (profile, CLI, reader).

Articles are invented; their technique spans are set by hand (no model runs), so every count is known."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import presslens
from presslens.cli import main
from presslens.corpus.persuasion import MIN_WORDS, CorpusVoices, corpus_voices, percentile, rate, voice_line
from presslens.corpus.profiles import profile
from presslens.records import Technique, word_count
from presslens.store import open_store
from presslens.store.rows import ArticleVoices

SENTENCE = ("The harbour board met on {day} to discuss the new ferry timetable for the {n} islands, and the members "
            "agreed to publish the figures for every crossing before the summer season begins. ")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def article(publisher: str, n: int, spans: list[tuple[float, str]], sentences: int = 12) -> presslens.Article:
    """An invented article of ``sentences`` sentences with one technique span per (confidence, voice)."""
    text = "\n\n".join(SENTENCE.format(day=DAYS[(n + k) % 6], n=n * 100 + k) for k in range(sentences))
    base = presslens.analyze(f"# Ferry timetable {publisher} {n}\n\n{text}", format="markdown", components=())
    techs = tuple(Technique(start=0, end=11, technique="Loaded_Language", confidence=c, text=base.text[:11], level="token",
                            producer="techniques@test", shown=c >= 0.5, voice=voice,  # type: ignore[arg-type]
                            speaker="A Speaker" if voice == "quoted" else None)
                  for c, voice in spans)
    return base.with_annotations(techniques=techs).replace(publisher=publisher)


def corpus() -> list[presslens.Article]:
    out = []
    for n in range(6):  # Loud Daily: two own-voice spans shown per article, one quoted, weak ones not counted
        out.append(article("Loud Daily", n, [(0.9, "own"), (0.6, "own"), (0.7, "quoted"), (0.2, "own"), (0.1, "quoted")]))
    for n in range(6):  # Calm Post: nothing shown
        out.append(article("Calm Post", 10 + n, [(0.3, "own"), (0.2, "quoted")]))
    for n in range(5):  # Middle Times: one own-voice span in every other article
        out.append(article("Middle Times", 20 + n, [(0.8, "own")] if n % 2 == 0 else [(0.4, "own")]))
    out.append(article("Tiny Brief", 30, [(0.95, "own")], sentences=1))  # too short to rank
    return out


def test_percentile_is_mid_rank():
    assert percentile(1.0, []) is None
    assert percentile(5.0, [1.0, 2.0, 3.0, 4.0]) == 100.0
    assert percentile(0.0, [1.0, 2.0]) == 0.0
    assert percentile(0.0, [0.0, 0.0, 0.0, 1.0]) == 37.5  # ties count half: three of four at 0
    assert percentile(2.0, [1.0, 2.0, 3.0]) == 50.0
    assert rate(3, 1500) == 2.0 and rate(1, 0) == 0.0


def test_words_are_stored_and_voices_counted_at_the_threshold(db_url):
    articles = corpus()
    with open_store(db_url) as store:
        store.put_many(articles)
        words = {r.article_id: r.words for r in store.technique_voices(0.5)}
        assert words == {a.id: word_count(a.text) for a in articles}
        loud = store.technique_voices(0.5, "Loud Daily")
        assert len(loud) == 6 and {(r.own, r.quoted) for r in loud} == {(2, 1)}
        assert {(r.own, r.quoted) for r in store.technique_voices(0.5, "Calm Post")} == {(0, 0)}
        assert {(r.own, r.quoted) for r in store.technique_voices(0.15, "Calm Post")} == {(1, 1)}

        voices = corpus_voices(store, 0.5)
        loud_rank = voices.article(articles[0].id)
        assert loud_rank is not None and (loud_rank.own, loud_rank.quoted) == (2, 1)
        assert loud_rank.percentile is not None and loud_rank.percentile > 80  # the loudest articles of the corpus
        assert loud_rank.among == 17  # every article but the brief, which is too short to rank
        calm = voices.article(articles[6].id)
        assert calm is not None and calm.percentile is not None and calm.percentile < 40
        brief = voices.article(articles[-1].id)
        assert brief is not None and brief.words < MIN_WORDS and brief.percentile is None

        p = profile(store, "Loud Daily")
        assert p.own_voice is not None and (p.own_voice["own"], p.own_voice["quoted"]) == (12, 6)
        assert p.own_voice["among"] == 3 and p.own_voice["percentile"] == pytest.approx(100 * 2.5 / 3, abs=0.1)
        calm_profile = profile(store, "Calm Post")
        assert calm_profile.own_voice is not None and calm_profile.own_voice["percentile"] == pytest.approx(100 * 0.5 / 3, abs=0.1)
        assert profile(store, "Tiny Brief").own_voice["percentile"] is None  # one article: not compared


def test_outlets_with_few_articles_are_not_ranked():
    rows = [ArticleVoices(f"a{i}", "Solo", 500, 1, 0) for i in range(4)]
    voices = CorpusVoices(rows, 0.5)
    assert voices.outlet_rates == [] and voices.outlet(rows).percentile is None
    assert voice_line(voices.outlet(rows), "outlets") == "4 spans in the outlet's own wording (2.00 per 1,000 words), 0 in quotations"


def test_profile_command_and_reader_show_own_voice(tmp_path):
    db = str(tmp_path / "news.db")
    articles = corpus()
    with open_store(db) as store:
        store.put_many(articles)
    out = CliRunner().invoke(main, ["profile", db, "Loud Daily"])
    assert out.exit_code == 0, out.output
    assert "own voice: 12 spans in the outlet's own wording" in out.output and "percentile 83 among the corpus's 3 outlets" in out.output
    data = json.loads(CliRunner().invoke(main, ["profile", db, "Loud Daily", "--json"]).output)
    assert data["own_voice"]["own"] == 12

    from fastapi.testclient import TestClient

    from presslens.web.app import create_app

    with TestClient(create_app(db=db), base_url="http://localhost") as client:
        page = client.get(f"/read/{articles[0].id}")
        assert page.status_code == 200
        assert "Persuasion by voice" in page.text and "percentile" in page.text and "of 17 articles" in page.text
        source = client.get("/corpus/source/Loud Daily")
        assert "Own voice" in source.text and "among the corpus's 3 outlets" in source.text
        api = client.get("/sources/Loud Daily").json()
        assert api["own_voice"]["quoted"] == 6
