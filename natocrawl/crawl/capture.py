"""Downloader middleware: every response the crawl receives goes into the WARC files
(natocrawl.archive.warc) before anything else reads it; where it went travels on in
`request.meta["capture"]` for the spider to hand to the pipelines.

It sits after decompression and redirects (order 580 < 590): records hold the body as
decoded, and a redirect chain is kept as aliases of the page it ends on.
"""

from http import HTTPStatus

from scrapy import signals

from natocrawl.archive.warc import WarcFiles
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.stats import WARC_RECORDS_KEY


class WarcCaptureMiddleware:
    def __init__(self, stats, context: CrawlContext):
        self.stats = stats
        self.files = WarcFiles(context.archive.warc_dir, context.archive.warc_max_bytes)

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.stats, CrawlContext.of(crawler))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response):
        headers = [
            (key.decode("latin-1"), value.decode("latin-1"))
            for key, values in response.headers.items()
            for value in values
        ]
        ref = self.files.write_response(
            response.url, response.status, _reason(response.status), headers, response.body
        )
        request.meta["capture"] = ref
        self.stats.inc_value(WARC_RECORDS_KEY)
        return response

    def spider_closed(self):
        self.files.close()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
