"""Scrapy's retries, with the portal's `Retry-After` honoured (RFC 9110 §10.2.3): a 429 or
503 that says when to come back is retried no sooner than that. Scrapy's RetryMiddleware
retries at once, which is what a server that asked us to wait least wants. A wait longer
than RETRY_AFTER_MAX is not sat out: the page is given up (and counted) for the next run."""

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
    if text.isdigit():
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
        if not retrying or wait is None or wait <= 0:
            return super().process_response(request, response)
        if wait > self.max_wait:
            return response  # given up: the errback counts it
        await asyncio.sleep(wait)
        return super().process_response(request, response)
