"""Speaker index: who is quoted across a corpus, one identity per person, and every quotation of one.

A stored quote's label is its ``speaker``, the attribution layer's resolved name (an entity's
canonical name where the article names one; None when nobody is named: such a quote is
*unattributed* and belongs to no speaker). Within an article the attribution layer has already
joined the variants of a name into one entity. Across articles the names still vary ("Donald J.
Trump", "Donald Trump", "Trump"), so this module groups stored names into identities:

- a name's **key** is its given name, surname and suffix, without titles ("Mr.", "Sen."),
  middle names or initials, case and accents: "Donald J. Trump" and "Donald Trump" share one;
  "Robert Parata" and "Te Kaurinui Robert Parata" do not (different given names), nor do
  "Ken Griffey" and "Ken Griffey Jr." (the suffix is kept);
- names with one key and *different* middle names ("George W. Bush", "George H. W. Bush") are
  kept apart, and the bare "George Bush" then joins neither;
- a surname alone ("Trump") joins the one identity with that surname, and stays on its own
  when two people share it ("Melania Trump", "Donald Trump");
- what is not a person's or organisation's name is not a speaker: a quote kind ("direct"), a
  common noun ("company", "insurer", "officials"), a name with no capital letter, and (when
  the record says so, ``speaker_kind``) a group, a vague source or a document.

``speaker_quotes(store, "Donald Trump")`` returns every quotation of that identity, each with
its article, offsets and index (``store.annotations(article_id, "quotes")[idx]``), whether the
quote is verbatim or a paraphrase, and the speaker's confidence when the record carries
``speaker_confidence`` (quotes written before it existed have none; they count as certain).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from presslens.render.sourcing import UNCERTAIN
from presslens.store.base import Store

QUOTE_KINDS = frozenset({"direct", "indirect", "partial", "document", "unattributed", "unknown", "none"})
#: What the attribution layer calls a speaker that is not one person or organisation (``unknown`` is
#: not among them: "Power added that ..." linked by its phrase alone is ``unknown``, and still Power;
#: the name rules below decide those).
NOT_SPEAKER_KINDS = frozenset({"group", "vague", "document"})
#: Common nouns that stand for a speaker without naming one ("the company said").
COMMON_NOUNS = frozenset("""
agency analyst analysts authorities authority board campaign chief committee company companies council court
critics department director doctor doctors document expert experts family firm government group insurer
investigators lawmaker lawmakers lawyer lawyers leader leaders man manager minister ministry office officer
officers official officials organisation organization owner party people police president prosecutor prosecutors
report residents researchers sheriff source sources spokesman spokesperson spokeswoman staff statement student
study survey team union witness witnesses woman worker workers
""".split())
_TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sen senator rep representative
gov governor pres president vp vice prime minister secretary judge justice gen general col colonel lt capt captain
sgt sergeant cmdr adm admiral officer chief mayor sheriff pope king queen prince princess the a an
""".split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset({"de", "da", "del", "della", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "el", "ibn", "st"})
_INITIAL = re.compile(r"^(?:(?:[^\W\d_]\.){1,3}|[^\W\d_])$")  # "J.", "J", "H.W.": not "Te"
SPEAKER_UNCERTAIN = UNCERTAIN
"""A speaker whose ``speaker_confidence`` is below this is shown as uncertain ("speaker uncertain: Parata?"):
the threshold of the report and the reader (:data:`presslens.render.sourcing.UNCERTAIN`)."""


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class NameKey:
    """What makes two spellings one name: given name (None for a surname alone), middle initials, surname, suffix."""

    given: str | None
    middle: str
    surname: str
    suffix: str

    @property
    def person(self) -> tuple[str | None, str, str]:
        return self.given, self.surname, self.suffix


