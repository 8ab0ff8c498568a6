"""Reading the Propaganda Techniques Corpus (SemEval-2020 Task 11) train split, and the article split.

Only the train split is available (``../shared/data/ptc/train``). It is split by
article into our own train and validation parts with a fixed seed; the ids are
recorded in ``eval/splits/ptc-split.json`` so every run tunes on the same
validation articles.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

SPLIT_SEED = 20200911
VALIDATION_FRACTION = 0.2
REPO = Path(__file__).resolve().parents[3]
SPLIT_FILE = REPO / "eval" / "splits" / "ptc-split.json"


@dataclass(slots=True)
class PTCArticle:
    id: str
    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)


def shared_dir() -> Path:
    return Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))


def ptc_dir() -> Path:
    return shared_dir() / "data" / "ptc" / "train"


def load_techniques(root: Path | None = None) -> list[str]:
    root = root or ptc_dir()
    path = root / "propaganda-techniques-names-semeval2020task11.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_articles(root: Path | None = None, ids: set[str] | None = None) -> dict[str, PTCArticle]:
    """Articles (text as read, offsets are code points into it) with their TC spans."""
    root = root or ptc_dir()
    articles: dict[str, PTCArticle] = {}
    for path in sorted((root / "train-articles").glob("article*.txt")):
        aid = path.stem.removeprefix("article")
        if ids is not None and aid not in ids:
            continue
        articles[aid] = PTCArticle(aid, path.read_text(encoding="utf-8"))
    for line in (root / "train-task-flc-tc.labels").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        aid, technique, start, end = line.split("\t")
        if aid in articles:
            articles[aid].spans.append((technique, int(start), int(end)))
    for art in articles.values():
        art.spans.sort(key=lambda s: (s[1], s[2], s[0]))
    return articles


def make_split(article_ids: list[str], seed: int = SPLIT_SEED, fraction: float = VALIDATION_FRACTION) -> dict:
    ids = sorted(article_ids)
    rng = random.Random(seed)
    rng.shuffle(ids)
    n_val = round(len(ids) * fraction)
    return {
        "about": "PTC train split by article into our own train/validation parts (article ids only). "
        "Made by presslens.training.ptc.make_split; tune on validation only.",
        "seed": seed,
        "validation_fraction": fraction,
        "train": sorted(ids[n_val:]),
        "validation": sorted(ids[:n_val]),
    }


def load_split(path: Path = SPLIT_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_split(path: Path = SPLIT_FILE, root: Path | None = None) -> dict:
    root = root or ptc_dir()
    ids = [p.stem.removeprefix("article") for p in (root / "train-articles").glob("article*.txt")]
    split = make_split(ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    return split


if __name__ == "__main__":
    s = write_split()
    print(f"train {len(s['train'])} articles, validation {len(s['validation'])} -> {SPLIT_FILE}")
