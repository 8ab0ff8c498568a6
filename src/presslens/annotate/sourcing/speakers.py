"""Speaker resolution shared by the quotation and source annotators.

Given a cue (a speech verb token of the spaCy Doc), find who speaks: the subject of the cue verb,
climbing through ``xcomp``/``advcl``/``conj`` to the verb that has one ("She went on to
declare", "..., demanding of Russia whether ..."), the agent of a passive ("confirmed by X"),
the head of a relative clause ("officials who said"). The subject becomes a speaker:

- the entity it mentions (itself, an apposition "The ambassador ..., Marta Ilves", or a
  compound "spokeswoman Ana Reyes"), with the role the text gives (the words before the name in
  the noun phrase, or the apposition after it);
- a pronoun ("He added that") resolves to the most recent compatible person (or organisation for
  "it") before it, within a few paragraphs; gender learnt from earlier pronouns and titles;
- otherwise the noun phrase itself, without determiners ("regional government"); coordinated
  subjects are joined with "; ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.annotate.lexicon import GOVERNMENT_WORDS, ROLE_NOUNS, SUBJECT_PRONOUNS
from presslens.annotate.sourcing.entities import Entity, entity_at

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sheikh sheik sir dame".split())
_FEMALE_TITLES = frozenset("mrs mrs. ms ms. miss dame queen princess congresswoman spokeswoman chairwoman".split())
_MALE_TITLES = frozenset("mr mr. sir king prince congressman spokesman chairman".split())
_CLIMB = ("xcomp", "advcl", "conj", "pcomp", "acl", "prep", "pobj", "ccomp")
_WINDOW = 1500
_GENDERED = re.compile(r"\b(?:he|she|his|her|him|hers|himself|herself)\b", re.IGNORECASE)
_ABBR = {"governor": "gov.", "senator": "sen.", "representative": "rep.", "general": "gen.", "president": "pres.", "professor": "prof."}  # characters back to look for a pronoun's antecedent


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None  # canonical name (None: unresolved)
    role: str | None
    start: int  # the speaker mention in the text
    end: int
    entity: Entity | None
    resolved_from_pronoun: bool = False


class Resolver:
    """Resolve subjects to speakers for one article (remembers pronoun genders as it goes)."""

    def __init__(self, text: str, entities: tuple[Entity, ...]) -> None:
        self.text = text
        self.entities = entities
        self.gender: dict[str, str] = {}
        self.quoted_spans: list[tuple[int, int]] = []
        self.person_mentions = sorted(
            (m.start, m.end, e) for e in entities if e.label == "PERSON" for m in e.mentions if m.where == "body"
        )
        self.org_mentions = sorted(
            (m.start, m.end, e) for e in entities if e.label in ("ORG", "GPE") for m in e.mentions if m.where == "body"
        )
        self._learn_gender_from_pronouns()
        for start, _end, e in self.person_mentions:
            before = text[max(0, start - 16) : start].split()
            if before:
                w = before[-1].casefold()
                if w in _FEMALE_TITLES:
                    self.gender.setdefault(e.name, "f")
                elif w in _MALE_TITLES:
                    self.gender.setdefault(e.name, "m")

    def _learn_gender_from_pronouns(self) -> None:
        """"Walter said that she ...": the first personal pronoun after a person's mention in the
        same sentence, with no other person named in between, gives that person's gender."""
        starts = [s for s, _e, _ent in self.person_mentions]
        for k, (_s, end, ent) in enumerate(self.person_mentions):
            if ent.name in self.gender:
                continue
            stop = starts[k + 1] if k + 1 < len(starts) else len(self.text)
            window = self.text[end : min(stop, end + 200)]
            window = re.split(r"(?<=[.!?])[\s”\"]", window, maxsplit=1)[0]
            m = _GENDERED.search(window)
            if m and not self.quoted(end + m.start()):
                self.gender[ent.name] = "f" if m.group().casefold() in ("she", "her", "hers", "herself") else "m"

    # -- subjects -------------------------------------------------------------
    def quoted(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.quoted_spans)

    def subject_of(self, verb):
        """The subject token of a cue verb (or of the verb it hangs from): outside quoted words,
        the agent of a passive, the object of "prompted X to say", the head of "who said"."""
        cur = verb
        for _ in range(5):
            subjects = [
                c for c in cur.children
                if c.dep_ in ("nsubj", "nsubjpass") and not c.is_punct and not self.quoted(c.idx)
                and not (c.dep_ == "nsubjpass" and _has_agent(cur))
            ]
            if subjects:
                best = max(subjects, key=lambda c: (sum(1 for _ in c.subtree), -abs(c.i - cur.i)))
                if best.tag_ in ("WP", "WDT") and cur.dep_ == "relcl":
                    return cur.head
                return best
            for c in cur.children:
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
            if cur.dep_ == "relcl":
                return cur.head
            if cur.dep_ == "xcomp" and cur.head is not cur:
                obj = next((c for c in cur.head.children if c.dep_ == "dobj" and c.i < cur.i), None)
                if obj is not None and not self.quoted(obj.idx):
                    return obj
            if cur.dep_ in _CLIMB and cur.head is not cur:
                cur = cur.head
                continue
            break
        return None

    def speaker(self, subj, doc) -> Speaker | None:
        if subj is None:
            return None
        low = subj.text.casefold()
        if low in SUBJECT_PRONOUNS and subj.tag_ in ("PRP", "") or low in ("he", "she"):
            return self.pronoun(subj)
        parts = [subj] + [c for c in subj.children if c.dep_ == "conj"]
        for c in list(parts[1:]):
            parts.extend(g for g in c.children if g.dep_ == "conj")
        speakers = [self._phrase(p) for p in parts]
        speakers = [s for s in speakers if s is not None]
        if not speakers:
            return None
        if len(speakers) == 1:
            return speakers[0]
        names = [s.name for s in speakers if s.name]
        start = min(s.start for s in speakers)
        end = max(s.end for s in speakers)
        return Speaker("; ".join(names) if names else None, None, start, end, None)

    def _phrase(self, head) -> Speaker | None:
        """Speaker of one noun phrase headed by ``head``."""
        tokens = [t for t in head.subtree]
        # the phrase without coordinated parts, relative clauses and trailing punctuation
        skip = set()
        for c in head.children:
            if c.dep_ in ("conj", "cc", "relcl", "acl", "punct") or (c.dep_ == "prep" and c.i > head.i and c.text.casefold() != "of" and c.text.casefold() != "to"):
                skip.update(t.i for t in c.subtree)
        appos = [c for c in head.children if c.dep_ == "appos"]
        core = [t for t in tokens if t.i not in skip and not any(t.i in {x.i for x in a.subtree} for a in appos)]
        if not core:
            core = [head]
        start, end = core[0].idx, core[-1].idx + len(core[-1].text)
        ent = entity_at(self.entities, head.idx, head.idx + len(head.text))
        if ent is not None and ent.label in ("PERSON", "ORG", "GPE", "LOC"):
            mention = _mention_around(ent, head.idx)
            role = None
            if ent.label == "PERSON":
                # words before the name in the phrase: "State Department spokesman", "Russian Ambassador"
                if mention and core[0].idx < mention[0]:
                    before = self.text[core[0].idx : mention[0]].strip(" ,")
                    role = _role_text(before)
                if role is None and appos:
                    role = _appos_role(appos[0], self.text)
            return Speaker(ent.name, role, *(mention or (start, end)), ent)
        for a in appos:
            ent = entity_at(self.entities, a.idx, a.idx + len(a.text), ("PERSON",))
            if ent is not None:
                mention = _mention_around(ent, a.idx) or (a.idx, a.idx + len(a.text))
                role_tokens = [t for t in core if not (mention[0] <= t.idx < mention[1])]
                role = self.text[role_tokens[0].idx : role_tokens[-1].idx + len(role_tokens[-1].text)].strip(" ,") if role_tokens else None
                return Speaker(ent.name, role, mention[0], mention[1], ent)
        # compounds inside the phrase ("Finnish Ambassador Lauri Salo" parsed with another head)
        ent = entity_at(self.entities, start, end, ("PERSON",))
        if ent is not None:
            mention = _mention_around(ent, start, end)
            if mention:
                role = _role_text(self.text[start : mention[0]].strip(" ,")) if start < mention[0] else None
                return Speaker(ent.name, role, mention[0], mention[1], ent)
        ent = entity_at(self.entities, start, end, ("ORG", "GPE"))
        text = self.text[start:end]
        text = re.sub(r"^(?:(?:the|a|an|both|either|all)\s+)+", "", text, flags=re.IGNORECASE).strip(" ,")
        if ent is not None and len(text.split()) <= 4:
            mention = _mention_around(ent, start, end) or (start, end)
            last = text.split()[-1].casefold() if text else ""
            if last in GOVERNMENT_WORDS and ent.label == "GPE" or len(text.split()) > len(ent.name.split()) + 1:
                return Speaker(text, None, start, end, ent)
            return Speaker(ent.name, None, mention[0], mention[1], ent)
        if not text or len(text.split()) > 8:
            return None
        if head.text.casefold() in ROLE_NOUNS and re.match(r"(?:the|The)\s", self.text[core[0].idx : core[0].idx + 4]):
            found = self.pronoun(head, definite=True)
            if found.name:
                return Speaker(found.name, text, start, end, found.entity, True)
        if head.tag_ in ("PRP", "WP", "EX") or head.text.casefold() in ("this", "that", "these", "those", "which"):
            return None
        return Speaker(text, None, start, end, None)

    def pronoun(self, tok, definite: bool = False) -> Speaker:
        low = tok.text.casefold()
        kind = "p" if definite else SUBJECT_PRONOUNS.get(low)
        if definite:
            # "the governor": the nearest person named with that title, else the nearest person
            for s, _e, ent in reversed(self.person_mentions):
                before = self.text[max(0, s - 40) : s].casefold().split()[-2:]
                if s < tok.idx and tok.idx - s <= _WINDOW and not self.quoted(s) and (low in before or _ABBR.get(low, "@") in before):
                    return Speaker(ent.name, None, tok.idx, tok.idx + len(tok.text), ent, True)
            kind = "any"
        start, end = tok.idx, tok.idx + len(tok.text)
        if kind in ("m", "f", "any"):
            for s, _e, ent in reversed(self.person_mentions):
                if s >= start or self.quoted(s):
                    continue
                if start - s > _WINDOW:
                    break
                known = self.gender.get(ent.name)
                if kind != "any":
                    if known and known != kind:
                        continue
                    self.gender.setdefault(ent.name, kind)
                return Speaker(ent.name, None, start, end, ent, True)
        elif kind == "n":
            for s, _e, ent in reversed(self.org_mentions):
                if s >= start:
                    continue
                if start - s > 400:
                    break
                if ent.label == "ORG":
                    return Speaker(ent.name, None, start, end, ent, True)
        return Speaker(None, None, start, end, None, True)


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


__all__ = ["Resolver", "Speaker", "HONORIFICS"]
