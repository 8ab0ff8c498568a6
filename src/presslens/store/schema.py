"""The store schema as numbered migrations, one list of statements per dialect.

Every table except the full-text index is written in SQL that SQLite and
PostgreSQL both accept (``TEXT``, ``INTEGER``, ``REAL``, ``ON CONFLICT``);
the few differences (the surrogate key type, the full-text index) are the
``{placeholders}`` filled from :data:`DIALECT_TYPES` and the per-dialect extra
statements of a migration.

Annotations live in one generic table (``kind``, ``idx``, offsets, ``label``,
``confidence``, ``producer`` and the full record as JSON in ``data``), so a new
annotation kind needs no migration. A migration is applied once, in one
transaction, and recorded in ``schema_migrations``.

Columns that hold character offsets are ``start_char``/``end_char``: ``end`` is
a reserved word in both dialects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presslens.records import word_count

DIALECT_TYPES = {
    "sqlite": {"serial_pk": "INTEGER PRIMARY KEY", "json": "TEXT", "float": "REAL"},
    "postgresql": {"serial_pk": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "json": "JSONB", "float": "DOUBLE PRECISION"},
}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    common: tuple[str, ...]
    dialect: dict[str, tuple[str, ...]] = field(default_factory=dict)
    backfill: Callable[[Any, Callable[[str], str]], None] | None = None
    """Run after the statements, in the same transaction, with the cursor and the store's
    placeholder translation: for a new column whose values SQL alone cannot compute."""

    def statements(self, dialect: str) -> list[str]:
        types = DIALECT_TYPES[dialect]
        return [s.format(**types) for s in self.common] + list(self.dialect.get(dialect, ()))


_V1_COMMON = (
    # The surrogate key ``doc`` gives the SQLite FTS5 index a stable rowid (VACUUM
    # renumbers implicit rowids); ``id`` (the content hash) is the article's key.
    """CREATE TABLE articles (
        doc {serial_pk},
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        publisher TEXT,
        title TEXT,
        authors {json} NOT NULL,
        published TEXT,
        language TEXT,
        source TEXT,
        format TEXT,
        text TEXT NOT NULL,
        record {json} NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    "CREATE INDEX articles_publisher ON articles (publisher)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE annotations (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL,
        start_char INTEGER,
        end_char INTEGER,
        label TEXT,
        confidence {float},
        producer TEXT,
        data {json} NOT NULL,
        PRIMARY KEY (article_id, kind, idx)
    )""",
    "CREATE INDEX annotations_kind_label ON annotations (kind, label)",
    """CREATE TABLE provenance_facts (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        value TEXT,
        evidence TEXT,
        start_char INTEGER,
        end_char INTEGER,
        rule TEXT,
        producer TEXT,
        PRIMARY KEY (article_id, idx)
    )""",
    "CREATE INDEX provenance_facts_kind_value ON provenance_facts (kind, value)",
    """CREATE TABLE rejected (
        source TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    # One row per input file: ``progress`` is the last record (JSON Lines line
    # number) whose results are committed; ``status`` is ``partial`` or ``done``.
    """CREATE TABLE inputs (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime {float} NOT NULL,
        status TEXT NOT NULL,
        progress INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    )""",
)

