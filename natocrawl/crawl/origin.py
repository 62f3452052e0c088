"""The portal is one origin: scheme, host and port (natocrawl.urls.fetchable). Scrapy's
offsite check compares host names only, so a redirect to another port of the same host
would be followed (robots.txt and pages fetched from a server that is not the portal). Two
downloader middlewares keep the crawl on the portal and make every redirect that goes
nowhere a counted loss:

- RedirectGuardMiddleware (before Scrapy's RedirectMiddleware sees a response): a redirect
  Scrapy would follow off the portal, back to a URL of its own chain, or past
  REDIRECT_MAX_TIMES (redirects the spider reads itself, legacy ones, it leaves alone);
- OriginGuardMiddleware (before robots.txt is consulted): any request off the portal.

Both raise LostRequest, which the spider's errback counts under its reason."""

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from w3lib.url import canonicalize_url

from natocrawl.urls import fetchable

FOLLOWED = frozenset({301, 302, 303, 307, 308})  # what Scrapy's RedirectMiddleware follows


class LostRequest(IgnoreRequest):
    """A request given up for a reason that costs the page: counted, and the run fails."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _base_url(crawler) -> str | None:
    return getattr(crawler.spider, "base_url", None)


class OriginGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        base_url = _base_url(self.crawler)
        if base_url and not fetchable(request.url, base_url):
            raise LostRequest("off_origin", f"off the portal's origin, not fetched: {request.url}")


def _followed_by_scrapy(request, response) -> bool:
    meta = request.meta
    if response.status not in FOLLOWED or meta.get("dont_redirect") or meta.get("handle_httpstatus_all"):
        return False
    return response.status not in meta.get("handle_httpstatus_list", ())


class RedirectGuardMiddleware:
    def __init__(self, crawler, max_redirects: int):
        self.crawler = crawler
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request, response):
        location = response.headers.get("Location")
        if not (location and _followed_by_scrapy(request, response)):
            return response
        try:
            target = urljoin(request.url, location.decode("latin-1")).split("#", 1)[0]
            base_url = _base_url(self.crawler)
            if base_url and not fetchable(target, base_url):
                raise LostRequest(
                    "off_origin_redirect", f"redirected off the portal: {request.url} → {target}"
                )
            # Compared as Scrapy's duplicate filter compares them: it would drop the loop's next
            # request without a word.
            chain = {canonicalize_url(url) for url in (request.url, *request.meta.get("redirect_urls", ()))}
            looped = canonicalize_url(target) in chain
        except ValueError:
            raise LostRequest("bad_redirect", f"unreadable redirect from {request.url}") from None
        if looped:
            raise LostRequest("redirect_loop", f"redirect loop: {request.url} → {target}")
        if request.meta.get("redirect_times", 0) >= self.max_redirects:
            raise LostRequest("redirect_limit", f"more than {self.max_redirects} redirects: {request.url}")
        return response
