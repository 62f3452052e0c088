"""Extraction: a pure function from (html, url) to a typed Article. No Scrapy here.

The page is parsed once, then: ARIA roles become HTML tags; dialogs, scripts and hidden
elements without prose of their own go; visible elements whose text is a known chrome line
go, and so do runs of lines learned as the site's boilerplate (when given); teaser cards
linking to other articles go; the element holding the most prose is isolated and
Trafilatura extracts its paragraphs; metadata comes from the URL where the URL says it
(language, type, date) and from the page otherwise; a transcript's subtitle and speakers
from its body and the container's markup; the main image from the page's metadata
or the article's pictures.

The package owns that function and what surrounds it: the boilerplate model learned across
pages (pure counting; the archive keeps its counts), validation rules, evaluation on the gold
set, the `extract` and `evaluate` commands and the pool of extraction processes. It may
import only urls and dates (and lxml, Trafilatura); nothing of crawl, archive or serve.
"""

import functools
from collections.abc import Mapping

import lxml.html
from lxml import etree

from natocrawl.extract.article import Article, ExtractionError, body_hash
from natocrawl.extract.body import clean_paragraphs, trafilatura_paragraphs
from natocrawl.extract.chrome import prune_captions, prune_chrome_text, prune_controls, prune_invisible
from natocrawl.extract.container import find_container, isolate
from natocrawl.extract.decoding import decode_page
from natocrawl.extract.event_dates import find_event_days, json_ld_event_days
from natocrawl.extract.furniture import prune_furniture
from natocrawl.extract.image import main_image, page_images
from natocrawl.extract.language import detect_language
from natocrawl.extract.layout import prune_before_headline, prune_metadata_tables, unwrap_layout_tables
from natocrawl.extract.learned import drop_learned_runs, prune_learned_lines
from natocrawl.extract.lines import page_lines
from natocrawl.extract.metadata import (
    clean_text,
    describe,
    find_published,
    find_title,
    find_updated,
    json_ld_headline,
    noise_filter,
)
from natocrawl.extract.reading import text_of
from natocrawl.extract.repeats import prune_repeated_quotes
from natocrawl.extract.semantics import headings_from_aria
from natocrawl.extract.teasers import prune_teasers
from natocrawl.extract.transcript import read_marks, read_transcript
from natocrawl.urls import url_info

__all__ = ["Article", "ExtractionError", "extract", "extract_with_lines", "parse_html"]

_SHORT_LINE_TAGS = ("p", "span", "li", "time", "small", "em", "td", "div", "strong", "b", "dd", "dt")


# XML 1.0 forbids these; lxml refuses them in text, and pages do carry stray ones. In UTF-8
# they are single bytes that no other character uses: one C pass over the bytes replaces them
# (a regular expression over the text took a millisecond a page).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROLS_TO_SPACES = bytes.maketrans(_CONTROL_BYTES, b" " * len(_CONTROL_BYTES))
# Past this share of NULs or undecodable bytes, the page is binary, not text with a flaw.
_BINARY_SHARE = 0.01


def _utf8(html: str | bytes) -> bytes:
    if isinstance(html, bytes):
        html = decode_page(html, None)  # the page's own declaration (BOM, <meta charset>)
    if html.count("\x00") + html.count("\ufffd") > _BINARY_SHARE * len(html):
        raise ExtractionError("not_html", "binary content")
    return html.encode("utf-8").translate(_CONTROLS_TO_SPACES)


# huge_tree: libxml2 otherwise stops at 256 levels of nesting and silently drops what is deeper.
_PARSER = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup calls back into Python for
# each element proxy (to give forms and inputs classes of their own, which we never use),
# and that callback was a tenth of the extraction's time.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_html(html: str | bytes):
    html = _utf8(html)
    if not html.strip():
        raise ExtractionError("empty_page")
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError("unparseable_html", str(error)) from error
    if tree.find("body") is None:
        raise ExtractionError("unparseable_html", "no <body>")
    return tree


# Menus and footers repeat on every page: their lines are cleaned once per worker.
_CACHED_LINE_CHARS = 200
_clean_line = functools.lru_cache(maxsize=1 << 12)(clean_text)


