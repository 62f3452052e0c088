"""Downloader middleware: every response the crawl receives goes into the WARC files
(natocrawl.archive.warc) before anything else reads it; where it went travels on in
`request.meta["capture"]` for the spider to hand to the pipelines.

It sits after decompression and redirects (order 580 < 590): records hold the body as
decoded, and a redirect chain is kept as aliases of the page it ends on.

A record that cannot be written (a full disk) stops the crawl (natocrawl.crawl.halt): the
response is lost, and counted so, rather than archived without its capture.
"""

from http import HTTPStatus

from scrapy import signals

from natocrawl.archive.warc import WarcFiles
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.halt import storage_failed
from natocrawl.crawl.stats import WARC_RECORDS_KEY


class WarcCaptureMiddleware:
    def __init__(self, stats, context: CrawlContext, crawler=None):
        self.stats = stats
        self.crawler = crawler
        self.files = WarcFiles(context.archive.warc_dir, context.archive.warc_max_bytes)

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.stats, CrawlContext.of(crawler), crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response):
        headers = [
            (key.decode("latin-1"), value.decode("latin-1"))
            for key, values in response.headers.items()
            for value in values
        ]
        try:
            ref = self.files.write_response(
                response.url, response.status, _reason(response.status), headers, response.body
            )
        except OSError as error:
            if self.crawler is not None:
                storage_failed(self.crawler, error, "the WARC files")
            raise  # the request's errback counts the page as lost
        request.meta["capture"] = ref
        self.stats.inc_value(WARC_RECORDS_KEY)
        return response

    def spider_closed(self):
        self.files.close()  # unbuffered: every record is on disk already (natocrawl.archive.warc)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
