"""Corpus fixtures: small inputs made in tmp_path (the bundled sample, invented pages, a slice of allsides)."""

from __future__ import annotations

import gzip
import itertools
import shutil
from pathlib import Path

import pytest

from presslens.cli import sample_path

BACKENDS = ["sqlite", "postgresql"]  # postgresql: PRESSLENS_TEST_POSTGRES (see tests/conftest.py)
ALLSIDES = Path("data/corpus/allsides_bias/articles-00-of-08.jsonl.gz")

INVENTED = """# Ferry Crossings Resume After Two-Day Strike

By Ilse Varga

Ferry crossings between Port Halvard and the islands resumed on Saturday after a two-day strike by deck crews
ended with an agreement on overtime pay.

The operator said all morning sailings would run on time, and that tickets bought for cancelled crossings would be
refunded within a week. The rail link to the mainland carried twice its usual number of passengers while the boats
were idle.
"""


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def allsides_lines(shared: Path) -> list[bytes]:
    """The first 300 records of one allsides shard (read at test time, never copied into the repo)."""
    with gzip.open(shared / ALLSIDES, "rb") as fh:
        return list(itertools.islice(fh, 300))


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A directory: the sample as md and html (one article), an invented article, a bad page, a nested JSONL."""
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    shutil.copy(sample_path("md"), root / "sample.md")
    shutil.copy(sample_path("html"), root / "sample.html")
    (root / "ferry.md").write_text(INVENTED, encoding="utf-8")
    (root / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "notes.bin").write_bytes(b"ignored: not an article suffix")
    (root / ".hidden.md").write_text(INVENTED, encoding="utf-8")
    records = [
        '{"id": "r1", "title": "Budget passes", "source": "Meridian Review", "date": "2023-06-30", '
        '"text": "The budget adds money for schools and roads across the valley this year.\\nNo new money goes to buses, '
        'and the council will review the bus network in the autumn."}',
        "this line is not JSON",
        '{"id": "r3", "text": ""}',
    ]
    (root / "sub" / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return root
