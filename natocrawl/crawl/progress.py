"""A progress line in the log every PROGRESS_INTERVAL seconds: the share of the known
frontier (every request scheduled so far, and the listed pages the spider has yet to hand
to the scheduler; discovery keeps adding to it) that is done, the
rate, and when the run should end at that rate. The share can fall as sitemaps and search
pages reveal more pages; it is the best estimate the crawl has."""

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.stats import SKIPPED_KEY, STORED_PREFIX, WAITING_KEY
from natocrawl.dates import duration

logger = logging.getLogger(__name__)


def progress_line(stats: dict, elapsed: float) -> str:
    known = stats.get("scheduler/enqueued", 0) + stats.get(WAITING_KEY, 0)
    done = stats.get("response_received_count", 0) + stats.get("downloader/exception_count", 0)
    done = min(done, known)
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = duration((known - done) / rate) if rate else "unknown"
    share = done / known if known else 0.0
    stored = ", ".join(
        f"{stats.get(STORED_PREFIX + o, 0)} {o.replace('_', ' ')}"
        for o in ("new", "changed", "not_modified", "removed")
    )
    return (
        f"progress: {share:.0%} of the known frontier ({done} of {known} requests), {rate:.1f} requests/s, "
        f"ETA {eta}; {stored}; {stats.get(SKIPPED_KEY, 0)} known pages not requested"
    )


class ProgressLog:
    def __init__(self, stats, interval: float):
        self.stats = stats
        self.interval = interval
        self.task = None
        self.started = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = CrawlContext.of(crawler).progress_interval
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self):
        self.started = time.monotonic()
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def log(self):
        logger.info(progress_line(self.stats.get_stats(), time.monotonic() - self.started))

    def spider_closed(self):
        if self.task and self.task.running:
            self.task.stop()
