"""Items that travel from the spider through the pipelines."""

from dataclasses import dataclass, field


@dataclass
class PageCapture:
    """One fetched portal page, as the spider saw it (no extraction yet)."""

    url: str  # canonical URL of the page that answered
    html: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    aliases: list[str] = field(default_factory=list)  # canonical URLs that redirected here
    capture: dict | None = None  # where the response is kept (natocrawl.archive.warc.CaptureRef)
    validators: dict | None = None  # Fetch fields for the next crawl's conditional request


@dataclass
class AliasItem:
    """Other URLs under which an archived page is known (legacy links, duplicates)."""

    url: str
    aliases: list[str]
    seen_at: str
    validators: dict | None = None  # when the alias is a page just fetched (a duplicate's)
    retire: str | None = None  # an archived record found to repeat url's text: folded into url


@dataclass
class PageNotModified:
    """A known page answered 304: the archived copy is still the portal's."""

    url: str
    seen_at: str
    validators: dict | None = None


@dataclass
class PageGone:
    """An archived page the portal now answers 404 or 410 for."""

    url: str
    status: int
    seen_at: str


@dataclass
class SitemapListing:
    """The pages one sitemap lists (for noticing later that a page left the sitemaps)."""

    urls: list[str]
    seen_at: str


# Items without page text: extraction, validation and dedupe pass them on to the store.
TEXTLESS_ITEMS = (AliasItem, PageNotModified, PageGone, SitemapListing)
