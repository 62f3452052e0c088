"""Portal URLs: canonical form, and what a URL alone tells (language, type, date, slug).

Everything here is pure and works on any base URL, so that the live portal and the
offline replica on 127.0.0.1 are handled by the same code.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from natocrawl.dates import safe_date

LANGS = ("en", "fr")
TYPES = ("news", "transcript", "media-advisory", "official-text", "page", "event")

# Hosts that are the portal whatever the scheme: links to them are rewritten onto the
# crawl's base URL, so that the replica and the live site are canonicalised alike.
PORTAL_HOSTS = frozenset({"nato.int", "www.nato.int"})

# Query parameters that never change what the portal shows (tracking, locale switch).
_DROPPED_PARAMS = ("selectedLocale",)
_DROPPED_PREFIXES = ("utm_",)

_DATED = [
    ("news", r"news-and-events/articles/news"),
    ("transcript", r"news-and-events/events/transcripts"),
    ("media-advisory", r"news-and-events/events/media-advisories"),
    ("official-text", r"about-us/official-texts-and-resources/official-texts"),
]
_DATED_RE = re.compile(
    r"^/(?P<lang>en|fr)/(?P<section>"
    + "|".join(pattern for _, pattern in _DATED)
    + r")/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<slug>[^/]+)/?$"
)
_SECTION_TYPE = {pattern: type_ for type_, pattern in _DATED}
_EVENT_RE = re.compile(
    r"^/(?P<lang>en|fr)/news-and-events/events/(?P<y>\d{4})/(?P<m>\d{2})/(?P<slug>[^/]+)/?$"
)
_PAGE_RE = re.compile(r"^/(?P<lang>en|fr)/(?:about-us|what-we-do)/(?:[^/]+/)*(?P<slug>[^/]+)/?$")

# Legacy scheme: /cps/en/natohq/news_123.htm, /cps/en/SID-0A1B2C3D-4E5F6A7B/natolive/…, /docu/…
_LEGACY_CPS_RE = re.compile(r"^/cps/(?P<lang>[a-z]{2})/(?:SID-[0-9A-Fa-f]+-[0-9A-Fa-f]+/)?(?P<rest>.+)$")
_LEGACY_DOCU_RE = re.compile(r"^/docu/(?:speech|pr)/")
# What a legacy page is, by its file name, for legacy pages the portal still serves.
_LEGACY_TYPES = (("opinions_", "transcript"), ("official_texts_", "official-text"), ("news_", "news"))


@dataclass(frozen=True)
class UrlInfo:
    """What the path of a new-scheme portal URL says about its page."""

    lang: str
    type: str
    published: date | None
    slug: str


def _locale_param(query: str) -> str | None:
    match = re.search(r"(?:^|&)selectedLocale=([A-Za-z]{2})\b", query)
    return match.group(1).lower() if match else None


def is_legacy(url: str) -> bool:
    path = urlsplit(url).path
    return bool(_LEGACY_CPS_RE.match(path) or _LEGACY_DOCU_RE.match(path))


def _legacy_path(path: str, query: str) -> str:
    """Session ids dropped, and `selectedLocale` moved into the path, where it wins."""
    match = _LEGACY_CPS_RE.match(path)
    if not match:
        return path
    lang = _locale_param(query) or match.group("lang").lower()
    return f"/cps/{lang}/{match.group('rest')}"


def canonical_url(url: str, base_url: str) -> str | None:
    """The one spelling of a portal URL on `base_url`'s scheme and host; None off the portal."""
    parts = urlsplit(url.strip())
    base = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if host and host not in PORTAL_HOSTS and parts.netloc.lower() != base.netloc.lower():
        return None
    path = parts.path or "/"
    if is_legacy(path):
        path = _legacy_path(path, parts.query)
    elif path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    query = url_query_cleaner(parts.query and "?" + parts.query, _DROPPED_PARAMS, remove=True)
    query = "&".join(
        pair for pair in query.lstrip("?").split("&") if pair and not pair.startswith(_DROPPED_PREFIXES)
    )
    rebuilt = urlunsplit((base.scheme, base.netloc, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def url_info(url: str) -> UrlInfo | None:
    """Language, type, date and slug read off a new-scheme URL; None for anything else."""
    path = urlsplit(url).path
    if match := _DATED_RE.match(path):
        published = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if published is None:
            return None
        return UrlInfo(match["lang"], _SECTION_TYPE[match["section"]], published, match["slug"])
    if match := _EVENT_RE.match(path):
        if safe_date(int(match["y"]), int(match["m"]), 1) is None:
            return None
        return UrlInfo(match["lang"], "event", None, match["slug"])
    if match := _PAGE_RE.match(path):
        return UrlInfo(match["lang"], "page", None, match["slug"])
    if match := _LEGACY_CPS_RE.match(path):
        return _legacy_info(match["lang"], match["rest"])
    return None


def _legacy_info(lang: str, rest: str) -> UrlInfo | None:
    """Legacy pages carry their date in the page, not in the URL."""
    if lang not in LANGS:
        return None
    filename = rest.rsplit("/", 1)[-1]
    slug = filename.removesuffix(".htm").removesuffix(".html")
    for prefix, type_ in _LEGACY_TYPES:
        if filename.startswith(prefix):
            return UrlInfo(lang, type_, None, slug)
    return UrlInfo(lang, "page", None, slug)


def translation_url(url: str) -> str | None:
    """The same path in the other portal language (French URLs reuse the English slug)."""
    parts = urlsplit(url)
    match = re.match(r"^/(en|fr)/", parts.path)
    if not match:
        return None
    other = "fr" if match.group(1) == "en" else "en"
    return urlunsplit(parts._replace(path=f"/{other}/" + parts.path[4:]))
