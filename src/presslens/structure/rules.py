"""Structure rules as data: named patterns, each with a family and a test.

A rule looks at one line of page text (a block, or one hard-broken line of
one). Families:

- metadata: ``byline``, ``dateline`` (publisher and/or date line), ``taxonomy``
- ``provenance``: original source, first appeared, republished with permission,
  ``Source:``, copyright lines, wire credits
- boilerplate: ``call-to-action``, ``newsletter``, ``author-archive``,
  ``disclaimer``, ``fair-use``, ``contact``, ``cookie-consent``,
  ``related-links``, ``social``

Rules are general (no site names). Each rule has a name that appears in the
record (``Boilerplate.rule``, ``ProvenanceFact.rule``) so a user can see why a
block was removed, and each is covered by ``tests/structure/test_rules.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import presslens.recache as recache

# A name-ish token: capitalized word, initials, particles inside names.
_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:van|von|de|der|den|da|di|del|la|le|bin|ibn|al|el|ben|du|dos|das)(?=\s))"
NAME = rf"{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,4}}"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE_WRITTEN = (
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}})"
)
DATE_NUMERIC = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})"
DATE = rf"(?:{DATE_WRITTEN}|{DATE_NUMERIC})"
TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"
# Capitalized words that open a sentence after "By" without being a name.
_TIME_WORD = (
    rf"(?:{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tonight|Tomorrow|Yesterday|"
    r"Christmas|Easter|Now|Then|Contrast|Comparison|Law|Default|Design|Far|Midnight|Noon|Dawn)"
)


class LazyPattern:
    """A rule's regular expression, compiled on first use.

    Most lines of a page never reach the rules (the prefilter unions of classify.py, built from
    the rules' source text, answer them), and most rules never run on a given page; compiling all
    of them at import cost ~40 ms of every process start (``presslens analyze``, each worker:
    docs/performance.md). ``pattern`` and ``flags`` are those of the compiled expression.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags | re.UNICODE  # as re.compile reports it for a str pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            with recache.recording():  # source text, never an article's (presslens.recache)
                self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled().search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled().match(text, pos)

    def fullmatch(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled().fullmatch(text, pos)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern. ``max_len`` keeps a rule from eating a body paragraph
    that merely mentions the phrase (a long paragraph is not a footer line)."""

    name: str
    family: str
    pattern: LazyPattern
    max_len: int = 400
    min_link_density: float = 0.0
    tail: int = 0
    """Look only at the line's last ``tail`` characters (a pattern anchored at the end)."""

    def match(self, text: str, link_density: float = 0.0) -> re.Match[str] | None:
        if len(text) > self.max_len or link_density < self.min_link_density:
            return None
        if self.tail:
            return self.pattern.search(text, max(0, len(text) - self.tail))
        return self.pattern.search(text)


def _r(pattern: str, flags: int = re.I) -> LazyPattern:
    """A rule's pattern, case-insensitive unless ``flags`` says otherwise (compiled on first use)."""
    return LazyPattern(pattern, flags)


def _cased(pattern: str) -> LazyPattern:
    """A case-sensitive rule's pattern (compiled on first use)."""
    return LazyPattern(pattern)


# "It was originally published in X" is provenance only on a line about republishing.
_IT_REPUBLISHED = r"it(?=.*\b(?:republished|reprinted|reposted|reproduced|creative\s+commons|permission)\b)"
# Four lower-case words in a row: a sentence, not a name list or a notice.
_CLAUSE = r"(?-i:[^\n]*\b[a-z]+\s+[a-z]+\s+[a-z]+\s+[a-z]+\b)"
# The same within the first sentence of a notice ("Copyright law in the country dates to 1911"
# is prose; "© 2020 X. All rights reserved. Visit our terms of use ..." is a notice).
_NOTICE_CLAUSE = r"(?-i:[^.\n]*\b[a-z]+\s+[a-z]+\s+[a-z]+\s+[a-z]+\b)"


AGENCY_NAMES = (
    r"Associated\s+Press|AP|Reuters|Agence\s+France-Presse|AFP|Bloomberg(?:\s+News)?|United\s+Press\s+International|UPI|"
    r"Press\s+Association|Canadian\s+Press|dpa|Xinhua|Kyodo(?:\s+News)?|Yonhap|EFE|ANSA"
)

# Provenance rules capture the outlet in group "value".
PROVENANCE_RULES: tuple[Rule, ...] = (
    Rule(
        "original-source",
        "provenance",
        _r(r"^(?:the\s+)?original\s+source\s+of\s+this\s+(?:article|story|post|piece)\s+is:?\s+(?P<value>.+?)\.?$"),
    ),
    Rule(
        "originally-published",
        "provenance",
        _r(
            r"^(?:this\s+(?:article|story|post|piece|op-ed|essay|column)|" + _IT_REPUBLISHED + r"|a\s+version\s+of\s+this\s+(?:article|story))\s+"
            r"(?:was\s+)?(?:originally\s+(?:published|appeared|ran|posted)|first\s+(?:published|ran|posted))\s+"
            r"(?:(?:by|at|in|on)\s+)(?P<value>.+?)(?:\s+on\s+" + DATE + r")?\s*[.,]?\s*(?:\(|$|(?<=[a-z0-9)]{2}\.)\s|\s+and\s+is\s+|\s+under\s+|\s+with\s+)"
        ),
    ),
    Rule(
        "first-appeared",
        "provenance",
        _r(
            r"^(?:(?:this|the)\s+(?:article|story|post|piece|op-ed|essay|column)\s+|" + _IT_REPUBLISHED + r"\s+|a\s+version\s+of\s+this\s+(?:article|story)\s+)?"
            r"first\s+appeared\s+(?:on|in|at)\s+(?P<value>.+?)"
            r"(?:\s+on\s+" + DATE + r")?\s*[.,]?\s*(?:\(|$|\s+and\s+)"
        ),
    ),
    Rule(
        "republished-with-permission",
        "provenance",
        _r(
            r"^(?:this\s+(?:article|story|post)\s+(?:is|was|has\s+been)\s+)?(?:republished|reprinted|reposted|published)"
            r"\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission(?:\s+(?:from|of|by)\s+(?!" + _CLAUSE + r")(?P<value>[^,;]+?(?:,\s*(?:Inc|Ltd|LLC)\.?)?))?\s*[.]?$"
        ),
    ),
    Rule(
        "wire-contributed",
        "provenance",
        _r(rf"^(?:the\s+)?(?P<wire>{AGENCY_NAMES})\s+contributed\s+(?:to\s+)?(?:this\s+)?(?:report|story|article)(?:ing)?\.?$"),
        max_len=120,
    ),
    Rule("source-line", "provenance", _r(r"^(?:source|via|originally\s+from|courtesy(?:\s+of)?)\s*:\s*(?P<value>.{2,120}?)\.?$"), max_len=140),
)

COPYRIGHT_RULE = Rule(
    "copyright",
    "copyright",
    _r(
        r"^(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*(?=.*(?:©|\(c\)|\b(?:19|20)\d{2}\b))(?!" + _NOTICE_CLAUSE + r")(?![^/]{1,60}\s/\s)(?P<body>.+?)\s*\.?\s*(?:all\s+rights\s+reserved\.?)?$"
    ),
    max_len=250,
)

# Wire credits: "WASHINGTON (AP) —", "(Reuters) -", "LONDON, May 3 (Reuters) -"
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .,'’/-]{1,60}?(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}(?:\s+\d{1,2})?)?\s*)?"
    r"\((?P<wire>AP|AFP|Reuters|UPI|Bloomberg|CNN|dpa|Xinhua|TASS|Sputnik|IANS|PTI|ANI|CP|AAP|EFE|ANSA|Kyodo|Yonhap)\)\s*[—–-]{1,2}\s*",
)
WIRE_CREDIT = re.compile(
    r"^(?:by\s+)?(?:the\s+)?(?P<wire>Associated Press|Reuters|Agence France-Presse|AFP|Bloomberg News|United Press International|"
    r"Press Association|Canadian Press|Australian Associated Press|Xinhua|TASS|Sputnik)(?:\s+staff)?\.?$",
    re.I,
)

BYLINE_RULES: tuple[Rule, ...] = (
    Rule(
        "by-names",
        "byline",
        # Case-sensitive names ("By the way, ..." is not a byline); a time word is not a
        # name ("By March, prices had doubled"), nor is a clause after the comma.
        _cased(
            rf"^(?i:(?:written|words|reporting|story|posted)\s+)?(?i:by)[:\s]\s*(?!{_TIME_WORD}\b)"
            rf"(?P<names>{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME})*)"
            rf"(?P<rest>\s*(?:[,;|•·–—-]\s*(?![^\n]*\b[a-z]+\s+[a-z]+\s+[a-z]+\s+[a-z]+\b).{{0,80}})?)$",
        ),
        max_len=160,
    ),
    Rule("author-label", "byline", _cased(rf"^(?i:authors?|writer|reporter)\s*:\s*(?P<names>{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME})*)\s*$"), max_len=140),
    Rule(
        "name-comma-wire",
        "byline",
        _cased(
            rf"^(?P<names>{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME})*)\s*[,|]\s*(?P<wire>Reuters|AP|Associated Press|AFP|Bloomberg|Xinhua|UPI)\.?$"
        ),
        max_len=120,
    ),
)

DATELINE_RULES: tuple[Rule, ...] = (
    # "Global Research, December 14, 2016"  /  "Reuters | Dec 14, 2016"
    Rule(
        "publisher-date",
        "dateline",
        _cased(rf"^(?!(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,)(?P<publisher>[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){{0,6}})\s*[,|•·–—-]\s*(?P<date>{DATE}){TIME}?\.?$"),
        max_len=120,
    ),
    # "Published: December 14, 2016 at 10:02", "Updated 3 March 2020", "December 14, 2016"
    Rule(
        "date-line",
        "dateline",
        _r(
            rf"^(?:(?:published|posted|updated|last\s+updated|first\s+published|date|on)\s*:?\s*(?:on\s+)?)?(?P<date>{DATE}){TIME}?"
            rf"(?:\s*[|•·,]\s*(?:updated|last\s+updated)?\s*:?\s*(?:{DATE})?{TIME}?)?\.?$",
            re.I,
        ),
        max_len=100,
    ),
)

TAXONOMY_LABELS = (
    "region|regions|theme|themes|topic|topics|tag|tags|tagged|tagged with|tagged as|filed under|filed in|category|categories|"
    "section|sections|subject|subjects|keywords|in-depth report|in depth report|related topics|more on|posted in|labels|series"
)
TAXONOMY_RULES: tuple[Rule, ...] = (
    Rule("taxonomy-label", "taxonomy", _r(rf"^(?P<label>{TAXONOMY_LABELS})\s*:\s*(?P<values>\S.*)$"), max_len=300),
    # Any "Label: a, b" line whose values are (mostly) links: a site's own taxonomy.
    Rule(
        "linked-label-list",
        "taxonomy",
        # an author label ("Auteur: Anna Lind", "Autor: Jan Roe") is a byline, not a taxonomy list
        _cased(r"^(?!(?i:authors?|autor(?:in|en)?|auteure?s?|autore|autori|von|by|par|por)\s*:)(?P<label>[A-Z][\w&/’' -]{1,28}?)\s*:\s*(?P<values>[^:]{1,200})$"),
        max_len=240,
        min_link_density=0.5,
    ),
)

BOILERPLATE_RULES: tuple[Rule, ...] = (
    Rule(
        "comment-prompt",
        "call-to-action",
        _r(
            r"^(?:please\s+)?(?:(?:leave|add|post|write)\s+a\s+(?:comment|reply)|comment\s+on\s+this\s+(?:article|story|post)|join\s+the\s+(?:conversation|discussion)|"
            r"(?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*[:!]?\s*$|(?:show|view|load|read)\s+(?:all\s+)?(?:\d+\s+)?comments\b)"
        ),
        max_len=160,
    ),
    Rule(
        "become-member",
        "call-to-action",
        _r(r"^(?:please\s+)?(?:become\s+a\s+(?:member|subscriber|patron|supporter)|join\s+(?:us|now|today)|support\s+(?:us|our\s+(?:work|journalism))|donate(?:\s+now|\s+today)?\b|make\s+a\s+donation|click\s+to\s+donate)"),
        max_len=200,
    ),
    Rule(
        "subscribe",
        "call-to-action",
        _r(r"^(?:please\s+)?(?:subscribe|click\s+here\s+to\s+subscribe|get\s+unlimited\s+access|start\s+your\s+(?:free\s+)?trial|already\s+a\s+subscriber)\b"),
        max_len=200,
    ),
    Rule(
        "share-prompt",
        "call-to-action",
        _r(r"^(?:please\s+)?(?:share\s+(?:this|the)\s+(?:article|story|post|page)|share\s+on\s+\w+|spread\s+the\s+word|like\s+us\s+on|follow\s+us\s+(?:on|@)|tweet\s+this|click\s+to\s+share|share\s+this:?)\b"),
        max_len=160,
    ),
    Rule(
        "social-buttons",
        "social",
        _r(
            r"^(?=.*[^\W\d_])(?:(?:share(?:\s+(?:this|on))?|tweet|email|e-mail|mail|print|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|"
            r"flipboard|messenger|xing|threads|bluesky|mastodon|copy\s+(?:link|url)|link\s+kopieren|save|comments?|teilen|twittern|"
            r"drucken|merken|kommentieren|partager|imprimer|compartir|imprimir|condividi|\d{1,5})[\s|•·,/:]*){1,12}$"
        ),
        max_len=140,
    ),
    Rule(
        "newsletter",
        "newsletter",
        _r(r"(?:\bsign\s+up\s+(?:for|to)\b.{0,60}\b(?:newsletter|e-?mails?|alerts|briefing|updates)|\b(?:our|the|free|daily|weekly)\s+(?:\w+\s+){0,3}newsletter\b|^enter\s+your\s+e-?mail|^get\s+(?:our\s+)?(?:the\s+)?(?:latest\s+)?(?:news|headlines|updates)\s+(?:delivered|in\s+your\s+inbox|by\s+e-?mail)"
          r"|\bnewsletter\s+(?:abonnieren|bestellen|anmelden)\b|\b(?:unseren?|den|kostenlosen?|täglichen?|wöchentlichen?)\s+(?:\w+\s+){0,2}newsletter\b"
          r"|\binscr[ií]bete\s+(?:a\s+)?(?:nuestro\s+)?(?:bolet[ií]n|newsletter)|\binscrivez-vous\s+à\s+(?:notre\s+)?(?:newsletter|lettre))"),
        max_len=260,
    ),
    Rule("articles-by", "author-archive", _r(rf"^(?:articles|posts|stories|more\s+(?:articles|stories|posts))\s+by\s*:?\s*(?-i:{NAME}).*$"), max_len=120),
    Rule("view-all-by", "author-archive", _r(r"^(?:view|see|read)\s+(?:all|more)\s+(?:posts|articles|stories)\s+(?:by|from)\b"), max_len=120),
    Rule(
        "disclaimer",
        "disclaimer",
        _r(
            r"(?:^disclaimer\s*:|\bare\s+(?:of\s+)?(?:the\s+)?sole\s+responsibility\s+of\s+the\s+author|"
            r"\bviews\s+(?:and\s+opinions\s+)?expressed\s+(?:in\s+this\s+(?:article|piece|post|column)|here(?:in)?|by\s+the\s+author)s?\s+(?:are|do\s+not)|"
            r"\bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)\s+(?:the\s+)?(?:views|opinions|position|editorial))"
        ),
        max_len=1500,
    ),
    Rule(
        "fair-use",
        "fair-use",
        _r(r"(?:\bfair\s+use\b|copyrighted\s+material\s+the\s+use\s+of\s+which|section\s+107\s+of\s+the\s+u\.?s\.?\s+copyright\s+law)"),
        max_len=1500,
    ),
    Rule(
        "contact",
        "contact",
        _r(
            r"^(?:for\s+(?:media|press|editorial|advertising|business)\s+(?:inquiries|enquiries|queries)|contact\s+(?:us|the\s+author|the\s+editor)|"
            r"(?:send|email|e-mail)\s+(?:us\s+)?(?:your\s+)?(?:tips|news\s+tips|corrections|a\s+tip)|got\s+a\s+(?:news\s+)?tip|"
            r"(?:tips|corrections|questions)\?\s*(?:email|contact)|to\s+report\s+(?:an\s+error|a\s+correction))"
        ),
        max_len=300,
    ),
    Rule("email-only", "contact", _r(r"^(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+\.[\w.-]+$"), max_len=100),
    Rule(
        "cookie-consent",
        "cookie-consent",
        _r(
            r"(?:\bwe\s+(?:and\s+our\s+partners\s+)?use\s+cookies\b|\bthis\s+(?:web)?site\s+uses\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b|"
            r"\bcookie\s+(?:policy|settings|preferences)\b|\bby\s+continuing\s+to\s+(?:use|browse)\s+(?:this|our)\s+(?:site|website)|\bmanage\s+(?:your\s+)?consent\b)"
        ),
        max_len=700,
    ),
    Rule(
        "related-heading",
        "related-links",
        _r(
            r"^(?:(?:related(?:\s+(?:articles|stories|posts|content|coverage|reading|news|links|video|videos|audio|listening|topics))?|"
            r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in|enjoy)|recommended(?:\s+(?:for\s+you|reading|stories|articles))?|"
            r"more\s+(?:stories|news|articles)|more\s+(?:from|on|in)\s+[\w&'’. -]{1,40}?|"
            r"most\s+(?:popular|read|viewed|shared)|trending(?:\s+now)?|top\s+stories|latest\s+(?:news|stories|articles)|"
            r"what\s+to\s+read\s+next|further\s+reading)\s*(?:\.{3}|…)?\s*(?:(?::|\s[–—-])\s*.{0,160}|\s+(?-i:[A-Z0-9\"“‘'(]).{0,160})?"
            r"|related(?:\s+[\w'’.-]+){1,4}\s*:\s*.{0,160}"
            r"|(?:read\s+(?:more|also|next)|see\s+also|also\s+read)\s*(?:[:|»›>–—-]\s*|\s+)?.{0,160})$"
        ),
        max_len=200,
    ),
    Rule(
        "advertisement",
        "advertisement",
        _r(
            r"^(?:advertisement|advertising|sponsored(?:\s+content)?|ad|anzeige|werbung|publicidad|publicité|pubblicità|"
            r"story\s+continues\s+below(?:\s+advertisement)?|continue\s+reading\s+below|scroll\s+(?:down\s+)?to\s+continue(?:\s+reading|\s+with\s+content)?)"
            r"\s*[:.]?\s*(?:[-–—|]?\s*(?:scroll\s+(?:down\s+)?to\s+continue(?:\s+reading|\s+with\s+content)?|continue\s+reading\s+below|story\s+continues\s+below))?\s*$"
        ),
        max_len=90,
    ),
    # "CLICK HERE TO GET THE HARBOR LEDGER APP", "Download our free app for breaking news alerts"
    Rule(
        "app-promo",
        "call-to-action",
        _r(
            r"^(?:click\s+here\s+to\s+(?:get|download|install)\b.{0,80}|(?:get|download|install|try)\s+(?:the|our)\s+(?:free\s+)?[\w&'’. -]{0,40}?\bapps?\b(?:\s+(?:now|today|here|(?:for|to)\s+[\w\s'’-]{0,50}))?[.!]?"
            r"|(?:jetzt\s+)?(?:die\s+|unsere\s+)?(?:kostenlose\s+)?[\w-]{0,30}[-\s]?app\s+(?:herunterladen|laden|installieren|downloaden)\b.{0,60}"
            r"|(?:descarga|descargue|baixe|télécharge[zr]?)\s+(?:la|nuestra|a|nossa|l['’]|notre)\s*app(?:licación|lication)?\b.{0,60})$"
        ),
        max_len=200,
    ),
    # "Video: Divers reach the wreck", "WATCH: ...", "Now playing", a bare duration "2:45"
    Rule(
        "video-blurb",
        "video",
        _r(
            r"^(?:(?:video|watch|now\s+playing|up\s+next|play\s+video|watch\s+(?:the\s+)?video|video\s+abspielen|zum\s+video|vídeo|vidéo)\s*"
            r"(?:\(\d{1,2}:\d{2}\))?\s*(?:[:|–—-]\s*.{0,200})?|\d{1,2}:\d{2}(?::\d{2})?|(?:video|watch)\s*\(\d{1,2}:\d{2}\).{0,200})$"
        ),
        max_len=240,
    ),
    # "MORE: Harbor ferry to run all winter", "Lesen Sie auch: ...", "À lire aussi ..."
    Rule(
        "related-label",
        "related-links",
        _r(
            r"^(?:(?:more|related|watch\s+more|listen|(?-i:READ|SEE|ALSO)|lesen\s+sie\s+(?:auch|mehr|hier)|mehr\s+zum\s+thema|auch\s+interessant|"
            r"das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|weitere\s+(?:artikel|beiträge|nachrichten|meldungen)|(?:à\s+)?lire\s+aussi|(?:à\s+)?voir\s+aussi|"
            r"lee\s+también|te\s+puede\s+interesar|leia\s+também|leggi\s+anche)\s*[:»›]\s*.{0,160}"
            r"|(?:lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|(?:à\s+)?lire\s+aussi|lee\s+también|leia\s+também|leggi\s+anche)\b.{0,160})$"
        ),
        max_len=200,
    ),
    Rule(
        "rights-reserved",
        "copyright",
        _r(r"^(?:(?:.{0,80}(?:[.;|©]|\b(?:19|20)\d{2}\b)\s*)?all\s+rights\s+reserved\b.{0,120}|this\s+material\s+may\s+not\s+be\s+published,\s+broadcast,\s+rewritten,?\s+or\s+redistributed.*)$"),
        max_len=300,
    ),
    Rule(
        "image-credit",
        "caption",
        _r(r"^(?:(?:photo|image|picture|video|graphic|illustration)\s*(?:credit)?\s*:|(?:©|\(c\))\s*[\w .&'’-]{2,40}\s/\s|\((?:photo|image)[^)]*\)$|(?:getty\s+images|shutterstock|afp\s+via\s+getty)\s*$)"),
        max_len=200,
    ),
)

