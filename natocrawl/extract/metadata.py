"""Title, dates, description and language of a page, each from the best source available."""

import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from lxml import etree

from natocrawl.dates import is_date_line, parse_date, updated_from_line
from natocrawl.extract.chrome import is_chrome_text
from natocrawl.extract.reading import text_of
from natocrawl.extract.stamps import is_stamp_line

_TITLE_SUFFIX = re.compile(r"\s*[|\-–—]\s*(?:NATO|OTAN)(?:\s*[|\-–—].*)?$", re.IGNORECASE)

# Lines that are page furniture around a body, not part of it (legacy bullet blocks,
# "Updated:" lines, follow-us footers).
_NOISE_LINES = [
    re.compile(r"^(?:Press Release|Communiqué de presse|Statement|Déclaration)\s*\(\d{4}\)\s*\d+$", re.I),
    re.compile(r"^(?:Follow us on X|Suivez-nous sur X)\b.*@NATO", re.I),
    # press-office contact blocks
    re.compile(r"^(?:Tel|Tél|Phone|Fax|E-mail|Email|Courriel)\s*\.?\s*:", re.I),
    re.compile(r"^NATO Press (?:&|and) Media Section$|^Service de presse et des médias de l'OTAN$", re.I),
    re.compile(
        r"^(?:Contacts?|Press contacts?|Contact presse)\s*:.*(?:\bpress\b|\bpresse\b|@[\w.-]*nato\.int)", re.I
    ),
    # copyright and "printed from" footers
    re.compile(r"^(?:Copyright\s*)?©"),
    # image credits and captions printed as text
    re.compile(r"^(?:Photo|Image|Crédit photo)\s*:", re.I),
]


def clean_text(text: str) -> str:
    """Runs of white space as one space, none at the ends (str.split's white space is the
    regular expression \\s: three times faster than a substitution)."""
    return " ".join(text.split())


def meta_content(tree, name: str) -> str:
    """The first <meta> of that property or name with a content (lxml's C tag filter: an
    XPath over the whole page took a tenth of a millisecond per name)."""
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is not None and name in (meta.get("property"), meta.get("name")):
            return clean_text(content)
    return ""


def _headings(tree, *tags: str) -> list[str]:
    texts = (clean_text(text_of(h)) for h in tree.iter(*tags))
    return [text for text in texts if len(text) > 3 and not is_chrome_text(text)]


_TITLE_PREFIX = re.compile(r"^(?:NATO|OTAN)\s*[-–—|]\s*(?:[^:]{1,40}:\s*)?", re.IGNORECASE)
_TITLE_DATE_SUFFIX = re.compile(r",\s*\d{1,2}-[A-Za-zÀ-ÿ]{3,9}\.?-\d{4}$")
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")


def _page_title(raw: str) -> str:
    """<title> without the site's decorations ("NATO - News: …, 13-Feb.-2014", "… | NATO")."""
    return _TITLE_DATE_SUFFIX.sub("", _TITLE_PREFIX.sub("", _TITLE_SUFFIX.sub("", raw))).strip()


def json_ld_items(tree) -> Iterator[dict]:
    """The top-level objects of the page's JSON-LD blocks (read before scripts are pruned)."""
    for blob in _JSON_LD(tree):
        try:
            data = json.loads(blob)
        except ValueError:
            continue
        yield from (item for item in (data if isinstance(data, list) else [data]) if isinstance(item, dict))


def json_ld_headline(tree) -> str:
    """The headline of the page's JSON-LD (read before scripts are pruned)."""
    for item in json_ld_items(tree):
        if isinstance(item.get("headline") or item.get("name"), str):
            return clean_text(item.get("headline") or item["name"])
    return ""


def _leading_heading(tree) -> str:
    """A lower heading that comes before any prose: a title in an h2/h3."""
    for element in tree.body.iter("h2", "h3", "p"):
        text = clean_text(text_of(element))
        if element.tag == "p" and len(text) >= 30:
            return ""
        if element.tag != "p" and len(text) > 10 and not is_chrome_text(text):
            return text
    return ""


def find_title(tree, slug: str | None, json_ld: str = "") -> str:
    """h1 (the one matching <title> when there are several); else the longest lower heading
    that <title> contains (old pages title in an h2, and decorate <title>); og:title; JSON-LD;
    <title>; the first lower heading; then the slug."""
    raw_title = clean_text(tree.findtext(".//title") or "")
    page_title = _page_title(raw_title)
    headings = _headings(tree, "h1")
    for heading in headings:
        if page_title and heading.casefold() == page_title.casefold():
            return heading
    if headings:
        return headings[0]
    lower = _headings(tree, "h2", "h3")
    quoted = [h for h in lower if len(h) > 10 and h.casefold() in raw_title.casefold()]
    if quoted:
        return max(quoted, key=len)
    for candidate in (meta_content(tree, "og:title"), json_ld, page_title, _leading_heading(tree)):
        candidate = _page_title(candidate)
        if candidate:
            return candidate
    return (slug or "").replace("-", " ").strip().capitalize()


def find_updated(tree, texts: list[str]) -> str | None:
    """An `Updated:` / `Mis à jour le:` line, else a modification date in the page's metadata."""
    for text in texts:
        if found := updated_from_line(text):
            return found.isoformat()
    for name in ("article:modified_time", "og:updated_time", "dateModified", "last-modified"):
        if found := parse_date(meta_content(tree, name)):
            return found.isoformat()
    return None


def find_published(tree, texts: list[str]) -> str | None:
    """For pages whose URL carries no day: a <time>, a dated meta, or a dated line."""
    for value in tree.xpath("//time/@datetime"):
        if found := parse_date(value):
            return found.isoformat()
    for name in ("article:published_time", "datePublished", "date"):
        if found := parse_date(meta_content(tree, name)):
            return found.isoformat()
    for text in texts[:20]:
        if len(text) < 40 and not updated_from_line(text) and (found := parse_date(text)):
            return found.isoformat()
    return None


def is_noise_line(text: str) -> bool:
    return (
        is_date_line(text)
        or updated_from_line(text) is not None
        or any(p.match(text) for p in _NOISE_LINES)
        or is_stamp_line(text)
    )


def noise_filter(url: str) -> Callable[[str], bool]:
    """The noise test for one page: the generic lines, and its own address printed with
    a few words around it (print layouts: "NATO · OTAN https://www.nato.int/…")."""
    path = urlsplit(url).path.rstrip("/")

    def is_noise(text: str) -> bool:
        if len(path) > 1 and path in text and len([word for word in text.split() if path not in word]) <= 4:
            return True
        return is_noise_line(text)

    return is_noise


def describe(tree, paragraphs: list[str]) -> str:
    for name in ("description", "og:description"):
        if found := meta_content(tree, name):
            return found
    if not paragraphs:
        return ""
    lead = paragraphs[0]
    return lead if len(lead) <= 300 else lead[:300].rsplit(" ", 1)[0] + "…"
