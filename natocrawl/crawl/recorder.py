"""A `crawl_runs` row per crawl: opened when the spider starts, completed with the run's
counts and finish reason when it closes. A failed run (the rule: natocrawl.crawl.stats) is
recorded as such, and `scrapy crawl` then exits non-zero (natocrawl.crawl.commands.crawl),
even when the row itself cannot be written (a full disk).

Errors in our own code lose pages too: an exception in a spider callback loses the rest of
what that response would have yielded, one in a pipeline loses the item. Both are counted
here, by exception type (Scrapy logs each with its traceback)."""

import sqlite3

from scrapy import signals

from natocrawl.archive import reserve, runs
from natocrawl.crawl.arguments import SPIDER_ARGUMENTS
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.halt import storage_failed
from natocrawl.crawl.stats import FAILED_PREFIX, FAILURE_KEY, STORAGE_ERROR_KEY, failure, run_counts
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
        crawler.signals.connect(recorder.spider_error, signal=signals.spider_error)
        crawler.signals.connect(recorder.item_error, signal=signals.item_error)
        return recorder

    def spider_error(self, failure, response, spider):
        self.crawler.stats.inc_value(f"{FAILED_PREFIX}spider_{failure.type.__name__}")

    def item_error(self, item, response, spider, failure):
        self.crawler.stats.inc_value(f"{FAILED_PREFIX}pipeline_{failure.type.__name__}")

    def spider_opened(self, spider):
        args = {
            name: ",".join(value) if isinstance(value, tuple) else str(value)
            for name in SPIDER_ARGUMENTS
            if (value := getattr(spider, name, None)) is not None
        }
        if self.context.jobdir:
            args["jobdir"] = self.context.jobdir
        base_url = getattr(spider, "base_url", "")
        try:
            self.run_id = runs.start_run(self.context.db, started_at=utc_now(), base_url=base_url, args=args)
        except (sqlite3.Error, OSError) as error:
            storage_failed(self.crawler, error, "the archive")
        reserve.hold(self.context.archive.archive_path)

    def spider_closed(self, spider, reason):
        reserve.release(self.context.archive.archive_path)  # room for the row's last write on a full disk
        if self.run_id is None:
            if storage_error := self.crawler.stats.get_value(STORAGE_ERROR_KEY):
                self.crawler.stats.set_value(FAILURE_KEY, f"the run could not start ({storage_error})")
            return
        counts = run_counts(self.crawler.stats.get_stats())
        if why := failure(counts, reason, self.context.max_error_rate):
            # Set before the row is written: a disk too full for the row still fails the exit code.
            self.crawler.stats.set_value(FAILURE_KEY, why)
            spider.logger.error("the crawl failed: %s", why)
            reason = f"failed: {why}"
            # Pages it lost may be older than pages it archived: the next search reads to the end.
            counts["search_complete"] = False
        try:
            runs.finish_run(
                self.context.db, self.run_id, finished_at=utc_now(), finish_reason=reason, counts=counts
            )
        except (sqlite3.Error, OSError) as error:
            # Left open, the row reads as a killed run: the next run redoes this one's pages.
            self.crawler.stats.set_value(FAILURE_KEY, f"{why or reason}; the run's row not written ({error})")
            spider.logger.error("the crawl's row in crawl_runs could not be completed: %s", error)
