"""What the attribution layer knows about an article before it resolves anything.

:class:`ArticleFacts` (the base of :class:`presslens.annotate.sourcing.attribution.Resolver`):
sentence bounds, the people's and organisations' mentions (photo credits left out), for each
person mention whether it is a subject, a speaker ("Reyes said"), after a preposition or a
possessive, the role and kinship words the article gives each person, and their gender (titles,
kinship words, the pronouns that follow a subject mention). Also the :class:`Speaker` record the
layer returns and small helpers over the spaCy parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from presslens.annotate.lexicon import (
    FEMALE_NAMES,
    GROUP_NOUNS,
    KIN_NOUNS,
    MALE_NAMES,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    SPEECH_FORMS,
    TITLES,
)
from presslens.annotate.sourcing.names import credit_spans, full_name_for
from presslens.records import Entity

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sheikh sheik sir dame".split())
_FEMALE = frozenset(
    "mrs mrs. ms ms. miss dame queen princess congresswoman spokeswoman chairwoman mother daughter sister wife widow "
    "aunt niece grandmother granddaughter girl woman businesswoman actress".split()
)
_MALE = frozenset(
    "mr mr. sir king prince congressman spokesman chairman father son brother husband widower uncle nephew "
    "grandfather grandson boy man businessman actor".split()
)
# words that make a capitalised subject something other than a person's name
_NOT_NAMES = ORG_WORDS | ORG_NOUNS | GROUP_NOUNS | TITLES | frozenset(
    "police court government city province state county ministry department office council party news press "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_CLIMB = ("xcomp", "advcl", "conj", "pcomp", "acl", "prep", "pobj", "ccomp")
_WINDOW = 2500  # characters back to look for a pronoun's or a role's antecedent
_GENDERED = re.compile(r"\b(?:he|she|his|her|him|hers|himself|herself)\b", re.IGNORECASE)
_ABBR = {"governor": "gov.", "senator": "sen.", "representative": "rep.", "general": "gen.", "president": "pres.", "professor": "prof."}
_OBLIQUE = frozenset(
    "of to for with by from about against after at on in into than like behind toward towards between among whom "
    "before over under upon via including".split()
)
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_DETS = re.compile(r"^(?:(?:the|a|an|both|either|all)\s+)+", re.IGNORECASE)
_SPEECH_AFTER = re.compile(r"^(?:\s*,[^,.;\n]{1,90},)?\s*,?\s+(\w+)")
_IN_RELATIVE = re.compile(
    r",\s*(?:who|whom|whose|which)\b(?:[^,;.!?\n]|\b(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Lt|Gen|Col|Capt|Sgt|St|Prof|Rev)\.)*$"
)
_SAID_BEFORE = re.compile(r"\b(?:said|says|say|told|added|adds|wrote|writes|noted|explained|asked)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a speaker mention is. ``name`` the canonical name (an entity's, or the words of a group
    or an unresolved phrase; None when nobody can be named); ``path`` how it was linked (module
    docstring); ``kind`` ``person``, ``organization``, ``group``, ``vague``, ``document`` or
    ``unknown``; ``candidates`` how many compatible antecedents competed (1: none did);
    ``distance`` sentences between the mention and the antecedent it was linked to;
    ``gender_known`` whether a pronoun's gender agreed with a known gender of the antecedent."""

    name: str | None
    role: str | None
    start: int
    end: int
    entity: Entity | None
    resolved_from_pronoun: bool = False
    path: str = "phrase"
    kind: str = "unknown"
    candidates: int = 1
    distance: int = 0
    gender_known: bool = False
    margin: float = 4.0  # how far the chosen antecedent's salience is ahead of the next one (4: no rival)
    antecedent_spoke: bool = False  # the antecedent was itself reported speaking just before
    nearer: int = 0  # other people made subjects between the antecedent and the pronoun (a rival the rules passed over)

    def with_(self, **changes: Any) -> Speaker:
        from dataclasses import replace

        return replace(self, **changes)


