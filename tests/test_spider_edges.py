"""The spider on a small portal of our own, unlike the replica: no robots.txt, a legacy URL
that redirects to another legacy URL, a PDF in the sitemap, a page that fails with 404, a
broken URL ahead of the others in the sitemap and in an article's links."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlite_utils
from lxml import html as lxml_html

from natocrawl.urls import absolute_url, is_legacy, may_cite_legacy

from conftest import free_port, run_scrapy_crawl

NEWS = "/en/news-and-events/articles/news/2024/03/05/"
SESSION = "/cps/en/SID-0A1B2C3D-4E5F6A7B"
PROSE = "Allied ministers met in Brussels to review the defence plan and agreed to meet again in June."
ARTICLE = (
    f"<html><head><title>Ministers meet | NATO</title></head><body><main><h1>Ministers meet</h1>"
    f"<p>{PROSE}</p><p>{PROSE.replace('June', 'July')}</p>"
    "<p>Not a URL: <a href='http://[::1/en/x'>broken</a>. See the "
    "<a href='/cps/en/natolive/news_1.htm'>earlier statement</a> for context.</p>"
    "<p>The <a href='/cps/en/natohq/news_3.htm'>archived notice</a> says the same.</p>"
    "</main></body></html>"
)


def sitemap(base: str) -> str:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><lastmod>2024-03-05</lastmod></url>"
        for path in (NEWS + "ministers-meet", NEWS + "gone", "/en/about-us/documents/report.pdf")
    )
    urls = "<url><loc>http://[::1/en/x</loc></url>" + urls  # must not end the sitemap
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


class Portal(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        base = f"http://{self.headers['Host']}"
        routes = {
            "/sitemap.xml": (200, "application/xml", sitemap(base)),
            NEWS + "ministers-meet": (200, "text/html; charset=utf-8", ARTICLE),
            NEWS + "statement": (
                200,
                "text/html; charset=utf-8",
                ARTICLE.replace("Ministers meet", "Statement")
                .replace("defence plan", "statement")
                .replace("/cps/en/natolive/news_1.htm", "#"),
            ),
            "/en/about-us/documents/report.pdf": (
                200,
                "application/pdf",
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)),
            ),
            "/cps/en/natolive/news_1.htm": (301, "text/html", "/cps/en/natohq/news_2.htm"),
            "/cps/en/natohq/news_2.htm": (301, "text/html", NEWS + "statement"),
            # The old CPS adds a session id: the same URL once canonical, asked for as spelled.
            "/cps/en/natohq/news_3.htm": (
                301,
                "text/html",
                "/cps/en/SID-0A1B2C3D-4E5F6A7B/natohq/news_3.htm",
            ),
            "/cps/en/SID-0A1B2C3D-4E5F6A7B/natohq/news_3.htm": (301, "text/html", NEWS + "ministers-meet"),
        }
        if self.path.startswith("/content/nato/"):
            status, kind, body = 200, "application/json", json.dumps({"pages": [], "numberOfPages": 0})
        else:
            status, kind, body = routes.get(
                self.path, (404, "text/html", "<html><body>Not found</body></html>")
            )
        self.send_response(status)
        if status == 301:
            self.send_header("Location", base + body)
            body = ""
        self.send_header("Content-Type", kind)
        payload = body if isinstance(body, bytes) else body.encode()
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def portal():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def crawl(portal, tmp_path_factory):
    archive = tmp_path_factory.mktemp("edges") / "archive.db"
    result = run_scrapy_crawl(portal, archive)
    db = sqlite_utils.Database(archive)
    yield result, db
    db.close()


def test_without_robots_txt_the_sitemap_is_still_found(crawl, portal):
    result, db = crawl
    assert result.returncode == 0, result.stderr[-2000:]
    assert {row["url"] for row in db["articles"].rows} == {
        portal + NEWS + "ministers-meet",
        portal + NEWS + "statement",
    }


def test_every_url_of_a_legacy_redirect_chain_is_an_alias(crawl, portal):
    _result, db = crawl
    aliases = {row["alias"]: row["url"] for row in db["aliases"].rows}
    assert aliases == {
        portal + "/cps/en/natolive/news_1.htm": portal + NEWS + "statement",
        portal + "/cps/en/natohq/news_2.htm": portal + NEWS + "statement",
        portal + "/cps/en/natohq/news_3.htm": portal + NEWS + "ministers-meet",
    }


def test_missing_and_binary_pages_are_counted_not_stored(crawl):
    _result, db = crawl
    run = next(db["crawl_runs"].rows)
    assert run["finish_reason"] == "finished"
    # the gone article, and robots.txt twice (asked by Scrapy's robots middleware and by the spider)
    assert json.loads(run["http_errors"]) == {"404": 3}
    # Not HTML: kept in the WARC files, declined (counted, not a loss); a 404 is the portal's answer.
    # The broken URL in the sitemap is skipped and counted, one in an article's links passed over;
    # the URLs after each are still followed (the other tests find their pages and aliases).
    assert json.loads(run["failed_by_reason"]) == {
        "declined_bad_url": 1,
        "declined_not_html": 1,
        "http_404": 1,
    }
    assert json.loads(run["dropped_by_reason"]) == {}


def test_a_portal_that_cannot_be_reached_is_a_failed_run(tmp_path):
    archive = tmp_path / "archive.db"
    result = run_scrapy_crawl(f"http://127.0.0.1:{free_port()}", archive, "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert "the crawl failed: no page could be fetched" in result.stderr
    run = next(sqlite_utils.Database(archive)["crawl_runs"].rows)
    assert run["finish_reason"] == "failed: no page could be fetched"
    assert sum(json.loads(run["download_errors"]).values()) >= 1


LEGACY_HREFS = [
    "/cps/en/natohq/news_12345.htm",
    "https://www.nato.int/cps/fr/SID-1A2B-3C4D/natohq/opinions_999.htm",
    "../cps/en/natolive/official_texts_1.htm",
    "cps/en/natohq/news_1.htm",
    "\\cps\\en\\natohq\\news_2.htm",
    "/cps&#47;en/natohq/news_3.htm",
    "/docu/speech/2001/s010101a.htm",
    "/docu/pr/1999/p99-001e.htm",
]


@pytest.mark.parametrize("href", LEGACY_HREFS)
def test_a_page_citing_a_legacy_url_is_parsed_for_its_links(href):
    page = f"<html><body><p>See <a href='{href}'>the old page</a>.</p></body></html>"
    read = lxml_html.fromstring(page).find(".//a").get("href")  # as a parser reads the attribute
    assert is_legacy(absolute_url(read, "https://www.nato.int/"))
    assert may_cite_legacy(page)


def test_a_page_citing_no_legacy_url_is_not_parsed_again():
    page = (
        "<html><body><a href='/en/news-and-events/articles/news/2025/05/26/x'>x</a> cpsx docux</body></html>"
    )
    assert not may_cite_legacy(page)
