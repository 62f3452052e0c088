"""Legacy URLs (/cps/…, /docu/…): which ones a story gets, and how a request maps back.

Ids are derived from the story number so that they are unique without a registry; the
site still keeps a dict from legacy path to page for lookups.
"""

import re
from datetime import date
from random import Random
from urllib.parse import parse_qs

_SESSION = re.compile(r"^/cps/(?P<lang>[a-z]{2})/SID-[0-9A-Fa-f]+-[0-9A-Fa-f]+/(?P<rest>.+)$")
_CPS = re.compile(r"^/cps/(?P<lang>[a-z]{2})/(?P<rest>.+)$")


def legacy_kinds(rng: Random, type_: str, day: date | None) -> list[str]:
    """Which legacy schemes this story was published under, given its type and age."""
    if day is None or day.year >= 2025:
        return []
    kinds = []
    if type_ in ("news", "media-advisory") and rng.random() < 0.7:
        kinds.append("natolive" if day.year < 2010 and type_ == "news" else "natohq-news")
    if type_ == "transcript" and rng.random() < 0.6:
        kinds.append("opinions")
    if type_ == "official-text" and rng.random() < 0.8:
        kinds.append("official-texts")
    if day.year < 2009 and type_ in ("news", "transcript") and rng.random() < 0.4:
        kinds.append("docu-pr" if type_ == "news" else "docu-speech")
    return kinds


def legacy_path(kind: str, number: int, lang: str, day: date) -> str:
    if kind == "natolive":
        return f"/cps/{lang}/natolive/news_{10000 + number}.htm"
    if kind == "natohq-news":
        return f"/cps/{lang}/natohq/news_{110000 + number}.htm"
    if kind == "opinions":
        return f"/cps/{lang}/natohq/opinions_{110000 + number}.htm"
    if kind == "official-texts":
        return f"/cps/{lang}/natohq/official_texts_{10000 + number}.htm"
    letter = "f" if lang == "fr" else "e"
    if kind == "docu-pr":
        return f"/docu/pr/{day.year}/p{day.year % 100:02d}-{number % 1000:03d}{letter}.htm"
    return f"/docu/speech/{day.year}/s{day:%y%m%d}{'abcdefgh'[number % 8]}{letter}.htm"


def lookup_keys(path: str, query: str) -> list[str]:
    """Legacy paths to try, best first: session id dropped, `selectedLocale` winning."""
    match = _SESSION.match(path)
    if match:
        path = f"/cps/{match['lang']}/{match['rest']}"
    keys = [path]
    locale = (parse_qs(query).get("selectedLocale") or [""])[0].lower()
    cps = _CPS.match(path)
    if cps and re.fullmatch(r"[a-z]{2}", locale) and locale != cps["lang"]:
        keys.insert(0, f"/cps/{locale}/{cps['rest']}")
    return keys


def is_legacy_path(path: str) -> bool:
    return path.startswith(("/cps/", "/docu/"))


def session_variant(path: str, rng: Random) -> str:
    """The same cps path with a session id, as old citations carry them."""
    match = _CPS.match(path)
    if not match:
        return path
    sid = f"SID-{rng.getrandbits(32):08X}-{rng.getrandbits(32):08X}"
    return f"/cps/{match['lang']}/{sid}/{match['rest']}"