def name_key(name: str) -> NameKey | None:
    """The key of a speaker's name (None when nothing of a name is left)."""
    text = re.sub(r"['’]s$", "", " ".join(name.split()))
    words = [w for w in re.split(r"[\s,]+", text) if w]
    while words and _fold(words[0]).rstrip(".") in _TITLES and len(words) > 1:
        words.pop(0)
    suffix = ""
    if len(words) > 1 and _fold(words[-1]).rstrip(".") in _SUFFIXES:
        suffix = _fold(words.pop()).rstrip(".")
    if not words:
        return None
    # the surname with its particles ("van der Berg", "de la Cruz")
    i = len(words) - 1
    while i > 1 and _fold(words[i - 1]) in _PARTICLES:
        i -= 1
    surname = " ".join(_fold(w).strip(".") for w in words[i:])
    given_words = words[:i]
    if not given_words:
        return NameKey(None, "", surname, suffix)
    names = [w for w in given_words if not _INITIAL.match(w)]
    initials = [w for w in given_words if _INITIAL.match(w)]
    if names:
        given = _fold(names[0]).strip(".")
        middle = " ".join(_fold(w)[0] for w in given_words[given_words.index(names[0]) + 1:])
    else:  # "J.K. Rowling": the initials are the given name
        given = _fold("".join(initials)).replace(".", "")
        middle = ""
    return NameKey(given, middle, surname, suffix)


def _titles(name: str) -> int:
    """How many leading titles ("President", "Mr.") a name carries."""
    words = name.split()
    n = 0
    while n < len(words) - 1 and _fold(words[n]).rstrip(".") in _TITLES:
        n += 1
    return n


def is_speaker_name(label: str | None, speaker_kind: str | None = None) -> bool:
    """Whether a stored speaker label names a person or an organisation (see the module docstring)."""
    if not label or not label.strip():
        return False
    if speaker_kind is not None and speaker_kind in NOT_SPEAKER_KINDS:
        return False
    words = [w for w in re.split(r"\s+", label.strip()) if w]
    folded = [_fold(w).strip(".,;:'’\"") for w in words]
    while folded and folded[0] in ("the", "a", "an", "its", "his", "her", "their", "our", "this", "that"):
        folded.pop(0)
        words.pop(0)
    if not folded or " ".join(folded) in QUOTE_KINDS:
        return False
    if all(f in COMMON_NOUNS or f in _TITLES for f in folded):
        return False
    return any(w[:1].isupper() for w in words)


# ---------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------
@dataclass
class Speaker:
    """One identity: ``name`` to show (its most used full spelling), the stored ``labels`` it
    covers, and how many quotations (``quotes``) carry them, ``uncertain`` of them with a
    speaker confidence below :data:`SPEAKER_UNCERTAIN`."""

    name: str
    labels: list[str] = field(default_factory=list)
    quotes: int = 0
    uncertain: int = 0
    refs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def group_speakers(counts: Mapping[str, int], kinds: Mapping[str, str | None] | None = None,
                   uncertain: Mapping[str, int] | None = None) -> list[Speaker]:
    """Stored speaker labels (label -> number of quotes) grouped into identities, most quoted first.
    Labels that are not names (:func:`is_speaker_name`) are left out."""
    kinds, uncertain = kinds or {}, uncertain or {}
    keys = {label: name_key(label) for label in counts if is_speaker_name(label, kinds.get(label))}
    keyed = {label: k for label, k in keys.items() if k is not None}
    # full names by (given, surname, suffix); middles that differ split them
    by_person: dict[tuple[str | None, str, str], list[str]] = {}
    for label, k in keyed.items():
        if k.given is not None:
            by_person.setdefault(k.person, []).append(label)
    groups: list[list[str]] = []
    for labels in by_person.values():
        middles = {keyed[label].middle for label in labels if keyed[label].middle}
        if len(middles) <= 1:
            groups.append(labels)
            continue
        for middle in sorted(middles):  # "George W." and "George H. W.": two people; the bare name joins neither
            groups.append([label for label in labels if keyed[label].middle == middle])
        bare = [label for label in labels if not keyed[label].middle]
        if bare:
            groups.append(bare)
    # a surname alone joins the one person with that surname
    people: dict[tuple[str, str], list[int]] = {}
    for i, labels in enumerate(groups):
        k = keyed[labels[0]]
        people.setdefault((k.surname, k.suffix), []).append(i)
    alone: dict[tuple[str, str], list[str]] = {}
    for label, k in keyed.items():
        if k.given is None:
            alone.setdefault((k.surname, k.suffix), []).append(label)
    for sk, labels in alone.items():
        owners = people.get(sk, [])
        if len(owners) == 1:
            groups[owners[0]] += labels
        else:
            groups.append(labels)
    out = []
    for labels in groups:
        n = sum(counts[label] for label in labels)
        full = [label for label in labels if keyed[label].given is not None] or labels
        name = max(full, key=lambda label: (counts[label], -_titles(label), len(label.split()), label))
        out.append(Speaker(name, sorted(labels), n, sum(uncertain.get(label, 0) for label in labels)))
    out.sort(key=lambda s: (-s.quotes, s.name))
    return out


