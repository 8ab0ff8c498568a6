"""The search query builder: a user query parsed once into a small tree, checked against limits,
with duplicate terms collapsed, then written out for each engine.

Both backends accept one syntax (the FTS5 one, docs/corpus.md "presslens search"): words (all
must match), ``"phrases"``, ``OR``, ``AND``, ``NOT`` (and ``-word`` after another term),
``prefix*``, ``NEAR(a b[, N])``, ``title:word`` / ``title:"a phrase"`` (``text:`` too) and
parentheses; ``NOT`` binds tightest, then ``AND``, then ``OR``. A word with punctuation in it
(``covid-19``, ``U.S.``) is a phrase; punctuation alone matches nothing and is left out.

Why a tree and not text handed to the engine: the engine's cost is not bounded by the query's
length (FTS5 took 41 s for one word repeated 200 times; a deep nest of parentheses overflows a
recursive parser), and a parse error should be a 400 that names the problem, not whatever the
engine says. So :func:`parse_query` refuses a query over ``max_chars`` characters, with more
than ``max_terms`` words or nested deeper than :data:`MAX_DEPTH`, collapses repeats (``trump
trump`` is ``trump``), refuses more than :data:`MAX_PREFIXES` prefixes or one shorter than
:data:`MIN_PREFIX`, and :func:`fts5` / :func:`tsquery` write the same tree for SQLite and
PostgreSQL. Every word reaches PostgreSQL as a bound parameter; only ``\\w`` characters reach
``to_tsquery``, so no tsquery operator can be injected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from presslens.errors import QueryError

MAX_CHARS = 1000
"""Longest query accepted by default (characters)."""
MAX_TERMS = 32
"""Most words a query may hold by default (each word of a phrase counts, repeats too)."""
MAX_DEPTH = 8
"""Deepest nesting of parentheses."""
MAX_PREFIXES = 8
"""Most ``prefix*`` words in one query: each is a scan of every indexed word it starts."""
MIN_PREFIX = 3
"""Shortest prefix (letters and digits before ``*``): ``a*`` matches nearly every article."""
COLUMNS = ("title", "text")
_OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'NEAR\s*\([^()]*\)|(?:title|text):"[^"]*"?|"[^"]*"?|[()]|[^\s()"]+')
_BARE = re.compile(r"^(?:(title|text):)?(\w+)(\*?)$")
_NEAR = re.compile(r"^NEAR\s*\((.*?)(?:,\s*(\d+))?\s*\)$", re.S)
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what both engines' tokenizers keep
_PLAIN = re.compile(r"^[A-Za-z0-9]+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One word (``\\w`` characters, with at least one letter or digit); ``prefix`` for ``word*``."""

    word: str
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in a row: ``text`` as the user wrote it (PostgreSQL splits it as it split the article),
    ``words`` its letters-and-digits runs (what FTS5 matches)."""

    text: str
    words: tuple[str, ...]
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Near:
    """``NEAR(a b, N)``: every item within N words (FTS5); PostgreSQL needs every item only."""

    items: tuple[Term | Phrase, ...]
    distance: int | None = None


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """``left NOT right``: ``left`` without ``right``."""

    left: Node
    right: Node


Node = Union[Term, Phrase, Near, And, Or, Not]  # noqa: UP007 - a runtime alias used in dataclass annotations


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``text`` as given, ``root`` the tree, ``terms`` the words before repeats were collapsed."""

    text: str
    root: Node
    terms: int

    def fts5(self) -> str:
        return fts5(self.root)

    def tsquery(self) -> tuple[str, list[str]]:
        return tsquery(self.root)

    def index_tsquery(self) -> tuple[str, list[str]] | None:
        return index_tsquery(self.root)


def short(query: str, n: int = 60) -> str:
    """The query for a message: at most ``n`` characters."""
    return query if len(query) <= n else query[:n] + "…"


def parse_query(query: str | Query, max_chars: int = MAX_CHARS, max_terms: int = MAX_TERMS) -> Query:
    """``query`` as a :class:`Query`; :class:`~presslens.errors.QueryError` (400 ``bad-query``)
    when it is empty, too long, has too many words, is nested too deep or cannot be parsed."""
    if isinstance(query, Query):
        return query
    if not isinstance(query, str) or not query.strip():
        raise QueryError("the query is empty; pass words to search for")
    if len(query) > max_chars:
        raise QueryError(f"the query is {len(query):,} characters long; at most {max_chars:,} are allowed",
                         "search for fewer words")
    tokens: list[str] = []
    for token in _TOKEN.findall(query):
        if token.startswith("-") and len(token) > 1 and tokens and tokens[-1] not in (*_OPERATORS, "("):
            tokens += ["NOT", token[1:]]  # -word after another term: NOT word
        elif token in "()" or token in _OPERATORS or token.startswith(("NEAR", '"')) or _WORD.search(token):
            tokens.append(token)
        # punctuation alone matches nothing and is left out
    parser = _Parser(tokens, query, max_terms)
    root = parser.parse_or(0)
    if parser.pos != len(tokens):
        parser.fail(f"unexpected {tokens[parser.pos]!r}")
    return Query(query, simplify(root), parser.terms)


