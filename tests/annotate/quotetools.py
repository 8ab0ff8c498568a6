"""Helpers the quotation and attribution tests share: an Article from invented text (paragraphs
split on blank lines), its quotations, and the one quotation that starts with given words."""

from __future__ import annotations

from presslens.annotate.sourcing.quotes import find_quotes
from presslens.records import Article, Paragraph, body_id


def article(text: str) -> Article:
    paras, start = [], 0
    for block in text.split("\n\n"):
        paras.append(Paragraph(start, start + len(block)))
        start += len(block) + 2
    return Article(id=body_id(text), text=text, paragraphs=tuple(paras))


def quotes(text: str):
    return find_quotes(article(text))


def one(found_quotes, starts_with: str):
    found = [q for q in found_quotes if q.text.startswith(starts_with)]
    assert found, [q.text for q in found_quotes]
    return found[0]
