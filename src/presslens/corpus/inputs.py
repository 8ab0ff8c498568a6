"""What an ingest reads: inputs (directories, files, globs) expanded to files, each once, in order.

A JSON Lines file (``.jsonl``, ``.ndjson``, optionally ``.gz``) or a WARC file is marked to be
split into records by the ingest, so its records are analysed in parallel and its progress is
saved record by record.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from presslens.corpus.warc import is_warc
from presslens.errors import Rejected

ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text", ".json", ".jsonl", ".ndjson", ".warc")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_GLOB_CHARS = set("*?[")


@dataclass(slots=True)
class InputFile:
    """One file to ingest: ``name`` as shown and stored in records, ``key`` (absolute path) for resume."""

    path: Path
    name: str
    key: str
    size: int
    mtime: float
    jsonl: bool
    start_after: int = 0  # records already committed by an earlier run


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _is_article_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return not path.name.startswith(".") and name.endswith(ARTICLE_SUFFIXES)


def expand_inputs(args: Iterable[str | os.PathLike[str]], format: str | None = None) -> tuple[list[InputFile], list[Rejected]]:
    """Files named by ``args`` (directories walked, globs expanded), each once, in order;
    and a Rejected for each argument that names nothing."""
    files: list[InputFile] = []
    problems: list[Rejected] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = str(path.resolve())
        if key in seen:
            return
        seen.add(key)
        try:
            st = path.stat()
        except OSError as exc:
            problems.append(Rejected(str(path), "unreadable", f"{path}: cannot be read ({exc.strerror}); check the file"))
            return
        files.append(InputFile(path, str(path), key, st.st_size, st.st_mtime,
                               format == "jsonl" or is_jsonl(path) or is_warc(path)))  # split into records

    for arg in args:
        text = os.fspath(arg)
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                problems.append(Rejected(text, "empty", f"{text}: directory holds no article files "
                                         f"({', '.join(ARTICLE_SUFFIXES)}); pass the files directly"))
            for p in found:
                add(p)
        elif path.exists():
            add(path)
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            matches = [m for m in matches if m.is_file()]
            if not matches:
                problems.append(Rejected(text, "not-found", f"{text}: no file matches this pattern; check the path"))
            for m in matches:
                add(m)
        else:
            problems.append(Rejected(text, "not-found", f"{text}: does not exist; check the path"))
    return files, problems


__all__ = ["ARTICLE_SUFFIXES", "JSONL_SUFFIXES", "InputFile", "expand_inputs", "is_jsonl"]
