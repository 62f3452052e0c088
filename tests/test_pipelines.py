"""The item pipelines on a real Scrapy crawler's stats and a real archive file."""

import asyncio

import pytest
import sqlite_utils
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from natocrawl.crawl.items import AliasItem, PageCapture
from natocrawl.crawl.stats import failure, run_counts
from pipelines.boilerplate import BoilerplatePipeline
from pipelines.dedupe import DedupePipeline
from pipelines.extract import ExtractPipeline
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline

BASE = "http://127.0.0.1:8999"
NEWS = BASE + "/en/news-and-events/articles/news/2025/03/04/"
BODY = "".join(
    f"<p>Paragraph {n} of an article about Allied air defence, written for this test.</p>" for n in range(4)
)
PAGE = (
    "<html><head><title>Air defence | NATO</title></head>"
    f"<body><main><h1>Air defence</h1>{BODY}</main></body></html>"
)
CHROME_ONLY = (
    "<html><body><main><h1>Air defence</h1><p>Subscribe to our newsletter</p>"
    "<p>From now on you can download videos from our website</p></main></body></html>"
)


@pytest.fixture()
def chain(tmp_path):
    crawler = get_crawler(settings_dict={"ARCHIVE_DB": str(tmp_path / "archive.db"), "EXTRACT_WORKERS": 0})
    crawler.stats.open_spider()
    pipelines = [
        cls.from_crawler(crawler)
        for cls in (ExtractPipeline, BoilerplatePipeline, ValidatePipeline, DedupePipeline, StorePipeline)
    ]
    for pipeline in pipelines:
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()

    def run(item):
        for pipeline in pipelines:
            item = pipeline.process_item(item)
            if asyncio.iscoroutine(item):
                item = asyncio.run(item)
        return item

    yield run, crawler.stats, tmp_path / "archive.db"
    for pipeline in pipelines:
        if hasattr(pipeline, "close_spider"):
            pipeline.close_spider()


def capture(url: str, html: str = PAGE, aliases=()) -> PageCapture:
    return PageCapture(
        url=url, html=html, status=200, fetched_at="2025-03-04T10:00:00+00:00", aliases=list(aliases)
    )


def articles(path) -> dict:
    return {row["url"]: row for row in sqlite_utils.Database(path)["articles"].rows}