@dataclass(slots=True)
class _PMention:
    start: int
    end: int
    entity: Entity
    subject: bool = False  # a subject ("Reyes met ...") or sentence-initial
    speech: bool = False  # the subject of a speech verb ("Reyes said", "said Reyes")
    oblique: bool = False  # after a preposition ("the death of Jordan Lee")
    possessive: bool = False  # "Reyes's father"



@dataclass
class ArticleFacts:
    """Facts about one article's mentions (``doc`` the article's spaCy Doc)."""


    text: str
    entities: tuple[Entity, ...]
    doc: Any = None
    quoted_spans: list[tuple[int, int]] = field(default_factory=list)
    exclude: tuple[int, int] | None = None  # the content being attributed: its words are not its speaker
    # where people named are not a pronoun speaker's antecedent (the content; for "A, he said, but
    # B" the whole sentence); None: ``exclude``
    disjoint: tuple[int, int] | None = None
    gender: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        credits = credit_spans(self.text)
        self._credits = credits
        self.persons: list[_PMention] = []
        self.orgs: list[tuple[int, int, Entity]] = []
        for e in self.entities:
            for m in e.mentions:
                if m.where != "body" or any(a <= m.start < b for a, b in credits):
                    continue
                if e.label == "PERSON":
                    self.persons.append(_PMention(m.start, m.end, e))
                elif e.label in ("ORG", "GPE"):
                    self.orgs.append((m.start, m.end, e))
        self._unnamed_speakers()
        self.persons.sort(key=lambda p: p.start)
        self.orgs.sort(key=lambda o: o[0])
        self.surname_owners: dict[str, set[str]] = {}
        for e in self.entities:
            if e.label == "PERSON" and len(e.name.split()) >= 2:
                self.surname_owners.setdefault(e.name.split()[-1].casefold(), set()).add(e.name)
        self.sent_starts = self._sentence_starts()
        # organisation mentions that are the subject of a speech verb ("BC Power said"): as with
        # people, an organisation that spoke is what a later "it said" / "the utility said" continues
        self.org_speech: set[int] = set()
        for s0, e0, _ent in self.orgs:
            after = _SPEECH_AFTER.match(self.text[e0 : e0 + 110])
            if after and after.group(1).casefold() in SPEECH_FORMS and not self.quoted(s0):
                self.org_speech.add(s0)
        self._roles = self._role_evidence()
        for p in self.persons:
            self._describe(p)
        self._learn_gender()

    # -- article facts --------------------------------------------------------
    def _unnamed_speakers(self) -> None:
        """People the NER missed but the parse shows speaking: a proper name of two words or more
        (or a surname the text gives in full elsewhere) that is the subject of a speech verb and no
        entity covers ("Navdeep Bains, Minister of ..., said"). They become person mentions here
        (not entities of the record), so that a pronoun after them can find them."""
        if self.doc is None:
            return
        made: dict[str, Entity] = {}
        covered = sorted((m.start, m.end) for e in self.entities for m in e.mentions if m.where == "body")
        cstarts = [a for a, _b in covered]
        for tok in self.doc:
            if tok.dep_ != "nsubj" or tok.tag_ != "NNP" or tok.ent_type_ not in ("", "PERSON") or tok.head.text.casefold() not in SPEECH_FORMS:
                continue
            parts = [c for c in tok.children if c.dep_ == "compound" and c.tag_ == "NNP" and c.i < tok.i]
            first = parts[0] if parts and parts[-1].i == tok.i - 1 and all(c.i == tok.i - len(parts) + k for k, c in enumerate(parts)) else tok
            start, end = first.idx, tok.idx + len(tok.text)
            k = bisect.bisect_right(cstarts, end) - 1
            if self.quoted(start) or (k >= 0 and covered[k][1] > start):
                continue
            words = self.text[start:end].split()
            if not all(re.fullmatch(r"[A-Z][a-z’'-]+", w) for w in words) or \
                    any(w.casefold() in _NOT_NAMES or w.casefold() in ROLE_NOUNS or w.casefold() in PERSON_NOUNS for w in words):
                continue
            ent = made.get(words[-1].casefold())
            if ent is None:
                if len(words) < 2:
                    full = full_name_for(self.text, words[0])
                    if full is None:
                        continue
                    words = self.text[full[0] : full[1]].split()
                name = " ".join(words)
                ent = Entity(start, end, name, "PERSON", (), (), 0.5, "attribution@1")
                made[words[-1].casefold()] = ent
            self.persons.append(_PMention(start, end, ent, subject=True, speech=True))

    def _sentence_starts(self) -> list[int]:
        if self.doc is None:
            return [0] + [m.end() for m in re.finditer(r"[.!?][”\"’]?\s+|\n\s*\n", self.text)]
        from presslens.annotate.nlp import sentence_spans

        return [s for s, _e in sentence_spans(self.doc)] or [0]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def _token_at(self, offset: int):
        if self.doc is None:
            return None
        if not hasattr(self, "_tok_starts"):
            self._tok_starts = [t.idx for t in self.doc]
        k = bisect.bisect_right(self._tok_starts, offset) - 1
        return self.doc[k] if k >= 0 else None

    def _describe(self, p: _PMention) -> None:
        text = self.text
        before = text[max(0, p.start - 40) : p.start]
        words = re.findall(r"[\w’'.-]+", before)
        prev = words[-1].casefold() if words else ""
        sent_start = self.sent_starts[self.sentence_index(p.start)]
        lead = text[sent_start : p.start]
        p.oblique = prev in _OBLIQUE and not re.search(r"[,;:]\s*$", before)
        p.possessive = bool(re.match(r"[’']s?\b", text[p.end : p.end + 3]))
        tok = self._token_at(p.start)
        if tok is not None and tok.dep_ not in ("dep", "ROOT", ""):
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                head = head.head
            p.subject = head.dep_ in ("nsubj", "nsubjpass")
        else:
            p.subject = not p.oblique and len(re.findall(r"\w+", lead)) <= 3 and not p.possessive
        after = _SPEECH_AFTER.match(text[p.end : p.end + 110])
        p.speech = bool(after and after.group(1).casefold() in SPEECH_FORMS) or bool(_SAID_BEFORE.search(before))
        if _IN_RELATIVE.search(text[max(0, p.start - 90) : p.start]):
            # "Walter, who worked for Rep. Ana Mills, said": Mills is inside the relative clause
            p.speech = p.subject = False
        if p.speech:
            p.subject = True

    def _role_evidence(self) -> dict[str, set[str]]:
        """Role and kinship words the article gives each person: "Minister X", "X, the minister",
        "X's father, Joseph" (Joseph: father), "the ambassador to the UN, X"."""
        out: dict[str, set[str]] = {}
        text = self.text
        for p in self.persons:
            before = text[max(0, p.start - 70) : p.start]
            before = re.split(r"[.;!?\n]|\b(?:said|says|and)\b", before)[-1]
            after = re.match(r"\s*,\s*([^,.;\n]{2,80})", text[p.end : p.end + 90])
            words = set(re.findall(r"[a-z][\w-]*", before.casefold()))
            if after:
                words |= set(re.findall(r"[a-z][\w-]*", after.group(1).casefold()))
            roles = {w for w in words if w in ROLE_NOUNS or w in KIN_NOUNS or w in PERSON_NOUNS}
            if roles:
                out.setdefault(p.entity.name, set()).update(roles)
        return out

    def _learn_gender(self) -> None:
        """Votes per person: a title or kinship word before/after a mention (3), a given name
        usually borne by one gender (3), the first gendered pronoun after a mention before anyone
        else is named (1; 2 after a subject)."""
        votes: dict[str, int] = {}
        text = self.text
        starts = [p.start for p in self.persons]
        for k, p in enumerate(self.persons):
            if self.quoted(p.start):
                continue
            name = p.entity.name
            before = text[max(0, p.start - 25) : p.start].casefold().split()
            w = before[-1] if before else ""
            if w in _FEMALE:
                votes[name] = votes.get(name, 0) - 3
            elif w in _MALE:
                votes[name] = votes.get(name, 0) + 3
            stop = starts[k + 1] if k + 1 < len(starts) else len(text)
            window = text[p.end : min(stop, p.end + 220)]
            pieces = re.split(r"(?<=[.!?])[\s”\"]+(?=[A-Z“\"])", window, maxsplit=2)
            window = " ".join(pieces[:2])
            m = _GENDERED.search(window)
            if m and not self.quoted(p.end + m.start()) and not p.oblique and (p.subject or p.possessive):
                weight = 2 if p.subject else 1
                female = m.group().casefold() in ("she", "her", "hers", "herself")
                votes[name] = votes.get(name, 0) + (-weight if female else weight)
        for e in {p.entity.name: p.entity for p in self.persons}.values():
            # a given name usually borne by one gender ("Kathleen Roussel"): a weak vote that the
            # article's own titles, kinship words and pronouns outweigh
            first = e.name.split()[0].casefold() if len(e.name.split()) >= 2 else ""
            if first in FEMALE_NAMES:
                votes[e.name] = votes.get(e.name, 0) - 3
            elif first in MALE_NAMES:
                votes[e.name] = votes.get(e.name, 0) + 3
        for name, roles in self._roles.items():
            for r in roles:
                if r in _FEMALE:
                    votes[name] = votes.get(name, 0) - 3
                elif r in _MALE:
                    votes[name] = votes.get(name, 0) + 3
        for name, v in votes.items():
            if v:
                self.gender[name] = "m" if v > 0 else "f"

    # -- subjects -------------------------------------------------------------
    def quoted(self, offset: int) -> bool:
        """Whether ``offset`` is inside quoted words (or inside the content being attributed)."""
        ex = self.exclude
        return any(a <= offset < b for a, b in self.quoted_spans) or (ex is not None and ex[0] <= offset < ex[1])


