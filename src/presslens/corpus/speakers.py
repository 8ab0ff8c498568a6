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

from dataclasses import asdict, dataclass
from typing import Any

from presslens.store.base import Store


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


def matching_speakers(store: Store, name: str) -> list[str]:
    """The speaker labels stored for NAME (see the module docstring), sorted."""
    words = name.split()
    if not words:
        return []
    full = " ".join(words).lower()
    surname = words[-1].lower()
    labels = store.speaker_labels(full, surname)
    norm = {label: " ".join(label.split()).lower() for label in labels}
    full_names = {n for n in norm.values() if len(n.split()) > 1 and n.split()[-1] == surname}
    out = [label for label in labels if norm[label] == full]
    if len(words) > 1:
        if full_names <= {full}:  # no other person with this surname: "Ilves" is Marta Ilves
            out += [label for label in labels if norm[label] == surname]
    elif len(full_names) == 1:  # asked for "Ilves", and one full name ends with it
        out += [label for label in labels if norm[label] in full_names]
    return sorted(set(out))


def speaker_quotes(store: Store, name: str) -> list[SpeakerQuote]:
    """Every quotation of NAME, by date (undated last), then article and position."""
    out = []
    for q in store.quotes_by_speakers(matching_speakers(store, name)):
        out.append(SpeakerQuote(q.article_id, q.title, q.published, q.publisher, q.url, q.idx, q.start, q.end,
                                str(q.data.get("text") or ""), q.speaker, q.data.get("speaker_role"), q.data.get("kind")))
    return out


__all__ = ["SpeakerQuote", "matching_speakers", "speaker_quotes"]
