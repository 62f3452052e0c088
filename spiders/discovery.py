"""How the `nato` spider finds pages: robots.txt → sitemaps (with their `lastmod`), and the
hubs' JSON search, newest first. A mixin of spiders.nato.NatoSpider, whose `_request`,
`_page_request`, `_article_request`, `_wanted`, `frontier`, `base_url`, `since`, `listed`,
`unrequested`, `requested`, `feed_batch` and `sitemaps_complete` it uses."""

from urllib.parse import urlencode

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from natocrawl.crawl.items import SitemapListing
from natocrawl.crawl.stats import (
    BAD_SEARCH_KEY,
    BAD_SITEMAP_KEY,
    BAD_URL_KEY,
    FAILED_PREFIX,
    SEARCH_PARTIAL_KEY,
    UNLISTED_NOT_CHECKED_KEY,
    WAITING_KEY,
)
from natocrawl.dates import parse_date, utc_now
from natocrawl.urls import absolute_url, canonical_url

# The hubs whose JavaScript shells read the portal's JSON search; type they list.
SEARCH_HUBS = {
    "news": "news-and-events/articles/news",
    "transcript": "news-and-events/events/transcripts",
    "media-advisory": "news-and-events/events/media-advisories",
}
SEARCH_PATH = "/content/nato/{lang}/{hub}/jcr:content/root/container/general_search.search.json"
SEARCH_PAGE_SIZE = 25
# The sitemaps.org limit on an uncompressed sitemap: a gzip bomb stops there.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
SITEMAP_META = {"download_maxsize": SITEMAP_MAX_BYTES}  # over a page's DOWNLOAD_MAXSIZE


