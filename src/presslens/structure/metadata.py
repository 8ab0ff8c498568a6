"""Names, publishers, copyright holders and language from matched lines."""

from __future__ import annotations

import html
import re

_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b)\s*", re.I)
_NOT_NAME = re.compile(
    r"^(?:staff|reporter|writer|correspondent|editor|contributor|updated|published|posted|the|a|an|and|in|on|at|for|with|"
    r"no\s+author|anonym(?:ous)?|none|null|n/a|"
    r"senior|chief|political|associated press|reuters|afp|ap|agencies|agency|file|photo|wires?|admin|administrator|"
    r"(?:wp|wordpress|site|web|blog)[-_ ]?admin|webmaster|authors?|autor(?:in|en)?|auteure?s?|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:published|updated|posted)\s+\w+.*)$",
    re.I,
)
_COMPANY_SUFFIX = re.compile(r"^(?:inc|inc\.|ltd|ltd\.|llc|plc|corp|corp\.|co\.|gmbh|s\.a\.|ag|limited)$", re.I)


def split_names(names: str) -> list[str]:
    """'Jane Doe and John Roe' -> ['Jane Doe', 'John Roe'], dropping job titles."""
    out: list[str] = []
    for part in _SPLIT_NAMES.split(names.strip()):
        part = part.strip(" .;:|-–—")
        if not part or _NOT_NAME.match(part):
            continue
        if not any(ch.isupper() for ch in part[:1]):
            continue
        if len(part.split()) > 5:
            continue
        out.append(part)
    return out


_ROLE_WORDS = re.compile(
    r"\b(?:writer|editor|correspondent|staff|reporter|contributor|columnist|journalist|producer|photographer|"
    r"news\s+service|wire|desk|team|newsroom|bureau|opinion)s?\b",
    re.I,
)


_WIRE_SUFFIX = re.compile(r"\s*,?\s*(?:the\s+)?(?:associated\s+press|reuters|afp|ap)\b.*$", re.I)


# What precedes a name in author markup and meta tags: "By", "Author:", "Veröffentlicht von", "~".
_LEAD_LABEL = re.compile(
    r"^[\s~•·*|:\-–—]*(?:(?:(?:posted|written|published|veröffentlicht|geschrieben|erstellt|verfasst)\s+(?:by|von)|by|von|vom|par|por|"
    r"authors?|autor(?:in)?|auteur|autore|interview|text)(?:\s*:\s*|\s+|(?-i:(?=[A-Z]))))?(?=\S)",
    re.I,
)
_GLUED_ROLE = re.compile(r"(?<=[a-zà-ÿ])(?=(?:Staff|Senior|Chief|Writer|Reporter|Editor|Correspondent|Contributor|Columnist)\b)")
_TRAILING_ROLE = re.compile(
    r"\s*[,|]?\s*(?:(?:staff|senior|chief|contributing|political|special)\s+)?(?:writer|reporter|correspondent|editor|contributor|columnist)s?\s*$",
    re.I,
)


# A site's domain given as its author ("jungefreiheit.de" -> "Jungefreiheit De", "Facebook Com").
_DOMAIN_NAME = re.compile(r"^(?:www\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?i:de|com|at|ch|it|org|net|info|fr|es|eu|uk|co\s+uk|news)$|^(?:www\.)?[\w-]+\.(?i:de|com|at|ch|it|org|net|info|fr|es|eu)$")
# A job title written before the name ("Rechtsanwalt Jan Roe", "FOCUS-Online-Experte Jan Roe").
_LEADING_ROLE = re.compile(
    r"^(?:[\w-]*-)?(?i:experte|expertin|rechtsanwalt|rechtsanwältin|redakteur|redakteurin|autor|autorin|reporter|reporterin|"
    r"korrespondent|korrespondentin|journalist|journalistin|gastautor|gastautorin|kolumnist|kolumnistin)\s+(?=[A-ZÄÖÜ]\S*\s+[A-ZÄÖÜ])"
)


def clean_authors(names: list[str] | tuple[str, ...]) -> list[str]:
    """Drop role strings ('AP Auto Writer', 'Staff') and duplicates from an author list;
    strip a leading 'By', a trailing wire credit and list debris; fix ALL-CAPS and
    all-lowercase names."""
    out: list[str] = []
    for name in names:
        name = html.unescape(re.sub(r"[\[\]\"“”]+", " ", str(name))).replace("\xad", "")  # soft hyphens
        name = _LEAD_LABEL.sub("", name)
        glued = _GLUED_ROLE.sub(" ", name)  # "Evan HalperStaff Writer": two inline elements glued together
        if glued != name and len(glued.split()) > 2:
            name = _TRAILING_ROLE.sub("", glued)
        name = _WIRE_SUFFIX.sub("", name) if len(name.split()) > 1 else name
        name = _LEADING_ROLE.sub("", " ".join(name.split()).strip(" ,;|'‘’"))
        if re.search(r"\s(?:and|AND|&)\s", name):
            out.extend(n for n in clean_authors(re.split(r"\s(?:and|AND|&)\s", name)) if n not in out)
            continue
        if name.isupper() or name.islower():
            name = name.title()
        if not name or _ROLE_WORDS.search(name) or _NOT_NAME.match(name) or "@" in name or len(name) > 60 or _DOMAIN_NAME.search(name):
            continue
        if name not in out:
            out.append(name)
    return out


