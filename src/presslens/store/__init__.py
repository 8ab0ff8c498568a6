"""Storage for articles: :func:`open_store` picks the backend from a URL or path.

>>> from presslens.store import open_store
>>> with open_store("news.db") as store:        # doctest: +SKIP
...     store.put_many(articles)
...     hits = store.search("rail line", since="2025")

Every SQL statement presslens runs is in this package: the schema (``schema.py``), writes and
reads (``base.py``), the queries of the corpus commands and web pages (``queries.py``, returning
the row types of ``rows.py``) and full-text search (``sqlite.py``, ``postgres.py``).
"""

from __future__ import annotations

from pathlib import Path

from presslens.errors import QueryError, StoreError
from presslens.store.base import Hit, InputState, SQLStore, Store, WriteResult
from presslens.store.rows import ArticleFilter
from presslens.store.sqlite import SQLiteStore

BACKENDS = ("sqlite", "postgresql")


def open_store(url: str | Path, *, create: bool = True) -> SQLStore:
    """Open (and migrate) the store at ``url``: a file path (``news.db``), ``sqlite:///relative.db``, ``sqlite:////absolute.db``,
    ``sqlite://`` (in memory), or ``postgresql://user:password@host:port/dbname`` (a database that exists; its
    tables are created on first use). ``create=False`` refuses a database file (or PostgreSQL database without
    presslens tables) that does not exist."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        from presslens.store.postgres import PostgresStore

        return PostgresStore(text, create=create)
    if text.startswith("sqlite://"):
        # As SQLAlchemy: sqlite:///news.db is relative, sqlite:////srv/news.db absolute.
        rest = text.removeprefix("sqlite://")
        path = rest.removeprefix("/") if rest not in ("", ":memory:", "/:memory:") else ":memory:"
        return SQLiteStore(path or ":memory:", create=create)
    if "://" in text:
        raise StoreError(f"{text}: unknown database URL; use a file path, sqlite:///path or postgresql://...")
    return SQLiteStore(text, create=create)


__all__ = ["BACKENDS", "ArticleFilter", "Hit", "InputState", "QueryError", "SQLStore", "SQLiteStore", "Store", "StoreError", "WriteResult", "open_store"]
