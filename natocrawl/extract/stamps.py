"""Metadata lines printed around an article: when it was issued, published or updated (in
any order and format, English or French), its reference number, its reading time, its
credits, and the separators between such items. Found by what the line is made of: items
that are dates, numbers and a few stamp words, and nothing that reads as a sentence.
"""

import re

from natocrawl.dates import MONTH_NAMES

_MONTH = "(?:" + "|".join(sorted((re.escape(m) for m in MONTH_NAMES), key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
)
_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"  # 3 March 2025, 1er mars 2025
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 3, 2025
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"  # 03/03/2025, 2025-03-03
    rf"|{_MONTH}\s+\d{{4}}"  # March 2025
    r")",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d{1,2}\s?[:h.]\s?\d{2}\b(?:\s*\(?(?:CET|CEST|GMT|UTC|EST|[ap]\.?m\.?)\)?)?|\b\d{1,2}\s*[ap]\.?m\.?",
    re.IGNORECASE,
)
# Words that say what the date on a line is.
_STAMP = re.compile(
    r"\b(?:issued|published|posted|released|updated|modified|revised|reviewed|last|first|printed|print|"
    r"publié|publiée|publication|mis|mise|modifié|modifiée|diffusé|diffusée|révisé|dernière|première|"
    r"imprimé|imprimée|impression)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\b(?:on|at|the|of|le|la|du|à|a|jour|date|de|en|by|par)\b|\b[dl][’']|[:,()]", re.I)
# "Press Release (2025) 031", "PR/CP(2025)031", "Communiqué de presse 031", "SG(2025)0172".
_REFERENCE = re.compile(r"\(\s*\d{4}\s*\)\s*\d{1,4}\b|^[\w\s/.-]{0,40}\b(?:no\.?|n°|nº|#)\s*\d{1,4}$", re.I)
_REFERENCE_WORDS = re.compile(
    r"^(?:press\s+release|communiqué(?:\s+de\s+presse)?|statement|déclaration|reference|référence|réf\.?)"
    r"\s*:?\s*[\w/()-]*\d[\w/()-]*$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:(?:reading\s+time|temps\s+de\s+lecture|lecture)\s*:?\s*)?\d{1,3}\s*(?:min(?:ute)?s?|mn)\.?"
    r"(?:\s+(?:read|de\s+lecture|reading))?$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[|·•–—/-]\s+|\s*[|·•]\s*")
# Items of a line that only lists: tags, a trail of sections, tabs printed as text.
_LIST_SEPARATOR = re.compile(r"\s*[|·•›>]\s*")  # not "»": French quotes close with it
_LIST_MIN_ITEMS = 3
_LIST_ITEM_WORDS = 7
_COUNTER = re.compile(r"^\d{1,3}\s*(?:/|of|sur|de)\s*\d{1,3}$", re.IGNORECASE)
_CREDIT = re.compile(
    r"(?:^|[|·•.–—]\s*)(?:photos?|images?|pictures?|crédits?(?:\s+photo)?|credits?|illustration|vidéo|video)"
    r"\s*:|©|"
    r"^(?:image|photo)s?\s+(?:courtesy|credit)|^courtesy\s+of\b",
    re.IGNORECASE,
)
_MAX_CHARS = 160
_SHORT_ITEM_WORDS = 5


def is_stamp_line(text: str) -> bool:
    """A line of metadata items, one at least a date, a reference or a reading time."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_CHARS:
        return False
    if not text.strip("|·•–—/- "):
        return True  # separators alone
    if _CREDIT.search(text) or _COUNTER.match(text) or _is_list_line(text):
        return True
    if not any(character.isdigit() for character in text) or _reads_as_prose(text):
        return False  # every stamp has a number: a date, a reference, minutes
    items = [item for item in _SEPARATOR.split(text.strip("|·•–—/- ")) if item.strip()]
    kinds = [_kind(item.strip()) for item in items]
    if None in kinds or not any(kind != "short" for kind in kinds):
        return False
    # A date alone is a stamp when nothing else is on the line; "Date: 3 March" in an
    # advisory's practical details is not.
    return len(items) > 1 or kinds[0] != "date" or _STAMP.search(text) is not None or _bare_date(text)


def _is_list_line(text: str) -> bool:
    """Three short items or more between separators, none a sentence: tags, a trail of
    sections ("Home › News › 2025"), tabs printed as text."""
    items = [item.strip() for item in _LIST_SEPARATOR.split(text) if item.strip()]
    return len(items) >= _LIST_MIN_ITEMS and all(
        len(item.split()) <= _LIST_ITEM_WORDS and not item.endswith((".", "!", "?")) for item in items
    )


def _reads_as_prose(text: str) -> bool:
    return len(text.split()) > 2 * _SHORT_ITEM_WORDS and text.endswith((".", "!", "?"))


def _bare_date(text: str) -> bool:
    return not re.sub(r"[\W\d_]+", " ", _TIME.sub(" ", _DATE.sub(" ", text))).split()


def _kind(item: str) -> str | None:
    if _READING_TIME.match(item) or _REFERENCE_WORDS.match(item):
        return "number"
    if _TIME.fullmatch(item):
        return "short"  # a time alone is a programme's, not a stamp's ("10:00 – Arrival")
    if _DATE.search(item):
        rest = _FILLER.sub(" ", _STAMP.sub(" ", _TIME.sub(" ", _DATE.sub(" ", item))))
        if not rest.split():
            return "date"
    if _REFERENCE.search(item) and len(item.split()) <= 6:
        return "number"
    if len(item.split()) <= _SHORT_ITEM_WORDS and not item.endswith((".", "!", "?")):
        return "short"
    return None
