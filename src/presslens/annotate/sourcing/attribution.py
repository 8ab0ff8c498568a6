"""The attribution layer: who a mention of a speaker or a source is, shared by quotes, sources and figures.

Quotations (:mod:`.quotes`), named and vague sources (:mod:`.sources`) and the ``source`` of
numeric claims (:mod:`presslens.annotate.claims.figures`) all ask this one layer who the words
naming a speaker are, so a fix here helps all three. Given the subject of a speech cue (a token
of the spaCy Doc), :meth:`Resolver.speaker` links it to an entity and says how
(:attr:`Speaker.path`), with the evidence a calibrated confidence is computed from
(:mod:`.calibration`):

- ``name``: the mention is the entity's full name (or an apposition / a title before it:
  "The ambassador ..., Marta Ilves", "spokeswoman Ana Reyes"); ``surname``: a surname or short
  form of a longer name ("Reyes"); ``ambiguous`` when two people of the article share it (father
  and son: the mention went to the one named nearest before it, see :mod:`.entities`);
- ``pronoun``: "he"/"she" resolved by salience: people mentioned in the last sentences, scored by
  distance, by whether the mention was a subject or a speaker ("Reyes said"), against mentions
  after a preposition ("the death of Jordan Lee"), with the gender the article gives them (titles,
  kinship nouns, the pronouns that follow their mentions); "it" to the last organisation that is
  not a news agency merely reporting; "they" to the last plural group or organisation subject;
- ``role``: a definite description ("the minister", "his father", "the company") linked to the
  entity the article gives that role (appositions, titles) or, for organisation nouns, the
  nearest organisation of that kind;
- ``group``: a plural group or a possessive group ("officials", "Obama administration officials",
  "McCallum's staff"): the words themselves, never a person named inside them;
- ``vague``: anonymous attribution ("a source", "people familiar with the talks"): the words, never
  a guessed name;
- ``document``: a statement, report or study ("A statement said"): the organisation or person that
  issued it when the text says so ("a study by X", "X's statement") or the speaker just before;
- ``first-person``: the author's own voice ("I believe"): no speaker;
- ``phrase``: anything else: the noun phrase, without determiners, no entity.

News agencies (Reuters, AP, AFP ...) that report what somebody said are not its speaker: they are
never the antecedent of "it" while another organisation is, and "X told Reuters" keeps X.
"""
from __future__ import annotations

from presslens.annotate.lexicon import (
    DOCUMENT_WORDS,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    KIN_NOUNS,
    NEWS_AGENCIES,
    ORG_NOUNS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    SUBJECT_PRONOUNS,
    VAGUE_HEADS,
)
from presslens.annotate.sourcing.entities import entity_at
from presslens.annotate.sourcing.mentions import (
    _ABBR,
    _CLIMB,
    _DETS,
    _FIRST_PERSON,
    _WINDOW,
    HONORIFICS,
    ArticleFacts,
    Speaker,
    _appos_role,
    _has_agent,
    _introduces_someone,
    _mention_around,
    _PMention,
    _role_text,
)
from presslens.annotate.sourcing.names import full_name_for
from presslens.records import Entity

# organisation nouns that stand for an organisation of any name ("the company" after "Ratehub");
# others ("the council", "the union", "the board") only for one whose name holds the noun
_GENERIC_ORG_NOUNS = frozenset(
    "company agency firm utility department organization organisation carrier airline retailer insurer manufacturer "
    "automaker developer publisher broadcaster network charity foundation institute group".split()
)

# plural nouns for data or findings: "figures from X" is X's document, not a group of people
_DATA_NOUNS = frozenset("numbers figures data statistics estimates findings results records documents projections".split())


