"""What a response is, by what the server declared: only HTML is extracted (a PDF or an image
at an article's URL is kept in the WARC files, counted and left alone), and a page over
DOWNLOAD_MAXSIZE is given up by Scrapy, which we count as declined."""

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
