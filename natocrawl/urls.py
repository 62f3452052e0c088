"""Portal URLs: canonical form, and what a URL alone tells (language, type, date, slug).

Everything here is pure and works on any base URL, so that the live portal and the
offline replica on 127.0.0.1 are handled by the same code.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from natocrawl.dates import safe_date

LANGS = ("en", "fr")
TYPES = ("news", "transcript", "media-advisory", "official-text", "page", "event")

# Hosts that are the portal whatever the scheme: links to them are rewritten onto the
# crawl's base URL, so that the replica and the live site are canonicalised alike.
PORTAL_HOSTS = frozenset({"nato.int", "www.nato.int"})

# Query parameters that never change what the portal shows (tracking, locale switch).
_DROPPED_PARAMS = ("selectedLocale",)
_DROPPED_PREFIXES = ("utm_",)

_DEFAULT_PORTS = {"http": 80, "https": 443}
# What browsers strip from a URL before reading it (URL Standard, "basic URL parser"): C0
# controls and spaces at its ends, tabs and newlines anywhere. Python's whitespace is stripped
# too, as canonical_url always has (it is all below U+3001).
_EDGE_CHARS = "".join(char for char in map(chr, range(0x3001)) if char <= " " or char.isspace())
_TAB_NEWLINE = re.compile("[\t\n\r]")
_BEFORE_QUERY = re.compile(r"[^?#]*")
_SCHEME_AND_SLASHES = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?(?P<slashes>/*)")

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
_LEGACY_CPS_RE = re.compile(r"^/cps/(?P<lang>[a-z]{2})/(?:SID-[0-9A-Fa-f]+-[0-9A-Fa-f]+/)*(?P<rest>.+)$")
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
    month: date | None = None  # an event's: the first day of the month its path names


def _locale_param(query: str) -> str | None:
    match = re.search(r"(?:^|&)selectedLocale=([A-Za-z]{2})\b", query)
    return match.group(1).lower() if match else None


def _path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def is_legacy(url: str) -> bool:
    path = _path(url)
    return bool(_LEGACY_CPS_RE.match(path) or _LEGACY_DOCU_RE.match(path))


# A legacy path has a literal `cps` or `docu` segment (is_legacy), its slash written as a
# slash, a backslash (browsers read one as a slash) or a character reference.
_LEGACY_MARKERS = tuple(word + end for word in ("cps", "docu") for end in ("/", "\\", "&#"))


def may_cite_legacy(text: str) -> bool:
    """Whether the page could link to a legacy URL: most pages cannot, and parsing every page
    again for its links was a sixth of the crawl process's CPU."""
    return any(marker in text for marker in _LEGACY_MARKERS)


def _legacy_path(path: str, query: str) -> str:
    """Session ids dropped, and `selectedLocale` moved into the path, where it wins."""
    match = _LEGACY_CPS_RE.match(path)
    if not match:
        return path
    lang = _locale_param(query) or match.group("lang").lower()
    return f"/cps/{lang}/{match.group('rest')}"


def _as_browsers_read(url: str, base_scheme: str) -> str | None:
    """`url` as a browser reads it on an http(s) page (URL Standard), spelt so that urllib
    agrees: edge spaces and controls and every tab or newline dropped, backslashes before the
    query taken for slashes, and `scheme:`+any slashes, or 2+ slashes, starting an authority.
    None for an authority with no host, where a browser fails."""
    url = _TAB_NEWLINE.sub("", url).strip(_EDGE_CHARS)
    before_query = _BEFORE_QUERY.match(url).group()
    url = before_query.replace("\\", "/") + url[len(before_query) :]
    match = _SCHEME_AND_SLASHES.match(url)
    scheme, slashes, rest = match["scheme"] or "", match["slashes"], url[match.end() :]
    if len(slashes) < 2 and scheme[:-1].lower() in ("", base_scheme):
        return url
    if rest[:1] in ("", "/", "?", "#"):
        return None
    return f"{scheme}//{rest}"


def absolute_url(href: str, page_url: str) -> str | None:
    """The http(s) URL a browser follows for the link `href` on `page_url`; None when there is
    none (another scheme, no host, or what urllib cannot parse or UTF-8 encode). Never raises."""
    parts = _resolve(href, page_url)
    return parts.geturl() if parts else None