class Resolver(ArticleFacts):
    """Link speaker mentions to entities for one article (``doc`` the article's spaCy Doc)."""

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
                # two subjects where a title's period split the name ("Police Lt. Carl Novak said"):
                # the person
                best = max(subjects, key=lambda c: (c.ent_type_ == "PERSON", sum(1 for _ in c.subtree), -abs(c.i - cur.i)))
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
        return self._adjacent_subject(verb)

    def _adjacent_subject(self, verb):
        """A name or pronoun right before the cue that the parser attached elsewhere (``“...,”
        DeBoer said`` with "DeBoer" read as an auxiliary)."""
        doc = verb.doc
        k = verb.i - 1
        if k < 0 or doc[k].sent.start != verb.sent.start:
            return None
        tok = doc[k]
        if self.quoted(tok.idx) or tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "poss"):
            return None
        if tok.tag_ in ("NNP", "NNPS") or tok.text.casefold() in ("he", "she", "they", "it"):
            return tok
        return None

    def speaker(self, subj, doc=None) -> Speaker | None:
        """The speaker a subject token names (``doc`` is accepted for the older signature)."""
        if subj is None:
            return None
        low = subj.text.casefold()
        if low in _FIRST_PERSON and subj.tag_ in ("PRP", ""):
            return Speaker(None, None, subj.idx, subj.idx + len(subj.text), None, False, "first-person", "unknown")
        if low in SUBJECT_PRONOUNS and subj.tag_ in ("PRP", "") or low in ("he", "she"):
            return self.pronoun(subj)
        parts = [subj] + [c for c in subj.children if c.dep_ == "conj"]
        for c in list(parts[1:]):
            parts.extend(g for g in c.children if g.dep_ == "conj")
        if len(parts) > 1 and (subj.tag_ == "NNS" or subj.text.casefold() in GROUP_NOUNS):
            # "Several lawyers and experts": one group, named by all its words
            sp = self._phrase(subj, coordinated=True)
            return sp
        speakers = [s for s in (self._phrase(p) for p in parts) if s is not None]
        if not speakers:
            return None
        if len(speakers) == 1:
            return speakers[0]
        names = [s.name for s in speakers if s.name]
        # "Kim and Clark Moran": a given name alone before a full name shares its surname
        last = names[-1].split() if names else []
        if len(last) >= 2:
            names = [f"{n} {last[-1]}" if len(n.split()) == 1 and n[:1].isupper() and sp.kind == "person" else n
                     for n, sp in zip(names, speakers, strict=False)]
        start = min(s.start for s in speakers)
        end = max(s.end for s in speakers)
        kinds = {s.kind for s in speakers}
        return Speaker("; ".join(names) if names else None, None, start, end, None, False, "coordinated",
                       kinds.pop() if len(kinds) == 1 else "group", max(s.candidates for s in speakers))

    def _np(self, head, coordinated: bool = False) -> tuple[list, list]:
        """The tokens of the noun phrase of ``head`` (without coordination unless ``coordinated``,
        relative clauses, trailing prepositional phrases other than of/to/for) and its appositions."""
        skip: set[int] = set()
        drop = ("relcl", "acl") if coordinated else ("conj", "cc", "relcl", "acl", "punct")
        for c in head.children:
            if c.dep_ in drop or (c.dep_ == "prep" and c.i > head.i and c.text.casefold() not in ("of", "to", "for", "in", "at", "with", "familiar")):
                skip.update(t.i for t in c.subtree)
            elif c.dep_ == "amod" and c.i > head.i and c.text.casefold() != "familiar":
                skip.update(t.i for t in c.subtree)
        appos = [c for c in head.children if c.dep_ == "appos"]
        app_ids = {x.i for a in appos for x in a.subtree}
        core = [t for t in head.subtree if t.i not in skip and t.i not in app_ids]
        while core and core[-1].is_punct:
            core.pop()
        return core or [head], appos

    def _phrase(self, head, coordinated: bool = False) -> Speaker | None:
        """Speaker of one noun phrase headed by ``head`` (with its coordination when ``coordinated``)."""
        core, appos = self._np(head, coordinated)
        start, end = core[0].idx, core[-1].idx + len(core[-1].text)
        low = head.text.casefold()
        words_text = _DETS.sub("", self.text[start:end]).strip(" ,")
        group_head = head.tag_ == "NNS" or low in GROUP_NOUNS
        ent = entity_at(self.entities, head.idx, head.idx + len(head.text))
        if ent is not None and ent.label in ("PERSON", "ORG", "GPE", "LOC") and not (group_head and head.tag_ == "NNS" and ent.label == "PERSON"):
            mention = _mention_around(ent, head.idx)
            role = None
            if ent.label == "PERSON":
                if mention and core[0].idx < mention[0]:
                    role = _role_text(self.text[core[0].idx : mention[0]].strip(" ,"))
                if role is None and appos:
                    role = _appos_role(appos[0], self.text)
                return self._named(ent, mention or (start, end), role)
            kind = "organization"
            last = words_text.split()[-1].casefold() if words_text else ""
            if last in GOVERNMENT_WORDS and ent.label == "GPE" or len(words_text.split()) > len(ent.name.split()) + 1:
                return Speaker(words_text, None, start, end, ent, False, "phrase", kind)
            m0, m1 = mention or (start, end)
            return Speaker(ent.name, None, m0, m1, ent, False, "name", kind)
        for a in appos:
            ent = entity_at(self.entities, a.idx, a.idx + len(a.text), ("PERSON",))
            if ent is not None:
                mention = _mention_around(ent, a.idx) or (a.idx, a.idx + len(a.text))
                role_tokens = [t for t in core if not (mention[0] <= t.idx < mention[1])]
                role = self.text[role_tokens[0].idx : role_tokens[-1].idx + len(role_tokens[-1].text)].strip(" ,") if role_tokens else None
                return self._named(ent, mention, role)
        if low in _DATA_NOUNS and any(t.dep_ == "pobj" and t.head.text.casefold() in ("by", "from", "of") for t in head.subtree):
            # "the most recent numbers from Statistics Canada": the issuer, not a group
            return self._document(head, core, start, end, words_text)
        if group_head or low in VAGUE_HEADS:
            # a group speaks: "officials", "Obama administration officials", "McCallum's staff",
            # "sources familiar with the talks" -- the words, never a person named inside them
            if not words_text or len(words_text.split()) > 10:
                return None
            vague = low in VAGUE_HEADS and not any(entity_at(self.entities, t.idx, t.idx + len(t.text)) for t in core if t is not head)
            return Speaker(words_text, None, start, end, None, False, "vague" if vague else "group", "vague" if vague else "group")
        # a title or name parsed with another head ("Finnish Ambassador Lauri Salo")
        ent = entity_at(self.entities, start, end, ("PERSON",))
        if ent is not None and (head.tag_ in ("NNP", "NNPS") or low in ROLE_NOUNS or low in HONORIFICS):
            # "the mayor of Harbour Town, Anna Berg": the person set off by a comma is the one meant
            appositive = next((p for p in self.persons if start < p.start < end and self.text[:p.start].rstrip().endswith(",")), None)
            if appositive is not None:
                ent = appositive.entity
            mention = _mention_around(ent, start, end)
            if mention and any(t.dep_ == "prep" and t.head.i == head.i and "," not in self.text[t.idx : mention[0]]
                               for t in core if t.idx < mention[0]):
                mention = None  # "a spokeswoman for Trudeau" is not Trudeau ("the mayor of X, Anna Berg" is Anna Berg)
            if mention:
                role = _role_text(self.text[start : mention[0]].strip(" ,")) if start < mention[0] else None
                return self._named(ent, mention, role)
        if low in DOCUMENT_WORDS or low in ("study", "survey", "poll", "release", "website", "findings", "research"):
            return self._document(head, core, start, end, words_text)
        ent = entity_at(self.entities, start, end, ("ORG", "GPE"))
        if ent is not None and len(words_text.split()) <= 4 and not (head.tag_ == "NN" and low in ORG_NOUNS and ent.name.casefold() not in words_text.casefold()):
            mention = _mention_around(ent, start, end) or (start, end)
            last = words_text.split()[-1].casefold() if words_text else ""
            if last in GOVERNMENT_WORDS and ent.label == "GPE" or len(words_text.split()) > len(ent.name.split()) + 1:
                return Speaker(words_text, None, start, end, ent, False, "phrase", "organization")
            return Speaker(ent.name, None, mention[0], mention[1], ent, False, "name", "organization")
        if not words_text or len(words_text.split()) > 8:
            return None
        det = next((c for c in head.children if c.dep_ in ("det", "poss") and c.i < head.i), None)
        definite = det is not None and det.text.casefold() in ("the", "his", "her", "their", "its", "this", "that")
        personal = det is not None and det.text.casefold() in ("the", "his", "her", "their")
        described = low in ROLE_NOUNS or low in KIN_NOUNS or low in PERSON_NOUNS or "-year-old" in words_text
        if definite and low in ORG_NOUNS:
            found = self._org_noun(low, start)
            if found is not None:
                return found.with_(start=start, end=end)
            return Speaker(words_text, None, start, end, None, False, "phrase", "organization")
        if personal and described:
            found = self.role(head, low, words_text)
            if found is not None:
                return found
        if head.tag_ in ("PRP", "WP", "EX", "DT") or low in ("this", "that", "these", "those", "which", "it"):
            return None
        if head.tag_ == "NNP" and len(words_text.split()) == 1 and words_text[:1].isupper() and not words_text.isupper():
            # a name the NER missed ("Horvat said"): its full form where the text gives one
            full = full_name_for(self.text, words_text)
            if full is not None:
                return Speaker(self.text[full[0] : full[1]], None, start, end, None, False, "surname", "person")
            return Speaker(words_text, None, start, end, None, False, "phrase", "person")
        kind = "organization" if low in ORG_NOUNS else "unknown"
        return Speaker(words_text, None, start, end, None, False, "phrase", kind)

    def _named(self, ent: Entity, mention: tuple[int, int], role: str | None) -> Speaker:
        surface = self.text[mention[0] : mention[1]]
        words = [w for w in surface.split() if w.casefold() not in HONORIFICS]
        path = "name" if len(words) >= 2 or len(ent.name.split()) == 1 else "surname"
        owners = self.surname_owners.get(ent.name.split()[-1].casefold(), set())
        candidates = len(owners) if path == "surname" else 1
        return Speaker(ent.name, role, mention[0], mention[1], ent, False, path, "person", max(1, candidates))

    def _document(self, head, core, start: int, end: int, words_text: str) -> Speaker:
        """"A statement said", "a study by X said": who issued it."""
        for t in head.subtree:
            if t.dep_ == "pobj" and t.head.text.casefold() in ("by", "from", "of"):
                ent = entity_at(self.entities, t.idx, t.idx + len(t.text))
                if ent is not None:
                    m = _mention_around(ent, t.idx) or (t.idx, t.idx + len(t.text))
                    return Speaker(ent.name, None, m[0], m[1], ent, False, "document", "person" if ent.label == "PERSON" else "organization")
            if t.dep_ == "poss" and t.i < head.i and t.text.casefold() in ("his", "her", "its"):
                # "her statement said": the statement's issuer is whom the possessive refers to
                low = t.text.casefold()
                found = self._it(t.idx) if low == "its" else self._salient(t.idx, "m" if low == "his" else "f")
                if found is not None and found.name:
                    return found.with_(start=start, end=end, path="document")
            if t.dep_ in ("poss", "compound") and t.i < head.i:
                ent = entity_at(self.entities, t.idx, t.idx + len(t.text))
                if ent is not None:
                    m = _mention_around(ent, t.idx) or (t.idx, t.idx + len(t.text))
                    return Speaker(ent.name, None, m[0], m[1], ent, False, "document", "person" if ent.label == "PERSON" else "organization")
        # the organisation or person who spoke just before ("Gatsby said ... A statement said")
        best = None
        limit = self.sent_starts[max(0, self.sentence_index(start) - 2)]
        for s, _e, ent in reversed(self.orgs):
            if s < start and s >= limit and ent.name.casefold() not in NEWS_AGENCIES:
                best = (s, ent)
                break
        for p in reversed(self.persons):
            if p.start < start and p.start >= limit and p.speech and (best is None or p.start > best[0]):
                best = (p.start, p.entity)
                break
        if best is not None:
            ent = best[1]
            return Speaker(ent.name, None, start, end, ent, False, "document-previous",
                           "person" if ent.label == "PERSON" else "organization", 1, self.sentence_index(start) - self.sentence_index(best[0]))
        return Speaker(words_text or None, None, start, end, None, False, "document", "document")

    def _org_noun(self, noun: str, start: int) -> Speaker | None:
        """"the company", "the agency", "the union": the nearest organisation of that kind."""
        limit = start - _WINDOW
        named = generic = None
        for s, _e, ent in reversed(self.orgs):
            if s >= start or self.quoted(s):
                continue
            if s < limit:
                break
            if ent.name.casefold() in NEWS_AGENCIES:
                continue
            if named is None and noun in ent.name.casefold().split():
                named = (s, ent)
            if generic is None and ent.label == "ORG":
                generic = (s, ent)
        if named is None and noun in ("government", "city", "province", "state", "country", "police", "court", "crown", "ministry"):
            return None  # "the government": the words, unless an entity of the article names it
        if generic is not None and (noun not in _GENERIC_ORG_NOUNS or self.sentence_index(start) - self.sentence_index(generic[0]) > 1):
            generic = None  # "the company": an organisation of any name, but only one named just before
        if named is None and generic is None and noun in _GENERIC_ORG_NOUNS:
            generic = self._spoken_org(start, 8)  # ... or one that spoke in the last sentences
        found = named or generic
        if found is None:
            return None
        s, ent = found
        return Speaker(ent.name, None, s, s, ent, False, "role", "organization", 1, self.sentence_index(start) - self.sentence_index(s))

    def role(self, head, low: str, words_text: str) -> Speaker | None:
        """"the minister", "his father", "the 26-year-old winger": the person the article gives that
        role, else the most salient person (a weaker link)."""
        start, end = head.idx, head.idx + len(head.text)
        abbr = _ABBR.get(low, "@")
        for p in reversed(self.persons):
            if p.start >= start or self.quoted(p.start):
                continue
            if start - p.start > 2 * _WINDOW:
                break
            if low in self._roles.get(p.entity.name, ()) or abbr in self.text[max(0, p.start - 8) : p.start].casefold():
                return Speaker(p.entity.name, words_text, start, end, p.entity, True, "role", "person", 1,
                               self.sentence_index(start) - self.sentence_index(p.start))
        if _introduces_someone(head):
            return None  # "the owner of a bakery near the station said": a new person, described, not the one named before
        found = self._salient(start, "any")
        if found is None:
            return None
        return found.with_(role=words_text, path="role-salient", start=start, end=end)

    def pronoun(self, tok, definite: bool = False) -> Speaker:
        low = tok.text.casefold()
        start, end = tok.idx, tok.idx + len(tok.text)
        if definite:
            found = self.role(tok, low, tok.text)
            return found or Speaker(None, None, start, end, None, True, "pronoun", "unknown")
        kind = SUBJECT_PRONOUNS.get(low)
        if kind in ("m", "f"):
            found = self._salient(start, kind)
            if found is not None:
                return found.with_(end=end)
        elif kind == "n":
            found = self._it(start)
            if found is not None:
                return found.with_(end=end)
        elif kind == "p":
            found = self._they(tok)
            if found is not None:
                return found
        return Speaker(None, None, start, end, None, True, "pronoun", "unknown")

    def _salient(self, start: int, kind: str) -> Speaker | None:
        """The most salient compatible person before ``start``: recent, a subject or a speaker,
        not after a preposition, of the pronoun's gender when known."""
        here = self.sentence_index(start)
        scored: dict[str, tuple[float, _PMention, bool]] = {}
        # disjoint reference: a person the content names in the third person is not its speaker
        # ("Lee and others hid under desks, he said": "he" is not Lee)
        ex = self.disjoint or self.exclude
        named_inside = {p.entity.name for p in self.persons if ex[0] <= p.start < ex[1]} if ex is not None else set()
        for p in reversed(self.persons):
            if p.start >= start or self.quoted(p.start):
                continue
            if start - p.start > _WINDOW:
                break
            name = p.entity.name
            if name in named_inside:
                continue
            if name.isupper() or any(ch.isdigit() for ch in name):
                continue  # "ANALYST", "Bill C-74": not people
            g = self.gender.get(name)
            if kind in ("m", "f") and g and g != kind:
                continue
            d = here - self.sentence_index(p.start)
            score = -0.8 * d + (1.5 if p.speech else 0) + (1.0 if p.subject else 0) - (1.5 if p.oblique else 0) - (0.7 if p.possessive else 0)
            known = kind in ("m", "f") and g == kind
            if known:
                score += 1.0
            prev = scored.get(name)
            if prev is None or score > prev[0]:
                scored[name] = (score, p, known)
        if not scored:
            return None
        ranked = sorted(scored.values(), key=lambda x: -x[0])
        best, p, known = ranked[0]
        close = sum(1 for s, _p, _k in ranked if best - s < 1.0)
        margin = min(4.0, best - ranked[1][0]) if len(ranked) > 1 else 4.0
        return Speaker(p.entity.name, None, start, start + 1, p.entity, True, "pronoun", "person", close,
                       here - self.sentence_index(p.start), known, round(margin, 2), p.speech, self._nearer(p, start))

    def _nearer(self, p: _PMention, start: int) -> int:
        """Subjects that stand between the antecedent ``p`` and the pronoun at ``start`` and are not
        ``p``: other people (of any gender) and capitalised subjects the NER left untagged or took
        for a place ("Mulder didn't hesitate"). The calibrator reads them as a rival passed over."""
        n = sum(1 for q in self.persons if p.start < q.start < start and q.subject and q.entity.name != p.entity.name
                and not self.quoted(q.start))
        if self.doc is not None:
            a = self._token_at(p.end)
            b = self._token_at(start)
            if a is not None and b is not None:
                for t in self.doc[a.i + 1 : b.i]:
                    if t.dep_ == "nsubj" and t.tag_ == "NNP" and t.ent_type_ in ("", "GPE", "NORP") and not self.quoted(t.idx) \
                            and t.text not in p.entity.name:
                        n += 1
        return n

    def _spoken_org(self, start: int, sentences: int) -> tuple[int, Entity] | None:
        """The last organisation (not a news agency) reported speaking in the ``sentences`` before ``start``."""
        here = self.sentence_index(start)
        for s, _e, ent in reversed(self.orgs):
            if s >= start:
                continue
            if here - self.sentence_index(s) > sentences:
                break
            if s in self.org_speech and ent.label == "ORG" and ent.name.casefold() not in NEWS_AGENCIES:
                return s, ent
        return None

    def _it(self, start: int) -> Speaker | None:
        here = self.sentence_index(start)
        spoke = self._spoken_org(start, 8)
        if spoke is not None:
            s, ent = spoke
            nearer = sum(1 for s2, _e2, e2 in self.orgs if s < s2 < start and e2.label == "ORG" and e2.name != ent.name
                         and not self.quoted(s2))
            return Speaker(ent.name, None, start, start + 2, ent, True, "pronoun", "organization", 1, here - self.sentence_index(s),
                           antecedent_spoke=True, nearer=nearer)
        agency = None
        for s, _e, ent in reversed(self.orgs):
            if s >= start or self.quoted(s):
                continue
            if start - s > 600:
                break
            if ent.label != "ORG":
                continue
            if ent.name.casefold() in NEWS_AGENCIES:
                agency = agency or (s, ent)
                continue
            return Speaker(ent.name, None, start, start + 2, ent, True, "pronoun", "organization", 1, here - self.sentence_index(s))
        if agency is not None:
            s, ent = agency
            return Speaker(ent.name, None, start, start + 2, ent, True, "pronoun", "organization", 2, here - self.sentence_index(s))
        return None

    def _they(self, tok) -> Speaker | None:
        """"They said": the last plural group or organisation that was a subject in the two sentences before."""
        if self.doc is None:
            return None
        here = self.sentence_index(tok.idx)
        lo = self.sent_starts[max(0, here - 2)]
        for t in reversed(self.doc[: tok.i]):
            if t.idx < lo:
                break
            if t.dep_ in ("nsubj", "nsubjpass") and not self.quoted(t.idx) and (t.tag_ == "NNS" or t.text.casefold() in GROUP_NOUNS):
                sp = self._phrase(t)
                if sp is not None and sp.kind in ("group", "vague", "organization"):
                    return sp.with_(start=tok.idx, end=tok.idx + len(tok.text), resolved_from_pronoun=True, path="pronoun",
                                    distance=here - self.sentence_index(t.idx))
        for s, _e, ent in reversed(self.orgs):
            if s >= tok.idx:
                continue
            if s < lo:
                break
            if ent.label == "ORG" and ent.name.casefold() not in NEWS_AGENCIES:
                return Speaker(ent.name, None, tok.idx, tok.idx + len(tok.text), ent, True, "pronoun", "organization", 2,
                               here - self.sentence_index(s))
        return None


__all__ = ["HONORIFICS", "Resolver", "Speaker"]