def _has_agent(verb) -> bool:
    return any(c.dep_ == "agent" for c in verb.children)


def _mention_around(ent: Entity, start: int, end: int | None = None) -> tuple[int, int] | None:
    end = start + 1 if end is None else end
    for m in ent.mentions:
        if m.where == "body" and m.start < end and start < m.end:
            return (m.start, m.end)
    return None


def _role_text(text: str) -> str | None:
    text = text.strip(" ,")
    if not text:
        return None
    words = text.split()
    if all(w.casefold() in HONORIFICS for w in words):
        return None
    while words and words[-1].casefold() in HONORIFICS:
        words.pop()
    return " ".join(words) or None


def _appos_role(appos, text: str) -> str | None:
    toks = sorted(appos.subtree, key=lambda t: t.i)
    out = []
    for t in toks:
        if t.i > appos.i and t.text in (",", ";", "(", "—", "–"):
            break
        out.append(t)
    if not out:
        return None
    role = text[out[0].idx : out[-1].idx + len(out[-1].text)].strip(" ,")
    if not any(w.casefold().strip(",") in ROLE_NOUNS for w in role.split()):
        return role if len(role.split()) <= 8 else None
    return role


def _introduces_someone(head) -> bool:
    """Whether a role phrase describes a person the article has not named: the role is tied to an
    indefinite thing ("the owner of a bakery", "the mother of a pupil at the school"), which a
    writer does to introduce someone, not to point back at a person already named."""
    for prep in head.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and any(d.dep_ == "det" and d.text.casefold() in ("a", "an", "another") for d in obj.children):
                return True
    return False
