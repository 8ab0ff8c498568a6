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
