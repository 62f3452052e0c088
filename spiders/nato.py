"""The `nato` spider: navigation only. robots.txt → sitemaps, the hubs' JSON search (newest
first), legacy links and their redirects. What a page says is the pipelines' business.

Incremental by default (see natocrawl.crawl.frontier): a page whose sitemap `lastmod` we already
have is not requested, other known pages are requested conditionally, the search stops at
the first known page, and archived pages no sitemap lists any more are asked for once to
learn whether they are gone. `-a full=1` fetches everything again."""

from collections import deque
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from natocrawl.crawl.arguments import SPIDER_ARGUMENTS, SpiderArguments, is_loopback
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.frontier import Frontier
from natocrawl.crawl.items import (
    AliasItem,
    PageCapture,
    PageGone,
    PageNotModified,
    Validators,
)
from natocrawl.crawl.origin import LostRequest
from natocrawl.crawl.stats import CANONICAL_KEY, DECLINED_PREFIX, SKIPPED_KEY
from natocrawl.dates import utc_now
from natocrawl.extract.decoding import decode_page
from natocrawl.urls import LANGS, absolute_url, canonical_url, is_legacy, may_cite_legacy, url_info
from spiders.discovery import SEARCH_HUBS, Discovery
from spiders.responses import canonical_href, content_type, header, is_html, too_large

REDIRECT_CODES = [301, 302, 303, 307, 308]
GONE_CODES = [404, 410]


