"""The pieces a fault-mode crawl (tests/test_faults.py) relies on, each on its own: pages
recovered rather than dropped for a bad byte or deep nesting, what counts as HTML, Retry-After,
the portal's origin, and item log lines that name the page without printing it."""

import logging
from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from natocrawl.crawl.items import PageCapture
from natocrawl.crawl.logformatter import OneLineLogFormatter
from natocrawl.crawl.retry import retry_after_seconds
from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.decoding import decode_page
from natocrawl.urls import fetchable
from spiders.responses import is_html

URL = "https://www.nato.int/fr/news-and-events/articles/news/2024/03/05/les-allies-se-reunissent"
PROSE = (
    "Les ministres de la Défense des pays alliés se sont réunis à Bruxelles pour examiner le plan "
    "de défense et ont décidé de se retrouver en juin, après une longue journée de débats."
)


OTHER = PROSE.replace("juin", "juillet").replace("Bruxelles", "Vilnius")


def page(body: str) -> str:
    head = "<html><head><title>Les alliés | OTAN</title></head>"
    return f"{head}<body><main><h1>Les alliés</h1>{body}</main></body></html>"


@pytest.mark.parametrize(
    "raw, declared, expected",
    [
        ("défense".encode("cp1252"), "text/html; charset=utf-8", "défense"),  # mislabelled Latin-1
        ("défense".encode(), "text/html; charset=utf-8", "défense"),
        ("défense".encode() + b" \xe9t\xe9", "text/html; charset=utf-8", "défense été"),  # one stray
        (b"<meta charset=iso-8859-1>d\xe9fense", None, "<meta charset=iso-8859-1>défense"),
        ("défense".encode("utf-16"), "text/html; charset=utf-16", "défense"),
    ],
)
def test_bytes_are_read_as_declared_and_stray_bytes_recovered(raw, declared, expected):
    assert decode_page(raw, declared) == expected


def test_a_nul_byte_or_latin1_bytes_cost_nothing_of_the_page():
    clean = extract(page(f"<p>{PROSE}</p><p>{OTHER}</p>"), URL)
    with_nul = extract(page(f"<p>{PROSE[:40]}\x00{PROSE[40:]}</p><p>{OTHER}</p>"), URL)
    latin1 = decode_page(page(f"<p>{PROSE}</p><p>{OTHER}</p>").encode("cp1252"), "text/html; charset=utf-8")
    assert with_nul.body.replace(" ", "") == clean.body.replace(" ", "")
    assert extract(latin1, URL).body == clean.body


def test_binary_content_is_still_refused():
    with pytest.raises(ExtractionError) as refused:
        extract(b"%PDF-1.4\n" + bytes(range(256)) * 20, URL)
    assert refused.value.reason == "not_html"


def test_content_nested_past_libxml2s_default_depth_is_kept():
    deep = "<div>" * 400 + f"<p>{PROSE}</p><p>{OTHER}</p>" + "</div>" * 400
    assert PROSE in extract(page(deep), URL).body


@pytest.mark.parametrize(
    "headers, body, expected",
    [
        ({"Content-Type": "text/html; charset=utf-8"}, b"<html>", True),
        ({"Content-Type": "application/xhtml+xml"}, b"<html>", True),
        ({"Content-Type": "application/pdf"}, b"%PDF-1.4 <html><title>x</title>", False),
        ({"Content-Type": "text/plain"}, b"<html>", False),
        ({}, b"\xef\xbb\xbf  <!DOCTYPE html><html>", True),
        ({}, b"%PDF-1.4", False),
    ],
)
def test_only_declared_html_or_undeclared_html_bytes_are_extracted(headers, body, expected):
    cls = HtmlResponse if headers.get("Content-Type", "").startswith("text/html") else TextResponse
    response = (cls if expected or headers else Response)(URL, headers=headers, body=body)
    assert is_html(response) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (b"2", 2.0),
        (b" 120 ", 120.0),
        (b"Tue, 01 Dec 2026 10:00:30 GMT", 30.0),
        (b"Tue, 01 Dec 2026 09:00:00 GMT", 0.0),  # already past
        (b"soon", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(value, expected):
    now = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(value, now) == expected


@pytest.mark.parametrize(
    "url, base, expected",
    [
        ("http://127.0.0.1:8002/en/x", "http://127.0.0.1:8002", True),
        ("http://127.0.0.1:9000/en/x", "http://127.0.0.1:8002", False),  # another port
        ("https://127.0.0.1:8002/en/x", "http://127.0.0.1:8002", False),  # another scheme
        ("https://www.nato.int/en/x", "http://127.0.0.1:8002", False),  # the replica never leaves
        ("HTTPS://WWW.NATO.INT/en", "https://www.nato.int", True),
        ("https://nato.int/en/x", "https://www.nato.int", True),  # the portal's other host
        ("https://nato.int:8443/en/x", "https://www.nato.int", False),
        ("http://www.nato.int/en/x", "https://www.nato.int", False),
        ("https://evil.example/en/x", "https://www.nato.int", False),
        ("http://[::1/en/x", "http://127.0.0.1:8002", False),
        ("http://127.0.0.1:99999/", "http://127.0.0.1:8002", False),
    ],
)
def test_a_request_may_go_only_to_the_portals_origin(url, base, expected):
    assert fetchable(url, base) is expected


def test_item_log_lines_name_the_page_never_print_it():
    html = "<html>" + "x" * 200_000 + "</html>"
    item = PageCapture(url=URL, html=html, status=200, fetched_at="2026-12-01T10:00:00Z")
    spider = Spider(name="nato")
    spider.crawler = get_crawler()
    formatter = OneLineLogFormatter()
    for entry in (
        formatter.dropped(item, DropItem(f"empty_body: {URL}"), None, spider),
        formatter.item_error(item, ValueError("boom"), None, spider),
        formatter.scraped(item, None, spider),
    ):
        line = entry["msg"] % entry["args"]
        assert URL in line and len(line) < 300 and "\n" not in line
        assert entry["level"] in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)
    assert "xxxx" not in repr(item)