def _short_lines(tree) -> list[str]:
    """Short texts of small elements: where dates and 'Updated:' lines live."""
    lines = []
    for element in tree.body.iter(_SHORT_LINE_TAGS):
        if len(element) <= 3:
            raw = text_of(element)
            if len(raw) <= 4:
                continue  # cleaning only shortens
            text = _clean_line(raw) if len(raw) <= _CACHED_LINE_CHARS else clean_text(raw)
            if 4 < len(text) < 80:
                lines.append(text)
    return lines


def _published(info, tree, short_lines: list[str], event_start: str | None) -> str | None:
    """From the URL where it has a day; reference pages have none (only an `Updated:` line);
    an event page's is the first day it states for its event."""
    if info and info.published:
        return info.published.isoformat()
    if info and info.type == "page":
        return None
    return event_start or find_published(tree, short_lines)


def _event_days(info, tree, short_lines: list[str], json_ld_days) -> tuple[str | None, str | None]:
    if info is None or info.type != "event":
        return None, None
    return find_event_days(tree, short_lines, info.month, json_ld_days) or (None, None)


def extract(html: str | bytes, url: str, *, boilerplate: Mapping[str, bool] | None = None) -> Article:
    """The article of one page. `boilerplate`: line keys of the page's language seen on many
    pages, mapped to whether they are learned furniture (natocrawl.extract.boilerplate)."""
    return _extract(html, url, boilerplate, with_lines=False)[0]


def extract_with_lines(
    html: str | bytes, url: str, *, boilerplate: Mapping[str, bool] | None = None
) -> tuple[Article, tuple[str, ...]]:
    """The article, and the page's visible lines, for learning the site's boilerplate."""
    return _extract(html, url, boilerplate, with_lines=True)


def _extract(
    html: str | bytes, url: str, boilerplate: Mapping[str, bool] | None, with_lines: bool
) -> tuple[Article, tuple[str, ...]]:
    tree = parse_html(html)
    info = url_info(url)
    json_ld = json_ld_headline(tree)
    event_json_ld = json_ld_event_days(tree) if info and info.type == "event" else None
    images = page_images(tree, url)  # before JSON-LD scripts and figures are pruned
    headings_from_aria(tree)
    prune_invisible(tree)
    chrome_removed = prune_chrome_text(tree)
    prune_controls(tree)
    prune_captions(tree)
    prune_teasers(tree, url)
    # Lines are read before learned boilerplate goes: its lines must go on being counted.
    lines = tuple(page_lines(tree)) if with_lines else ()
    chrome_removed += prune_learned_lines(tree, boilerplate or {})
    title = find_title(tree, info.slug if info else None, json_ld)
    short_lines = _short_lines(tree)
    updated = find_updated(tree, short_lines)
    event_start, event_end = _event_days(info, tree, short_lines, event_json_ld)
    published = _published(info, tree, short_lines, event_start)
    container = find_container(tree)
    image_url = main_image(images, container)
    if container is not None:
        unwrap_layout_tables(container)
        prune_before_headline(container, title)
        prune_metadata_tables(container)
        prune_furniture(container, url)
        prune_repeated_quotes(container)
    marks = read_marks(container)  # bold runs and headings, read before Trafilatura rewrites the container
    paragraphs = trafilatura_paragraphs(isolate(container)) if container is not None else []
    paragraphs = drop_learned_runs(clean_paragraphs(paragraphs, title, noise_filter(url)), boilerplate or {})
    subtitle, speakers = read_transcript(paragraphs, marks, title, info.type if info else None)
    if subtitle is not None:
        paragraphs = paragraphs[1:]  # the subtitle is the first line: metadata, not body
    body = "\n\n".join(paragraphs)
    article = Article(
        url=url,
        lang=info.lang if info else None,
        content_lang=detect_language(body),
        type=info.type if info else None,
        title=title,
        published=published,
        updated=updated,
        description=describe(tree, paragraphs),
        body=body,
        word_count=len(body.split()),
        content_hash=body_hash(body),
        chrome_removed=chrome_removed,
        subtitle=subtitle,
        speakers=tuple(speakers),
        image_url=image_url,
        event_start=event_start,
        event_end=event_end,
    )
    return article, lines