class Discovery:
    def parse_robots(self, response):
        sitemaps = []
        if response.status == 200:
            sitemaps = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        for sitemap in sitemaps or [f"{self.base_url}/sitemap.xml"]:
            if url := canonical_url(sitemap, self.base_url):
                yield self._request(url, self.parse_sitemap, priority=5, meta=SITEMAP_META)

    def robots_failed(self, failure):
        self.download_failed(failure)
        yield self._request(f"{self.base_url}/sitemap.xml", self.parse_sitemap, priority=5, meta=SITEMAP_META)

    def parse_sitemap(self, response):
        try:
            body = (
                gunzip(response.body, max_size=SITEMAP_MAX_BYTES)
                if gzip_magic_number(response)
                else response.body
            )
            sitemap = Sitemap(body)
        except Exception as error:  # a bad gzip stream, too big, or broken XML (lxml raises several types)
            self.logger.error("unreadable sitemap %s: %s", response.url, error)
            self.crawler.stats.inc_value(BAD_SITEMAP_KEY)
            self.sitemaps_complete = False
            return
        listed_here = []
        for entry in sitemap:
            loc = entry.get("loc") or ""
            url = canonical_url(loc, self.base_url) if loc.strip() else None
            if url is None:
                self.bad_url(loc, f"in the sitemap {response.url}")
            elif sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap, priority=5, meta=SITEMAP_META)
            else:
                listed_here.append(url)
                self.listed[url] = entry.get("lastmod")
                self.unrequested.append((url, entry.get("lastmod")))
        self.crawler.stats.set_value(WAITING_KEY, len(self.unrequested))
        if listed_here:
            yield SitemapListing(urls=listed_here, seen_at=utc_now())

    async def listed_requests(self):
        """Requests for the pages the sitemaps list, `feed_batch` (SITEMAP_FEED_BATCH) at a time
        whenever the scheduler runs empty, until the crawl has nothing else in hand (no sitemap
        left to read). A queued Request takes ≈2.5 KB, and the portal lists ~100,000 pages:
        queued all at once, they made the crawl's memory grow with the size of the site."""
        if (state := getattr(self, "state", None)) is not None:
            # With a JOBDIR, what is still held back is saved when a paused run stops (Scrapy's
            # SpiderState pickles spider.state) and taken up again when it resumes.
            self.unrequested.extend(state.get("unrequested", ()))
            state["unrequested"] = self.unrequested
        while True:
            fed = 0
            while self.unrequested and fed < self.feed_batch:
                url, lastmod = self.unrequested.popleft()
                listing = self._page_request(url, lastmod=lastmod, listed=True)
                for request in self.each_request(listing):
                    fed += 1
                    yield request
            self.crawler.stats.set_value(WAITING_KEY, len(self.unrequested))
            if await self._scheduler_emptied() and not self.unrequested:
                return

    async def _scheduler_emptied(self) -> bool:
        """Wait for the scheduler to run empty; whether the crawl then had nothing else in hand:
        nothing downloading or being parsed, so no sitemap left that could list more pages.
        Judged as the signal fires, when the scheduler is surely empty: by the time this
        resumes, a response parsed meanwhile may have queued a sitemap. (The engine's own idle
        test also counts start(), which is still running.)"""
        quiet = []

        def empty():
            engine = self.crawler.engine
            quiet.append(not engine.downloader.active and engine.scraper.slot.is_idle())

        self.crawler.signals.connect(empty, signal=signals.scheduler_empty)
        try:
            await self.crawler.signals.wait_for(signals.scheduler_empty)
        finally:
            self.crawler.signals.disconnect(empty, signal=signals.scheduler_empty)
        return bool(quiet) and quiet[-1]

    def check_removals(self):
        """Once every sitemap is read: archived pages no sitemap lists any more are asked
        for (conditionally) to learn whether the portal removed them."""
        if self.removals_checked:
            return
        self.removals_checked = True
        if not self.sitemaps_complete or not self.listed:
            self.logger.info("removed pages not checked: not every sitemap was read in this run")
            return
        unlisted = [
            url
            for url in self.frontier.removal_candidates(self.listed)
            if url not in self.requested and self._wanted(url)
        ]
        if not self.full and self.frontier.too_many_unlisted(len(unlisted)):
            # More likely a sitemap cut short than NATO taking down that much overnight.
            self.logger.warning(
                "the sitemaps no longer list %d archived pages: not checked, as a sitemap may be "
                "incomplete; `-a full=1` checks them",
                len(unlisted),
            )
            self.crawler.stats.set_value(UNLISTED_NOT_CHECKED_KEY, len(unlisted))
            return
        for url in unlisted:
            self.crawler.engine.crawl(self._article_request(url, None))
        if unlisted:
            self.logger.info("checking %d archived pages the sitemaps no longer list", len(unlisted))
            raise DontCloseSpider

    def bad_url(self, url: str, where: str) -> None:
        """An unusable URL (broken, or not on the portal) is skipped and counted; the rest goes on."""
        shown = url if len(url) <= 200 else url[:200] + "…"
        self.logger.warning("skipped %s, not a portal URL or not a URL: %r", where, shown)
        self.crawler.stats.inc_value(BAD_URL_KEY)

    def count_failure(self, reason: str, message: str) -> None:
        """A request given up, or a page lost: one log line, and its reason counted for crawl_runs."""
        self.logger.warning(message)
        self.crawler.stats.inc_value(FAILED_PREFIX + reason)

    def each_request(self, requests):
        """The requests one URL leads to; an error of ours on it costs that URL, not the rest of
        the sitemap or page (counted as a spider error)."""
        try:
            yield from list(requests)
        except Exception as error:
            self.logger.error("error on a URL, skipped: %s: %s", type(error).__name__, error)
            self.crawler.stats.inc_value(f"{FAILED_PREFIX}spider_{type(error).__name__}")

    def search_partial(self, why: str) -> None:
        """This run will not have read the whole search: the next one must not stop at the
        first known page (see natocrawl.crawl.frontier)."""
        if not self.crawler.stats.get_value(SEARCH_PARTIAL_KEY):
            self.logger.debug("the search is not read to its end in this run: %s", why)
        self.crawler.stats.set_value(SEARCH_PARTIAL_KEY, why)

    def _search_request(self, lang: str, hub: str, page: int):
        query = {
            "query": "",
            "searchType": "wcm",
            "sortBy": "dateDesc",
            "pageSize": SEARCH_PAGE_SIZE,
            "page": page,
        }
        url = self.base_url + SEARCH_PATH.format(lang=lang, hub=hub) + "?" + urlencode(query)
        return self._request(url, self.parse_search, cb_kwargs={"lang": lang, "hub": hub, "page": page})

    def parse_search(self, response, lang: str, hub: str, page: int):
        try:
            data = response.json()
            results = data.get("pages") or []
            page_count = int(data.get("numberOfPages") or 0)
        except (ValueError, AttributeError, TypeError) as error:
            self.logger.error("unreadable search answer %s: %s", response.url, error)
            self.crawler.stats.inc_value(BAD_SEARCH_KEY)
            self.search_partial("a search page was unreadable")
            return
        oldest, reached_known = None, False
        for result in (r for r in results if isinstance(r, dict)):
            link = result.get("link")
            url = absolute_url(link, response.url) if isinstance(link, str) else None
            canonical = canonical_url(url, self.base_url) if url else None
            if link and canonical is None:
                self.bad_url(str(link), f"in the search {response.url}")
            elif canonical:
                reached_known = reached_known or self.frontier.stops_listing(canonical)
                yield from self.each_request(self._page_request(canonical))
            oldest = parse_date(str(result.get("pageDate", ""))) or oldest
        # Newest first: once a page reaches before the window, or pages an earlier complete
        # run archived, later pages are older still.
        reached_window_start = self.since and oldest and oldest < self.since
        if results and page < page_count and not reached_window_start and not reached_known:
            yield self._search_request(lang, hub, page + 1)
