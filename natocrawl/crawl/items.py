"""Items that travel from the spider through the pipelines, each typed, every field named:
PageCapture (spider) → ExtractedPage (extract) → ArticleItem (boilerplate, validate, dedupe,
store); the textless items go from the spider straight to the store."""

from dataclasses import dataclass, field

from natocrawl.archive.warc import CaptureRef
from natocrawl.extract.article import Article


@dataclass(frozen=True)
class Validators:
    """What the portal sent with a page, to ask it next time whether the page changed."""

    urls: tuple[str, ...]  # the URL asked for and the one that answered (after redirects)
    etag: str | None = None
    last_modified: str | None = None
    sitemap_lastmod: str | None = None


@dataclass
class PageCapture:
    """One fetched portal page, as the spider saw it (no extraction yet)."""

    url: str  # canonical URL of the page that answered
    html: str = field(repr=False)  # never into a log line or a traceback
    status: int
    fetched_at: str  # ISO 8601, UTC
    aliases: list[str] = field(default_factory=list)  # canonical URLs that redirected here
    capture: CaptureRef | None = None  # where the response is kept
    validators: Validators | None = None


@dataclass(frozen=True, kw_only=True)
class ArticleItem(Article):
    """An extracted article with where it came from, as the store writes it."""

    fetched_at: str
    aliases: tuple[str, ...] = ()
    capture: CaptureRef | None = None
    validators: Validators | None = None
    extractor_version: str
    replaces: str | None = None  # an archived record of the same text, re-keyed to this URL (dedupe)


@dataclass(frozen=True)
class ExtractedPage:
    """The article, and the page's visible lines (and their keys, made where the page was
    extracted) for learning the site's boilerplate."""

    article: ArticleItem
    lines: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass
class AliasItem:
    """Other URLs under which an archived page is known (legacy links, duplicates)."""

    url: str
    aliases: list[str]
    seen_at: str
    validators: Validators | None = None  # when the alias is a page just fetched (a duplicate's)
    retire: str | None = None  # an archived record found to repeat url's text: folded into url


@dataclass
class PageNotModified:
    """A known page answered 304: the archived copy is still the portal's."""

    url: str
    seen_at: str
    validators: Validators | None = None


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