# Rules that look at the end of a line only (classify tries them after BOILERPLATE_RULES).
TAIL_RULES: tuple[Rule, ...] = (
    # A photo caption that ends in its credit: "... on Tuesday. (AP Photo/Jane Doe)", "... Photo: Jane Doe",
    # "... Jane Doe/Getty Images". Only the line's end is searched, and
    # only when it holds one of TAIL_KEYWORDS.
    Rule(
        "caption-credit",
        "caption",
        _r(
            r"(?<=\S)\s*(?:\((?:[\w.&'’-]{1,20}\s)?(?:photo|foto|image|bild|picture|video)s?\s*(?:[:/]|by)\s*[^()]{2,60}\)"
            r"|\b(?:photo|foto|image|bild|picture)s?\s*(?:credit)?\s*:\s*[^.!?:]{2,60}"
            r"|\s/\s?(?:getty\s+images|ap|afp|reuters|dpa|epa|imago(?:\s+images)?|shutterstock|alamy|istock|picture\s+alliance)(?:\s+via\s+getty\s+images)?"
            r"|\b(?:getty\s+images|shutterstock|istock(?:photo)?|picture\s+alliance|imago\s+images)\s*(?:/\s*[\w .]{2,40})?"
            r"|\([^()/]{2,40}/\s?(?:reuters|ap|afp|dpa|epa|getty\s+images|imago|shutterstock|bloomberg)[^()]{0,30}\)"
            r"|(?-i:\b(?:REUTERS|AP|AFP|EPA|DPA|XINHUA)/[\w .'’/-]{2,60}))\s*\.?$"
        ),
        max_len=320,
        tail=160,
    ),
)
TAIL_GUARD = re.compile(r"p(?:hoto|icture)|foto|image|bild|video|getty|shutterstock|istock|imago|alamy|/\s?(?:ap|afp|reuters|dpa|epa)\b", re.I)
"""Searched in a line's last 60 characters before TAIL_RULES are tried (a credit ends the line)."""

