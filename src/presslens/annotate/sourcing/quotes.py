"""Quotations (direct, indirect, partial, document) with resolved speakers, and scare quotes.

Rules over quote marks and the dependency parse of the shared NLP base:

1. Quote marks: typographic (“ ” and ‘ ’) and straight (" ') pairs, per paragraph. A quote left
   open at the end of a paragraph goes on when the next paragraph opens with a quote mark (the
   news convention for quotations over several paragraphs).
2. Attribution of a quoted span: the cue is a speech verb ("said", "told", "went on to
   declare" ...; the list is data in :mod:`presslens.annotate.lexicon`) or "according
   to" in the sentence around the quote: after it for ``“...,” X said``, before it for ``X said:
   “...”``. The speaker comes from the parse (:mod:`presslens.annotate.sourcing.speakers`):
   subject, apposition, title before the name, pronoun resolved to the right person.
3. Kind: four words or more with a cue is ``direct``; a short fragment after a cue or a label
   verb ("called it “...”") is ``partial``; a long quotation with no cue but a document noun
   before it (act, directive, report ...) is ``document``; other long quotations are ``direct``
   with ``speaker`` null (not guessed).
4. A quoted word or short phrase (three words or fewer, not ending a sentence) that no cue
   introduces is a scare quote, not a quotation; "so-called" before it is recorded with it, and
   "so-called" before an unquoted term is a scare quote too (``marked`` false).
5. Indirect speech: a speech verb with a clausal complement ("He added that ...", "charging
   that ...") whose content is not already a direct quotation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from presslens.annotate.lexicon import DOCUMENT_WORDS, LABEL_CUES, SPEECH_FORMS
from presslens.annotate.nlp import doc_in, is_parsed, parse_one
from presslens.annotate.sourcing.attribution import Resolver, Speaker
from presslens.annotate.sourcing.calibration import features as speaker_features
from presslens.annotate.sourcing.calibration import predict as speaker_confidence
from presslens.annotate.sourcing.entities import Entity, find_entities
from presslens.annotate.sourcing.names import credit_spans
from presslens.annotate.sourcing.quote_marks import _CORE_CUES, _cue_span, _is_cue, _Marked, _words, find_quote_marks
from presslens.annotate.sourcing.reported import ReportedSpeech, speaks, weak
from presslens.components import Context, component, producer
from presslens.records import Article, Evidence, Quote, ScareQuote

# a sentence piece that ends in a title before a name ("St. Charles Police Lt.")
_TITLE_END = re.compile(
    r"\b(?:Lt|Sgt|Cpl|Const|Cst|Insp|Supt|Det|Capt|Col|Maj|Gen|Gov|Sen|Rep|Dr|Prof|Rev|Atty|Brig|Cmdr|Adm|Hon|Mr|Mrs|Ms)\.\s*$"
)


_INDEFINITE = re.compile(r"(?:a|an|one|some|several|many|two|three|other)\s", re.IGNORECASE)
_RELATED = re.compile(r"\s*(?:READ MORE|READ|WATCH(?: BELOW)?|RELATED|MORE|LISTEN|SEE ALSO|ALSO READ)\s*:")


def _caption(text: str, start: int, end: int) -> bool:
    """A paragraph that ends with a photo credit in parentheses ("... (Jane Roe/Reuters)")."""
    tail = text[max(start, end - 90) : end].rstrip()
    return tail.endswith(")") and any(b >= len(tail) - 1 for _a, b in credit_spans(tail))


@dataclass
class _Pending:
    """A quotation whose speaker is decided after every attributed quotation is known."""

    m: _Marked
    rule: str
    conf: float
    kind: str


class _Finder(ReportedSpeech):
    def __init__(self, article: Article, entities: tuple[Entity, ...], prod: str, doc: Any, marks: list[_Marked]) -> None:
        self.article = article
        self.text = article.text
        self.doc = doc
        self.starts = [t.idx for t in self.doc]
        self.resolver = Resolver(article.text, entities, doc, [(m.cstart, m.cend) for m in marks])
        self.prod = prod
        self.paragraphs = [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]
        self.para_starts = [ps for ps, _pe in self.paragraphs]
        self.features: dict[tuple[int, int], dict[str, float]] = {}

    def tok_at(self, offset: int):
        """The token at ``offset``, or the first one after it."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.starts[k] + len(self.doc[k].text):
            return self.doc[k]
        return self.doc[k + 1] if k + 1 < len(self.doc) else None

    def para_of(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.para_starts, offset) - 1
        if k >= 0:
            ps, pe = self.paragraphs[k]
            if ps <= offset <= pe:
                return ps, pe
        for ps, pe in self.paragraphs:
            if ps <= offset <= pe:
                return ps, pe
        return 0, len(self.text)

    def para_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    # -- direct ---------------------------------------------------------------
    def _frames(self, m: _Marked, marks: list[_Marked]):
        """Cue candidates before and after the quote, inside its sentence(s) and paragraph."""
        doc = self.doc
        ps, pe = self.para_of(m.open)
        first = self.tok_at(m.open)
        before = []
        if first is not None:
            sent = first.sent
            lo = max(sent.start_char, ps)
            for other in marks:
                if other.close < m.open and other.close >= lo and other is not m and _words(self.text[other.cstart : other.cend]) >= 4:
                    lo = other.close + 1
            before = [t for t in doc[sent.start : first.i] if t.idx >= lo]
        after = []
        close_end = m.close + 1 if m.closed else m.close
        _, pe_close = self.para_of(m.close)
        nxt = self.tok_at(close_end) if close_end < len(self.text) else None
        if nxt is not None and nxt.idx < pe_close and nxt.idx >= close_end:
            sent = nxt.sent
            stop = min(sent.end_char, pe_close)
            for other in marks:
                if other.open > m.close and other.open < stop:
                    stop = other.open
            after = [t for t in doc[nxt.i : sent.end] if t.idx < stop]
            if stop == min(sent.end_char, pe_close) and sent.end < len(doc) and _TITLE_END.search(self.text[nxt.idx : sent.end_char]):
                # the sentence recogniser cut after a title ("... Police Lt. | Tom Reyes said."): the
                # name and its cue are in the next piece
                nsent = doc[sent.end].sent
                stop2 = min(nsent.end_char, pe_close)
                for other in marks:
                    if other.open > m.close and other.open < stop2:
                        stop2 = other.open
                after += [t for t in nsent if t.idx < stop2]
            if len([t for t in after if not t.is_punct]) == 0 and sent.end < len(doc):
                nsent = doc[sent.end].sent
                if nsent.start_char < pe_close:
                    after = [t for t in nsent if t.idx < pe_close and t.text not in "“\""]
                    after = after[: next((k for k, t in enumerate(after) if t.text in "“\""), len(after))]
        return before, after

    def _attribute(self, m: _Marked, marks: list[_Marked]):
        before, after = self._frames(m, marks)
        content = self.text[m.cstart : m.cend]
        cues_before = [t for t in before if _is_cue(t)]
        cues_after = [t for t in after if _is_cue(t)]
        # "“...,” X said" (comma inside) looks after first; "X said: “...”" before
        prefer_after = content.endswith((",", "?", "!")) or not cues_before
        order = [(cues_after[:1], "after"), (cues_before[-1:], "before")]
        if not prefer_after:
            order.reverse()
        for cand, where in order:
            if not cand:
                continue
            cue = cand[0]
            if where == "after" and len(after) and cue.i - after[0].i > 12:
                continue
            return cue, where
        return None, None

    def direct(self, marks: list[_Marked]):
        """Quotations in quote marks: attributed ones now, the others (``_Pending``) once every
        attributed quotation is known (:meth:`settle`)."""
        quotes: list[Quote] = []
        pending: list[_Pending] = []
        scares: list[tuple[_Marked, ScareQuote]] = []
        for m in marks:
            content = self.text[m.cstart : m.cend]
            if not content.strip():
                continue
            n = _words(content)
            prev = self.text[max(0, m.open - 40) : m.open]
            prev_words = prev.split()
            prev_word = prev_words[-1].casefold().strip(",:") if prev_words else ""
            so_called = None
            sc = re.search(r"so[- ]called\s*$", prev, re.IGNORECASE)
            if sc:
                so_called = Evidence(m.open - len(prev) + sc.start(), m.open - len(prev) + sc.start() + len(sc.group().rstrip()), sc.group().rstrip(), "body")
            ends_sentence = bool(re.search(r"[.!?…]$", content))
            cue, where = (None, None) if (so_called and n <= 4) else self._attribute(m, marks)
            direct_after_cue = prev.rstrip().endswith(":") or prev_word in SPEECH_FORMS or prev_word in LABEL_CUES
            short = n <= 3
            clause_end = ends_sentence or (content.endswith(",") and where == "after" and self._said_after(m, cue))
            # "X called the conclusion “bold”": a spoken word after the speaker's cue
            clause_end = clause_end or (where == "before" and cue is not None and self.spoken_fragment(m))
            if short and not so_called and (direct_after_cue or clause_end) and cue is not None:
                q = self._quote(m, "partial", cue, "short-after-cue", 0.6, where)
                if q is not None:
                    quotes.append(q)
                continue
            if short or (n <= 4 and so_called) or (n <= 4 and cue is None and not ends_sentence):
                end = m.close + 1 if m.closed else m.close
                scares.append((m, ScareQuote(m.open, end, self.text[m.open : end], content.strip(" ,;:"), True, so_called, 0.8 if short else 0.6, self.prod)))
                continue
            if cue is not None:
                q = self._quote(m, "direct", cue, f"quote-marks+cue-{where}", 0.85, where)
                if q is not None:
                    quotes.append(q)
                    continue
            # no cue: a document quoted, the speaker of the quotation before, or nobody named
            sent_before = self.text[max(self.para_of(m.open)[0], m.open - 200) : m.open]
            doc_word = next((w for w in re.findall(r"[A-Za-z]+", sent_before)[-12:] if w.casefold() in DOCUMENT_WORDS), None)
            if doc_word:
                pending.append(_Pending(m, "quote-marks+document-noun", 0.5, "document"))
            else:
                pending.append(_Pending(m, "quote-marks-no-cue", 0.4, "direct"))
        return quotes, pending, scares

    def settle(self, pending: list[_Pending], attributed: list[Quote]) -> list[Quote]:
        """Quotations without a cue of their own: a quotation that goes on from the speaker's
        previous one (``“A,” X said. “B.”``, or a new paragraph of quotation right after X spoke)
        keeps that speaker (``rule="continues-previous-quote"``, a confidence that falls with the
        distance); any other keeps ``speaker`` null -- never guessed."""
        out: list[Quote] = []
        done = sorted(attributed, key=lambda q: q.start)
        starts = [q.start for q in done]
        for p in sorted(pending, key=lambda p: p.m.open):
            m = p.m
            k = bisect.bisect_left(starts, m.open) - 1
            last = None
            while k >= 0:
                q = done[k]
                if q.end <= m.open and (q.kind != "partial" or re.search(r"[.!?]$", q.text)):
                    last = q
                    break
                k -= 1
            gap = self._continues(m, last) if last is not None else None
            if gap is not None and last is not None:  # before the document rule: "“A,” the governor said in a statement. “B.”"
                q = self._inherit(m, last, gap)
                out.append(q)
                bisect.insort(starts, q.start)
                done.insert(starts.index(q.start), q)
                continue
            salient = self._salient(m) if p.kind == "direct" else None
            out.append(salient or self._record(m.cstart, m.cend, p.kind, None, None, p.rule, p.conf))
        return out

    def _continues(self, m: _Marked, last: Quote | None) -> tuple[int, int] | None:
        """(paragraphs, sentences) between ``last`` and the quotation ``m`` when ``m`` goes on from
        ``last``'s speaker: at most the rest of the attribution sentence and one paragraph break
        in between, no other speech clause, no other quotation."""
        if last is None or last.speaker is None:
            return None
        gap = self.text[last.end : m.open]
        paras = self.para_index(m.open) - self.para_index(last.end)
        if paras > 1:
            return None
        if _words(gap) > 45 or re.search(r"[“\"]", gap.lstrip("”\"’' ,.?!")[:-1] if gap else ""):
            return None
        sentences = self.resolver.sentence_index(m.open) - self.resolver.sentence_index(max(last.start, last.end - 1))
        if sentences > 2:
            return None
        cue_sent = self.resolver.sentence_index(last.cue.start) if last.cue is not None else -1
        first = self.tok_at(last.end)
        if first is not None:
            for t in self.doc[first.i : self._tok_index(m.open)]:
                if t.idx >= m.open:
                    break
                if _is_cue(t) and t.text.casefold() in _CORE_CUES and self.resolver.sentence_index(t.idx) != cue_sent and t.dep_ not in ("relcl", "acl"):
                    return None
        if paras == 1 and m.open not in self.para_starts and self.text[self.para_of(m.open)[0] : m.open].strip():
            return None  # the quotation must open its paragraph
        for p in self.resolver.persons:
            # another person made the subject of a sentence in between ("“A,” says X. Y did not need
            # coaxing. “B.”"): the quotation that follows is more likely Y's than X's
            if last.end <= p.start < m.open and p.subject and not p.possessive and p.entity.name != last.speaker \
                    and self.resolver.sentence_index(p.start) != cue_sent and not self.resolver.quoted(p.start):
                return None
        return paras, sentences

    def _salient(self, m: _Marked) -> Quote | None:
        """A paragraph that is only a quotation, with no cue and no speaker just before: the person
        the passage is about (the most salient one of the last paragraphs), as a weak link."""
        ps, pe = self.para_of(m.open)
        lead = self.text[ps : m.open].strip()
        if lead not in ("", ":") and not lead.endswith(":") and not self._subject_just_before(m.open, ps):
            return None
        self.resolver.exclude = (m.cstart, m.cend)
        try:
            sp = self.resolver._salient(m.open, "any")
        finally:
            self.resolver.exclude = None
        if sp is None or sp.distance > 4:
            return None
        f = speaker_features("salient", "person", where="continuation", quote_kind="direct", cue=None,
                                 candidates=sp.candidates, distance=sp.distance, name=sp.name, entity=True, margin=sp.margin,
                                 antecedent_spoke=sp.antecedent_spoke, gender_known=sp.gender_known, nearer=sp.nearer)
        self.features[(m.cstart, m.cend)] = f
        mention = None
        return Quote(m.cstart, m.cend, self.text[m.cstart : m.cend], "direct", sp.name, None, mention, None, "salient-person", 0.4,
                     self.prod, speaker_confidence(f), "person", "salient")

    def _subject_just_before(self, offset: int, para_start: int) -> bool:
        """Whether the sentence right before ``offset`` (same paragraph, ended) has a person as its
        subject ("Y did not need much coaxing. “I'm thankful ...”")."""
        if not re.search(r"[.!?:][”\"’]?\s*$", self.text[para_start:offset]):
            return False
        here = self.resolver.sentence_index(offset)
        prev_start = self.resolver.sent_starts[max(0, here - 1)] if self.resolver.sent_starts[here] >= offset else self.resolver.sent_starts[here]
        return any(prev_start <= p.start < offset and p.start >= para_start and p.subject and not p.possessive
                   and not self.resolver.quoted(p.start) for p in self.resolver.persons)

    def _inherit(self, m: _Marked, last: Quote, gap: tuple[int, int]) -> Quote:
        base = self.features.get((last.start, last.end), {})
        f = dict(base)
        for key in [k for k in f if k.startswith(("where=", "quote="))]:
            del f[key]
        f.update({"where=continuation": 1.0, "quote=direct": 1.0, "continued": 1.0,
                  "gap_paragraphs": float(min(gap[0], 3)), "gap_sentences": float(min(gap[1], 6))})
        self.features[(m.cstart, m.cend)] = f
        return Quote(m.cstart, m.cend, self.text[m.cstart : m.cend], "direct", last.speaker, last.speaker_role, last.speaker_mention,
                     None, "continues-previous-quote", 0.65, self.prod, speaker_confidence(f), last.speaker_kind, "continuation")

    def _quote(self, m: _Marked, kind: str, cue, rule: str, conf: float, where: str | None) -> Quote | None:
        cs, ce = _cue_span(cue, self.text)
        cue_ev = Evidence(cs, ce, self.text[cs:ce], "body")
        self.resolver.exclude = (m.cstart, m.cend)
        try:
            speaker = self._speaker_for(cue)
        finally:
            self.resolver.exclude = None
        if weak(cue) and not speaks(speaker):
            return None  # "I believe", "the data suggests": an opinion or an inference, not a quotation
        return self._record(m.cstart, m.cend, kind, cue_ev, speaker, rule, conf, where or "before")

    def _speaker_for(self, cue) -> Speaker | None:
        if cue.text.casefold() == "according":
            to = cue.doc[cue.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None and cue.i + 2 < len(cue.doc):
                pobj = cue.doc[cue.i + 2]
            return self.resolver.speaker(pobj) if pobj is not None else None
        if not is_parsed(self.doc, cue.sent):
            return None
        subj = self.resolver.subject_of(cue)
        return self.resolver.speaker(subj)

    def _record(self, start, end, kind, cue_ev, speaker: Speaker | None, rule, conf, where: str = "before") -> Quote:
        mention = None
        name = role = None
        sconf = skind = spath = None
        if speaker is not None:
            mention = Evidence(speaker.start, speaker.end, self.text[speaker.start : speaker.end], "body")
            name, role = speaker.name, speaker.role
            if name is None:
                conf = min(conf, 0.5)
        elif cue_ev is not None:
            conf = min(conf, 0.5)
        if name is not None and speaker is not None:
            f = speaker_features(
                speaker.path, speaker.kind, where=where, quote_kind=kind, cue=cue_ev.text if cue_ev else None,
                candidates=speaker.candidates, distance=speaker.distance, gender_known=speaker.gender_known, name=name,
                entity=speaker.entity is not None, margin=speaker.margin, antecedent_spoke=speaker.antecedent_spoke,
                nearer=speaker.nearer, indefinite=bool(_INDEFINITE.match(self.text[speaker.start : speaker.end])),
            )
            self.features[(start, end)] = f
            sconf = speaker_confidence(f)
            skind, spath = speaker.kind, speaker.path
        return Quote(start, end, self.text[start:end], kind, name, role, mention, cue_ev, rule, conf, self.prod, sconf, skind, spath)

    def spoken_fragment(self, m: _Marked) -> bool:
        """Whether a short quoted fragment reads as words somebody said (a predicate, "has been
        “life-changing and heartbreaking”", "called it a “bad deal”") rather than a label the
        writer distances himself from (a single quoted noun, or words right before a noun)."""
        inner = [t for t in self.doc[self._tok_index(m.cstart) : self._tok_index(m.cend)] if not t.is_punct]
        if not inner:
            return False
        after = self.tok_at(m.close + 1) if m.close + 1 < len(self.text) else None
        if after is not None and after.tag_.startswith("NN") and self.text[m.close + 1 : after.idx].strip() == "":
            return False  # "“moderate” groups", "“human rights” diplomacy"
        if len(inner) == 1:
            return not inner[0].tag_.startswith("NN")
        return True

    def _said_after(self, m: _Marked, cue) -> bool:
        """``... been “life-changing,” she said``: the speaker comes after the fragment (not
        ``X, a backer of the “rebels,” told ...``, where the fragment is inside the subject)."""
        if not is_parsed(self.doc, cue.sent):
            return False
        subj = self.resolver.subject_of(cue)
        return subj is not None and subj.idx > m.close and self.spoken_fragment(m)

    def _tok_index(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    # -- indirect -------------------------------------------------------------
    def so_called(self, scares: list[ScareQuote]) -> list[ScareQuote]:
        out = []
        taken = [(s.so_called.start, s.so_called.end) for s in scares if s.so_called]
        for m in re.finditer(r"\bso[- ]called\s+(?![“\"‘])", self.text, re.IGNORECASE):
            if any(a <= m.start() < b for a, b in taken):
                continue
            tok = self.tok_at(m.end())
            if tok is None:
                continue
            end_tok = tok
            # up to the noun the term ends with (capitalised names run on)
            for t in tok.doc[tok.i : tok.i + 6]:
                if t.is_punct or t.text.casefold() in ("of", "in", "and", "or", "to", "that", "which", "who"):
                    break
                end_tok = t
                if t.tag_.startswith("NN") and not (t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_.startswith("NN")):
                    break
            start, end = tok.idx, end_tok.idx + len(end_tok.text)
            sc_ev = Evidence(m.start(), m.start() + len(m.group().rstrip()), m.group().rstrip(), "body")
            out.append(ScareQuote(start, end, self.text[start:end], self.text[start:end], False, sc_ev, 0.7, self.prod))
        return out


def find_quotes(article: Article, entities: tuple[Entity, ...] | None = None, prod: str = "quotes@1", doc: Any = None,
                features: dict | None = None):
    """(quotes, scare_quotes) of one article; ``doc`` is its spaCy Doc (parsed now when not given).

    ``features``, when given, receives the speaker-confidence inputs of each quotation, keyed by
    its ``(start, end)`` (the evaluation fits the calibrator on them)."""
    if doc is None:
        doc = parse_one(article.text)
    if entities is None:
        entities = find_entities(article, doc=doc)
    paragraphs = [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]
    marks = find_quote_marks(article.text, paragraphs)
    finder = _Finder(article, entities, prod, doc, marks)
    direct, pending, scare_marks = finder.direct(marks)
    indirect = finder.indirect(marks, direct)
    indirect += finder.according_to(direct + indirect)
    settled = finder.settle(pending, direct + indirect)
    # page furniture left in the text: a related-link line ("READ MORE: X says ...") or a photo
    # caption (a paragraph that ends with a credit, "(Jane Roe/Reuters)") repeats a headline or
    # the story; the story's own quotations are elsewhere
    furniture = [(ps, pe) for ps, pe in paragraphs if _RELATED.match(article.text, ps) or _caption(article.text, ps, pe)]
    if furniture:
        def in_furniture(q: Quote) -> bool:
            return any(ps <= q.start < pe for ps, pe in furniture)
        direct = [q for q in direct if not in_furniture(q)]
        indirect = [q for q in indirect if not in_furniture(q)]
        settled = [q for q in settled if not in_furniture(q)]
    # a quotation inside a reported clause is part of that mixed quotation
    mixed: set[tuple[int, int]] = getattr(finder, "mixed", set())
    direct = [q for q in direct if (q.start, q.end) not in mixed]
    settled = [q for q in settled if (q.start, q.end) not in mixed]
    quotes = sorted(direct + indirect + settled, key=lambda q: q.start)
    # a quoted fragment inside reported speech is part of what that speaker said (the reported
    # quotation carries it), not a scare quote -- unless it is a label: one quoted noun or a
    # phrase right before a noun ("the “rebels” had fired", "“moderate” groups")
    reported = [(q.start, q.end) for q in quotes if q.kind == "indirect" and q.speaker]
    quotes = [q for q in quotes if not (q.kind == "partial" and any(a <= q.start and q.end <= b for a, b in reported))]
    scares = [s for m, s in scare_marks
              if not (any(a <= m.open and m.close <= b + 1 for a, b in reported) and finder.spoken_fragment(m))]
    scares.extend(finder.so_called(scares))
    scares.sort(key=lambda s: s.start)
    if features is not None:
        features.update(finder.features)
    return tuple(quotes), tuple(scares)


@component("quotes", requires=("parse", "entities"), assigns=("quotes", "scare_quotes"))
class QuoteAnnotator:
    """Quotations with speakers (and a calibrated speaker confidence), and scare quotes."""

    name: ClassVar[str]  # set by @component
    version = 2

    def __call__(self, article: Article, ctx: Context) -> Article:
        entities = article.annotations.get("entities")
        doc = doc_in(ctx, article, self.name)
        feats: dict = {}
        quotes, scares = find_quotes(article, tuple(entities) if entities is not None else None, producer(self), doc, feats)
        if ctx is not None:
            ctx.data["quotes"] = {"features": feats}
        return article.with_annotations(quotes=quotes, scare_quotes=scares)


__all__ = ["Quote", "QuoteAnnotator", "ScareQuote", "find_quote_marks", "find_quotes"]
