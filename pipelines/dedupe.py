"""One record per page: a URL is stored once per run, and the same text under two URLs of
the same language is stored once, within a run and across runs. Which URL keeps the record
does not depend on crawl order: the shorter URL (then the smaller), the other an alias."""

from itemadapter import ItemAdapter

from natocrawl.archive import store
from natocrawl.crawl.items import TEXTLESS_ITEMS, AliasItem
from pipelines.archive import ArchivePipeline
from pipelines.drops import dropped


class DedupePipeline(ArchivePipeline):
    def __init__(self, stats, archive_path: str):
        super().__init__(stats, archive_path)
        self.urls_seen: set[str] = set()
        self.url_by_text: dict[tuple[str, str], str] = {}

    def process_item(self, item):
        if isinstance(item, TEXTLESS_ITEMS):
            return item
        article = ItemAdapter(item)
        url = article["url"]
        if url in self.urls_seen:
            if article.get("aliases"):
                return AliasItem(url=url, aliases=article["aliases"], seen_at=article["fetched_at"])
            raise dropped(self.stats, "duplicate_url", url)
        self.urls_seen.add(url)
        key = (article["lang"], article["content_hash"])
        twin = self.url_by_text.get(key) or store.find_url_by_hash(self.db, *key)
        if twin and twin != url:
            self.stats.inc_value("natocrawl/duplicate_text")
            if store.record_key(twin) < store.record_key(url):
                # A record of its own from before its text matched (furniture learned since) goes.
                retire = url if store.is_archived(self.db, url) else None
                return AliasItem(url=twin, aliases=[url, *article.get("aliases", [])], seen_at=article["fetched_at"],
                                 validators=article.get("validators"), retire=retire)
            article["replaces"] = twin  # the store re-keys the twin's record to this URL
        self.url_by_text[key] = url
        return item