class _Parser:
    """Recursive descent over the tokens (depth bounded by :data:`MAX_DEPTH`)."""

    def __init__(self, tokens: list[str], query: str, max_terms: int) -> None:
        self.tokens, self.query, self.pos, self.max_terms, self.terms = tokens, query, 0, max_terms, 0
        self.prefixes = 0

    def fail(self, why: str) -> None:
        raise QueryError(f"cannot parse the query {short(self.query)!r} ({why})",
                         'quote phrases ("rail line"), use AND/OR/NOT between words')

    def count(self, n: int) -> None:
        self.terms += n
        if self.terms > self.max_terms:
            raise QueryError(f"the query has more than {self.max_terms} words", "search for fewer words")

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self, depth: int) -> Node:
        parts = [self.parse_and(depth)]
        while self.peek() == "OR":
            self.pos += 1
            parts.append(self.parse_and(depth))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self, depth: int) -> Node:
        parts = [self.parse_not(depth)]
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.pos += 1
            parts.append(self.parse_not(depth))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_not(self, depth: int) -> Node:
        out = self.parse_primary(depth)
        while self.peek() == "NOT":
            self.pos += 1
            out = Not(out, self.parse_primary(depth))
        return out

    def parse_primary(self, depth: int) -> Node:
        token = self.peek()
        if token is None:
            self.fail("it ends where a word is expected")
            raise AssertionError  # fail() raises
        if token in (*_OPERATORS, ")"):
            self.fail(f"{token!r} where a word is expected")
        self.pos += 1
        if token == "(":
            if depth >= MAX_DEPTH:
                raise QueryError(f"the query nests parentheses deeper than {MAX_DEPTH}", "search with fewer parentheses")
            inner = self.parse_or(depth + 1)
            if self.peek() != ")":
                self.fail("unbalanced parenthesis")
            self.pos += 1
            return inner
        near = _NEAR.match(token)
        if near:
            items: list[Term | Phrase] = []
            for part in _TOKEN.findall(near.group(1)):
                if part in "()" or part in _OPERATORS or part.startswith("NEAR"):
                    self.fail("NEAR(...) takes words and phrases only")
                leaf = self.leaf(part)
                if leaf is not None and leaf.column:
                    self.fail("NEAR(...) takes no column filter (title:) inside")
                if leaf is not None:
                    items.append(leaf)
            if not items:
                self.fail("NEAR(...) needs words")
            return items[0] if len(items) == 1 else Near(tuple(items), int(near.group(2)) if near.group(2) else None)
        leaf = self.leaf(token)
        if leaf is None:
            self.fail(f"{short(token, 20)!r} is not a word")
            raise AssertionError
        return leaf

    def leaf(self, token: str) -> Term | Phrase | None:
        """A word or phrase token as a Term or Phrase (None for punctuation alone)."""
        bare = _BARE.match(token)
        if bare and _WORD.search(bare.group(2)):
            self.count(1)
            if bare.group(3):
                self.prefixes += 1
                if len(bare.group(2)) < MIN_PREFIX:
                    raise QueryError(f"the prefix {bare.group(2)[:20]!r}* is too short; give at least {MIN_PREFIX} letters")
                if self.prefixes > MAX_PREFIXES:
                    raise QueryError(f"the query has more than {MAX_PREFIXES} prefix* words", "search with fewer prefixes")
            return Term(bare.group(2), bool(bare.group(3)), bare.group(1))
        column = None
        head, colon, rest = token.partition(":")
        if colon and head in COLUMNS and rest:
            column, token = head, rest
        if token.startswith('"'):
            if len(token) < 2 or not token.endswith('"'):
                self.fail("unterminated string")
            token = token[1:-1]
            if not _WORD.search(token):
                self.fail("an empty phrase")
        words = tuple(_WORD.findall(token.replace('"', " ")))
        if not words:
            return None
        self.count(len(words))
        return Phrase(token, words, column)


