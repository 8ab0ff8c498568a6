"""Gold files of the eval scripts: JSON Lines of ids and offsets, never article text.

:func:`load_texts` fetches the texts the gold points into from the shared corpora at run time.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_texts(gold: list[dict], corpora: dict[str, Path | list[Path]]) -> dict[tuple[str, str], str]:
    """``(corpus, record id) -> text`` for every record the gold names (one pass per shard)."""
    wanted: dict[str, set[str]] = {}
    for g in gold:
        wanted.setdefault(g["corpus"], set()).add(g["id"])
    out: dict[tuple[str, str], str] = {}
    for corpus, ids in wanted.items():
        paths = corpora[corpus]
        for path in paths if isinstance(paths, list) else [paths]:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    if rec["id"] in ids:
                        out[(corpus, rec["id"])] = rec["text"]
    return out
