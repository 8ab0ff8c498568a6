"""Read one byline or dateline as pages write it: who wrote it, when, and for which agency.

Pages put several facts on one line, in any order and many languages:
"By Ben Andrews  Published May 25, 2026", "Jody Robbins  Published Jun 05, 2026
• 3 minute read", "By Associated Press 12:20pm Jan 7, 2024", "Veröffentlicht am
03.02.2022 von Sarah Schnieder", "Posted on 2015-04-05 by marc | Leave a comment",
"Jane Doe, Reporter", "Jane Doe and AP". :func:`parse_meta_line` cuts a line
into segments (dates with their times and labels, reading times, comment
counts, separators, by-markers, name lists) and says what it found, with
offsets into the line. A line it cannot explain (a sentence that happens to
start with "By") gives ``None``.

The decisions are about shapes, never about sites: a by-marker followed by a
list of names (capitalised words, initials, name particles; a single word or
nickname only after an explicit marker), an agency name as an organisation
author, role words after a comma ("Reporter", "Staff Writer") dropped, a name
with no marker accepted only when the same short line carries a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslens.read.dates import DateMatch, find_dates

MAX_LEN = 260

# Words that open a byline: "By", "Von", "Par", "Por", "Di", "Door", "Av", with an optional verb before.
_MARKER = re.compile(
    r"(?:(?:written|words|reporting|report|story|posted|published|text|analysis|commentary|opinion|review|essay|column|veröffentlicht|geschrieben|erstellt|verfasst|"
    r"eingestellt|gespeichert|gepostet|publié|écrit|publicado|escrito|scritto|pubblicato|gepubliceerd|geschreven)\s+){0,2}"
    r"(?:(?:ein|eine|an?|un|une)\s+)?(?:(?:artikel|beitrag|gastbeitrag|kommentar|article|story|post|essay|analyse|interview)\s+)?"
    r"(?:(?:by|von|vom|(?-i:durch)|par|por|di|door|av|af)(?=\s|:|$)|(?:by|von|par|por)(?-i:(?=[A-Z])))\s*:?\s*"
    r"|(?:authors?|autor(?:in|en)?|auteure?s?|autore|autori|texte?|texto|testo|reporter|writer|byline|verfasser(?:in)?|redaktion|"
    r"redacción|redação|interview|bericht|words|reportage|kolumnist(?:\*?in)?|columnist)\s*:(?!innen\b)\s*"
    r"|(?:texte?|texto|text)\s*(?:&|und|and|y|et)\s*(?:fotos?|photos?|bilder?)\s*:\s*"
    r"|(?:authors?|autor(?:in|en)?|auteure?s?|autori)(?:\s+|(?-i:(?=[A-ZÄÖÜ][a-zäöü])))(?-i:(?=[A-ZÄÖÜ]))",
    re.I,
)
# Labels that stand before a date ("Published", "am", "le") or alone.
_UPDATE_LABEL = re.compile(
    r"(?:last\s+)?(?:updated?|modified|edited|revised)|aktualisiert|aktualisierung|zuletzt\s+aktualisiert|geändert|änderung|stand|mis\s+à\s+jour|"
    r"actualizado|actualización|atualizado|atualização|aggiornato|bijgewerkt",
    re.I,
)
_LABELS = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted|created|released|date[d]?|on|at|updated?|last\s+updated|modified|edited|"
    r"veröffentlicht|publiziert|erstellt|erschienen|aktualisiert|zuletzt\s+aktualisiert|geändert|stand|datum|am|vom|um|den|"
    r"publié|mis\s+à\s+jour|le|du|publicado|actualizado|atualizado|el|em|pubblicato|aggiornato|il|gepubliceerd|bijgewerkt|op)"
    r"(?:\s+(?:on|am|le|el|em|il|op|at|um|à))?\s*:?\s*)+$",
    re.I,
)
_READ_TIME = re.compile(
    r"(?:(?:reading\s+time|read\s+time|lesezeit|lesedauer|temps\s+de\s+lecture|tiempo\s+de\s+lectura|tempo\s+de\s+leitura)\s*:?\s*)?"
    r"(?:ca\.\s*)?\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?|minuten?|mins?)\.?"
    r"(?:\s+(?:read|reading|lesezeit|lesedauer|de\s+lectura|de\s+lecture|de\s+leitura|lectura|lecture|leitura))?"
    r"|(?:reading\s+time|lesezeit|lesedauer)\s*:?",
    re.I,
)
_COMMENTS = re.compile(r"(?:\d+|ein|eine|one|no|keine|un|une)\s+(?:comments?|kommentare?|commentaires?|comentarios?|reactions?|responses?|replies)|(?:leave\s+a\s+)?comments?|kommentare?|share|teilen|print|drucken", re.I)
# "2 Kommentare", "Ein Kommentar", "7 comments" trailing a byline
_COMMENT_COUNT = re.compile(
    r"(?:\d+|ein|eine|one|no|keine|un|une)\s+(?:comments?|kommentare?|commentaires?|comentarios?|coment[aá]rios?|antworten|replies|responses)",
    re.I,
)
# Calls to comment trailing a byline ("Schreibe einen Kommentar", "Leave a comment", "Post a Comment").
_COMMENT_CALL = re.compile(
    r"(?:leave|post|add|write)\s+a\s+(?:comment|reply)|(?:schreibe|hinterlasse)(?:n\s+sie)?\s+einen\s+kommentar|kommentar\s+schreiben|"
    r"laisser\s+un\s+commentaire|deja\s+un\s+comentario|deixe\s+um\s+coment[aá]rio|lascia\s+un\s+commento",
    re.I,
)
# A taxonomy label after the byline runs to the end of the line: "| Autor: Jane | Abgelegt unter: Fotografie, Reisen".
_TAXONOMY_TAIL = re.compile(
    r"(?:^|(?<=[\s|•·_]))(?:(?:abgelegt\s+unter|filed\s+under|posted\s+in|tagged\s+with|veröffentlicht\s+in)\s*:?|"
    r"(?:kategorien?|categories|category|tags|schlagw(?:ö|oe)rter|schlagworte|themen|rubrik)\s*:)\s.*$",
    re.I,
)
# A social profile link or an e-mail address beside the name: "von Jane Doe Twitter Account von Jane Doe", "Por Jane jd@x.org".
_CONTACT = re.compile(
    r"(?<=\S)\s(?:twitter|facebook|linkedin|instagram|mastodon|threads|x)[- ]?(?:account|profil|profile|page|seite|konto)\s+(?:von|of|de|by|do|di)\s.*$"
    r"|(?<![^\s|•·])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![^\s|•·])",
    re.I,
)
_TIME_ONLY = re.compile(r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|uhr|h)?(?:\s+(?-i:[A-Z]{2,5})(?:[+-]\d{1,2})?)?|\d{1,2}\s*[ap]\.?m\.?", re.I)
# Separators between segments; "](#)" is what a link label cut across two blocks leaves behind.
_SEP = re.compile(r"\s*(?:(?:^|\s)(?:posted\s+)?(?:in|under|filed\s+under|unter)\s+[A-ZÄÖÜ][\w&-]*(?:(?:\s*,\s*|\s+)[A-ZÄÖÜ][\w&-]*){0,4}(?=\s+(?:by|von)\s)|[•·|*/»›@]|_{2,}|(?<=\d)(?=[A-ZÄÖÜ][a-zäöü])|(?<=\d)\s+(?=(?:by|von|par|por)\s)|\s(?:in|im|unter|filed\s+under|posted\s+in)\s(?=[A-ZÄÖÜ])|\s[-–—]\s|^[-–—]\s|\s[-–—]$|\]\([^)\s]*\)|[\[\]()]|\s(?=[^\W\d_][\w-]*:\s))\s*")
# A photo credit or copyright notice runs to the end of the line: "von Jane Doe Foto: © Agency".
_CREDIT = re.compile(
    r"(?<=\S)\s(?:fotos?|photos?|bilder?|images?|credits?|grafik|illustrations?|quelle|source)\s*:.*$|©.*$"
    r"|\s(?:illustrations?|fotos?|photos?|photographs?|bilder?|grafik|video)\s+(?:von|by|par|por)\s.*$",
    re.I,
)

# Agencies and wire services (an organisation author when it is the byline itself).
AGENCIES = (
    "Associated Press|AP|Reuters|Agence France-Presse|AFP|Bloomberg News|Bloomberg|United Press International|UPI|"
    "Press Association|PA|Canadian Press|CP|Australian Associated Press|AAP|dpa|DPA|Deutsche Presse-Agentur|APA|EFE|"
    "Agencia EFE|ANSA|Kyodo|Kyodo News|Yonhap|Xinhua|TASS|Sputnik|IANS|PTI|ANI|KNA|epd|SDA|Keystone-SDA|AFP/Getty"
)
_AGENCY = re.compile(rf"^(?i:the\s+)?(?P<wire>{AGENCIES})(?i:\s+(?:staff|news|wire|reporters?))?$")
_ORG_AUTHOR = re.compile(
    r"^(?:our\s+[\w -]{0,30}?(?:staff|correspondents?|reporters?|team|desk)|(?:the\s+)?[\w-]+\s+(?:staff|team|desk|newsroom)|"
    r"staff(?:\s+(?:writer|reporter|report))?|news\s*desk|newsdesk|redaktion|editorial\s+(?:staff|team|board)|the\s+editors)$",
    re.I,
)
# After a comma: a role or an affiliation, not a second author.
_ROLE = re.compile(
    r"^(?:(?:senior|chief|political|staff|special|deputy|associate|contributing|national|foreign|business|sports?|science|"
    r"health|investigative|white\s+house|washington|economics|tech(?:nology)?|diplomatic|legal|environment|education|"
    r"entertainment|\w+)\s+)*"
    r"(?:reporter|writer|correspondent|editor|contributor|columnist|journalist|producer|photographer|analyst|"
    r"redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|journaliste|periodista|jornalista|giornalista|"
    r"bureau\s+chief|staff|intern|fellow|critic|reviewer)s?\b.*"
    r"|^(?:special\s+to|for|für|pour|para|per|in|aus|from|de)\s+.*"
    r"|^(?:ph\.?d|md|m\.?d|jr\.?|sr\.?|phd|dr)\.?$",
    re.I,
)
_PARTICLES = {
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "bin", "ibn", "al", "el", "ben", "du", "dos",
    "das", "ter", "ten", "zu", "zur", "und", "y", "e", "st.", "mc", "mac", "o'", "d'",
}
_NOT_NAME_WORDS = {
    "the", "a", "an", "this", "that", "these", "it", "is", "was", "are", "were", "be", "has", "had", "have", "will", "can", "not",
    "and", "or", "but", "with", "from", "into", "about", "after", "before", "while", "when", "where", "which", "who",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tomorrow", "tonight", "now", "then", "published", "updated", "posted", "share", "comments", "comment", "read", "more",
    "home", "news", "menu", "search", "login", "sign", "subscribe", "advertisement", "photo", "video", "image",
    "der", "die", "das", "ein", "eine", "ist", "sind", "wird", "wurde", "uhr", "mehr", "lesen", "weiter", "im", "am",
    "le", "la", "les", "un", "une", "est", "el", "los", "las", "es", "o", "um", "uma",
    # German, French, Spanish function words and page words (German capitalises every noun)
    "zum", "zur", "zu", "unsere", "unser", "unseren", "alle", "aller", "alles", "letzte", "letzter", "neueste", "über",
    "zurück", "weitere", "neue", "neu", "meine", "mein", "ihre", "ihr", "wir", "ich", "hier", "jetzt", "heute",
    "gestern", "startseite", "seitenanfang", "galerie", "aktualisierung", "kategorien", "kategorie", "rubrik", "ressort",
    "partner", "impressum", "datenschutz", "kontakt", "anzeige", "werbung", "artikel", "beitrag", "beiträge", "kommentar",
    "kommentare", "teilen", "drucken", "merken", "abonnieren", "newsletter", "suche", "anmelden",
    "dossier", "thema", "themen", "nach", "oben", "vorheriger", "nächster", "previous", "next", "back", "top", "all",
    "our", "contact", "follow", "view", "profile", "accueil", "retour", "inicio", "volver", "actualizado",
    "publicado", "lire", "aussi", "voir", "plus", "ver", "más", "leer", "también", "editorial", "opinion", "meinung",
    # pagination and post navigation ("Nächste Vorherige", "Older posts"), list labels glued to a name
    "nächste", "vorherige", "older", "newer", "suivant", "précédent", "siguiente", "anterior", "categories", "category",
    "tags", "tagged", "schlagwörter", "schlagworte",
    # page chrome that looks like two capitalised words ("Skip Navigation", "Fiction Page", "Archiv Online")
    "zuletzt", "aktuell", "update", "datum", "uhrzeit", "eingestellt", "erschienen", "gepostet", "written",
    "skip", "navigation", "page", "seite", "live", "stream", "archiv", "archive", "online", "original", "report", "chapter",
    "author", "authors", "autor", "autorin", "autoren", "auteur", "auteurs", "autore",
}
# A weekday just before a date ("Thu, Nov 9, 2023", "Mittwoch, 01. November 2023").
_WEEKDAY = re.compile(
    r"(?<![\w])(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|sonnabend|"
    r"mo|di|mi|do|fr|sa|so|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo|segunda|terça|quarta|quinta|sexta)[a-zäöüéáç-]*\.?,?\s*$",
    re.I,
)
_SIGN_OFF = re.compile(r"^\s*[-–—]")
_DASH_LEAD = re.compile(r"[-–—]\s*")
_INITIAL_END = re.compile(r"(?:\b[A-Z]|\b(?:Jr|Sr|St|Dr))\.$")
_WORDS = re.compile(r"[\"“„«][^\"”“»]*[\"”“»]|\S+")
_HANDLE_OR_URL = re.compile(r"[@/]|https?:|www\.")
_QUOTED = re.compile(r"[\"“„'‘«(][^\"”“'’»)]+[\"”“'’»)]")
_INITIAL = re.compile(r"[A-Z]\.")
_PROSE = re.compile(r"(?<![^\s(])[a-zäöüßéèêàçñóíú]+(?:\s+[a-zäöüßéèêàçñóíú]+){4}(?=[\s,.;:!?]|$)")
_HANDLE = re.compile(r"\(@\w+\)")
_TRAILING_LABEL = re.compile(
    r"\s+(?:am|on|le|el|em|il|op|um|at|vom|published|posted|updated|last|veröffentlicht|aktualisiert|erstellt|"
    r"letzte|zuletzt|geändert|modified|edited|revised|publicado|actualizado|atualizado|publié|mis)\s*$",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\band(?=\s)|(?-i:\band(?=[A-Z]))|(?-i:\b(?:und|et|y|e|og|en|mit|with)\b))\s*", re.I)
_WORD = re.compile(r"[^\W\d_]", re.U)
_CLAUSE = re.compile(r"(?:^|\s)[a-zäöüéèàç]+\s+[a-zäöüéèàç]+\s+[a-zäöüéèàç]+\s+[a-zäöüéèàç]+(?:\s|$)")
_GUARD = re.compile(
    r"\d|\b(?:by|von|par|por|di|door|av)\b|(?:author|autor|auteur|text|reporter|writer|redakti|staff|press|reuters|afp|dpa)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass
class MetaLine:
    """What one line says about the article (offsets are into the line)."""

    names: list[Span] = field(default_factory=list)
    marker: bool = False  # an explicit "By"/"Von"/"Author:" opened the names
    published: DateMatch | None = None
    updated: DateMatch | None = None
    wire: Span | None = None  # an agency credited on the line
    residue: int = 0  # words the parser could not place
    signature: bool = False  # "— Jane Doe" alone: a sign-off, not a byline
    bare: bool = False  # names alone on a line of links, no marker and no date

    @property
    def date(self) -> DateMatch | None:
        return self.published or self.updated


def may_be_meta(text: str) -> bool:
    """A cheap test before :func:`parse_meta_line` (most body lines fail it)."""
    return len(text) <= MAX_LEN and _GUARD.search(text) is not None


def parse_meta_line(text: str, *, linked: bool = False) -> MetaLine | None:
    """Parse one short line into names, dates and a wire credit, or ``None`` when it is not a byline/dateline.

    A name with no by-marker is accepted when the line also carries a date, or when
    ``linked`` (the line is all links: "[Jane Doe](#), [John Roe](#)") and holds
    nothing but names of two words or more (``MetaLine.bare``: the weakest kind).
    """
    if not text or len(text) > MAX_LEN or _HANDLE.search(text):
        return None  # "— Jane Doe (@janedoe) May 3, 2021" closes a quoted post: not the article's
    if _PROSE.search(text):
        return None  # five lower-case words in a row: a sentence (checked first: it is cheap)
    explained = [False] * len(text)
    out = MetaLine()
    for d in find_dates(text):
        kind = "updated" if _UPDATE_LABEL.search(text[max(0, d.start - 30) : d.start].split("|")[-1].split("•")[-1]) else "published"
        if kind == "published" and out.published is None:
            out.published = d
        elif kind == "updated" and out.updated is None:
            out.updated = d
        wd = _WEEKDAY.search(text, 0, d.start)
        _mark(explained, wd.start() if wd else d.start, d.end_with_time)
    for m in _CREDIT.finditer(text):
        if m.start() >= 10 or text[m.start() :].lstrip().startswith("©"):
            # a credit trails the byline; "FILE PHOTO: ..." opening a line is a caption
            _mark(explained, m.start(), m.end())
    for m in _TAXONOMY_TAIL.finditer(text):
        if m.start() >= 10:
            _mark(explained, m.start(), m.end())  # (a line that opens with the label is a taxonomy line)
    for m in _CONTACT.finditer(text):
        _mark(explained, m.start(), m.end())
    for rx in (_READ_TIME, _TIME_ONLY, _COMMENT_COUNT, _COMMENT_CALL):
        for m in rx.finditer(text):
            if _boundary(text, m.start(), m.end()) or rx is _COMMENT_COUNT and text[m.start()].isdigit() and (m.end() >= len(text) or not text[m.end()].isalnum()):
                # ("Andreas Kalt4 Kommentare": a theme's screen-reader text glues the count to the name)
                _mark(explained, m.start(), m.end())
    chunks = _chunks(text, explained)
    pending_marker = False
    bare: list[Span] = []
    for i, (s, e) in enumerate(chunks):
        chunk = text[s:e]
        mk = _MARKER.match(chunk)
        if mk and (mk.end() < len(chunk) or i + 1 < len(chunks)):
            names_at = s + mk.end()
            if names_at >= e:
                pending_marker = True
                continue
            _names(text, names_at, e, out, marker=True)
            pending_marker = False
            continue
        if pending_marker:
            _names(text, s, e, out, marker=True)
            pending_marker = False
            continue
        stripped = chunk.strip(" ,;:.")
        if not stripped or _LABELS.match(stripped) or _COMMENTS.fullmatch(stripped):
            continue
        am = _AGENCY.match(stripped)
        if am:
            if out.wire is None:
                off = s + chunk.find(stripped)
                out.wire = Span(am["wire"], off, off + len(am["wire"]))
            if not out.names and i == 0:
                off = s + chunk.find(stripped)
                out.names.append(Span(stripped, off, off + len(stripped)))
            continue
        if _ROLE.match(stripped) and (out.names or bare):
            continue  # "By Jane Doe | Staff Writer"
        if i == 0 and len(chunks) == 1 and _ORG_AUTHOR.match(stripped):
            out.names.append(Span(stripped, s, e))  # "Our Foreign Staff" as the whole line
            continue
        if _DASH_LEAD.fullmatch(text[:s]) and not out.names and len(chunks) == 1:
            found = MetaLine()
            _names(text, s, e, found, marker=False)
            if found.names and found.residue == 0:
                out.names, out.signature = found.names, True
                continue
        if not out.names and not bare:
            # a name with no marker: kept only if the line turns out to carry a date
            found = MetaLine()
            _names(text, s, e, found, marker=False)
            if not found.names and _HANDLE_LIKE.fullmatch(stripped) and stripped.lower() not in _NOT_NAME_WORDS:
                # a user name on a dated line ("HansEhrlich 17.10.2019, 13:56 Uhr", "quillfox — 2. Februar 2022")
                off = s + chunk.find(stripped)
                found.names.append(Span(stripped, off, off + len(stripped)))
                found.residue = 0
            if found.names and found.residue == 0:
                bare = found.names
                continue
        out.residue += len(stripped.split())
    if not out.names and bare and out.date is not None:
        out.names = bare
    elif not out.names and bare and linked and out.residue == 0 and all(len(n.text.split()) >= 2 for n in bare):
        out.names, out.bare = bare, True
    if not out.names and out.date is None:
        return None
    if _CLAUSE.search(_unexplained_text(text, explained)) and not (out.marker and text[:1].isupper() and out.residue <= 4):
        return None
    limit = 6 if out.date is not None else 3 if out.marker else 0
    if out.residue > limit:
        return None
    if not out.marker and out.names and _SIGN_OFF.match(text):
        # "— Jane Doe (@janedoe) May 3, 2021": the sign-off of a quoted post, not a byline
        out.signature = True
    return out


def _mark(explained: list[bool], start: int, end: int) -> None:
    for i in range(start, min(end, len(explained))):
        explained[i] = True


def _boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


def _unexplained_text(text: str, explained: list[bool]) -> str:
    return "".join(" " if explained[i] else ch for i, ch in enumerate(text))


def _chunks(text: str, explained: list[bool]) -> list[tuple[int, int]]:
    """Unexplained stretches of the line, cut at separators."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and explained[i]:
            i += 1
        j = i
        while j < n and not explained[j]:
            j += 1
        # cut [i, j) at separators
        pos = i
        for m in _SEP.finditer(text, i, j):
            if m.start() > pos:
                out.append(_trim(text, pos, m.start()))
            pos = m.end()
        if pos < j:
            out.append(_trim(text, pos, j))
        i = j
    return [(s, e) for s, e in out if e > s]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t,;:.-–—_*":
        s += 1
    while e > s and text[e - 1] in " \t,;:-–—_*":
        e -= 1
    # a closing period is the sentence's, unless it ends an initial or "Jr."
    if e - s > 1 and text[e - 1] == "." and not _INITIAL_END.search(text[s:e]):
        e -= 1
    return s, e