_V1_SQLITE = (
    # External-content FTS5 index over title + text, kept in sync by triggers, so
    # it changes in the same transaction as the article rows.
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='doc',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.doc, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.doc, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.doc, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.doc, new.title, new.text);
    END""",
)

# PostgreSQL (postgres.py): a weighted tsvector (title A, body B) kept by the
# database itself, with a GIN index; ts_rank and ts_headline read it.
_V1_POSTGRESQL = (
    """ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', text), 'B')
    ) STORED""",
    "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
)


def _backfill_words(cur: Any, sql: Callable[[str], str], batch: int = 500) -> None:
    """``articles.words`` of the articles stored before migration 5, in batches of ``batch`` bodies."""
    last = -1
    while True:
        cur.execute(sql("SELECT doc, text FROM articles WHERE doc > ? ORDER BY doc LIMIT ?"), (last, batch))
        rows = cur.fetchall()
        if not rows:
            return
        cur.executemany(sql("UPDATE articles SET words = ? WHERE doc = ?"), [(word_count(text), doc) for doc, text in rows])
        last = rows[-1][0]


# The ranking vector holds, with all their positions, the lexemes of ``tsv`` that are in the title,
# among its first RANK_LEAD positions (the title and the opening sentences) or in RANK_MIN_COUNT places
# or more; rarer words further down are left out (about a fifth of the size: ~1 kB for a 1,000-word
# article). ts_rank over it is never higher than over ``tsv``, and is equal when every query word in
# the article was kept (search() relies on both). STORAGE MAIN keeps it in the row, not in TOAST.
RANK_LEAD = 40
RANK_MIN_COUNT = 4
_V6_POSTGRESQL = (
    f"""CREATE FUNCTION presslens_rank_vector(title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT pg_catalog.ts_delete(v, ARRAY(
            SELECT u.lexeme FROM pg_catalog.unnest(v) AS u
            WHERE pg_catalog.cardinality(u.positions) < {RANK_MIN_COUNT} AND u.positions[1] > {RANK_LEAD}
              AND NOT 'A' = ANY (u.weights)))
        FROM (SELECT pg_catalog.setweight(pg_catalog.to_tsvector('english', coalesce(title, '')), 'A')
                     OPERATOR(pg_catalog.||) pg_catalog.setweight(pg_catalog.to_tsvector('english', body), 'B') AS v) AS s
    $$""",
    """ALTER TABLE articles ADD COLUMN rank_tsv tsvector GENERATED ALWAYS AS (presslens_rank_vector(title, text)) STORED,
        ALTER COLUMN rank_tsv SET STORAGE MAIN""",
    # The titles alone: a word in the title ranks an article above every article that has it in the body
    # only, so a one-word search with enough title matches ranks those alone (postgres.py, TITLE_FIRST).
    "CREATE INDEX articles_title_tsv ON articles USING GIN (to_tsvector('english', coalesce(title, '')))",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, annotations, provenance facts, rejected, inputs, full-text index", _V1_COMMON,
              {"sqlite": _V1_SQLITE, "postgresql": _V1_POSTGRESQL}),
    # A narrow covering index for the search filters (SQLite's search names it with INDEXED BY):
    # joining every full-text match to the wide article rows to test publisher and date cost
    # several times more on 37k articles. PostgreSQL only records the version.
    Migration(2, "covering index for search filters", (),
              {"sqlite": ("CREATE INDEX articles_filter ON articles (doc, publisher, published)",)}),
    # Near-duplicate clusters (presslens dupes, src/presslens/corpus/dupes.py), rebuilt as a whole:
    # one row per cluster with its original, one per member with its similarity to the original
    # and the paragraphs added/removed against it (``edits``: {"added": [...], "removed": [...]}).
    Migration(3, "near-duplicate clusters", (
        """CREATE TABLE dupe_clusters (
            cluster INTEGER PRIMARY KEY,
            original_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            named_source TEXT,
            size INTEGER NOT NULL,
            params TEXT NOT NULL,
            built_at TEXT NOT NULL
        )""",
        """CREATE TABLE dupe_members (
            cluster INTEGER NOT NULL REFERENCES dupe_clusters (cluster) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            containment {float} NOT NULL,
            jaccard {float} NOT NULL,
            added INTEGER NOT NULL,
            removed INTEGER NOT NULL,
            edits {json} NOT NULL,
            PRIMARY KEY (cluster, article_id)
        )""",
        "CREATE INDEX dupe_members_article ON dupe_members (article_id)",
    )),
    # A quote with no speaker was stored with its kind ("direct", "indirect" ...) as its label, so
    # the kinds showed up as top speakers: such quotes have no label (store.base.KIND_LABEL).
    # ``meta`` holds small facts about the database as JSON, by key: ``dupes`` says when the
    # near-duplicate clusters were last built, with which parameters, over how many articles (a
    # run that finds no cluster is still a run: the web app must not detect them again per request).
    Migration(4, "quotes without a speaker have no label; a meta table", (
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ), {
        "sqlite": ("UPDATE annotations SET label = NULL WHERE kind = 'quotes' AND json_extract(data, '$.speaker') IS NULL",),
        "postgresql": ("UPDATE annotations SET label = NULL WHERE kind = 'quotes' AND data->>'speaker' IS NULL",),
    }),
    # The words of each article body (``presslens.records.word_count``), so rates "per 1,000 words" and
    # their percentiles over a corpus (persuasion in the outlet's own voice) need no pass over the text.
    Migration(5, "words per article", ("ALTER TABLE articles ADD COLUMN words INTEGER",), backfill=_backfill_words),
    # PostgreSQL search (issue 20): a compact ranking vector next to ``tsv``. ``ts_rank`` over ``tsv``
    # read the whole out-of-line vector (~5 kB) of every match, ~200 ms for a common word on 37k
    # articles; the search now orders the matches by ``ts_rank`` over ``rank_tsv`` (kept inline in the
    # row) and ranks only the first few with ``tsv`` (postgres.py). Adding the column rewrites the table
    # once, holding its lock: 270 s for the 37k allsides articles on the shared 2-core VM (load ~10).
    Migration(6, "compact ranking vector for PostgreSQL search", (), {"postgresql": _V6_POSTGRESQL}),
)

LATEST = MIGRATIONS[-1].version

MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

__all__ = ["DIALECT_TYPES", "LATEST", "MIGRATIONS", "MIGRATIONS_TABLE", "Migration"]