# Bylines and datelines of any other shape ("By Ben Andrews Published May 25, 2026",
# "Veröffentlicht am 03.02.2022 von Sarah Schnieder", "Jody Robbins Published Jun 05, 2026 •
# 3 minute read"): a line that passes this guard is read by structure/byline.py, which
# names the authors, dates and wire or rejects the line. classify() tries it after every
# Rule above, so the named rules keep the lines they already take.
META_LINE = "meta-line"
META_LINE_GUARD = re.compile(r"(?:19|20)\d\d|\d[./]\d{1,2}[./]\d")
"""Search: a year or a short numeric date (every date the byline reader reads has one)."""
META_LINE_START = re.compile(
    r"[\W_]*(?:[^\W\d_][\w'’-]*\s+){0,2}(?:(?:by|von|vom|durch|par|por|di|door|av|af|authors?|autor\w*|auteur\w*|texte?|texto|testo|"
    r"reporter|writer|byline|verfasser\w*|redaktion|interview|our)\b|(?-i:By|Von|Par|Por)(?=[A-Z]))",
    re.I,
)
"""Match: a by-marker or an author label within the line's first three words ("By", "Written by",
"Ein Artikel von", "Autor:", "Our Foreign Staff"). A line passing neither guard is not read."""

# Lines that say "the article ends here" for the purposes of body detection.
END_MARKERS = re.compile(
    r"^(?:the\s+original\s+source\s+of\s+this\s+article|copyright\s*©|©|comments?\b|leave\s+a\s+(?:comment|reply)|related\s+(?:articles|stories|posts))",
    re.I,
)

