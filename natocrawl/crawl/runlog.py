"""A `crawl_runs` row per crawl: opened when the spider starts, completed with the run's
counts and finish reason when it closes. A run whose requests all went unanswered, or whose error rate
passed MAX_ERROR_RATE, is recorded as failed, and `scrapy crawl` then exits non-zero."""

from pathlib import Path

from scrapy import signals

from natocrawl.archive import runs
from natocrawl.archive import store
from natocrawl.dates import utc_now

DROPPED_PREFIX = "natocrawl/dropped/"
STORED_PREFIX = "natocrawl/articles/"  # + new / changed / updated / unchanged / removed / not_modified
FAILED_PREFIX = "natocrawl/failed/"  # + why a request got no usable answer (http_404, TimeoutError…)
SKIPPED_KEY = "natocrawl/frontier/skipped"  # known pages not requested (sitemap lastmod, search)
SEARCH_PARTIAL_KEY = "natocrawl/search/partial"  # set when the run did not read the whole search
ALIASES_KEY = "natocrawl/aliases"
FAILURE_KEY = "natocrawl/failure"  # set when the run failed; read by natocrawl.crawl.commands.crawl
STATUS_PREFIX = "downloader/response_status_count/"
EXCEPTION_PREFIX = "downloader/exception_type_count/"
# Answers that mean the portal is refusing or failing us, not that a page is missing.
SERVER_TROUBLE = ("403", "429", "500", "502", "503", "504")


def _suffixed(stats: dict, prefix: str) -> dict:
    return {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}


def run_counts(stats: dict) -> dict:
    """crawl_runs figures from Scrapy's stats."""
    statuses = _suffixed(stats, STATUS_PREFIX)
    dropped = _suffixed(stats, DROPPED_PREFIX)
    # A page failed when it got no usable answer or was dropped for what it held; a second
    # copy of a page already archived (duplicate_*) is not a failure.
    failed_by_reason = {**_suffixed(stats, FAILED_PREFIX),
                        **{f"dropped_{why}": n for why, n in dropped.items() if not why.startswith("duplicate")}}
    outcomes = ("new", "changed", "updated", "unchanged", "removed", "not_modified")
    return {
        **{outcome: stats.get(STORED_PREFIX + outcome, 0) for outcome in outcomes},
        "skipped": stats.get(SKIPPED_KEY, 0),
        "search_complete": not stats.get(SEARCH_PARTIAL_KEY),
        "failed": sum(failed_by_reason.values()),
        "failed_by_reason": failed_by_reason,
        "http_403": statuses.get("403", 0),
        "http_429": statuses.get("429", 0),
        "aliases": stats.get(ALIASES_KEY, 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "dropped_by_reason": dropped,
        "http_errors": {status: count for status, count in statuses.items() if int(status) >= 400},
        # IgnoreRequest is our own politeness (robots.txt), not a failure of the portal.
        "download_errors": {name.rsplit(".", 1)[-1]: count for name, count in _suffixed(stats, EXCEPTION_PREFIX).items()
                            if not name.endswith("IgnoreRequest")},
    }


def failure(counts: dict, reason: str, max_error_rate: float) -> str | None:
    """Why the run counts as failed, or None."""
    if reason != "finished":
        return f"stopped early ({reason})"
    attempts = counts["pages_fetched"] + sum(counts["download_errors"].values())
    if not attempts:
        return None  # nothing was left to ask for: a JOBDIR resumed after its last request
    if not counts["pages_fetched"]:
        return "no page could be fetched"
    errors = sum(counts["download_errors"].values()) + sum(
        count for status, count in counts["http_errors"].items() if status in SERVER_TROUBLE)
    if errors / attempts > max_error_rate:
        return f"error rate {errors / attempts:.0%} above {max_error_rate:.0%}"
    return None


def jobdir_key(jobdir: str | None) -> str | None:
    """A JOBDIR as crawl_runs records it (absolute), to find the runs that used it."""
    return str(Path(jobdir).resolve()) if jobdir else None


class CrawlRunRecorder:
    def __init__(self, crawler, archive_path: str, max_error_rate: float, jobdir: str | None = None):
        self.crawler = crawler
        self.jobdir = jobdir
        self.archive_path = archive_path
        self.max_error_rate = max_error_rate
        self.run_id = None

    @classmethod
    def from_crawler(cls, crawler):
        recorder = cls(crawler, crawler.settings.get("ARCHIVE_DB"), crawler.settings.getfloat("MAX_ERROR_RATE"),
                       jobdir_key(crawler.settings.get("JOBDIR")))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider):
        args = {name: ",".join(value) if isinstance(value, tuple) else str(value)
                for name in ("base_url", "langs", "types", "since", "until", "full")
                if (value := getattr(spider, name, None)) is not None}
        if self.jobdir:
            args["jobdir"] = self.jobdir
        db = store.open_archive(self.archive_path)
        try:
            self.run_id = runs.start_run(db, started_at=utc_now(), base_url=getattr(spider, "base_url", ""), args=args)
        finally:
            db.close()

    def spider_closed(self, spider, reason):
        if self.run_id is None:
            return
        counts = run_counts(self.crawler.stats.get_stats())
        if why := failure(counts, reason, self.max_error_rate):
            self.crawler.stats.set_value(FAILURE_KEY, why)
            spider.logger.error("the crawl failed: %s", why)
            reason = f"failed: {why}"
        db = store.open_archive(self.archive_path)
        try:
            runs.finish_run(db, self.run_id, finished_at=utc_now(), finish_reason=reason, counts=counts)
        finally:
            db.close()
