"""Golden test (issue 3): the seed article's quotes, scare quotes, sources and entities.

Every ``must`` item of the expected.json sections is met; nothing in ``must_not_be_quotes`` is
reported as a quotation; ``may`` items are not counted either way.
"""

from __future__ import annotations


def _same_speaker(expected: str, got: str | None) -> bool:
    """Names match when one contains the other (honorifics such as "Sheikh" may go either way);
    "A; B" speakers match part by part."""
    if not got:
        return False
    exp_parts = [p.strip().casefold() for p in expected.split(";")]
    got_parts = [p.strip().casefold() for p in got.split(";")]
    if len(exp_parts) != len(got_parts):
        return False
    return all(e in g or g in e for e, g in zip(exp_parts, got_parts, strict=True))


def _matches(item: dict, q) -> bool:
    if "text" in item and q.text.strip() != item["text"].strip():
        return False
    if "text_starts_with" in item and not q.text.startswith(item["text_starts_with"]):
        return False
    if q.kind != item["kind"] or not _same_speaker(item["speaker"], q.speaker):
        return False
    if "speaker_role" in item:
        role = (q.speaker_role or "").casefold()
        if not role or (role not in item["speaker_role"].casefold() and item["speaker_role"].casefold() not in role):
            return False
    return True


def test_seed_quotes_must(seed_article, seed_expected):
    quotes = seed_article.annotations["quotes"]
    for item in seed_expected["quotes"]["must"]:
        assert any(_matches(item, q) for q in quotes), item


def test_seed_quote_spans_are_offsets(seed_article):
    for q in seed_article.annotations["quotes"]:
        assert seed_article.text[q.start : q.end] == q.text
        for ev in (q.cue, q.speaker_mention):
            if ev is not None:
                assert seed_article.text[ev.start : ev.end] == ev.text


def test_seed_pronoun_speakers_resolved(seed_article):
    by_mention = {(q.speaker_mention.text if q.speaker_mention else None, q.speaker) for q in seed_article.annotations["quotes"]}
    assert ("She", "Samantha Power") in by_mention
    assert ("He", "Vitaly Churkin") in by_mention


def test_seed_must_not_be_quotes(seed_article, seed_expected):
    texts = {q.text.strip(" ,.;:\u201c\u201d\"").casefold() for q in seed_article.annotations["quotes"]}
    for word in seed_expected["quotes"]["must_not_be_quotes"]:
        assert word.casefold() not in texts, word


def test_seed_scare_quotes_must(seed_article, seed_expected):
    scares = seed_article.annotations["scare_quotes"]
    texts = {s.text for s in scares}
    for item in seed_expected["scare_quotes"]["must"]:
        assert item in texts, item
    assert sum(1 for s in scares if s.so_called) == seed_article.text.count("so-called") == 4


def test_seed_sources_must(seed_article, seed_expected):
    sources = seed_article.annotations["sources"]
    for item in seed_expected["sources"]["must"]:
        found = [s for s in sources if s.kind == ("vague" if item["kind"] == "vague" else "organization") and item["name"] in s.name]
        assert found, item
        supported = " ".join(e.text for s in found for e in s.supports)
        for number in item.get("supports", ()):
            assert number in supported, (item["name"], number)


def test_seed_entities_must(seed_article, seed_expected):
    labels = {"PERSON": ("PERSON",), "ORG": ("ORG",), "GPE_LOC": ("GPE", "LOC")}
    entities = seed_article.annotations["entities"]
    for group, names in seed_expected["entities"]["must"].items():
        for name in names:
            assert any(e.label in labels[group] and (name in e.name or e.name in name) for e in entities), (group, name)


def test_seed_entities_grouped(seed_article):
    by_name = {e.name: e for e in seed_article.annotations["entities"]}
    assert "Power" in {m.text for m in by_name["Samantha Power"].mentions}
    assert "ISIS" in by_name["Islamic State"].aliases
    assert any("Assad government" in m.text for m in by_name["Bashar al-Assad"].mentions)


def test_seed_sourcing_json_round_trip(seed_article):
    import presslens

    again = presslens.Article.from_json(seed_article.to_json())
    for kind in ("sentences", "entities", "quotes", "scare_quotes", "sources"):
        assert again.annotations[kind] == seed_article.annotations[kind], kind


def test_cli_report_and_json_carry_the_sourcing(shared):
    import json

    from click.testing import CliRunner

    from presslens.cli import main

    seed = str(shared / "examples" / "globalresearch-aleppo-2016.md")
    runner = CliRunner()
    out = runner.invoke(main, ["analyze", seed], env={"COLUMNS": "160"})
    assert out.exit_code == 0, out.output
    for heading in ("Who is quoted", "Scare quotes", "Sources", "Entities"):
        assert heading in out.output
    assert "State Department spokesman" in out.output
    data = json.loads(runner.invoke(main, ["analyze", seed, "--json"]).output)
    quote = next(q for q in data["annotations"]["quotes"] if q["speaker"] == "John Kirby")
    assert {"start", "end", "cue", "speaker_mention", "speaker_role", "confidence", "producer"} <= set(quote)
    assert data["text"][quote["cue"]["start"] : quote["cue"]["end"]] == "told reporters"
