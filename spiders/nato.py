"""The `nato` spider: navigation only. robots.txt → sitemaps, the hubs' JSON search (newest
first), legacy links and their redirects. What a page says is the pipelines' business."""

import ipaddress
from datetime import date
from urllib.parse import urlencode, urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from natocrawl.dates import parse_date, utc_now
from natocrawl.items import AliasItem, PageCapture
from natocrawl.urls import LANGS, TYPES, canonical_url, is_legacy, url_info

DEFAULT_BASE_URL = "https://www.nato.int"
# The hubs whose JavaScript shells read the portal's JSON search; type they list.
SEARCH_HUBS = {
    "news": "news-and-events/articles/news",
    "transcript": "news-and-events/events/transcripts",
    "media-advisory": "news-and-events/events/media-advisories",
}
SEARCH_PATH = "/content/nato/{lang}/{hub}/jcr:content/root/container/general_search.search.json"
SEARCH_PAGE_SIZE = 25
REDIRECT_CODES = [301, 302, 303, 307, 308]


def _csv_choice(value: str | None, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    if not value:
        return allowed
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    if not chosen:
        raise ValueError(f"-a {name}: empty selection (choose from {', '.join(allowed)})")
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise ValueError(f"-a {name}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return chosen


def _iso_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"-a {name}={value!r} is not a date in the form YYYY-MM-DD") from None


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NatoSpider(scrapy.Spider):
    name = "nato"

    def __init__(self, base_url=DEFAULT_BASE_URL, langs=None, types=None, since=None, until=None, **kwargs):
        super().__init__(**kwargs)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"-a base_url={base_url!r} is not an http(s) URL")
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.allowed_domains = [parts.hostname]
        self.langs = _csv_choice(langs, LANGS, "langs")
        self.types = _csv_choice(types, TYPES, "types")
        self.since = _iso_date(since, "since")
        self.until = _iso_date(until, "until")
        if self.since and self.until and self.since > self.until:
            raise ValueError("-a since must not be after -a until")

    @classmethod
    def check_arguments(cls, **arguments):
        """Raise ValueError with a readable message for a bad `-a` (used by `scrapy crawl`)."""
        known = {"base_url", "langs", "types", "since", "until"}
        if unknown := sorted(set(arguments) - known):
            raise ValueError(f"unknown argument -a {unknown[0]} (known: {', '.join(sorted(known))})")
        cls(**arguments)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if is_loopback(spider.base_url):
            # Our own replica: no need to be slow with ourselves. Never for a real host.
            crawler.settings.setdict(crawler.settings.getdict("REPLICA_OVERRIDES"), priority="spider")
        return spider

    async def start(self):
        # Any answer will do for robots.txt: without one, the sitemap is looked for where it usually is.
        yield scrapy.Request(f"{self.base_url}/robots.txt", callback=self.parse_robots, errback=self.robots_failed,
                             priority=10, meta={"handle_httpstatus_all": True})
        for type_, hub in SEARCH_HUBS.items():
            if type_ in self.types:
                for lang in self.langs:
                    yield self._search_request(lang, hub, 1)

    def parse_robots(self, response):
        sitemaps = []
        if response.status == 200 and isinstance(response, TextResponse):
            sitemaps = [line.split(":", 1)[1].strip() for line in response.text.splitlines()
                        if line.lower().startswith("sitemap:")]
        for sitemap in sitemaps or [f"{self.base_url}/sitemap.xml"]:
            if url := canonical_url(sitemap, self.base_url):
                yield self._request(url, self.parse_sitemap, priority=5)

    def robots_failed(self, failure):
        self.download_failed(failure)
        yield self._request(f"{self.base_url}/sitemap.xml", self.parse_sitemap, priority=5)

    def _request(self, url: str, callback, **kwargs) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.download_failed, **kwargs)

    def download_failed(self, failure):
        """One log line per failed request; the counts are in Scrapy's stats for crawl_runs."""
        if failure.check(HttpError):
            response = failure.value.response
            self.logger.warning("HTTP %s for %s", response.status, response.url)
        elif failure.check(IgnoreRequest):  # our own choice (robots.txt), not a failure
            self.logger.debug("not fetched: %s (%s)", failure.request.url, failure.getErrorMessage())
        else:
            self.logger.warning("download failed for %s: %s", failure.request.url, failure.getErrorMessage())

    def parse_sitemap(self, response):
        body = gunzip(response.body) if response.body[:2] == b"\x1f\x8b" else response.body
        try:
            sitemap = Sitemap(body)
        except Exception as error:  # lxml raises several types on broken XML
            self.logger.error("unreadable sitemap %s: %s", response.url, error)
            self.crawler.stats.inc_value("natocrawl/errors/bad_sitemap")
            return
        for entry in sitemap:
            if sitemap.type == "sitemapindex":
                if url := canonical_url(entry["loc"], self.base_url):
                    yield self._request(url, self.parse_sitemap, priority=5)
            else:
                yield from self._page_request(entry["loc"])

    def _search_request(self, lang: str, hub: str, page: int):
        query = {"query": "", "searchType": "wcm", "sortBy": "dateDesc",
                 "pageSize": SEARCH_PAGE_SIZE, "page": page}
        url = self.base_url + SEARCH_PATH.format(lang=lang, hub=hub) + "?" + urlencode(query)
        return self._request(url, self.parse_search, cb_kwargs={"lang": lang, "hub": hub, "page": page})

    def parse_search(self, response, lang: str, hub: str, page: int):
        try:
            data = response.json()
            results = data.get("pages") or []
            page_count = int(data.get("numberOfPages") or 0)
        except (ValueError, AttributeError, TypeError) as error:
            self.logger.error("unreadable search answer %s: %s", response.url, error)
            self.crawler.stats.inc_value("natocrawl/errors/bad_search_json")
            return
        oldest = None
        for result in results:
            if link := result.get("link"):
                yield from self._page_request(urljoin(response.url, link))
            oldest = parse_date(str(result.get("pageDate", ""))) or oldest
        # Newest first: once a page reaches before the window, later pages are older still.
        reached_window_start = self.since and oldest and oldest < self.since
        if results and page < page_count and not reached_window_start:
            yield self._search_request(lang, hub, page + 1)

    def _page_request(self, url: str, legacy_chain: tuple[str, ...] = ()):
        canonical = canonical_url(url, self.base_url)
        if canonical is None:
            return
        if is_legacy(canonical):
            if self._wanted_legacy(canonical):
                yield self._request(canonical, self.parse_legacy, meta={
                    "dont_redirect": True, "handle_httpstatus_list": REDIRECT_CODES, "legacy_chain": legacy_chain})
        elif self._wanted(canonical):
            yield self._request(canonical, self.parse_page)

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
        return (not self.since or info.published >= self.since) and (not self.until or info.published <= self.until)

    def parse_page(self, response):
        url = canonical_url(response.url, self.base_url)
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("natocrawl/dropped/not_html")
            self.logger.warning("not an HTML page, skipped: %s", url)
            return
        redirected_from = {canonical_url(u, self.base_url) for u in response.meta.get("redirect_urls", [])}
        yield PageCapture(url=url, html=response.text, status=response.status, fetched_at=utc_now(),
                          aliases=sorted(u for u in redirected_from if u and u != url),
                          capture=response.meta.get("capture"))
        # Citations inside articles are where legacy URLs circulate.
        for href in response.css("a::attr(href)").getall():
            if is_legacy(urlsplit(href).path):
                yield from self._page_request(urljoin(response.url, href))

    def parse_legacy(self, response):
        legacy = canonical_url(response.url, self.base_url)
        chain = (*response.meta.get("legacy_chain", ()), legacy)
        if response.status in REDIRECT_CODES:
            location = response.headers.get("Location", b"").decode("latin-1")
            target = canonical_url(urljoin(response.url, location), self.base_url) if location else None
            if target and not is_legacy(target) and self._wanted(target):
                yield AliasItem(url=target, aliases=list(chain), seen_at=utc_now())
                yield self._request(target, self.parse_page)
            elif target and is_legacy(target) and target not in chain:
                yield from self._page_request(target, legacy_chain=chain)  # legacy → legacy → … → new
        elif self._wanted(legacy):
            yield from self.parse_page(response)  # a legacy page the portal still serves itself
