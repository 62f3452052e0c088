"""What every pipeline of the crawl starts from: the crawl's stats and its shared context
(natocrawl.crawl.context), built once per crawl and handed to each pipeline; the crawler
itself, to stop the crawl when the archive cannot be written (natocrawl.crawl.halt)."""

from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.halt import storage_failed


class CrawlPipeline:
    crawler = None  # set by from_crawler; tests may build a pipeline without one

    def __init__(self, stats, context: CrawlContext):
        self.stats = stats
        self.context = context

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.stats, CrawlContext.of(crawler))
        pipeline.crawler = crawler
        return pipeline

    def storage_failed(self, error: BaseException, what: str) -> None:
        if self.crawler is not None:
            storage_failed(self.crawler, error, what)
