"""Entities: people, organisations and places, one canonical name per article.

Mentions come from the NER of the shared NLP base (:mod:`presslens.annotate.nlp`) and are then
cleaned and grouped with rules:

- a leading "the" and a trailing possessive are dropped; a name cut after a lowercase particle
  ("Ahrar al-Sham" found as "al-Sham") is extended to the capitalised word before it;
- a surname alone ("Ilves", "Nassar") joins the full name it ends ("Marta Ilves",
  "Karim al-Nassar": the Arabic article ``al-`` is ignored); "the Nassar government" is a mention
  of Nassar;
- a name followed by an acronym in parentheses ("the Islamic State (ISIS)") makes the acronym an alias; an
  acronym of the initials ("UN") joins the full name; a single word that ends a longer organisation name joins
  it ("Council"), or begins only one ("Samsung");
- the type is a vote over mentions, with corrections: a name after a person's role ("spokeswoman Ana Reyes",
  "the ambassador ..., Marta Ilves,") is a person; a person name after "the" not followed by "government" and
  similar is an organisation; once grouped, every further occurrence of a name (and of a person's surname) is a mention.

The article's authors (from the metadata) are people too; their mentions point into the page (``where="page"``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from presslens.annotate.lexicon import GOVERNMENT_WORDS, ORG_WORDS, ROLE_NOUNS, TITLES
from presslens.annotate.nlp import doc_in, parse_one
from presslens.annotate.sourcing.names import _KIN, _NAME_WORD, _not_given, credit_spans
from presslens.components import Context, component, producer
from presslens.records import Article, Entity, Evidence

LABELS = ("PERSON", "ORG", "GPE", "LOC")




@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    forced: str | None = None


@dataclass
class _Group:
    mentions: list[_Mention] = field(default_factory=list)

    def votes(self) -> Counter:
        c: Counter = Counter()
        for m in self.mentions:
            c[m.forced or m.label] += 3 if m.forced else 1
        return c


_POSS = re.compile(r"(?:[’']s|[’'])$")
_WORD = re.compile(r"[\w’'.-]+")


def _norm(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def _surname_key(token: str) -> str:
    t = _norm(token)
    for prefix in ("al ", "el "):
        if t.startswith(prefix):
            t = t[len(prefix) :]
    return t


def _clean(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    # a dateline glued to the name: "(CNN)Hillary Clinton"
    cut = max(text.rfind(")"), text.rfind("]"))
    if 0 <= cut < len(text) - 1:
        start += cut + 1
        text = text[cut + 1 :]
    # "Donald’s Trump": a possessive inside a person's name keeps the part after it
    inner = re.search(r"[’']s\s+(?=[A-Z])", text)
    if inner and label == "PERSON":
        start += inner.end()
        text = text[inner.end() :]
    lead = len(text) - len(text.lstrip(" \t\n\u00a0'\"“‘-–—"))
    start += lead
    text = text[lead:]
    # leading determiner
    m = re.match(r"(?:the|The|THE)\s+", text)
    if m:
        start += m.end()
        text = text[m.end() :]
    m = _POSS.search(text)
    if m and m.start() > 0:
        end -= len(text) - m.start()
        text = text[: m.start()]
    if label in ("ORG", "FAC", "LOC"):
        # trailing lowercase words ("the Nour al-Din al-Zenki militia")
        words = text.split(" ")
        while len(words) > 1 and words[-1][:1].islower() and not words[-1].startswith(("al-", "el-")):
            end -= len(words[-1]) + 1
            words.pop()
        text = " ".join(words)
    text = text.rstrip(".,;:")
    end = start + len(text)
    if not text or not any(ch.isupper() for ch in text):
        return None
    return start, end, text


_ROLES = "|".join(sorted(ROLE_NOUNS, key=lambda w: (-len(w), w)))  # longest first, same text in every process (recache)
# "spokeswoman Ana Reyes" (title before the name) or "the ambassador to the UN, Marta Ilves"
_ROLE_BEFORE = re.compile(rf"\b(?:{_ROLES})\b(?:\s+(?:to|of|for|at)\s+[^,.;]{{1,60}})?,\s*$|\b(?:{_ROLES})\s+$", re.IGNORECASE)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday".split())
_CONNECTORS = frozenset("of for and on the de du la al".split())
_CAPSEQ = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|on|the|de|du|la)\s+)*[A-Z][\w’'-]*)+")


def _org_names(text: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    """Capitalised names with an organisation word ("Northern Institute for Rail Safety") NER missed."""
    out = []
    for m in _CAPSEQ.finditer(text):
        words = m.group().split()
        start = m.start()
        while words and (words[0].casefold() in _CONNECTORS or words[0].casefold() in _WEEKDAYS):
            start += len(words[0]) + 1
            words.pop(0)
        while words and (words[-1].casefold() in _CONNECTORS or words[-1].casefold() in _WEEKDAYS):
            words.pop()
        if len(words) < 2 or not any(w.casefold() in ORG_WORDS for w in words):
            continue
        surface = " ".join(words)
        if text[start : start + len(surface)] != surface:
            continue
        end = start + len(surface)
        if any(a < end and start < b for a, b in taken):
            continue
        out.append(_Mention(start, end, surface, "ORG"))
    return out


def _full_forms(text: str, out: list[_Mention], credits: list[tuple[int, int]]) -> list[_Mention]:
    """Full names the NER missed ("Tatiana Stanovaya") for surnames it found alone ("Stanovaya"):
    one or two capitalised given names right before the surname, none of them a title, a role,
    a function word or a possessive ("Vancouver's Bo Horvat" gives "Bo Horvat")."""
    taken = [(m.start, m.end) for m in out]
    surnames = {m.text for m in out if (m.forced or m.label) == "PERSON" and " " not in m.text and m.text[:1].isupper() and len(m.text) >= 3}
    # a name said to speak that NER took for a facility or a place ("Stanovaya said")
    for m in out:
        if m.label in ("LOC", "ORG") and " " not in m.text and re.match(r"\s+(?:said|says|told|added|noted|wrote)\b", text[m.end : m.end + 12]):
            surnames.add(m.text)
    found: list[_Mention] = []
    for s in sorted(surnames):
        for fm in re.finditer(rf"(?<![\w’'.-])((?:{_NAME_WORD} ){{1,2}}){re.escape(s)}(?![\w-])", text):
            words = fm.group(1).split()
            keep = 0  # given names right before the surname, nearest first
            for w in reversed(words):
                if _not_given(w):
                    break
                keep += 1
            if not keep:
                continue
            a, b = fm.end() - len(s) - len(" ".join(words[-keep:])) - 1, fm.end()
            if text[a:b].split() != [*words[-keep:], s]:
                continue
            if any(x <= a < y for x, y in credits):
                continue
            if any(x < b and a < y and not (x >= a and y <= b) for x, y in taken):
                continue  # part of another name ("Vancouver Canucks Bo ...")
            found.append(_Mention(a, b, text[a:b], "PERSON", "PERSON"))
    if found:
        kept = [m for m in out if not any(f.start <= m.start and m.end <= f.end for f in found)]
        out = kept + found
    return out


def _mentions(article: Article, doc) -> list[_Mention]:
    text = article.text
    out: list[_Mention] = []
    credits = credit_spans(text)
    for ent in doc.ents:
        label = ent.label_
        if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"):
            continue
        start, end = ent.start_char, ent.end_char
        if any(a <= start < b for a, b in credits):
            continue
        if label != "NORP":
            # a name cut after a lowercase particle: take the capitalised word before it
            if ent.text[:1].islower() and ent.start > 0:
                prev = doc[ent.start - 1]
                if prev.text[:1].isupper() and not prev.is_sent_start and prev.text.casefold() not in TITLES:
                    start = prev.idx
        cleaned = _clean(text[start:end], start, end, label)
        if cleaned is None:
            continue
        start, end, surface = cleaned
        forced = None
        if label == "FAC":
            label = "ORG" if ent.text.split()[-1].casefold() in ORG_WORDS else "LOC"
        before = text[max(0, start - 90) : start]
        after = text[end : end + 30]
        words_after = after.split()
        if label != "NORP" and len(surface.split()) >= 2 and _ROLE_BEFORE.search(before):
            forced = "PERSON"
        elif label == "PERSON" and re.search(r"\bthe\s*$", before, re.IGNORECASE):
            if not (words_after and words_after[0].strip(",.;").casefold() in GOVERNMENT_WORDS):
                forced = "ORG"
        if (label == "PERSON" or label == "ORG" and " " not in surface) and words_after and words_after[0].strip(",.;").casefold() in GOVERNMENT_WORDS:
            # "the Nassar government": a mention of Nassar that covers the institution word
            end = end + (len(after) - len(after.lstrip())) + len(words_after[0].strip(",.;"))
            surface = text[start:end]
        out.append(_Mention(start, end, surface, label, forced))
    out = _full_forms(text, out, credits)
    taken = [(m.start, m.end) for m in out if m.label != "NORP"]
    extra = _org_names(text, taken)
    if extra:
        out = [m for m in out if not (m.label == "NORP" and any(x.start < m.end and m.start < x.end for x in extra))]
        out.extend(extra)
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _group(mentions: list[_Mention], text: str) -> list[_Group]:
    groups: list[_Group] = []
    by_norm: dict[str, _Group] = {}
    named = [m for m in mentions if m.label != "NORP"]
    # 1. exact surface forms (NORP mentions only vote for names that are also tagged otherwise)
    for m in named:
        key = _norm(_head_name(m))
        g = by_norm.get(key)
        if g is None:
            g = by_norm[key] = _Group()
            groups.append(g)
        g.mentions.append(m)
    for m in mentions:
        if m.label == "NORP" and _norm(m.text) in by_norm:
            by_norm[_norm(m.text)].mentions.append(_Mention(m.start, m.end, m.text, "GPE"))

    def label_of(g: _Group) -> str:
        return _label(g)

    def longest(g: _Group) -> str:
        return max((_head_name(m) for m in g.mentions), key=lambda s: (len(s.split()), len(s)))

    merged: dict[int, int] = {}

    def find(i: int) -> int:
        while merged.get(i, i) != i:
            i = merged[i]
        return i

    names = [longest(g) for g in groups]
    # 2. parenthetical aliases: "Islamic State (ISIS)"
    for i, g in enumerate(groups):
        for m in g.mentions:
            nxt = re.match(r"\s*\(([^()]{2,40})\)", text[m.end : m.end + 45])
            if nxt:
                alias = _norm(nxt.group(1))
                if alias in by_norm:
                    j = groups.index(by_norm[alias])
                    if find(j) != find(i):
                        merged[find(j)] = find(i)
    # 3. surnames and short forms join the longer name they end; acronyms join by initials. A
    #    surname that ends two different people's names ("Jason Spindler", his father "Joseph
    #    Spindler") joins neither: each of its mentions goes to the nearest person named before it.
    order = sorted(range(len(groups)), key=lambda i: -len(names[i].split()))
    ambiguous: dict[int, list[int]] = {}
    for i in range(len(groups)):
        words = names[i].split()
        if len(words) >= 2 and label_of(groups[i]) == "PERSON":
            # "Ali Khan" of "Azfar Ali Khan": a shorter full name that ends a longer one, unless
            # the article speaks of relatives (a son named after his father)
            for j in order:
                wj = names[j].split()
                if j != i and len(wj) > len(words) and wj[-len(words) :] == words and label_of(groups[j]) == "PERSON":
                    if not _KIN.search(text):
                        merged[find(i)] = find(j)
                    break
            continue
        if len(words) != 1:
            continue
        key = _surname_key(words[0])
        people: list[int] = []
        for j in order:
            if j == i or len(names[j].split()) < 2:
                continue
            lj = label_of(groups[j])
            last = _surname_key(names[j].split()[-1])
            if key == last and lj == "PERSON":
                wj = names[j].split()
                # "Ali Khan" and "Azfar Ali Khan" are one person, not two candidates
                if not any(names[k].split()[-len(wj) :] == wj or wj[-len(names[k].split()) :] == names[k].split() for k in people):
                    people.append(j)
                continue
            if people:
                continue
            if key == last and lj == "ORG" and label_of(groups[i]) == "ORG":
                people.append(j)
                break
            if words[0].isupper() and len(words[0]) >= 2 and _initials(names[j]) == words[0] and lj in ("ORG", "GPE"):
                people.append(j)
                break
        starts = [j for j in order if j != i and len(names[j].split()) >= 2 and names[j].split()[0] == words[0] and label_of(groups[j]) == "ORG" == label_of(groups[i])]
        people = people or (starts if len(starts) == 1 else [])  # "Samsung": the one organisation whose name it begins
        if len(people) == 1:
            merged[find(i)] = find(people[0])
        elif len(people) > 1:
            ambiguous[i] = people
    # 4. "the Varga government" tagged as an organisation: the person, where the article names them
    for i in range(len(groups)):
        words = names[i].split()
        if len(words) < 2 or words[-1].casefold() not in GOVERNMENT_WORDS or label_of(groups[i]) != "ORG":
            continue
        key = _surname_key(words[-2])
        for j in order:
            if j != i and label_of(groups[j]) == "PERSON" and _surname_key(names[j].split()[-1]) == key:
                merged[find(i)] = find(j)
                break
    out: dict[int, _Group] = {}
    for i, g in enumerate(groups):
        if i in ambiguous:
            continue
        root = find(i)
        out.setdefault(root, _Group()).mentions.extend(g.mentions)
    for i, people in ambiguous.items():
        roots = [r for r in dict.fromkeys(find(j) for j in people) if r in out]
        if len(roots) < 2:
            out.setdefault(roots[0] if roots else find(i), _Group()).mentions.extend(groups[i].mentions)
            continue
        for m in groups[i].mentions:
            out[_nearest_before(m.start, [(r, out[r].mentions) for r in roots])].mentions.append(m)
    return list(out.values())


def _nearest_before(offset: int, candidates: list[tuple[int, list[_Mention]]]) -> int:
    """The candidate with the latest full mention before ``offset`` (else the one mentioned first)."""
    best, best_at = candidates[0][0], -1
    for key, ms in candidates:
        before = [m.start for m in ms if m.start < offset and " " in m.text]
        if before and max(before) > best_at:
            best, best_at = key, max(before)
    if best_at < 0:
        best = min(candidates, key=lambda c: min((m.start for m in c[1]), default=1 << 30))[0]
    return best


def _head_name(m: _Mention) -> str:
    """The name part of a mention ("Nassar" of "Nassar government")."""
    words = m.text.split()
    if len(words) == 2 and words[-1].casefold() in GOVERNMENT_WORDS and m.label in ("PERSON", "ORG"):
        return " ".join(words[:-1])
    return m.text


_LABEL_ORDER = {"PERSON": 0, "GPE": 1, "ORG": 2, "LOC": 3}


def _label(g: _Group) -> str:
    votes = g.votes()
    # a full name tagged as a person and surnames alone tagged otherwise ("Lonechild said" read as
    # an organisation): the person -- single capitalised words are what the NER gets wrong
    if any(m.label == "PERSON" and " " in _head_name(m) for m in g.mentions) and all(
        " " not in _head_name(m) for m in g.mentions if (m.forced or m.label) != "PERSON"
    ):
        return "PERSON"
    if any(m.label == "ORG" and m.text.split()[-1].casefold() in GOVERNMENT_WORDS for m in g.mentions) and votes.get("PERSON"):
        return "PERSON"
    return max(votes, key=lambda k: (votes[k], -_LABEL_ORDER.get(k, 9)))


def _canonical(g: _Group, label: str) -> str:
    names = [_head_name(m) for m in g.mentions]
    if label == "PERSON":
        names = [" ".join(w for w in n.split() if w.casefold() not in TITLES) or n for n in names]
    # the longest form that is not an acronym; ties: the most frequent
    counts = Counter(names)
    return max(counts, key=lambda n: (not n.isupper(), len(n.split()), counts[n], len(n)))


def _is_word_char(ch: str) -> bool:
    """``[\\w-]`` of Python's ``re`` for one character (``\\w`` is ``str.isalnum()`` or ``_``)."""
    return ch.isalnum() or ch in "_-"