class NatoSpider(Discovery, scrapy.Spider):
    name = "nato"

    def __init__(self, **kwargs):
        arguments = SpiderArguments.parse(
            {name: kwargs.pop(name) for name in SPIDER_ARGUMENTS if name in kwargs}
        )
        super().__init__(**kwargs)
        self.base_url, self.langs, self.types = arguments.base_url, arguments.langs, arguments.types
        self.since, self.until, self.full = arguments.since, arguments.until, arguments.full
        self.allowed_domains = [urlsplit(self.base_url).hostname]
        self.frontier = Frontier()  # what the archive knows, loaded in from_crawler
        self.listed: dict[str, str | None] = {}  # page -> lastmod, as the sitemaps list them in this run
        # Listed pages (url, lastmod) not yet handed to the scheduler.
        self.unrequested: deque[tuple[str, str | None]] = deque()
        self.feed_batch = 200  # SITEMAP_FEED_BATCH, read in from_crawler
        self.requested: set[str] = set()  # article pages asked for in this run
        self.canonical_aliases: set[str] = set()  # pages this run found naming another canonical
        self.skipped: set[str] = set()
        self.sitemaps_complete = True
        self.removals_checked = False

    @classmethod
    def check_arguments(cls, **arguments):
        """Raise ValueError with a readable message for a bad `-a` (used by `scrapy crawl`)."""
        SpiderArguments.parse(arguments)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if is_loopback(spider.base_url):
            # Our own replica: no need to be slow with ourselves. Never for a real host.
            crawler.settings.setdict(crawler.settings.getdict("REPLICA_OVERRIDES"), priority="spider")
        spider.frontier = Frontier.load(CrawlContext.of(crawler).db, full=spider.full)
        spider.feed_batch = crawler.settings.getint("SITEMAP_FEED_BATCH")
        crawler.signals.connect(spider.check_removals, signal=signals.spider_idle)
        return spider

    async def start(self):
        if self.since or self.until or self.langs != LANGS or not set(SEARCH_HUBS) <= set(self.types):
            self.search_partial("a window or a selection of languages or types")
        # Any answer will do for robots.txt: without one, the sitemap is looked for where it usually is.
        yield scrapy.Request(
            f"{self.base_url}/robots.txt",
            callback=self.parse_robots,
            errback=self.robots_failed,
            priority=10,
            meta={"handle_httpstatus_all": True},
        )
        for type_, hub in SEARCH_HUBS.items():
            if type_ in self.types:
                for lang in self.langs:
                    yield self._search_request(lang, hub, 1)
        async for request in self.listed_requests():
            yield request

    def _request(self, url: str, callback, **kwargs) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.download_failed, **kwargs)

    def download_failed(self, failure):
        """One log line per request given up; its reason counted for crawl_runs."""
        request = failure.request
        if failure.check(HttpError):
            status = failure.value.response.status
            self.count_failure(f"http_{status}", f"HTTP {status} for {request.url}")
        elif failure.check(LostRequest):
            self.count_failure(failure.value.reason, failure.getErrorMessage())
        elif too_large(failure) and request.callback in (self.parse_page, self.parse_legacy):
            self.logger.warning("too large, not archived: %s", request.url)
            self.crawler.stats.inc_value(DECLINED_PREFIX + "too_large")
        elif too_large(failure):  # a sitemap or a search page: what it lists is lost with it
            self.count_failure("too_large", f"too large to read: {request.url}")
        elif failure.check(IgnoreRequest):  # our own choice (robots.txt), not a failure
            self.logger.debug("not fetched: %s (%s)", request.url, failure.getErrorMessage())
        else:
            self.count_failure(
                failure.type.__name__, f"download failed for {request.url}: {failure.getErrorMessage()}"
            )
        if failure.request.callback == self.parse_sitemap:
            self.sitemaps_complete = False
        elif failure.request.callback == self.parse_search:
            self.search_partial("a search page failed")

    def _page_request(
        self, url: str, legacy_chain: tuple[str, ...] = (), lastmod: str | None = None, listed: bool = False
    ):
        """A request for a page found in a sitemap (`listed`, with its `lastmod`; recorded in
        `self.listed` as the sitemap is read), the search or a link, unless the archive
        already has it as it is now."""
        canonical = canonical_url(url, self.base_url)
        if canonical is None:
            return
        if canonical == url:
            canonical = url  # a listed page's URL: one string in listed, unrequested and requested
        if is_legacy(canonical):
            if self._wanted_legacy(canonical) and not self.frontier.is_known(canonical):
                yield self._request(canonical, self.parse_legacy, meta=_legacy_meta(legacy_chain))
        elif self._wanted(canonical):
            # A sitemap says when a page last changed; a search result or a link says nothing,
            # so a page already archived is left to the sitemaps (or to `-a full=1`).
            known = (
                self.frontier.is_up_to_date(canonical, lastmod)
                if listed
                else self.frontier.is_known(canonical)
            )
            if known:
                self._skip(canonical)
            else:
                yield self._article_request(canonical, lastmod)

    def _skip(self, url: str) -> None:
        if url not in self.skipped and url not in self.requested:
            self.skipped.add(url)
            self.crawler.stats.inc_value(SKIPPED_KEY)

    def _article_request(self, url: str, lastmod: str | None) -> scrapy.Request:
        self.requested.add(url)
        if url in self.skipped:  # skipped from the search, then asked for by a sitemap's newer lastmod
            self.skipped.discard(url)
            self.crawler.stats.inc_value(SKIPPED_KEY, -1)
        return self._request(
            url,
            self.parse_page,
            headers=self.frontier.validators(url),
            meta={
                "sitemap_lastmod": lastmod,
                "requested_url": url,
                "handle_httpstatus_list": [304, *(GONE_CODES if url in self.frontier.articles else [])],
            },
        )

    def _wanted_legacy(self, url: str) -> bool:
        # Only the language is certain before the redirect (selectedLocale is in the path by now).
        info = url_info(url)
        return info is None or info.lang in self.langs

    def _wanted(self, url: str) -> bool:
        info = url_info(url)
        if info is None or info.lang not in self.langs or info.type not in self.types:
            return False
        if info.published is None:
            return not (self.since or self.until)  # undated pages only in an unwindowed crawl
        return (not self.since or info.published >= self.since) and (
            not self.until or info.published <= self.until
        )

    def parse_page(self, response):
        url = canonical_url(response.url, self.base_url)
        if response.status == 304:
            yield PageNotModified(url=url, seen_at=utc_now(), validators=self._validators(response))
            return
        if response.status in GONE_CODES:
            self.logger.info("gone from the portal (HTTP %s): %s", response.status, url)
            yield PageGone(url=url, status=response.status, seen_at=utc_now())
            return
        if not is_html(response):
            self.crawler.stats.inc_value(DECLINED_PREFIX + "not_html")
            self.logger.warning("not an HTML page (%s), not extracted: %s", content_type(response), url)
            return
        redirected_from = {canonical_url(u, self.base_url) for u in response.meta.get("redirect_urls", [])}
        if (canonical := self._canonical_elsewhere(response, url)) is not None:
            # Another portal page is this one's canonical: this URL is an alias of it (its
            # response stays in the WARC files), and that page is fetched in its own right.
            self.crawler.stats.inc_value(CANONICAL_KEY)
            self.canonical_aliases.add(url)
            aliases = sorted({url, *(u for u in redirected_from if u)} - {canonical})
            yield AliasItem(
                url=canonical, aliases=aliases, seen_at=utc_now(), validators=self._validators(response)
            )
            yield from self._page_request(canonical)
            return
        yield PageCapture(
            url=url,
            html=decode_page(response.body, content_type(response)),
            status=response.status,
            fetched_at=utc_now(),
            aliases=sorted(u for u in redirected_from if u and u != url),
            capture=response.meta.get("capture"),
            validators=self._validators(response),
        )
        yield from self._legacy_links(response)

    def _canonical_elsewhere(self, response, url: str) -> str | None:
        """The portal page the response names as canonical, when it is another article; never
        a page on another host, one whose URL says nothing of what it is, one this crawl would
        not fetch (language, type, dates), one in the other language (a translation is a page
        of its own), or one found to name another page itself (two pages naming each other
        would leave neither archived)."""
        href = canonical_href(response) if isinstance(response, TextResponse) else None
        link = absolute_url(href, response.url) if href else None
        canonical = canonical_url(link, self.base_url) if link else None
        if canonical is None or canonical == url or canonical in self.canonical_aliases:
            return None
        if is_legacy(canonical) or not self._wanted(canonical):
            return None  # a page this crawl would not fetch: the page is kept as itself
        info, own = url_info(canonical), url_info(url)
        return canonical if own is None or info.lang == own.lang else None  # a translation is no alias

    def _legacy_links(self, response):
        """Citations inside articles are where legacy URLs circulate. A link that cannot be
        read (or a mailto:) is no page we were asked for: passed over, the rest still followed."""
        if not isinstance(response, TextResponse) or not may_cite_legacy(response.text):
            return
        for href in response.css("a::attr(href)").getall():
            link = absolute_url(href, response.url)
            if link is not None and is_legacy(link):
                yield from self.each_request(self._page_request(link))

    def _validators(self, response) -> Validators:
        """What to send next time to ask whether the page changed."""
        asked_for = response.meta.get("requested_url")
        answered = canonical_url(response.url, self.base_url)
        # A page found by the search may be listed by a sitemap too (that request was a duplicate).
        lastmod = (
            response.meta.get("sitemap_lastmod") or self.listed.get(asked_for) or self.listed.get(answered)
        )
        return Validators(
            urls=tuple(dict.fromkeys(u for u in (asked_for, answered) if u)),
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
            sitemap_lastmod=lastmod,
        )

    def parse_legacy(self, response):
        legacy = canonical_url(response.url, self.base_url)
        chain = (*response.meta.get("legacy_chain", ()), legacy)
        if response.status in REDIRECT_CODES:
            yield from self._follow_legacy(response, chain)
        elif self._wanted(legacy):
            yield from self.parse_page(response)  # a legacy page the portal still serves itself

    def _follow_legacy(self, response, chain: tuple[str, ...]):
        location = response.headers.get("Location", b"").decode("latin-1")
        joined = absolute_url(location, response.url) if location else None
        target = canonical_url(joined, self.base_url) if joined else None
        if target is None:
            why = "off_origin_redirect" if joined else "bad_redirect"
            self.count_failure(why, f"legacy redirect from {response.url} to {location!r}")
        elif not is_legacy(target):
            if self._wanted(target):
                yield AliasItem(url=target, aliases=list(chain), seen_at=utc_now())
                yield from self._page_request(target)
        elif target not in chain:
            yield from self._page_request(target, legacy_chain=chain)  # legacy → legacy → … → new
        elif joined != response.url and not response.meta.get("raw_location"):
            # Only what canonical URLs leave out changed (the old CPS adds a session id or a
            # locale): asked for once as the portal spelled it.
            yield self._request(
                joined,
                self.parse_legacy,
                dont_filter=True,
                meta={**_legacy_meta(chain[:-1]), "raw_location": True},
            )
        else:
            self.count_failure("redirect_loop", "redirect loop through legacy URLs " + " → ".join(chain))


def _legacy_meta(chain: tuple[str, ...]) -> dict:
    """A legacy URL's redirect is read by the spider, not followed by Scrapy."""
    return {"dont_redirect": True, "handle_httpstatus_list": REDIRECT_CODES, "legacy_chain": chain}