# Names that may have lost a period or an apostrophe: an initial, "Jr", "O Callaghan".
_LOST_PUNCT = re.compile(r"\b[A-Z]\b|\b(?:Jr|Sr|Dr|St)\b|\b[OD] [A-Z]")


def written_form(name: str, page_text: str) -> str:
    """The name as the page writes it, when metadata cleaning lost its punctuation:
    "Marwan H Adwan" -> "Marwan H. Adwan", "Gavin O Callaghan" -> "Gavin O'Callaghan"."""
    words = name.split()
    if not words or not page_text or not _LOST_PUNCT.search(name):
        return name
    pattern = r"(?<!\w)" + r"[\s.'’-]{0,3}".join(re.escape(w) for w in words) + r"(?:(?<=\b[A-Z])\.|(?<=\bJr)\.|(?<=\bSr)\.)?(?!\w)"
    m = re.search(pattern, page_text, re.I)
    if m is None:
        return name
    found = " ".join(m.group(0).split())
    punct = re.compile(r"[.'’-]")
    return found if len(punct.findall(found)) > len(punct.findall(name)) else name


def tidy_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """Names read from a visible byline: whitespace and stray brackets tidied, ALL-CAPS and
    all-lowercase multi-word names title-cased, duplicates dropped; nothing else is judged."""
    out: list[str] = []
    for name in names:
        name = " ".join(re.sub(r"[\[\]\"“”*_]+", " ", str(name).replace("\xad", "")).split()).strip(" ,;|'‘’")
        name = _LEADING_ROLE.sub("", name)
        if len(name.split()) > 1 and (name.isupper() or name.islower()):
            name = name.title()
        if name and name not in out:
            out.append(name)
    return out


def split_holders(body: str) -> tuple[list[str], int | None]:
    """'Marta Ilves, The Kessel Valley Gazette, 2025' -> (holders, 2025)."""
    body = re.sub(r"\ball\s+rights\s+reserved\.?", "", body, flags=re.I).strip(" .,;")
    raw = body
    # a footer line goes on with links ("| Terms of Service", ". Privacy Policy"): keep the notice only
    body = re.split(r"\s+[|·•]\s+|\s{2,}|\s[-–—]\s|(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\b[A-Z])\.\s+", body)[0].strip(" .,;")
    if not re.sub(r"[\W\d_]+", "", body):
        # "© 2022 · Harbor Ledger · Imprint": the year stood alone before the first separator
        parts = [p for p in re.split(r"\s+[|·•]\s+|\s[-–—]\s", raw) if re.sub(r"[\W\d_]+", "", p)]
        body = parts[0].strip(" .,;") if parts else body
        lead_year = re.match(r"^\s*((?:19|20)\d{2})\b", raw)
        if lead_year and not re.search(r"\b(?:19|20)\d{2}\b", body):
            body = f"{lead_year.group(1)} {body}"
    year = None
    years = re.findall(r"\b(19\d{2}|20\d{2})\b(?:\s*[-–]\s*(?:19|20)\d{2})?", body)
    if years:
        year = int(years[-1]) if not re.search(r"(19|20)\d{2}\s*[-–]\s*(19|20)\d{2}", body) else int(
            re.findall(r"(?:19|20)\d{2}", body)[-1]
        )
    body = re.sub(r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b", "", body)
    parts = [p.strip(" .,;") for p in re.split(r"\s*,\s*|\s+and\s+", body)]
    holders: list[str] = []
    for p in parts:
        if not p:
            continue
        if _COMPANY_SUFFIX.match(p) and holders:
            holders[-1] = f"{holders[-1]}, {p}"
            continue
        p = re.sub(r"^(?:by|the)\s+", lambda m: m.group(0) if m.group(0).lower().startswith("the") else "", p, flags=re.I)
        holders.append(p)
    return holders, year


_STOP = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "by", "said"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auf", "für", "ein", "eine"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "du", "dans", "que", "pour", "pas", "sur", "qui"},
    "es": {"el", "la", "los", "las", "y", "que", "de", "en", "es", "por", "una", "con", "para", "del"},
    "it": {"il", "di", "che", "e", "la", "per", "una", "sono", "della", "non", "con", "gli", "del", "nel"},
    "pt": {"o", "a", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no"},
    "nl": {"de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "zijn", "voor", "met", "die"},
}
_WORDS = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """A cheap guess: script for non-Latin text, stopword counts for Latin text."""
    sample = text[:5000]
    if not sample.strip():
        return None
    if len(_NON_LATIN.findall(sample)) < 0.1 * len(sample):
        return _latin_language(sample)
    counts = {
        "ru": len(re.findall(r"[\u0400-\u04ff]", sample)),
        "ja": len(re.findall(r"[\u3040-\u30ff]", sample)),
        "ko": len(re.findall(r"[\uac00-\ud7af]", sample)),
        "zh": len(re.findall(r"[\u4e00-\u9fff]", sample)),
        "ar": len(re.findall(r"[\u0600-\u06ff]", sample)),
    }
    letters = max(1, len(re.findall(r"[^\W\d_]", sample)))
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if n / letters > 0.3:
        if script == "zh" and counts["ja"] > 0:
            return "ja"
        return script
    return _latin_language(sample)


_NON_LATIN = re.compile(r"[^\x00-\u024f\u2000-\u206f]")


def _latin_language(sample: str) -> str | None:
    words = [w.lower() for w in _WORDS.findall(sample)]
    if len(words) < 5:
        return None
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= max(2, len(words) * 0.05) else None
