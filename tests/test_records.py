"""Records: JSON round trips, the committed schema, body ids and schema versions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.errors import SchemaError
from presslens.records import (
    SCHEMA_VERSION,
    Article,
    Boilerplate,
    Evidence,
    Paragraph,
    Provenance,
    ProvenanceFact,
    body_id,
    normalize_body,
)
from presslens.schema import article_schema

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "article.schema.json"

# ---------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------
text = st.text(max_size=40)  # any unicode (hypothesis leaves out lone surrogates)
short = st.text(min_size=1, max_size=20)
maybe = st.none() | text
offsets = st.integers(min_value=-1, max_value=10_000)

evidence = st.builds(Evidence, start=offsets, end=offsets, text=text, where=st.sampled_from(["body", "page"]))
paragraph = st.builds(Paragraph, start=st.integers(0, 10_000), end=st.integers(0, 10_000))
fact = st.builds(
    ProvenanceFact,
    kind=st.sampled_from(["original_source", "source", "wire", "copyright", "republished_by", "republished_with_permission"]),
    value=text,
    evidence=evidence,
    rule=short,
    producer=short,
)
provenance = st.builds(
    Provenance,
    original_source=maybe,
    republished_by=maybe,
    copyright_holders=st.lists(short, max_size=3).map(tuple),
    copyright_year=st.none() | st.integers(1900, 2100),
    wire=maybe,
    facts=st.lists(fact, max_size=3).map(tuple),
)
boilerplate = st.builds(Boilerplate, reason=short, rule=short, evidence=evidence, producer=short)

# JSON values for annotations of a kind no component registered: they come back as plain dicts.
json_scalar = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | text
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short, inner, max_size=3),
    max_leaves=8,
)
unknown_annotations = st.dictionaries(
    short.filter(lambda k: k.isidentifier()),
    st.lists(st.dictionaries(short, json_value, max_size=4), max_size=3).map(tuple),
    max_size=2,
)


@st.composite
def articles(draw) -> Article:
    paragraphs = draw(st.lists(st.text(min_size=1, max_size=60), max_size=4))
    body = "\n\n".join(paragraphs)
    paras, pos = [], 0
    for p in paragraphs:
        paras.append(Paragraph(pos, pos + len(p)))
        pos += len(p) + 2
    return Article(
        id=body_id(body),
        text=body,
        paragraphs=tuple(paras),
        url=draw(maybe),
        publisher=draw(maybe),
        title=draw(maybe),
        authors=tuple(draw(st.lists(short, max_size=3))),
        published=draw(st.none() | st.dates().map(lambda d: d.isoformat())),
        language=draw(st.none() | st.sampled_from(["en", "de", "ru", "ja"])),
        tags=draw(st.dictionaries(short, st.lists(short, max_size=3).map(tuple), max_size=3)),
        lede=paragraphs[0] if paragraphs else None,
        provenance=draw(provenance),
        boilerplate=tuple(draw(st.lists(boilerplate, max_size=3))),
        metadata_evidence=draw(
            st.dictionaries(st.sampled_from(["title", "authors", "published", "publisher", "lede", "tags"]), st.lists(evidence, min_size=1, max_size=2).map(tuple), max_size=3)
        ),
        source=draw(maybe),
        format=draw(st.none() | st.sampled_from(["html", "markdown", "text", "jsonl"])),
        page_text=draw(text),
        producer=draw(text),
        warnings=tuple(draw(st.lists(text, max_size=2))),
        annotations=draw(unknown_annotations),
    )


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


# ---------------------------------------------------------------------------
# round trips
# ---------------------------------------------------------------------------
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())
def test_records_json_round_trip(article):
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_json() == article.to_json()


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())
def test_records_json_validates_against_committed_schema(article, validator):
    validator.validate(json.loads(article.to_json()))


@settings(max_examples=50)
@given(article=articles())
def test_records_round_trip_through_indented_json_and_bytes(article):
    assert Article.from_json(article.to_json(indent=2).encode("utf-8")) == article


def test_records_round_trip_of_a_real_article(seed_article, validator):
    data = json.loads(seed_article.to_json())
    validator.validate(data)
    assert Article.from_json(seed_article.to_json()) == seed_article


def test_records_types_come_back():
    a = Article(
        id="x",
        text="t",
        paragraphs=(Paragraph(0, 1),),
        tags={"Tags": ("a", "b")},
        provenance=Provenance(copyright_holders=("A",), facts=(ProvenanceFact("wire", "AP", Evidence(0, 1, "t", "body"), "r", "p"),)),
        boilerplate=(Boilerplate("byline", "by-names", Evidence(0, 1, "t"), "p"),),
        metadata_evidence={"title": (Evidence(0, 1, "t"),)},
        annotations={"unknown_kind": ({"start": 0, "nested": {"a": [1, 2]}},)},
    )
    b = Article.from_json(a.to_json())
    assert isinstance(b.paragraphs, tuple) and isinstance(b.paragraphs[0], Paragraph)
    assert isinstance(b.provenance, Provenance) and isinstance(b.provenance.facts[0].evidence, Evidence)
    assert b.tags["Tags"] == ("a", "b") and isinstance(b.tags["Tags"], tuple)
    assert isinstance(b.boilerplate[0], Boilerplate)
    assert isinstance(b.metadata_evidence["title"][0], Evidence)
    assert b.annotations["unknown_kind"] == ({"start": 0, "nested": {"a": [1, 2]}},)


def test_records_missing_optional_fields_take_defaults():
    a = Article.from_dict({"id": "x", "text": "t", "schema_version": SCHEMA_VERSION})
    assert a == Article(id="x", text="t")


def test_records_are_frozen():
    a = Article(id="x", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "other"  # type: ignore[misc]
    assert a.replace(text="other").text == "other" and a.text == "t"


def test_records_with_annotations_keeps_other_kinds():
    a = Article(id="x", text="t").with_annotations(one=({"a": 1},))
    b = a.with_annotations(two=[{"b": 2}])
    assert b.annotations == {"one": ({"a": 1},), "two": ({"b": 2},)}
    assert a.annotations == {"one": ({"a": 1},)}


# ---------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------
def test_records_committed_schema_equals_generated():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == article_schema(), "schema/article.schema.json is stale: regenerate it with `presslens schema`"


def test_records_schema_is_valid_json_schema():
    schema = article_schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert SCHEMA_VERSION in schema["$id"]


def test_records_schema_rejects_a_wrong_record(validator):
    good = json.loads(Article(id="x", text="t").to_json())
    validator.validate(good)
    for bad in ({**good, "text": 3}, {k: v for k, v in good.items() if k != "id"}, {**good, "paragraphs": [{"start": "0", "end": 1}]}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


# ---------------------------------------------------------------------------
# schema versions
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2.0", "0.9", "", "one"])
def test_records_incompatible_schema_version_raises(version):
    data = json.loads(Article(id="x", text="t").to_json())
    data["schema_version"] = version
    with pytest.raises(SchemaError) as info:
        Article.from_dict(data)
    assert SCHEMA_VERSION in str(info.value)


def test_records_missing_schema_version_raises():
    with pytest.raises(SchemaError):
        Article.from_dict({"id": "x", "text": "t"})


def test_records_compatible_minor_version_reads():
    major = SCHEMA_VERSION.split(".")[0]
    data = json.loads(Article(id="x", text="t").to_json())
    data["schema_version"] = f"{major}.99"
    assert Article.from_dict(data).text == "t"


# ---------------------------------------------------------------------------
# body ids
# ---------------------------------------------------------------------------
BODY = "\u201cWe will reopen the line,\u201d the mayor said \u2014 and the council agreed.\n\nIt\u2019s a start."


@pytest.mark.parametrize(
    "variant",
    [
        BODY,
        '"We will reopen the line," the mayor said - and the council agreed.\n\nIt\'s a start.',
        "  \u201cWe will reopen   the line,\u201d the mayor said \u2014 and the council agreed. It\u2019s a start.  ",
        "\u201cWe will reopen the line,\u201d the mayor\u00a0said \u2013 and the council agreed.\r\n\r\nIt\u2019s a start.",
        BODY.upper(),
    ],
)
def test_records_body_id_is_stable_across_cosmetic_differences(variant):
    assert body_id(variant) == body_id(BODY)
    assert len(body_id(BODY)) == 16


@pytest.mark.parametrize(
    "other",
    [
        BODY.replace("reopen", "close"),
        BODY + " More to come.",
        BODY.replace("It\u2019s a start.", ""),
        "",
    ],
)
def test_records_body_id_differs_for_different_bodies(other):
    assert body_id(other) != body_id(BODY)


@given(st.text(max_size=200))
def test_records_body_id_ignores_whitespace_runs(s):
    assert body_id(s) == body_id(" ".join(s.split()))
    assert body_id(s) == body_id(normalize_body(s))


def test_records_body_id_matches_article_id(seed_article):
    assert seed_article.id == body_id(seed_article.text)
