"""Reading a page's <link rel=canonical> without parsing it: the crawl process's shortcut."""

import pytest
from scrapy.http import HtmlResponse

from spiders.responses import canonical_href

URL = "http://127.0.0.1:8002/en/news-and-events/articles/news/2025/03/03/print-version"


def response(head: str, body: str = "<p>Text</p>") -> HtmlResponse:
    html = f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"
    return HtmlResponse(URL, body=html.encode(), encoding="utf-8")


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="/en/x">',
        "<link href='/en/x' rel='canonical'>",
        "<LINK REL=canonical HREF=/en/x>",
        '<link rel="alternate canonical" href="/en/x" />',
        '<link rel="stylesheet" href="/s.css"><link\n  rel="canonical"\n  href="/en/x">',
    ],
)
def test_the_canonical_link_is_read_however_it_is_written(head):
    assert canonical_href(response(head)) == "/en/x"


def test_entities_in_the_address_are_decoded():
    assert canonical_href(response('<link rel="canonical" href="/en/x?a=1&amp;b=2">')) == "/en/x?a=1&b=2"


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ('<link rel="stylesheet" href="/s.css">', "<p>The canonical text of the treaty.</p>"),
        ("", '<a rel="canonical" href="/en/y">a link in the body is not the head\'s</a>'),
        ("", '<link rel="canonical" href="/en/y">'),  # in the body: not the page's own declaration
    ],
)
def test_no_canonical_link_in_the_head_is_none(head, body):
    assert canonical_href(response(head, body)) is None