def _occurrences(text: str, form: str) -> Iterator[tuple[int, int]]:
    """Where ``form`` stands alone in ``text``: what ``re.finditer(r"(?<![\\w-])" + re.escape(form) +
    r"(?![\\w-])", text)`` finds, without compiling a pattern per name (that cost more than the scan)."""
    n, i = len(form), text.find(form)
    while i != -1:
        if (i == 0 or not _is_word_char(text[i - 1])) and (i + n >= len(text) or not _is_word_char(text[i + n])):
            yield i, i + n
            i = text.find(form, i + n)
        else:
            i = text.find(form, i + 1)


def _rescan(text: str, groups: list[tuple[str, str, list[_Mention]]]) -> None:
    """Add unlabelled occurrences of each name (and of a person's surname) as mentions."""
    taken = bytearray(len(text) + 1)  # 1 where a mention already covers the character

    for _, _, ms in groups:
        for m in ms:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) == -1

    forms: list[tuple[str, int]] = []
    for gi, (name, label, ms) in enumerate(groups):
        surfaces = {_head_name(m) for m in ms} | {name}
        if label == "PERSON" and len(name.split()) >= 2:
            surfaces.add(name.split()[-1])
            last = name.split()[-1]
            if last.casefold().startswith(("al-", "el-")):
                surfaces.add(last[3:])
        for s in surfaces:
            if len(s) >= 3 and s[:1].isupper():
                forms.append((s, gi))
    owners: dict[str, list[int]] = {}
    for s, gi in forms:
        owners.setdefault(s, []).append(gi)
    credits = credit_spans(text)
    for s in sorted(owners, key=lambda f: -len(f)):
        gis = owners[s]
        for start, end in _occurrences(text, s):
            if not free(start, end) or any(a <= start < b for a, b in credits):
                continue
            # a surname two people share goes to the one named nearest before it
            gi = gis[0] if len(gis) == 1 else _nearest_before(start, [(g, groups[g][2]) for g in gis])
            groups[gi][2].append(_Mention(start, end, s, groups[gi][1]))
            taken[start:end] = b"\x01" * (end - start)