def _resolve(href: str, page_url: str) -> SplitResult | None:
    try:
        if (link := _as_browsers_read(href, urlsplit(page_url).scheme)) is None:
            return None
        # urljoin costs as much as the rest: links that carry their own origin do without it.
        joined = link if link[:8].lower().startswith(("http://", "https://")) else urljoin(page_url, link)
        joined.encode("utf-8")  # raises on lone surrogates
        parts = urlsplit(joined)
        _ = parts.port  # raises on a port that is out of range or not a number
    except ValueError:
        return None
    return parts if parts.scheme in _DEFAULT_PORTS and parts.hostname else None


def _host_port(parts: SplitResult) -> tuple[str, int] | None:
    """The host (IDNA-mapped, lowercase, no final dot) and port a browser would connect to;
    None with userinfo, which portal links never carry and which can disguise the host."""
    if "@" in parts.netloc:
        return None
    try:
        host = _ascii_host(parts.hostname or "")
        return host.removesuffix("."), parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:  # a UnicodeError too: a host IDNA refuses
        return None


@lru_cache(maxsize=256)
def _ascii_host(host: str) -> str:
    return (host if host.isascii() else host.encode("idna").decode("ascii")).lower()


class _Origin(NamedTuple):
    scheme: str
    netloc: str
    host_port: tuple[str, int]


def _on_portal(parts: SplitResult, base: _Origin) -> bool:
    """On the base's own origin, or on a portal host at its scheme's default port."""
    if (host_port := _host_port(parts)) is None:
        return False
    host, port = host_port
    if host in PORTAL_HOSTS and port == _DEFAULT_PORTS[parts.scheme]:
        return True
    return (parts.scheme, host, port) == (base.scheme, *base.host_port)


@lru_cache(maxsize=16)
def _origin(base_url: str) -> _Origin:
    base = urlsplit(base_url)
    return _Origin(base.scheme, base.netloc, _host_port(base) or ("", 0))


def canonical_url(url: str, base_url: str) -> str | None:
    """The one spelling of a portal URL on `base_url`'s origin; None for anything off the
    portal, or that cannot be parsed. Never raises, and canonical URLs are their own."""
    base = _origin(base_url)
    parts = _resolve(url, f"{base.scheme}://{base.netloc}/")
    if parts is None or not _on_portal(parts, base):
        return None
    try:
        canonical = canonicalize_url(urlunsplit((base.scheme, base.netloc, parts.path, parts.query, "")))
    except ValueError:  # a UnicodeEncodeError: lone surrogates cannot be encoded
        return None
    return _portal_spelling(urlsplit(canonical))


def fetchable(url: str, base_url: str) -> bool:
    """Whether the crawl may send a request for `url`: on the base's own origin (scheme, host,
    port), or, when the base is the portal itself, on another portal host of the same scheme
    at its default port (a redirect between www.nato.int and nato.int). Never raises."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    base = _origin(base_url)
    host_port = _host_port(parts)
    if host_port is None or parts.scheme != base.scheme:
        return False
    if host_port == base.host_port:
        return True
    host, port = host_port
    portal_base = base.host_port[0] in PORTAL_HOSTS
    return portal_base and host in PORTAL_HOSTS and port == _DEFAULT_PORTS.get(parts.scheme)


def _portal_spelling(parts: SplitResult) -> str:
    """What the portal ignores, taken off a URL canonicalize_url made, whose keys are decoded
    and sorted already: so that another pass finds nothing more to take off."""
    pairs = parts.query.split("&") if parts.query else []
    kept = [pair for pair in pairs if not _ignored_param(pair.partition("=")[0])]
    if _LEGACY_CPS_RE.match(parts.path) or _LEGACY_DOCU_RE.match(parts.path):
        path = _legacy_path(parts.path, parts.query)
    else:
        path = parts.path.rstrip("/") or "/"
    return urlunsplit(parts._replace(path=path, query="&".join(kept)))


def _ignored_param(key: str) -> bool:
    return key in _DROPPED_PARAMS or key.startswith(_DROPPED_PREFIXES)


def url_info(url: str) -> UrlInfo | None:
    """Language, type, date and slug read off a new-scheme URL; None for anything else."""
    path = _path(url)
    if match := _DATED_RE.match(path):
        published = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        if published is None:
            return None
        return UrlInfo(match["lang"], _SECTION_TYPE[match["section"]], published, match["slug"])
    if match := _EVENT_RE.match(path):
        month = safe_date(int(match["y"]), int(match["m"]), 1)
        if month is None:
            return None
        return UrlInfo(match["lang"], "event", None, match["slug"], month)
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
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    match = re.match(r"^/(en|fr)/", parts.path)
    if not match:
        return None
    other = "fr" if match.group(1) == "en" else "en"
    return urlunsplit(parts._replace(path=f"/{other}/" + parts.path[4:]))
