"""Reading a page's <link rel=canonical> without parsing it (the crawl process's shortcut), and
two pages naming each other: one record, one alias."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlite_utils
from scrapy.http import HtmlResponse

from spiders.responses import canonical_href

from conftest import run_scrapy_crawl

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


NEWS = "/en/news-and-events/articles/news/2025/03/0{}/allies-meet-in-brussels"
PROSE = (
    "Allied defence ministers met in Brussels on Thursday to review the new force model and the "
    "readiness of the forces that it places along the eastern flank of the Alliance."
)


class TwoPagesNamingEachOther(BaseHTTPRequestHandler):
    """A portal of two articles, each naming the other as its canonical page."""

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        pages = {NEWS.format(n): base + NEWS.format(3 - n) for n in (1, 2)}
        if self.path == "/robots.txt":
            self._send("text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n")
        elif self.path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}{path}</loc></url>" for path in pages)
            self._send(
                "application/xml",
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
            )
        elif self.path in pages:
            head = f"<title>Allies meet</title><link rel='canonical' href='{pages[self.path]}'>"
            body = f"<h1>Allies meet in Brussels</h1><article><p>{PROSE}</p><p>{PROSE[::-1]}</p></article>"
            self._send("text/html; charset=utf-8", f"<html><head>{head}</head><body>{body}</body></html>")
        else:
            self._send("text/plain", "not found", status=404)

    def _send(self, content_type: str, text: str, status: int = 200) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_two_pages_naming_each_other_keep_one_record_and_an_alias(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwoPagesNamingEachOther)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        run_scrapy_crawl(base, tmp_path / "archive.db")
    finally:
        server.shutdown()
    db = sqlite_utils.Database(tmp_path / "archive.db")
    stored = [row["url"] for row in db["articles"].rows]
    aliases = {row["alias"]: row["url"] for row in db["aliases"].rows}
    assert len(stored) == 1 and set(aliases.items()) == {
        (url, stored[0]) for url in (base + NEWS.format(1), base + NEWS.format(2)) if url != stored[0]
    }