@pytest.mark.parametrize(
    "html, reason",
    [
        ("", "empty_page"),
        (CHROME_ONLY, "chrome_only"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty_body"),
    ],
)
def test_unusable_pages_are_dropped_with_their_reason_and_never_stored(chain, html, reason):
    run, stats, archive = chain
    with pytest.raises(DropItem, match=reason):
        run(capture(NEWS + "broken", html))
    assert stats.get_value(f"natocrawl/dropped/{reason}") == 1
    assert articles(archive) == {}


def test_an_article_is_stored_with_its_redirect_aliases(chain):
    run, stats, archive = chain
    run(capture(NEWS + "air-defence", aliases=[BASE + "/cps/en/natohq/news_1.htm"]))
    rows = articles(archive)
    assert list(rows) == [NEWS + "air-defence"] and rows[NEWS + "air-defence"]["title"] == "Air defence"
    assert stats.get_value("natocrawl/articles/new") == 1
    assert dict(sqlite_utils.Database(archive).execute("select alias, url from aliases").fetchall()) == {
        BASE + "/cps/en/natohq/news_1.htm": NEWS + "air-defence"
    }


def test_same_url_twice_in_a_run_is_stored_once(chain):
    run, stats, archive = chain
    run(capture(NEWS + "air-defence"))
    with pytest.raises(DropItem, match="duplicate_url"):
        run(capture(NEWS + "air-defence"))
    assert len(articles(archive)) == 1


@pytest.mark.parametrize("order", [("air-defence", "air-defence-0"), ("air-defence-0", "air-defence")])
def test_same_text_under_two_urls_keeps_the_shorter_url_whatever_the_order(chain, order):
    run, stats, archive = chain
    for slug in order:
        result = run(capture(NEWS + slug))
    rows = articles(archive)
    assert list(rows) == [NEWS + "air-defence"]
    aliases = dict(sqlite_utils.Database(archive).execute("select alias, url from aliases").fetchall())
    assert aliases == {NEWS + "air-defence-0": NEWS + "air-defence"}
    if order[1] == "air-defence-0":
        assert isinstance(result, AliasItem)


def test_run_counts_from_stats():
    counts = run_counts(
        {
            "natocrawl/articles/new": 5,
            "natocrawl/articles/unchanged": 2,
            "natocrawl/aliases": 3,
            "natocrawl/articles/changed": 1,
            "natocrawl/articles/removed": 2,
            "natocrawl/articles/not_modified": 7,
            "natocrawl/frontier/skipped": 40,
            "natocrawl/failed/http_404": 2,
            "natocrawl/failed/DNSLookupError": 4,
            "response_received_count": 12,
            "natocrawl/dropped/empty_body": 1,
            "natocrawl/dropped/duplicate_url": 3,
            "downloader/response_status_count/403": 1,
            "downloader/response_status_count/429": 6,
            "downloader/response_status_count/200": 10,
            "downloader/response_status_count/404": 2,
            "downloader/response_status_count/301": 1,
            "downloader/exception_type_count/twisted.internet.error.DNSLookupError": 4,
            "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 1,
        }
    )
    assert counts == {
        "new": 5,
        "changed": 1,
        "updated": 0,
        "unchanged": 2,
        "removed": 2,
        "not_modified": 7,
        "skipped": 40,
        "search_complete": True,
        "aliases": 3,
        "pages_fetched": 12,
        "failed": 7,
        "failed_by_reason": {"http_404": 2, "DNSLookupError": 4, "dropped_empty_body": 1},
        "http_403": 1,
        "http_429": 6,
        "dropped_by_reason": {"empty_body": 1, "duplicate_url": 3},
        "http_errors": {"403": 1, "404": 2, "429": 6},
        "download_errors": {"DNSLookupError": 4},
        "storage_error": None,
    }


def counts(fetched=100, http_errors=None, download_errors=None, failed=None, storage_error=None):
    return {
        "pages_fetched": fetched,
        "http_errors": http_errors or {},
        "download_errors": download_errors or {},
        "failed_by_reason": failed or {},
        "storage_error": storage_error,
    }


@pytest.mark.parametrize(
    "run, reason, expected",
    [
        (counts(), "finished", None),
        (counts(http_errors={"404": 60}), "finished", None),  # missing pages are the portal's, not a failure
        (counts(fetched=0, download_errors={"DNSLookupError": 9}), "finished", "no page could be fetched"),
        (counts(fetched=0), "finished", None),  # nothing left to ask for (a JOBDIR resumed at its end)
        (counts(http_errors={"429": 30}), "finished", "error rate 30% above 20%"),
        (counts(fetched=80, download_errors={"TimeoutError": 20}), "finished", None),
        (counts(fetched=70, download_errors={"TimeoutError": 30}), "finished", "error rate 30% above 20%"),
        (counts(), "shutdown", "stopped early (shutdown)"),
        # Every page asked for and lost fails the run, whatever the rate.
        (counts(failed={"http_503": 1}), "finished", "1 pages lost (http_503 1)"),
        (
            counts(failed={"redirect_loop": 2, "off_origin_redirect": 1}),
            "finished",
            "3 pages lost (off_origin_redirect 1, redirect_loop 2)",
        ),
        (counts(failed={"spider_ValueError": 1}), "finished", "1 pages lost (spider_ValueError 1)"),
        (counts(failed={"dropped_extract_error": 1}), "finished", "1 pages lost (dropped_extract_error 1)"),
        (counts(failed={"dropped_not_stored": 4}), "finished", "4 pages lost (dropped_not_stored 4)"),
        # What the portal answered, what we declined, what the extractor judged unfit: counted, not lost.
        (counts(failed={"http_404": 3, "http_410": 1, "declined_not_html": 1}), "finished", None),
        (counts(failed={"declined_too_large": 1, "declined_bad_url": 5}), "finished", None),
        (counts(failed={"dropped_empty_body": 2, "dropped_no_title": 1}), "finished", None),
        # Retried timeouts that came through in the end are no loss.
        (counts(fetched=95, download_errors={"TimeoutError": 5}), "finished", None),
        # A storage error fails the run before anything else is looked at.
        (
            counts(storage_error="the archive: OperationalError: database or disk is full"),
            "storage_failed",
            "the archive could not be written (the archive: OperationalError: database or disk is full)",
        ),
    ],
)
def test_when_a_run_counts_as_failed(run, reason, expected):
    assert failure(run, reason, max_error_rate=0.2) == expected


def test_every_part_of_a_crawl_shares_one_context_and_one_archive_connection(tmp_path):
    from natocrawl.crawl.capture import WarcCaptureMiddleware
    from natocrawl.crawl.context import CrawlContext
    from natocrawl.crawl.recorder import CrawlRunRecorder

    settings = {"ARCHIVE_DB": str(tmp_path / "a.db"), "EXTRACT_WORKERS": 0, "WARC_DIR": str(tmp_path / "w")}
    crawler, other = get_crawler(settings_dict=settings), get_crawler(settings_dict=settings)
    parts = [
        cls.from_crawler(crawler)
        for cls in (
            ExtractPipeline,
            BoilerplatePipeline,
            DedupePipeline,
            StorePipeline,
            CrawlRunRecorder,
            WarcCaptureMiddleware,
        )
    ]
    shared = [part.context for part in parts if hasattr(part, "context")]
    assert len(shared) == 5 and all(context is CrawlContext.of(crawler) for context in shared)
    context = CrawlContext.of(crawler)
    assert context.db is context.db and context.model is context.model  # opened and loaded once
    assert str(context.archive.warc_dir) == settings["WARC_DIR"]
    assert CrawlContext.of(other) is not context  # one per crawl, not a process-wide singleton
    context.close()
