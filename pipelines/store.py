"""Articles, aliases and what the portal said about each page into the archive, one short
transaction per item. A page's validators are written after its record: a crawl killed in
between fetches the page again next time instead of believing it archived.

An item that cannot be written (a full disk, an unreadable archive) is dropped and counted as
lost, the transaction rolled back whole, and the crawl stopped (natocrawl.crawl.halt)."""

import sqlite3

from itemadapter import ItemAdapter

from natocrawl.archive import fetches
from natocrawl.archive.aliases import add_aliases, move_article
from natocrawl.archive.articles import mark_removed, touch_article, upsert_article
from natocrawl.crawl.items import (
    AliasItem,
    ArticleItem,
    PageGone,
    PageNotModified,
    SitemapListing,
    Validators,
)
from natocrawl.crawl.stats import ALIASES_KEY, STORED_PREFIX
from pipelines.base import CrawlPipeline
from pipelines.drops import dropped


def is_storage_error(error: BaseException) -> bool:
    """A full disk, I/O, a lock held too long, a damaged file: not an IntegrityError or a
    ProgrammingError (subclasses of DatabaseError too), which would be bugs of ours."""
    return isinstance(error, OSError | sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


class StorePipeline(CrawlPipeline):
    @property
    def db(self):
        return self.context.db

    def process_item(self, item):
        try:
            return self._store(item)
        except (sqlite3.Error, OSError) as error:
            if not is_storage_error(error):
                raise
            self.storage_failed(error, "the archive")
            raise dropped(self.stats, "not_stored", ItemAdapter(item).get("url", "?"), str(error)) from error

    def _store(self, item):
        record = ItemAdapter(item)
        if isinstance(item, ArticleItem):
            self._store_article(record)
        elif isinstance(item, PageNotModified):
            self._not_modified(record)
        elif isinstance(item, PageGone):
            if mark_removed(self.db, record["url"], record["seen_at"]):
                self.stats.inc_value(STORED_PREFIX + "removed")
        elif isinstance(item, SitemapListing):
            fetches.record_listing(self.db, record["urls"], record["seen_at"])
        elif isinstance(item, AliasItem):
            if retired := record["retire"]:
                self.stats.inc_value(
                    ALIASES_KEY, move_article(self.db, retired, record["url"], record["seen_at"])
                )
            self._store_aliases(record["url"], record["aliases"], record["seen_at"])
            self._remember_fetch(record["validators"], record["seen_at"])
        return item

    def _store_article(self, article: ItemAdapter) -> None:
        if replaced := article["replaces"]:
            self.stats.inc_value(
                ALIASES_KEY, move_article(self.db, replaced, article["url"], article["fetched_at"])
            )
        capture = article["capture"]
        row = {**article, **(capture.to_dict() if capture else {})}
        outcome = upsert_article(self.db, row, seen_at=article["fetched_at"])
        if not replaced:  # a re-keyed twin (same text) was counted when first stored
            self.stats.inc_value(STORED_PREFIX + outcome)
        self._store_aliases(article["url"], article["aliases"], article["fetched_at"])
        self._remember_fetch(article["validators"], article["fetched_at"])

    def _not_modified(self, record: ItemAdapter) -> None:
        touch_article(self.db, record["url"], record["seen_at"])
        validators: Validators | None = record["validators"]
        for url in validators.urls if validators else ():
            fetches.record_fetch(
                self.db,
                url,
                checked_at=record["seen_at"],
                not_modified=True,
                sitemap_lastmod=validators.sitemap_lastmod,
            )
        self.stats.inc_value(STORED_PREFIX + "not_modified")

    def _remember_fetch(self, validators: Validators | None, fetched_at: str) -> None:
        """The page's URL, and the URL asked for when a redirect led there, with what the
        portal sent to ask it next time whether the page changed."""
        if validators is None:
            return
        for fetched in validators.urls:
            fetches.record_fetch(
                self.db,
                fetched,
                checked_at=fetched_at,
                etag=validators.etag,
                last_modified=validators.last_modified,
                sitemap_lastmod=validators.sitemap_lastmod,
            )

    def _store_aliases(self, url: str, aliases, seen_at: str) -> None:
        if aliases:
            self.stats.inc_value(ALIASES_KEY, add_aliases(self.db, url, aliases, seen_at))
