"""Shared fixtures: where ../shared is, the seed article and its expectations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
SEED_MD = SHARED / "examples" / "globalresearch-aleppo-2016.md"
SEED_EXPECTED = SHARED / "examples" / "globalresearch-aleppo-2016.expected.json"

# The commands the tests start keep their regular-expression cache (presslens.recache) in a
# folder of this test session, not in the user's ~/.cache.
if "PRESSLENS_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["PRESSLENS_CACHE_DIR"] = tempfile.mkdtemp(prefix="presslens-test-cache-")


@pytest.fixture(scope="session")
def shared() -> Path:
    assert SHARED.is_dir(), f"../shared not found at {SHARED}; set PRESSLENS_SHARED"
    return SHARED


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article():
    import presslens

    return presslens.analyze(SEED_MD)


# -- PostgreSQL (issue 6): a server URL from PRESSLENS_TEST_POSTGRES, one fresh schema per test -------------
POSTGRES_ENV = "PRESSLENS_TEST_POSTGRES"
REQUIRE_POSTGRES_ENV = "PRESSLENS_REQUIRE_POSTGRES"  # .ci/run sets it: a missing server fails instead of skipping


@pytest.fixture
def postgres_url():
    """A ``postgresql://`` URL whose ``search_path`` is a new, empty schema, dropped after the test.

    Skips when ``PRESSLENS_TEST_POSTGRES`` is unset, unless ``PRESSLENS_REQUIRE_POSTGRES=1`` (CI),
    where that is a failure: the PostgreSQL tests can never be skipped silently in CI.
    """
    import uuid
    from urllib.parse import quote

    base = os.environ.get(POSTGRES_ENV, "")
    if not base:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_ENV} is not set: no PostgreSQL server for the tests")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV}=postgresql://... (.ci/run starts one)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