def _names(text: str, s: int, e: int, out: MetaLine, *, marker: bool) -> None:
    """Split a names segment ("Jane Doe, John Roe and Ann Lee", "Jane Doe, Reporter") into names."""
    part_start = s
    first = True
    segment = text[s:e]
    pieces: list[tuple[int, int, str]] = []  # (start, end, joiner before it)
    pos = 0
    joiner = ""
    for m in _SPLIT.finditer(segment):
        pieces.append((s + pos, s + m.start(), joiner))
        joiner = m.group(0).strip().lower()
        pos = m.end()
    pieces.append((s + pos, e, joiner))
    for ps, pe, joiner in pieces:
        ps, pe = _trim(text, ps, pe)
        part = text[ps:pe].strip()
        # a trailing label ("Jane Doe am", "Jane Doe Published") is not part of the name
        lm = _TRAILING_LABEL.search(part)
        while lm:
            part = part[: lm.start()]
            pe = ps + len(part)
            lm = _TRAILING_LABEL.search(part)
        glued = _glued_chrome(part)
        if glued:
            part = part[:glued]  # "Daniel LemireCategories", "Evan HalperStaff Writer": inline elements glued
            pe = ps + len(part)
        if not part:
            continue
        if first and out.names and not marker:
            break
        am = _AGENCY.match(part)
        if am:
            if out.wire is None:
                out.wire = Span(am["wire"], ps, ps + len(am["wire"]))
            if first or joiner not in (",", ";"):
                out.names.append(Span(part, ps, pe))  # "By Associated Press", "Jane Doe and AP"
            first = False
            continue
        if not first and joiner in (",", ";") and (_ROLE.match(part) or len(part.split()) == 1 and out.names):
            continue  # "Jane Doe, Reporter", "Jane Doe, special to the Clarion", "Jane Doe, CNN"
        if _ORG_AUTHOR.match(part) and (marker or first):
            out.names.append(Span(part, ps, pe))
            first = False
            continue
        if _is_name(part, single_ok=marker and len(pieces) == 1):
            # (a single word is a handle only when it is the whole list: "Von Risiken und
            # Nebenwirkungen", "Von Sprachregeln, Gender-Politik und …" are headings, not bylines)
            out.names.append(Span(part, ps, pe))
        else:
            out.residue += len(part.split())
        first = False
    if marker and out.names:
        out.marker = True
    _ = part_start


