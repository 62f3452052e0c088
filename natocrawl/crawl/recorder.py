"""A `crawl_runs` row per crawl: opened when the spider starts, completed with the run's
counts and finish reason when it closes. A run whose requests all went unanswered, or whose
error rate passed MAX_ERROR_RATE, is recorded as failed, and `scrapy crawl` then exits
non-zero (natocrawl.crawl.commands.crawl)."""

from scrapy import signals

from natocrawl.archive import runs
from natocrawl.crawl.arguments import SPIDER_ARGUMENTS
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.stats import FAILURE_KEY, failure, run_counts
from natocrawl.dates import utc_now


class CrawlRunRecorder:
    def __init__(self, crawler, context: CrawlContext):
        self.crawler = crawler
        self.context = context
        self.run_id = None

    @classmethod
    def from_crawler(cls, crawler):
        recorder = cls(crawler, CrawlContext.of(crawler))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider):
        args = {
            name: ",".join(value) if isinstance(value, tuple) else str(value)
            for name in SPIDER_ARGUMENTS
            if (value := getattr(spider, name, None)) is not None
        }
        if self.context.jobdir:
            args["jobdir"] = self.context.jobdir
        base_url = getattr(spider, "base_url", "")
        self.run_id = runs.start_run(self.context.db, started_at=utc_now(), base_url=base_url, args=args)

    def spider_closed(self, spider, reason):
        if self.run_id is None:
            return
        counts = run_counts(self.crawler.stats.get_stats())
        if why := failure(counts, reason, self.context.max_error_rate):
            self.crawler.stats.set_value(FAILURE_KEY, why)
            spider.logger.error("the crawl failed: %s", why)
            reason = f"failed: {why}"
        runs.finish_run(
            self.context.db, self.run_id, finished_at=utc_now(), finish_reason=reason, counts=counts
        )