# ---------------------------------------------------------------------------
# Simplifying: nested AND/OR flattened, repeats collapsed
# ---------------------------------------------------------------------------
def _key(node: Node) -> object:
    """What makes two nodes the same search (case does not matter to either engine)."""
    if isinstance(node, Term):
        return ("t", node.word.casefold(), node.prefix, node.column)
    if isinstance(node, Phrase):
        return ("p", tuple(w.casefold() for w in node.words), node.column)
    if isinstance(node, Near):
        return ("n", tuple(_key(i) for i in node.items), node.distance)
    if isinstance(node, Not):
        return ("not", _key(node.left), _key(node.right))
    return ("and" if isinstance(node, And) else "or", frozenset(_key(p) for p in node.parts))


def simplify(node: Node) -> Node:
    """``node`` with nested ANDs and ORs flattened and repeated operands kept once."""
    if isinstance(node, Not):
        return Not(simplify(node.left), simplify(node.right))
    if isinstance(node, (And, Or)):
        kind = type(node)
        flat: list[Node] = []
        seen: set[object] = set()
        for part in node.parts:
            part = simplify(part)
            for p in part.parts if isinstance(part, kind) else (part,):
                k = _key(p)
                if k not in seen:
                    seen.add(k)
                    flat.append(p)
        return flat[0] if len(flat) == 1 else kind(tuple(flat))
    return node


def terms(node: Node) -> list[Term]:
    """The single-word terms of a query (prefixes among them), in order."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Phrase):
        return []
    if isinstance(node, Near):
        return [i for i in node.items if isinstance(i, Term)]
    if isinstance(node, Not):
        return terms(node.left) + terms(node.right)
    return [t for p in node.parts for t in terms(p)]


def words(node: Node) -> int:
    """How many words the (simplified) query searches for."""
    if isinstance(node, Term):
        return 1
    if isinstance(node, Phrase):
        return len(node.words)
    if isinstance(node, Near):
        return sum(words(i) for i in node.items)
    if isinstance(node, Not):
        return words(node.left) + words(node.right)
    return sum(words(p) for p in node.parts)


# ---------------------------------------------------------------------------
# Writing the tree out: FTS5 (SQLite) and tsquery (PostgreSQL)
# ---------------------------------------------------------------------------
def _fts_word(word: str) -> str:
    return word if _PLAIN.match(word) and word not in ("NEAR", *_OPERATORS) else f'"{word}"'


def _fts_leaf(node: Term | Phrase) -> str:
    col = f"{node.column}:" if node.column else ""
    if isinstance(node, Term):
        return f"{col}{_fts_word(node.word)}{'*' if node.prefix else ''}"
    return f'{col}"{" ".join(node.words)}"'


def fts5(node: Node) -> str:
    """The FTS5 MATCH expression of ``node`` (every non-leaf operand in parentheses)."""

    def sub(child: Node) -> str:
        text = fts5(child)
        return f"({text})" if isinstance(child, (And, Or, Not)) else text

    if isinstance(node, (Term, Phrase)):
        return _fts_leaf(node)
    if isinstance(node, Near):
        return f"NEAR({' '.join(_fts_leaf(i) for i in node.items)}{f', {node.distance}' if node.distance is not None else ''})"
    if isinstance(node, Not):
        return f"{sub(node.left)} NOT {sub(node.right)}"
    if isinstance(node, Or):
        return " OR ".join(sub(p) for p in node.parts)
    # FTS5 takes an implicit AND between words and phrases only, not next to a group: "(a OR b) c" is an error
    return (" " if all(isinstance(p, (Term, Phrase)) for p in node.parts) else " AND ").join(sub(p) for p in node.parts)


def tsquery(node: Node) -> tuple[str, list[str]]:
    """A SQL ``tsquery`` expression of ``node`` (with ``?`` placeholders) and its parameters."""
    params: list[str] = []

    def leaf(function: str, value: str) -> str:
        params.append(value)
        return f"{function}('english', ?)"

    def walk(n: Node) -> str:
        if isinstance(n, Term):
            weight = {"title": "A", "text": "B"}.get(n.column or "", "")
            marks = ("*" if n.prefix else "") + weight
            return leaf("to_tsquery", n.word + (f":{marks}" if marks else ""))
        if isinstance(n, Phrase):
            if n.column:  # a phrase in one column: its words, weighted, in a row
                weight = "A" if n.column == "title" else "B"
                return leaf("to_tsquery", " <-> ".join(f"{w}:{weight}" for w in n.words))
            return leaf("phraseto_tsquery", n.text if _WORD.search(n.text) else " ".join(n.words))
        if isinstance(n, Near):
            return "(" + " && ".join(walk(i) for i in n.items) + ")"
        if isinstance(n, Not):
            return f"({walk(n.left)} && !!({walk(n.right)}))"
        return "(" + (" && " if isinstance(n, And) else " || ").join(walk(p) for p in n.parts) + ")"

    return walk(node), params


def index_tsquery(node: Node) -> tuple[str, list[str]] | None:
    """A ``tsquery`` (SQL with ``?`` placeholders, and its parameters) matching every article that
    :func:`tsquery` matches and perhaps more, which PostgreSQL's GIN index answers alone; None when
    :func:`tsquery` is such a query already.

    Why: the index cannot check a phrase (``<->``) or a weight (``title:``), so for those queries it
    hands every candidate row to a recheck that reads the row's whole ``tsvector`` from TOAST
    storage (``"white house"``: every article with both words). The search matches this wider
    query in the index, orders the matches, and runs the exact query on them one by one only
    until it has enough (postgres.py). A phrase is loosened to its words (``plainto_tsquery``:
    split as ``phraseto_tsquery`` splits it), a weight is dropped; under ``NOT`` the right side
    must shrink instead (a wider right side would exclude articles the exact query keeps), so a
    phrase or weighted word there is left out of the wide query (the exact query still excludes it).
    """
    Part = tuple[str, list[str]]  # SQL and its parameters, in order

    def leaf(function: str, value: str) -> Part:
        return f"{function}('english', ?)", [value]

    def join(op: str, parts: list[Part]) -> Part:
        return "(" + op.join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]

    def exact(n: Node) -> bool:
        if isinstance(n, Term):
            return n.column is None
        if isinstance(n, Phrase):
            return False
        if isinstance(n, Near):
            return all(exact(i) for i in n.items)
        if isinstance(n, Not):
            return exact(n.left) and exact(n.right)
        return all(exact(p) for p in n.parts)

    def wider(n: Node) -> Part:
        """A superset of ``n``'s matches."""
        if isinstance(n, Term):
            return leaf("to_tsquery", n.word + (":*" if n.prefix else ""))
        if isinstance(n, Phrase):
            return leaf("plainto_tsquery", n.text if not n.column and _WORD.search(n.text) else " ".join(n.words))
        if isinstance(n, Near):
            return join(" && ", [wider(i) for i in n.items])
        if isinstance(n, Not):
            left, right = wider(n.left), narrower(n.right)
            return (f"({left[0]} && !!({right[0]}))", left[1] + right[1]) if right else left
        return join(" && " if isinstance(n, And) else " || ", [wider(p) for p in n.parts])

    def narrower(n: Node) -> Part | None:
        """A subset of ``n``'s matches (None: the empty set)."""
        if isinstance(n, (Term, Phrase, Near)):
            return wider(n) if exact(n) else None
        if isinstance(n, Not):
            left = narrower(n.left)
            if left is None:
                return None
            right = wider(n.right)
            return f"({left[0]} && !!({right[0]}))", left[1] + right[1]
        parts = [narrower(p) for p in n.parts]
        kept = [p for p in parts if p is not None]
        if isinstance(n, And):
            return join(" && ", kept) if len(kept) == len(parts) else None
        return join(" || ", kept) if kept else None

    return None if exact(node) else wider(node)


