"""Only whole articles go on: a page with no body, only chrome, or no title/date is dropped
with its reason (and counted), never half-stored."""

from itemadapter import ItemAdapter

from natocrawl.crawl.items import ArticleItem
from natocrawl.extract.validation import rejection
from pipelines.drops import dropped


class ValidatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        article = ItemAdapter(item)
        if reason := rejection(article):
            raise dropped(self.stats, reason, article["url"])
        return item
