"""Only whole articles go on: a page with no body, only chrome, or no title/date is dropped
with its reason (and counted), never half-stored."""

from itemadapter import ItemAdapter

from natocrawl.items import AliasItem
from pipelines.drops import dropped

# Types whose URL carries the publication day: a missing date there means a broken page.
DATED_TYPES = {"news", "transcript", "media-advisory", "official-text"}


def rejection(article: ItemAdapter) -> str | None:
    """The reason an extracted article must not be stored, or None."""
    if not article.get("body"):
        return "chrome_only" if article.get("chrome_removed") else "empty_body"
    if not article.get("title"):
        return "no_title"
    if not article.get("lang") or not article.get("type"):
        return "unknown_url_pattern"
    if article["type"] in DATED_TYPES and not article.get("published"):
        return "no_date"
    return None


class ValidatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if isinstance(item, AliasItem):
            return item
        article = ItemAdapter(item)
        if reason := rejection(article):
            raise dropped(self.stats, reason, article.get("url", "?"))
        return item
