"""Web test fixtures: a small invented corpus stored without running the annotators (quick).
Helpers the tests import are in ``webtools.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _article(n: int, publisher: str, source: str, quotes: tuple[dict, ...] = ()) -> Any:
    from presslens.records import Article, Paragraph, body_id

    body = (f"Story {n}: the harbour council of Port Halvard met again to talk about the ferry timetable and the rail "
            f"line. Residents asked for more evening sailings.\n\nThe council will vote on day {n} of the session.")
    first = body.index("\n\n")
    article = Article(id=body_id(body), text=body, paragraphs=(Paragraph(0, first), Paragraph(first + 2, len(body))),
                      title=f"Harbour story {n}", publisher=publisher, published=f"2025-03-{n:02d}", source=source,
                      url=f"https://news.example/{n}", format="text", language="en")
    return article.with_annotations(quotes=quotes) if quotes else article


def quote(speaker: str | None, start: int = 0, end: int = 5, kind: str = "direct") -> dict:
    return {"start": start, "end": end, "text": "Story", "kind": kind, "speaker": speaker, "speaker_role": None,
            "speaker_mention": None, "cue": None, "rule": "test", "confidence": 0.9, "producer": "quotes@test"}


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """Six invented articles (one from a publisher with a "/" in its name), stored with absolute input paths."""
    from presslens.store import open_store

    root = tmp_path_factory.mktemp("corpus-dir")
    path = root / "news.db"
    src = str(root / "inputs" / "crawl.jsonl")
    arts = [_article(1, "Meridian Review", f"{src}#1", (quote("Samantha Power"), quote(None, 6, 13))),
            _article(2, "Meridian Review", f"{src}#2", (quote("Samantha Power"),)),
            _article(3, "Harbour Post", f"{src}:3", (quote("Power", kind="indirect"),)),
            _article(4, "yahoo.com/news", f"{src}#4"),
            _article(5, "Harbour Post", f"{src}#5"),
            _article(6, "Valley Times", str(root / "inputs" / "page.html"))]
    with open_store(path) as store:
        store.put_many(arts)
    return path
