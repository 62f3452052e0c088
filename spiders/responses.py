"""What a response is, by what the server declared: only HTML is extracted (a PDF or an image
at an article's URL is kept in the WARC files, counted and left alone), and a page over
DOWNLOAD_MAXSIZE is given up by Scrapy, which we count as declined; and which page a page
names as its canonical one."""

import html
import re

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import TextResponse

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# What HTML starts with, once a BOM and white space are off: for a response with no Content-Type.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")


def header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def content_type(response) -> str | None:
    return header(response, "Content-Type")


def is_html(response) -> bool:
    """Declared HTML, or nothing declared and bytes that begin as HTML."""
    declared = content_type(response)
    if declared is not None:
        return declared.split(";", 1)[0].strip().lower() in HTML_TYPES
    head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return isinstance(response, TextResponse) and head.startswith(_HTML_STARTS)


def too_large(failure) -> bool:
    """Scrapy gave the download up at DOWNLOAD_MAXSIZE (as sent, or once decompressed)."""
    if failure.check(DownloadCancelledError):
        return True
    return bool(failure.check(IgnoreRequest)) and "DOWNLOAD_MAXSIZE" in failure.getErrorMessage()


# <link rel="canonical" href="…">, attributes in any order and quoting; read by a regular
# expression, not a parse: the crawl process reads no page's markup (the workers do).
_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_CANONICAL = re.compile(rb"""\brel\s*=\s*["']?[^"'>]*\bcanonical\b""", re.IGNORECASE)
_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HEAD_END = re.compile(rb"<body\b", re.IGNORECASE)


def canonical_href(response) -> str | None:
    """The href of the page's <link rel=canonical> in its head, as written; None without one."""
    body = response.body
    if b"canonical" not in body:
        return None
    head = body[: end.start()] if (end := _HEAD_END.search(body)) else body
    for link in _LINK.finditer(head):
        if _CANONICAL.search(link[0]) and (href := _HREF.search(link[0])):
            value = next(group for group in href.groups() if group is not None)
            return html.unescape(value.decode(response.encoding or "utf-8", "replace")).strip()
    return None