# A user name, not a word: "HansEhrlich" (a capital inside), "delta201" (letters then digits),
# "reineckefuchs" (lower case, no word of the page); a capitalised word alone ("Politik") is not.
_HANDLE_LIKE = re.compile(r"[A-Z][a-zäöüß]+(?:[A-Z][a-zäöüß]+)+|[A-Za-z][a-z]{2,}\d{1,4}|[a-zäöüß]{5,20}")
_GLUE = re.compile(r"(?<=[a-zäöüßéèáíóú])(?=[A-ZÄÖÜ][a-zäöüß]+)")


def _glued_chrome(part: str) -> int:
    """Where a page word glued to the name's last letters starts ("LemireCategories" -> 6),
    or 0. A glued capital that starts a name word ("McDonald", "DeLuca") is left alone."""
    for m in _GLUE.finditer(part):
        tail = part[m.start() :]
        word = tail.split()[0].lower()
        if word in _NOT_NAME_WORDS or _ROLE.match(tail):
            return m.start()
    return 0


def _is_name(part: str, *, single_ok: bool) -> bool:
    words = _WORDS.findall(part)
    if not words or len(words) > 6 or len(part) > 60:
        return False
    if not _WORD.search(part):
        return False
    if len(words) == 1:
        w = words[0]
        if w.lower().strip(".") in _NOT_NAME_WORDS:
            return False
        if single_ok:
            # a nickname or handle after an explicit marker ("by marc", "von HansG", "r23")
            return len(w) >= 2 and not w.isdigit() and not _HANDLE_OR_URL.search(w)
        return False
    capitalised = 0
    for w in words:
        if w.endswith(":"):
            return False  # "Quelle: Financial Times" is a label and its value
        lw = w.lower()
        if lw in _PARTICLES:
            continue
        if _QUOTED.fullmatch(w):
            continue  # a nickname in quotes: Amanda "Tania Mae" Tan
        if lw.strip(".,") in _NOT_NAME_WORDS and not _INITIAL.fullmatch(w):
            return False
        if any(ch.isdigit() for ch in w):
            return False
        if w[:1].isupper() or _INITIAL.match(w) or w[:2] in ("d'", "O'"):
            capitalised += 1
        else:
            return False
    return capitalised >= 1
