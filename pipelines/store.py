"""Articles, aliases and what the portal said about each page into the archive, one short
transaction per item. A page's validators are written after its record: a crawl killed in
between fetches the page again next time instead of believing it archived."""

from itemadapter import ItemAdapter

from natocrawl.archive import fetches
from natocrawl.archive import store
from natocrawl.crawl.items import AliasItem, PageGone, PageNotModified, SitemapListing
from natocrawl.crawl.runlog import ALIASES_KEY, STORED_PREFIX
from pipelines.archive import ArchivePipeline


class StorePipeline(ArchivePipeline):
    def process_item(self, item):
        record = ItemAdapter(item)
        if isinstance(item, PageNotModified):
            self._not_modified(record)
        elif isinstance(item, PageGone):
            if store.mark_removed(self.db, record["url"], record["seen_at"]):
                self.stats.inc_value(STORED_PREFIX + "removed")
        elif isinstance(item, SitemapListing):
            fetches.record_listing(self.db, record["urls"], record["seen_at"])
        elif isinstance(item, AliasItem):
            if retired := record.get("retire"):
                self.stats.inc_value(ALIASES_KEY, store.move_article(self.db, retired, record["url"], record["seen_at"]))
            self._store_aliases(record["url"], record["aliases"], record["seen_at"])
            self._remember_fetch(record.get("validators"), record["seen_at"])
        else:
            self._store_article(record)
        return item

    def _store_article(self, record: ItemAdapter) -> None:
        if replaced := record.get("replaces"):
            self.stats.inc_value(ALIASES_KEY, store.move_article(self.db, replaced, record["url"], record["fetched_at"]))
        outcome = store.upsert_article(self.db, record.asdict(), seen_at=record["fetched_at"])
        if not replaced:  # a re-keyed twin (same text) was counted when first stored
            self.stats.inc_value(STORED_PREFIX + outcome)
        self._store_aliases(record["url"], record.get("aliases", []), record["fetched_at"])
        self._remember_fetch(record.get("validators"), record["fetched_at"])

    def _not_modified(self, record: ItemAdapter) -> None:
        store.touch_article(self.db, record["url"], record["seen_at"])
        validators = record.get("validators") or {}
        for url in validators.get("urls", ()):
            fetches.record_fetch(self.db, url, checked_at=record["seen_at"], not_modified=True,
                                 sitemap_lastmod=validators.get("sitemap_lastmod"))
        self.stats.inc_value(STORED_PREFIX + "not_modified")

    def _remember_fetch(self, validators: dict | None, fetched_at: str) -> None:
        """The page's URL, and the URL asked for when a redirect led there, with what the
        portal sent to ask it next time whether the page changed."""
        if validators is None:
            return
        fields = {key: validators.get(key) for key in ("etag", "last_modified", "sitemap_lastmod")}
        for fetched in validators.get("urls", ()):
            fetches.record_fetch(self.db, fetched, checked_at=fetched_at, **fields)

    def _store_aliases(self, url: str, aliases: list[str], seen_at: str) -> None:
        if aliases:
            added = store.add_aliases(self.db, url, aliases, seen_at)
            self.stats.inc_value(ALIASES_KEY, added)

