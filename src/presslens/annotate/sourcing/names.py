"""Names in running text: given names before a surname, photo credits.

Shared by :mod:`.entities` (full names the NER missed) and the attribution layer (a speaker the
NER never tagged: "Horvat said" -> "Bo Horvat" where the text gives the full form).
"""

from __future__ import annotations

import re

from presslens.annotate.lexicon import ROLE_NOUNS, TITLES

# Photo credits and bylines inside parentheses: "(Instagram/Ana Reyes)", "(Jo Lee/Reuters)".
_CREDIT = re.compile(r"\((?:[^()\n]{0,80}/[^()\n]{0,80}|(?:photo|photograph|image|file|credit)s?\b[^()\n]{0,80})\)", re.IGNORECASE)
# Capitalised words that can stand before a surname without being a given name.
_NOT_GIVEN = frozenset(
    """
the a an and but or if as at by for from in into of on to with when while after before since during
meanwhile however though although because so then still also yet this that these those there here
his her their its our my your we he she they it i you mr mrs ms dr finally now later earlier instead today
yesterday tonight yes no indeed thus hence perhaps maybe again even only just once soon first last next
story continued continues below above read more related advertisement watch photo video click share see
january february march april may june july august september october november december
""".split()
)
_KIN = re.compile(
    r"\b(?:father|mother|son|daughter|brother|sister|wife|husband|widow|widower|uncle|aunt|nephew|niece|cousin|"
    r"grandson|granddaughter|grandfather|grandmother|Jr\.?|Sr\.?)\b"
)
_NAME_WORD = r"(?:[A-Z][a-z’'\-]+|[A-Z]\.)"


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Photo credits in parentheses: names there are not people of the story."""
    return [m.span() for m in _CREDIT.finditer(text)]


def _not_given(word: str) -> bool:
    """A capitalised word that is not a given name: a function word, a title or role, a
    possessive, page chrome ("Continued Below"), or an inflected verb ("Reported", "Speaking")."""
    low = word.casefold()
    return (low.rstrip(".") in _NOT_GIVEN or low in TITLES or low in ROLE_NOUNS or bool(re.search(r"[’']s?$", word))
            or len(low) >= 6 and low.endswith(("ed", "ing")))


def full_name_for(text: str, surname: str) -> tuple[int, int] | None:
    """The first place the text gives ``surname`` with one or two given names before it ("Bo
    Horvat" for "Horvat"), by the rules of :func:`_full_forms`; None when it never does."""
    for fm in re.finditer(rf"(?<![\w’'.-])((?:{_NAME_WORD} ){{1,2}}){re.escape(surname)}(?![\w-])", text):
        words = fm.group(1).split()
        keep = 0
        for w in reversed(words):
            if _not_given(w):
                break
            keep += 1
        if keep:
            a = fm.end() - len(surname) - len(" ".join(words[-keep:])) - 1
            if text[a : fm.end()].split() == [*words[-keep:], surname]:
                return a, fm.end()
    return None
