"""Store fixtures: every store test runs once per backend in BACKENDS.

PostgreSQL reads a server URL from ``PRESSLENS_TEST_POSTGRES`` (each test gets a fresh
schema; see ``postgres_url`` in tests/conftest.py) and skips when none is set, except
under ``PRESSLENS_REQUIRE_POSTGRES=1`` (.ci/run), where that fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.records import Article, Evidence, Paragraph, Provenance, ProvenanceFact, body_id
from presslens.store import open_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def url(backend: str, tmp_path: Path, request) -> str:
    if backend == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url: str):
    with open_store(url) as s:
        yield s


def make_article(text: str, title: str | None = None, publisher: str | None = None, published: str | None = None,
                 source: str | None = None, **changes) -> Article:
    """A small invented article with paragraphs split on blank lines."""
    paragraphs, pos = [], 0
    for part in text.split("\n\n"):
        paragraphs.append(Paragraph(pos, pos + len(part)))
        pos += len(part) + 2
    article = Article(id=body_id(text), text=text, paragraphs=tuple(paragraphs), title=title, publisher=publisher,
                      published=published, source=source, format="text", language="en", authors=("A. Writer",))
    return article.replace(**changes) if changes else article


@pytest.fixture(name="make_article")
def make_article_fixture():
    return make_article


@pytest.fixture
def articles() -> list[Article]:
    """Five invented articles about trains, ferries and budgets."""
    facts = (ProvenanceFact("original_source", "The Kessel Valley Gazette",
                            Evidence(0, 52, "The original source is The Kessel Valley Gazette", "page"), "original-source", "structure@1"),)
    return [
        make_article("The council voted to reopen the rail line to Port Halvard.\n\nTrains will run twice a day from May.",
                     "Rail line to reopen", "Meridian Review", "2025-03-09", "a.md",
                     provenance=Provenance(original_source="The Kessel Valley Gazette", facts=facts)),
        make_article("A ferry strike stopped crossings for two days.\n\nThe rail link carried extra passengers meanwhile.",
                     "Ferry strike ends", "Harbour Post", "2024-11-02", "b.md"),
        make_article("The budget adds money for schools and roads.\n\nNo new money goes to buses.",
                     "Budget passes", "Meridian Review", "2023-06-30", "c.md"),
        make_article("Rail rail rail: the museum opens a hall of old locomotives and rail cars.\n\nEntry is free in June.",
                     "Museum hall opens", "Harbour Post", None, "d.md"),
        make_article("Covid-19 rules for U.S. travellers changed on Monday.\n\nMasks are optional on trains.",
                     "Travel rules change", "Wire Desk", "2022-01-15", "e.md"),
    ]
