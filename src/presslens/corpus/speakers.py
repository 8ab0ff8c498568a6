"""Speaker index: every stored quotation of one person, across outlets.

``speaker_quotes(store, "Marta Ilves")`` finds the ``quotes`` annotations whose resolved
speaker (the ``label`` column) is that name, case-insensitively, and also those whose speaker
is the surname alone ("Ilves") when the surname is unambiguous: no other full name in the
store's quotations ends with it. Asked for a surname alone, it matches the full name too when
exactly one full name in the store ends with it. Each hit carries the article (id, title,
date, outlet, URL), the quote text, its offsets in the article body and its index, so
``store.annotations(article_id, "quotes")[idx]`` is the full record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from presslens.store.base import SQLStore


@dataclass(frozen=True)
class SpeakerQuote:
    article_id: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    idx: int
    start: int | None
    end: int | None
    text: str
    speaker: str
    role: str | None
    kind: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_speakers(store: SQLStore, name: str) -> list[str]:
    """The speaker labels stored for NAME (see the module docstring), sorted."""
    words = name.split()
    if not words:
        return []
    full = " ".join(words).lower()
    surname = words[-1].lower()
    rows = store.query(
        "SELECT DISTINCT label FROM annotations WHERE kind = ? AND label IS NOT NULL "
        "AND (lower(label) = ? OR lower(label) = ? OR lower(label) LIKE ? ESCAPE '\\')",
        ("quotes", full, surname, f"% {_escape_like(surname)}"),
    )
    labels = [r[0] for r in rows]
    norm = {label: " ".join(label.split()).lower() for label in labels}
    full_names = {n for n in norm.values() if len(n.split()) > 1 and n.split()[-1] == surname}
    out = [label for label in labels if norm[label] == full]
    if len(words) > 1:
        if full_names <= {full}:  # no other person with this surname: "Ilves" is Marta Ilves
            out += [label for label in labels if norm[label] == surname]
    elif len(full_names) == 1:  # asked for "Ilves", and one full name ends with it
        out += [label for label in labels if norm[label] in full_names]
    return sorted(set(out))


def speaker_quotes(store: SQLStore, name: str) -> list[SpeakerQuote]:
    """Every quotation of NAME, by date (undated last), then article and position."""
    labels = matching_speakers(store, name)
    if not labels:
        return []
    marks = ", ".join("?" * len(labels))
    rows = store.query(
        f"SELECT a.id, a.title, a.published, a.publisher, a.url, n.idx, n.start_char, n.end_char, n.label, "
        f"{store.json_text.format('n.data')} FROM annotations n JOIN articles a ON a.id = n.article_id "
        f"WHERE n.kind = ? AND n.label IN ({marks}) "
        "ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published, a.id, n.idx",
        ("quotes", *labels),
    )
    out = []
    for aid, title, published, publisher, url, idx, start, end, label, data in rows:
        record = json.loads(data) if isinstance(data, str) else (data or {})
        out.append(SpeakerQuote(aid, title, published, publisher, url, int(idx), start, end, str(record.get("text") or ""),
                                label, record.get("speaker_role"), record.get("kind")))
    return out


__all__ = ["SpeakerQuote", "matching_speakers", "speaker_quotes"]
