"""Stopping a crawl that can no longer keep what it fetches. A full disk or a broken archive
fails every write after the first: fetching on would only load the portal for nothing
(Heritrix pauses a crawl on low disk space for the same reason)."""

import logging

from scrapy.utils.defer import deferred_from_coro

from natocrawl.crawl.stats import STORAGE_ERROR_KEY

logger = logging.getLogger(__name__)

STORAGE_FAILED = "storage_failed"  # the finish reason Scrapy is given


def storage_failed(crawler, error: BaseException, what: str) -> None:
    """Record the first storage error (the run fails with it) and stop the crawl."""
    if crawler.stats.get_value(STORAGE_ERROR_KEY) is not None:
        return
    crawler.stats.set_value(STORAGE_ERROR_KEY, f"{what}: {type(error).__name__}: {error}")
    logger.error("cannot write %s (%s: %s): stopping the crawl", what, type(error).__name__, error)
    try:
        engine = crawler.engine
    except RuntimeError:  # Scrapy's way of saying the crawl has not started: nothing to stop
        return
    if engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=STORAGE_FAILED))
