"""The portal is one origin: scheme, host and port. Scrapy's offsite check compares host
names only, so a redirect to another port of the same host would be followed (robots.txt
and pages fetched from a server that is not the portal). Two downloader middlewares keep
the crawl on the origin and make every redirect that goes nowhere a counted loss:

- RedirectGuardMiddleware (before Scrapy's RedirectMiddleware sees a response): a redirect
  off the origin, back to a URL of its own chain, or past REDIRECT_MAX_TIMES;
- OriginGuardMiddleware (before robots.txt is consulted): any request off the origin.

Both raise LostRequest, which the spider's errback counts under its reason."""

import logging
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}


class LostRequest(IgnoreRequest):
    """A request given up for a reason that costs the page: counted, and the run fails."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL, None when it has none that can be read."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port out of range, a broken IPv6 literal
        return None
    if not parts.hostname or port is None:
        return None
    return parts.scheme, parts.hostname.lower(), port


def _portal_origin(crawler) -> tuple[str, str, int] | None:
    base_url = getattr(crawler.spider, "base_url", None)
    return origin(base_url) if base_url else None


class OriginGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        portal = _portal_origin(self.crawler)
        if portal is not None and origin(request.url) != portal:
            raise LostRequest("off_origin", f"off the portal's origin, not fetched: {request.url}")


class RedirectGuardMiddleware:
    def __init__(self, crawler, max_redirects: int):
        self.crawler = crawler
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request, response):
        location = response.headers.get("Location")
        if not (300 <= response.status < 400 and location):
            return response
        try:
            target = urljoin(request.url, location.decode("latin-1")).split("#", 1)[0]
        except ValueError:
            raise LostRequest("bad_redirect", f"unreadable redirect from {request.url}") from None
        portal = _portal_origin(self.crawler)
        if portal is not None and origin(target) != portal:
            raise LostRequest("off_origin_redirect", f"redirected off the portal: {request.url} → {target}")
        # Compared as Scrapy's duplicate filter compares them: it would drop the loop's next
        # request without a word.
        chain = {canonicalize_url(url) for url in (request.url, *request.meta.get("redirect_urls", ()))}
        if canonicalize_url(target) in chain:
            raise LostRequest("redirect_loop", f"redirect loop: {request.url} → {target}")
        if request.meta.get("redirect_times", 0) >= self.max_redirects:
            raise LostRequest("redirect_limit", f"more than {self.max_redirects} redirects: {request.url}")
        return response