def find_entities(article: Article, prod: str = "entities@1", doc: Any = None) -> tuple[Entity, ...]:
    """The entities of ``article``; ``doc`` is its spaCy Doc (parsed now when not given)."""
    if doc is None:
        doc = parse_one(article.text)
    raw = _mentions(article, doc)
    grouped = []
    for g in _group(raw, article.text):
        label = _label(g)
        if label not in LABELS:
            continue
        grouped.append((_canonical(g, label), label, g.mentions))
    _rescan(article.text, grouped)
    entities: list[Entity] = []
    for name, label, ms in grouped:
        ms.sort(key=lambda m: m.start)
        mentions = tuple(Evidence(m.start, m.end, article.text[m.start : m.end], "body") for m in ms)
        aliases = tuple(sorted({_head_name(m) for m in ms} - {name}))
        tagged = sum(1 for m in ms if m.label == label or m.forced == label)
        conf = round(min(0.95, 0.6 + 0.1 * tagged), 2)
        entities.append(Entity(ms[0].start, ms[0].end, name, label, mentions, aliases, conf, prod))
    # authors from the metadata
    known = {_norm(e.name): i for i, e in enumerate(entities)}
    evidence = list(article.metadata_evidence.get("authors", ()))
    for author in article.authors:
        evs = tuple(ev for ev in evidence if author in ev.text) or ()
        i = known.get(_norm(author))
        if i is not None:
            e = entities[i]
            entities[i] = Entity(e.start, e.end, e.name, "PERSON", e.mentions + evs, e.aliases, e.confidence, prod)
        else:
            entities.append(Entity(-1, -1, author, "PERSON", evs, (), 0.9, prod))
    entities.sort(key=lambda e: (e.start < 0, e.start))
    return tuple(entities)


def entity_at(entities: tuple[Entity, ...], start: int, end: int, labels: tuple[str, ...] = LABELS) -> Entity | None:
    """The entity with a body mention overlapping ``[start, end)`` (the longest overlap)."""
    best, best_len = None, 0
    for e in entities:
        if e.label not in labels:
            continue
        for m in e.mentions:
            if m.where == "body" and m.start < end and start < m.end:
                overlap = min(end, m.end) - max(start, m.start)
                if overlap > best_len:
                    best, best_len = e, overlap
    return best


@component("entities", requires=("ner",), assigns=("entities",))
class EntityAnnotator:
    """People, organisations and places, each under one canonical name with all its mentions."""

    name: ClassVar[str]  # set by @component
    version = 2

    def __call__(self, article: Article, ctx: Context) -> Article:
        return article.with_annotations(entities=find_entities(article, producer(self), doc_in(ctx, article, self.name)))


__all__ = ["Entity", "EntityAnnotator", "entity_at", "find_entities"]