# ---------------------------------------------------------------------------
# Search helpers: dates of the filters, highlights of the snippets
# ---------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str | None, name: str) -> str | None:
    """A ``--since``/``--until`` value: YYYY, YYYY-MM or YYYY-MM-DD (raises QueryError)."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise QueryError(f"{name} {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def split_marked(text: str, open: str, close: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove ``open``/``close`` markers from ``text``; return the plain text and the marked spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    while True:
        i = text.find(open, pos)
        if i < 0:
            break
        j = text.find(close, i + len(open))
        if j < 0:
            break
        out.append(text[pos:i])
        length += i - pos
        word = text[i + len(open) : j]
        out.append(word)
        if spans and spans[-1][1] == length:  # adjacent highlights merge (a phrase)
            spans[-1] = (spans[-1][0], length + len(word))
        else:
            spans.append((length, length + len(word)))
        length += len(word)
        pos = j + len(close)
    out.append(text[pos:])
    return "".join(out), tuple(spans)


__all__ = ["check_date", "split_marked", "MAX_CHARS", "MAX_DEPTH", "MAX_PREFIXES", "MAX_TERMS", "MIN_PREFIX", "And", "Near", "Not", "Or", "Phrase", "Query", "Term", "fts5", "index_tsquery", "parse_query",
           "simplify", "terms", "tsquery", "words"]
