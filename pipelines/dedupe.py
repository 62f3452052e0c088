"""One record per page: a URL is stored once per run, and the same text under a second URL
of the same language becomes an alias of the first, within a run and across runs."""

from itemadapter import ItemAdapter

from natocrawl import store
from natocrawl.items import AliasItem
from pipelines.drops import dropped


class DedupePipeline:
    def __init__(self, stats, archive_path: str):
        self.stats = stats
        self.archive_path = archive_path
        self.db = None
        self.urls_seen: set[str] = set()
        self.url_by_text: dict[tuple[str, str], str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("ARCHIVE_DB"))

    def open_spider(self):
        self.db = store.open_archive(self.archive_path)

    def close_spider(self):
        self.db.close()

    def process_item(self, item):
        if isinstance(item, AliasItem):
            return item
        article = ItemAdapter(item)
        url = article["url"]
        if url in self.urls_seen:
            if article.get("aliases"):
                return AliasItem(url=url, aliases=article["aliases"], seen_at=article["fetched_at"])
            raise dropped(self.stats, "duplicate_url", url)
        key = (article["lang"], article["content_hash"])
        first_url = self.url_by_text.get(key) or store.find_url_by_hash(self.db, *key)
        if first_url and first_url != url:
            self.stats.inc_value("natocrawl/duplicate_text")
            return AliasItem(url=first_url, aliases=[url, *article.get("aliases", [])], seen_at=article["fetched_at"])
        self.urls_seen.add(url)
        self.url_by_text[key] = url
        return item