def identity_of(name: str, speakers: Iterable[Speaker]) -> Speaker | None:
    """The identity NAME asks for among ``speakers`` (grouped by :func:`group_speakers`).

    A full name finds the identity holding its key (with its middle initials when it gives them;
    without, the one such identity, or the bare name's when middles split them); a surname alone
    finds the one person with that surname, else the identity of the surname alone."""
    key = name_key(name)
    if key is None:
        return None
    keyed = [(s, [k for k in (name_key(label) for label in s.labels) if k is not None]) for s in speakers]
    if key.given is not None:
        same = [(s, ks) for s, ks in keyed if any(k.person == key.person for k in ks)]
        if key.middle:
            return next((s for s, ks in same if any(k.middle == key.middle for k in ks)), None)
        if len(same) == 1:
            return same[0][0]
        return next((s for s, ks in same if all(not k.middle for k in ks if k.given is not None)), None)
    matches = [(s, ks) for s, ks in keyed if any(k.surname == key.surname and k.suffix == key.suffix for k in ks)]
    full = [s for s, ks in matches if any(k.given is not None for k in ks)]
    if len(full) == 1:
        return full[0]
    return next((s for s, ks in matches if all(k.given is None for k in ks)), None)


# ---------------------------------------------------------------------------
# Views over a store
# ---------------------------------------------------------------------------
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
    verbatim: bool = True
    speaker_confidence: float | None = None
    uncertain: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def candidates(store: Store, name: str) -> list[Speaker]:
    """The identities among the stored speakers whose names hold NAME's surname."""
    key = name_key(name)
    if key is None:
        return []
    raw = [w for w in re.split(r"[\s,]+", name.strip().lower()) if w and w.rstrip(".") not in _SUFFIXES]
    words = {key.surname.split()[-1], *(raw[-1:] if raw else [])}
    return top_speakers(store.speaker_rows(words=sorted(words), uncertain_below=SPEAKER_UNCERTAIN))


def matching_speakers(store: Store, name: str) -> list[str]:
    """The stored speaker labels of the identity NAME asks for, sorted (none when NAME is not a speaker)."""
    identity = identity_of(name, candidates(store, name))
    return sorted(identity.labels) if identity else []


def speaker_quotes(store: Store, name: str) -> list[SpeakerQuote]:
    """Every quotation of NAME's identity, by date (undated last), then article and position."""
    out = []
    for q in store.quotes_by_speakers(matching_speakers(store, name)):
        conf = q.data.get("speaker_confidence")
        conf = float(conf) if isinstance(conf, (int, float)) and not isinstance(conf, bool) else None
        kind = q.data.get("kind")
        out.append(SpeakerQuote(q.article_id, q.title, q.published, q.publisher, q.url, q.idx, q.start, q.end,
                                str(q.data.get("text") or ""), q.speaker, q.data.get("speaker_role"), kind,
                                verbatim=kind in ("direct", "partial"), speaker_confidence=conf,
                                uncertain=conf is not None and conf < SPEAKER_UNCERTAIN))
    return out


def top_speakers(rows: Sequence[Any], top: int | None = None) -> list[Speaker]:
    """Identities from :meth:`~presslens.store.base.Store.speaker_rows`-like rows (label, speaker_kind, quotes, uncertain)."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str | None] = {}
    unsure: Counter[str] = Counter()
    for r in rows:
        counts[r.label] += r.quotes
        if r.speaker_kind is not None or r.label not in kinds:
            kinds[r.label] = r.speaker_kind
        unsure[r.label] += r.uncertain
    speakers = group_speakers(counts, kinds, unsure)
    return speakers[:top] if top is not None else speakers


__all__ = ["COMMON_NOUNS", "NameKey", "SPEAKER_UNCERTAIN", "Speaker", "SpeakerQuote", "candidates", "group_speakers",
           "identity_of", "is_speaker_name", "matching_speakers", "name_key", "speaker_quotes", "top_speakers"]
