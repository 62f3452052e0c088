"""Scrapy's retries, with the portal's `Retry-After` honoured (RFC 9110 §10.2.3): a 429 or
503 that says when to come back is retried no sooner than that. Scrapy's RetryMiddleware
retries at once, which is what a server that asked us to wait least wants. A wait longer
than RETRY_AFTER_MAX is not sat out: the page is given up (and counted) for the next run.
Nor is a wait sat out when no retry is left, or once the crawl is stopping: the sleep ends
when the engine closes, so a storage error or SIGTERM stops the crawl at once."""

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or an HTTP date); None if absent
    or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX")

    async def process_response(self, request, response):
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        retrying = response.status in self.retry_http_codes and not request.meta.get("dont_retry")
        retries_left = request.meta.get("retry_times", 0) < request.meta.get(
            "max_retry_times", self.max_retry_times
        )
        if not retrying or wait is None or wait <= 0 or not retries_left:
            return super().process_response(request, response)
        if wait > self.max_wait:
            return response  # given up: the errback counts it
        await self._sleep_unless_stopping(wait)
        return super().process_response(request, response)

    async def _sleep_unless_stopping(self, seconds: float) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while (left := deadline - asyncio.get_running_loop().time()) > 0 and not self._stopping():
            await asyncio.sleep(min(left, 1.0))

    def _stopping(self) -> bool:
        slot = getattr(self.crawler.engine, "_slot", None)
        return slot is None or slot.closing is not None
