"""A `crawl_runs` row per crawl: opened when the spider starts, completed with the run's
counts and finish reason when it closes."""

from datetime import datetime, timezone

from scrapy import signals

from natocrawl import store

DROPPED_PREFIX = "natocrawl/dropped/"
STORED_PREFIX = "natocrawl/articles/"  # + new / updated / unchanged
ALIASES_KEY = "natocrawl/aliases"
STATUS_PREFIX = "downloader/response_status_count/"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_counts(stats: dict) -> dict:
    """crawl_runs figures from Scrapy's stats."""
    return {
        **{outcome: stats.get(STORED_PREFIX + outcome, 0) for outcome in ("new", "updated", "unchanged")},
        "aliases": stats.get(ALIASES_KEY, 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "dropped_by_reason": {key.removeprefix(DROPPED_PREFIX): value
                              for key, value in stats.items() if key.startswith(DROPPED_PREFIX)},
        "http_errors": {key.removeprefix(STATUS_PREFIX): value for key, value in stats.items()
                        if key.startswith(STATUS_PREFIX) and int(key.removeprefix(STATUS_PREFIX)) >= 400},
    }


class CrawlRunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.archive_path = crawler.settings.get("ARCHIVE_DB")
        self.run_id = None

    @classmethod
    def from_crawler(cls, crawler):
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider):
        args = {name: str(value) for name in ("base_url", "langs", "types", "since", "until")
                if (value := getattr(spider, name, None)) is not None}
        db = store.open_archive(self.archive_path)
        try:
            self.run_id = store.start_run(db, started_at=_now(), base_url=getattr(spider, "base_url", ""), args=args)
        finally:
            db.close()

    def spider_closed(self, spider, reason):
        if self.run_id is None:
            return
        db = store.open_archive(self.archive_path)
        try:
            store.finish_run(db, self.run_id, finished_at=_now(), finish_reason=reason,
                             counts=run_counts(self.crawler.stats.get_stats()))
        finally:
            db.close()
