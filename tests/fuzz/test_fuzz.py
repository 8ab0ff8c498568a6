"""Property-based fuzzing (hypothesis) of the code that takes untrusted input first: the readers,
the structure step and the search query builder.

Properties: every input ends in a result or a :class:`~presslens.errors.PresslensError` (one clear
line), never another exception; a query the builder accepts is valid FTS5 that SQLite runs, its
tsquery form has one bound parameter per placeholder and no user text in the SQL, and repeated
words cost nothing (collapsed). The default suite runs a short pass of each (a few hundred cases,
seconds); ``pytest -m slow tests/fuzz`` runs 100,000 cases of each (the query builder takes a
few minutes; readers and structure about an hour on one core: run them when those change).
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.errors import PresslensError, QueryError
from presslens.store.query import MAX_TERMS, parse_query, words

SHORT = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
SHORT_SLOWER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
LONG = settings(max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)

# -- strategies ---------------------------------------------------------------------------------------
WORDS = st.sampled_from(["rail", "ferry", "Trump", "covid-19", "U.S.", "Biden's", "élection", "東京", "naïve", "a_b", "___",
                         "42", "x*", "rail*", "-ferry", "title:budget", "text:rail", "nosuch:col", "NEAR", "near", "or",
                         "\u200b", "\x00", "🙂", "\\", "'", "%", "_", ":", "*", "-", "\"", "\"rail line\"", "\"", "(", ")"])
OPS = st.sampled_from(["AND", "OR", "NOT", "(", ")", "NEAR(", ", 3)", "\"", "title:\"", "*", "-", " "])
QUERY = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(WORDS, OPS), max_size=40).map(" ".join),
    st.lists(st.one_of(WORDS, OPS), max_size=40).map("".join),
    st.builds(lambda w, n: " ".join([w] * n), WORDS, st.integers(1, 300)),
)

TAGS = ["p", "div", "article", "main", "span", "a", "h1", "h2", "table", "tr", "td", "ul", "li", "script", "style", "svg",
        "math", "mtext", "mglyph", "noscript", "template", "iframe", "br", "img", "time", "meta", "figure", "figcaption",
        "blockquote", "nav", "footer", "header", "aside", "b", "i", "pre", "code", "title", "head", "body", "html", "!--"]
ATTRS = st.sampled_from(["", ' class="x"', ' href="javascript:alert(1)"', " onerror=x", ' style="display:none"',
                         ' datetime="2024-02-30"', ' property="article:published_time" content="yesterday"', " hidden",
                         ' lang="xx"', ' itemprop="author"', ' name="author" content="<b>'])
TEXT = st.one_of(st.text(max_size=120), st.sampled_from([
    "The harbour council met on Tuesday to discuss the budget, which rose by 12 per cent. ",
    "\"We will rebuild the pier,\" said Samantha Power, the mayor. ", "By Ilse Varga", "© 2024 Meridian Review",
    "This article first appeared in the Harbour Post.", "&amp;&#0;&#x110000;&bogus;", "<!-- unterminated", "]]>", "\r\n\r\n"]))


@st.composite
def html(draw) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


PROSE = st.lists(st.sampled_from([
    "The harbour council met on Tuesday to discuss the budget, which rose by 12 per cent this year. ",
    "\"We will rebuild the pier before the summer,\" said Samantha Power, the mayor of Port Halvard. ",
    "Officials said about 1,200 passengers were stranded when the ferry crews walked out on Friday. ",
    "According to the Northern Institute for Rail Safety, the line will carry 300 passengers a day. ",
    "Critics called the plan a disgrace and said the town could not afford another failed project. ",
    "The original source of this article is Meridian Review. ", "Unverified reports say 40 people were hurt. ",
]), min_size=2, max_size=6).map("".join)


@st.composite
def article_page(draw) -> tuple[str | None, str]:
    """Prose that makes an article, with hostile or odd markup around and between its paragraphs."""
    fmt = draw(st.sampled_from(["html", "markdown", "text", None]))
    paras = draw(st.lists(PROSE, min_size=2, max_size=6))
    if fmt in ("html", None) and draw(st.booleans()):
        body = "".join(f"<p>{p}</p>{draw(html())}" for p in paras)
        return fmt, f"<html><head><title>{draw(TEXT)}</title></head><body>{draw(html())}<article><h1>{draw(TEXT)}</h1>{body}</article>{draw(html())}</body></html>"
    junk = MARKDOWN if fmt == "markdown" else TEXT
    return fmt, "\n\n".join(f"{p}{draw(junk)}" for p in paras)


MARKDOWN = st.lists(st.one_of(TEXT, st.sampled_from(["# ", "## ", "\n\n", "> ", "- ", "1. ", "```", "---\n", "[a](javascript:x)",
                                                     "![img](x)", "| a | b |\n|---|---|", "<script>x</script>", "**", "_"])),
                    max_size=40).map("".join)
JSONL = st.lists(st.one_of(
    st.builds(lambda t, title, d: json.dumps({"text": t, "title": title, "date": d}), TEXT, st.text(max_size=30),
              st.sampled_from(["2024-02-30", "yesterday", "", "1970", "9999-99-99", None])),
    st.builds(lambda h: json.dumps({"html": h}), html()),
    st.text(max_size=60), st.just("{}"), st.just("[1, 2]"), st.just('{"text": 5}')), max_size=6).map("\n".join)
INPUT = st.one_of(
    article_page(), article_page(),
    st.tuples(st.just("html"), html()), st.tuples(st.just("markdown"), MARKDOWN), st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("jsonl"), JSONL), st.tuples(st.none(), st.one_of(html(), MARKDOWN, TEXT, JSONL)),
)
BYTES = st.one_of(st.binary(max_size=400), INPUT.map(lambda x: x[1].encode("utf-8", "surrogatepass")))


# -- the search query builder ----------------------------------------------------------------------
_FTS = sqlite3.connect(":memory:")
_FTS.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='porter unicode61 remove_diacritics 2')")
_FTS.execute("INSERT INTO t VALUES ('Rail line reopens', 'The council voted to reopen the rail line; ferry crews struck.')")
_SQL_TOKEN = re.compile(r"\s*(?:to_tsquery\('english', \?\)|phraseto_tsquery\('english', \?\)|plainto_tsquery\('english', \?\)"
                        r"|&&|\|\||!!|\(|\))")


def check_query(q: str) -> None:
    try:
        parsed = parse_query(q)
    except QueryError as exc:
        assert exc.status == 400 and exc.code == "bad-query" and "\n" not in exc.text() and len(exc.text()) < 400
        return
    assert 1 <= words(parsed.root) <= parsed.terms <= MAX_TERMS
    match = parsed.fts5()
    _FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()  # valid FTS5: SQLite runs it
    # the exact tsquery, and the wider one PostgreSQL's index answers alone (issue 20): same guarantees
    for sql, params in [parsed.tsquery(), parsed.index_tsquery() or ("", [])]:
        assert sql.count("?") == len(params) and all(isinstance(p, str) and p for p in params)
        rest = _SQL_TOKEN.sub("", sql)
        assert rest.strip() == "", f"unexpected SQL text {rest!r}"  # no user text in the statement, only bound parameters
        for p in params:  # what reaches to_tsquery is words and tsquery marks the builder wrote, nothing a user can inject
            assert not re.search(r"[&|!()'\\]", p) or p == q or p in q


@SHORT
@given(QUERY)
def test_query_builder(q):
    check_query(q)


def test_repeats_cost_nothing():
    assert parse_query("rail " * 30).fts5() == "rail"
    with pytest.raises(QueryError):
        parse_query("rail " * (MAX_TERMS + 1))


# -- readers and structure ----------------------------------------------------------------------------
def check_read(fmt: str | None, data: bytes) -> None:
    from presslens.read import read
    from presslens.read.base import Page

    try:
        pages = list(read(data, format=fmt))
    except PresslensError as exc:
        assert "\n" not in exc.line()
        return
    for page in pages:
        assert isinstance(page, (Page, PresslensError))


def check_structure(fmt: str | None, data: bytes) -> None:
    from presslens.read import read
    from presslens.read.base import Page
    from presslens.structure import build_article

    try:
        pages = list(read(data, format=fmt))
    except PresslensError:
        return
    for page in pages:
        if not isinstance(page, Page):
            continue
        try:
            article = build_article(page)
        except PresslensError as exc:
            assert "\n" not in exc.line()
            continue
        text = article.text
        for p in article.paragraphs:
            assert 0 <= p.start < p.end <= len(text)
        article.to_json()  # serialisable


@SHORT_SLOWER
@given(INPUT)
def test_readers(case):
    fmt, text = case
    check_read(fmt, text.encode("utf-8", "surrogatepass"))


@SHORT_SLOWER
@given(BYTES)
def test_readers_on_bytes(data):
    check_read(None, data)


@SHORT_SLOWER
@given(INPUT)
def test_structure(case):
    fmt, text = case
    check_structure(fmt, text.encode("utf-8", "surrogatepass"))


# -- 100,000 cases each (pytest -m slow) -----------------------------------------------------------------
@pytest.mark.slow
@LONG
@given(QUERY)
def test_query_builder_100k(q):
    check_query(q)


@pytest.mark.slow
@LONG
@given(INPUT)
def test_readers_100k(case):
    fmt, text = case
    check_read(fmt, text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@LONG
@given(INPUT)
def test_structure_100k(case):
    fmt, text = case
    check_structure(fmt, text.encode("utf-8", "surrogatepass"))