# Where a page's comment section starts (after the body): names and dates below it are the
# commenters' ("Martin Mair / 3. Februar 2020 um 9:46 / Permalink"), never the article's byline.
COMMENTS_START = re.compile(
    r"^(?:\d+\s+)?(?:comments?|kommentare?|responses?|replies|reactions?|reaktionen|commentaires?|comentarios?|coment[aá]rios?)"
    r"\s*(?:\(\d+\))?\s*:?$"
    r"|^(?:\d+|one|two|three|ein|eine|zwei|drei|un|une)\s+(?:comments?|kommentare?|responses?|replies|reactions?|reaktionen|"
    r"commentaires?|comentarios?|coment[aá]rios?|thoughts?|gedanken?)\s+(?:on|to|zu|auf|sur|en|em)\b.{0,200}$"
    r"|^(?:leave|post|write|add)\s+a\s+(?:comment|reply)\b.{0,80}$"
    r"|^(?:schreibe|hinterlasse|verfasse)\s+(?:einen|eine)\s+(?:kommentar|antwort)\b.{0,80}$"
    r"|^(?:laisser|ajouter)\s+un\s+commentaire\b.{0,80}$|^(?:deja|escribe)\s+(?:un|tu)\s+comentario\b.{0,80}$"
    r"|^(?:kommentar|comment|antwort|reply|commentaire|comentario)\s+(?:von|by|from|de|par)\s.{0,200}$",
    re.I,
)
