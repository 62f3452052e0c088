"""One record per page: a URL is stored once per run, and the same text under two URLs of
the same language is stored once, within a run and across runs. Which URL keeps the record
does not depend on crawl order: the shorter URL (then the smaller), the other an alias."""

import dataclasses

from itemadapter import ItemAdapter

from natocrawl.archive.aliases import record_key
from natocrawl.archive.queries import find_url_by_hash, is_archived
from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.items import AliasItem, ArticleItem
from natocrawl.crawl.stats import DUPLICATE_TEXT_KEY
from pipelines.base import CrawlPipeline
from pipelines.drops import dropped


class DedupePipeline(CrawlPipeline):
    def __init__(self, stats, context: CrawlContext):
        super().__init__(stats, context)
        self.urls_seen: set[str] = set()
        self.url_by_text: dict[tuple[str, str], str] = {}

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        article = ItemAdapter(item)
        url = article["url"]
        if url in self.urls_seen:
            if article["aliases"]:
                return AliasItem(url=url, aliases=list(article["aliases"]), seen_at=article["fetched_at"])
            raise dropped(self.stats, "duplicate_url", url)
        self.urls_seen.add(url)
        key = (article["lang"], article["content_hash"])
        twin = self.url_by_text.get(key) or find_url_by_hash(self.context.db, *key)
        if not twin or twin == url:
            self.url_by_text[key] = url
            return item
        self.stats.inc_value(DUPLICATE_TEXT_KEY)
        if record_key(twin) < record_key(url):
            # A record of its own from before its text matched (furniture learned since) goes.
            retire = url if is_archived(self.context.db, url) else None
            return AliasItem(
                url=twin,
                aliases=[url, *article["aliases"]],
                seen_at=article["fetched_at"],
                validators=article["validators"],
                retire=retire,
            )
        self.url_by_text[key] = url
        return dataclasses.replace(item, replaces=twin)  # the store re-keys the twin's record to this URL
