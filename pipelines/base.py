"""What every pipeline of the crawl starts from: the crawl's stats and its shared context
(natocrawl.crawl.context), built once per crawl and handed to each pipeline."""

from natocrawl.crawl.context import CrawlContext


class CrawlPipeline:
    def __init__(self, stats, context: CrawlContext):
        self.stats = stats
        self.context = context

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, CrawlContext.of(crawler))
