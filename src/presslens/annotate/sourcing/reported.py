"""Reported speech: quotations without quote marks, found from the dependency parse.

A mixin of the quotation finder (:class:`presslens.annotate.sourcing.quotes._Finder`): the clausal
complement of a speech verb ("He added that ..."), the content before a speech clause that ends
the sentence ("..., the ministry said."), the content after a clause inserted in the middle ("A,
he said, but B"), the infinitive of urge/advise/ask ("urged residents to conserve water") and
"According to <source>, <clause>". Speakers come from the attribution layer; opinion and
inference verbs need a speaker who can be quoted (:func:`speaks`).
"""

from __future__ import annotations

import re
from typing import Any

from presslens.annotate.lexicon import WEAK_SPEECH
from presslens.annotate.nlp import is_parsed
from presslens.annotate.sourcing.attribution import Speaker
from presslens.annotate.sourcing.quote_marks import _DIRECTIVE, _SUBORDINATE, _cue_span, _is_cue, _Marked, _words
from presslens.records import Evidence, Quote


class ReportedSpeech:
    """The reported-speech half of the quotation finder (it provides ``doc``, ``text``,
    ``resolver`` and ``_record``)."""

    doc: Any
    text: str
    resolver: Any

    def _record(self, *args: Any, **kwargs: Any) -> Quote:  # provided by the finder
        raise NotImplementedError

    def indirect(self, marks: list[_Marked], direct: list[Quote]) -> list[Quote]:
        """Reported speech: the clausal complement of a speech verb ("He added that ..."), and the
        content before or around a speech clause ("..., the ministry said.", "A, he said, B")."""
        out = []
        inside = [(m.cstart, m.cend) for m in marks if _words(self.text[m.cstart : m.cend]) >= 4]
        long_quotes = [(q.start, q.end) for q in direct if q.kind != "partial"]
        taken: list[tuple[int, int]] = []
        self.mixed: set[tuple[int, int]] = set()

        def free(start: int, end: int, mixed: bool = False) -> bool:
            """Nothing taken there; with ``mixed``, quoted fragments (no finite verb of their own)
            that lie inside the clause after its first word ("said the news came as a “shock and a
            disappointment,” and ...") do not block it: the reported clause is the quotation,
            quoted words and all. A quoted clause ("reported that over the hour “military
            activities have stopped”") stays a direct quotation."""
            blocking = [(a, b) for a, b in long_quotes if a < end and start < b]
            if mixed and blocking:
                within = [(a, b) for a, b in blocking if start < a - 1 and b <= end + 1 and not self._finite(a, b)]
                quoted_words = sum(_words(self.text[a:b]) for a, b in within)
                # mixed only when the writer's own words carry at least half the clause ("the railway
                # would “change the life of every family”" stays a direct quotation)
                if quoted_words and _words(self.text[start:end]) - quoted_words >= quoted_words:
                    blocking = [x for x in blocking if x not in within]
            return not blocking and not any(a < end and start < b for a, b in taken)

        for sent in self.doc.sents:
            if not is_parsed(self.doc, sent):
                continue
            for tok in sent:
                if not _is_cue(tok) or tok.text.casefold() == "according":
                    continue
                if any(a <= tok.idx < b for a, b in inside):
                    continue
                comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
                if comp is None:  # "X said having Y back was a boost" parsed as an xcomp holding the clause
                    comp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and c.tag_ == "VBG"
                                 and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in c.subtree)), None)
                if comp is not None:
                    toks = sorted(comp.subtree, key=lambda t: t.i)
                    while toks and (toks[0].dep_ == "mark" and toks[0].text.casefold() in ("that",) or toks[0].is_punct):
                        toks = toks[1:]
                    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
                        toks = toks[:-1]
                    # an embedded question ("asked how long ...", "would not say which ..."), not a
                    # free relative ("to say, what I said was correct")
                    question = bool(toks) and (toks[0].tag_ in ("WDT", "WP", "WP$", "WRB") or toks[0].text.casefold() in ("if", "whether")) \
                        and (tok.text.casefold() in _ASKING or any(c.dep_ == "neg" for c in tok.children))
                    if len(toks) >= 3 and not question and not self._hearer_subject(tok) and not (weak(tok) and tok.dep_ == "relcl"):
                        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                        for m in marks:  # a quoted word that closes the clause: "going to “explode.”"
                            if start <= m.open < end < m.close + 1 and m.close - end <= 3:
                                end = m.close + 1
                        subj = self.resolver.subject_of(tok)
                        if free(start, end, mixed=True) and subj is not None and subj.i < comp.i:
                            is_mixed = any(start <= a and b <= end + 1 for a, b in long_quotes)
                            rule = "speech-verb+ccomp+mixed" if is_mixed else "speech-verb+ccomp"
                            q = self._indirect_record(tok, subj, start, end, rule, "ccomp")
                            if q is not None:
                                out.append(q)
                                taken.append((start, end))
                                self.mixed.update((a, b) for a, b in long_quotes if start <= a and b <= end + 1)
                    continue
                inf = self._infinitive(tok)
                if inf is not None and free(*inf):
                    subj = self.resolver.subject_of(tok)
                    q = self._indirect_record(tok, subj, inf[0], inf[1], "speech-verb+infinitive", "ccomp") if subj is not None else None
                    if q is not None:
                        out.append(q)
                        taken.append(inf)
                    continue
                for start, end, where in self._around(tok, sent):
                    if not free(start, end):
                        continue
                    subj = self.resolver.subject_of(tok)
                    if subj is None:
                        continue
                    q = self._indirect_record(tok, subj, start, end, f"speech-verb+{where}", where)
                    if q is not None:
                        out.append(q)
                        taken.append((start, end))
        return out

    def _finite(self, start: int, end: int) -> bool:
        """Whether the words between ``start`` and ``end`` hold a finite verb (a clause of their own)."""
        return any(start <= t.idx < end and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in self.doc)

    @staticmethod
    def _hearer_subject(tok) -> bool:
        """"He had been told he had three months to live": the subject of a passive tell/inform/
        advise is who heard it, not who said it (unless "by" names the speaker)."""
        return tok.text.casefold() in _PASSIVE_HEARD and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) \
            and not any(c.dep_ == "agent" for c in tok.children)

    def _indirect_record(self, tok, subj, start: int, end: int, rule: str, where: str) -> Quote | None:
        self.resolver.exclude = (start, end)
        if where.startswith("content"):  # "A, he said, but B": nobody named in A or B is "he"
            self.resolver.disjoint = (tok.sent.start_char, tok.sent.end_char)
        try:
            speaker = self.resolver.speaker(subj)
        finally:
            self.resolver.exclude = self.resolver.disjoint = None
        if speaker is None or speaker.path == "first-person":
            return None
        if speaker.name is None and (where.startswith("content") or subj.text.casefold() == "it" and subj.dep_ == "nsubjpass"):
            return None  # "It should be recalled that ...": the author's voice, nobody quoted
        if weak(tok) and not speaks(speaker):
            return None
        cs, ce = _cue_span(tok, self.text)
        conf = 0.55 if weak(tok) else 0.75
        return self._record(start, end, "indirect", Evidence(cs, ce, self.text[cs:ce], "body"), speaker, rule, conf, where)

    def _infinitive(self, tok) -> tuple[int, int] | None:
        """"She urged police to investigate", "It advised people never to use ...": what a speech
        verb with an object asks, told or urged (the infinitive clause)."""
        if tok.text.casefold() not in _DIRECTIVE:
            return None
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "dative") and c.i > tok.i), None)
        inf = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.i > tok.i), None)
        if obj is None or inf is None or inf.i < obj.i or not any(t.text.casefold() == "to" and t.dep_ == "aux" for t in inf.children):
            return None
        toks = sorted(inf.subtree, key=lambda t: t.i)
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if len(toks) < 2:
            return None
        return toks[0].idx, toks[-1].idx + len(toks[-1].text)

    def _around(self, tok, sent) -> list[tuple[int, int, str]]:
        """Content before a speech clause ("Content, the ministry said on Monday.", "Content, said
        Ana Reyes.") and after a clause inserted in the middle ("A, he said, but B")."""
        subj = self.resolver.subject_of(tok)
        if subj is None:
            return []
        # the speech clause: the subject's phrase and the verb with what hangs on it to the right
        # (objects, "on Monday", "in a statement"), not a clause or a participle phrase
        lo = min([tok.i] + ([t.i for t in subj.subtree] if subj.head.i == tok.i else []))
        hi = tok.i
        for c in tok.children:
            if c.i > tok.i and c.dep_ in ("dobj", "dative", "prep", "npadvmod", "advmod", "prt", "agent"):
                hi = max(hi, max(t.i for t in c.subtree))
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i:
                hi = max(hi, max(t.i for t in c.subtree))
        doc = tok.doc
        out: list[Any] = []
        # the speech clause ends the content's sentence ("..., the ministry said on Monday.",
        # "..., he told Reuters."), not a main clause with its own object ("Speaking in Vaughan,
        # Trudeau denied the story")
        objects = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd")]
        if any(not (c.dep_ == "dobj" and tok.text.casefold() in ("told", "tells", "tell", "telling")) for c in objects):
            return out
        # before: "Content, X said"
        if lo > sent.start and doc[lo - 1].text in (",", "”", "\"") and not self.resolver.quoted(doc[lo - 1].idx - 1):
            toks = [t for t in doc[sent.start : lo] if not t.is_space]
            while toks and (toks[-1].is_punct and toks[-1].text not in "”\"’"):
                toks = toks[:-1]
            while toks and toks[0].is_punct and toks[0].text not in "“\"‘":
                toks = toks[1:]
            words = [t for t in toks if not t.is_punct]
            if len(words) >= 3 and any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in toks) and \
                    words[0].text.casefold() not in _SUBORDINATE and not re.match(r"[A-Z ]{3,}:", self.text[toks[0].idx : toks[0].idx + 20]):
                first = toks[0]
                if not (first.dep_ == "prep" and all(t.i in {x.i for x in first.subtree} for t in toks)):
                    out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text), "content-before"))
        # after: "A, he said, but B" (only when the clause stands inside the sentence)
        if out and hi + 2 < sent.end and doc[hi + 1].text == ",":
            toks = [t for t in doc[hi + 2 : sent.end] if not t.is_space]
            while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
                toks = toks[:-1]
            first = toks[0] if toks else None
            if first is not None and len([t for t in toks if not t.is_punct]) >= 3 and first.tag_ not in ("VBG", "VBN") and \
                    first.text.casefold() not in ("according", "who", "which", "when", "as", "in", "on", "at", "after", "before", "adding", "saying"):
                out.append((first.idx, toks[-1].idx + len(toks[-1].text), "content-after"))
        return out

    def according_to(self, quotes: list[Quote]) -> list[Quote]:
        """"According to <named person or organisation>, <clause>": the clause is indirect speech."""
        out = []
        taken = [(q.start, q.end) for q in quotes]
        for sent in self.doc.sents:
            if not is_parsed(self.doc, sent):
                continue
            for tok in sent:
                if tok.text.casefold() != "according" or tok.i + 1 >= len(self.doc) or self.doc[tok.i + 1].text.casefold() != "to":
                    continue
                phrase = sorted(tok.subtree, key=lambda t: t.i)
                lo, hi = phrase[0].i, phrase[-1].i
                if lo < sent.start or hi >= sent.end:
                    continue
                pobj = next((c for c in self.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                speaker = self.resolver.speaker(pobj) if pobj is not None else None
                if speaker is None or speaker.name is None or speaker.kind not in ("person", "organization", "group", "vague"):
                    continue
                def trim(toks: list) -> list:
                    while toks and (toks[0].is_punct or toks[0].is_space):
                        toks = toks[1:]
                    while toks and (toks[-1].is_punct or toks[-1].is_space):
                        toks = toks[:-1]
                    return toks

                before = trim([t for t in sent if t.i < lo])
                after = trim([t for t in sent if t.i > hi])
                words_before = [t for t in before if not t.is_punct]
                if len(words_before) >= 2 and len([t for t in after if not t.is_punct]) >= 3:
                    # "The hard truth, according to experts, is that ...": the attribution stands
                    # inside the content, which it splits in two (as "A, he said, B" does)
                    parts = [before, after]
                else:
                    parts = [trim([t for t in sent if not (lo <= t.i <= hi)])]
                    if len(parts[0]) < 4:
                        continue
                cue = Evidence(tok.idx, self.doc[tok.i + 1].idx + 2, self.text[tok.idx : self.doc[tok.i + 1].idx + 2], "body")
                for rest in parts:
                    start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
                    if any(a < end and start < b for a, b in taken):
                        continue
                    out.append(self._record(start, end, "indirect", cue, speaker, "according-to", 0.7, "according"))
        return out

    # -- so-called without quote marks ----------------------------------------


_ASKING = frozenset("ask asks asked asking wonder wonders wondered wondering inquire inquired question questioned".split())
_PASSIVE_HEARD = frozenset("told informed advised notified reminded assured warned".split())


def weak(cue) -> bool:
    """A verb of opinion or inference ("believe", "suggests", "think"): not speech by itself."""
    return cue.text.casefold() in WEAK_SPEECH


def speaks(speaker: Speaker | None) -> bool:
    """Whether a weak verb's subject is somebody who can be quoted (a named person or organisation,
    a pronoun that resolved to one), not the author ("I believe") nor a thing ("the data suggests")."""
    return speaker is not None and speaker.name is not None and speaker.kind in ("person", "organization") and speaker.path != "first-person"
