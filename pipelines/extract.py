"""PageCapture → article record, through the pure extractor."""

from itemadapter import ItemAdapter

from natocrawl.extract import ExtractionError, extract
from natocrawl.items import PageCapture
from pipelines.drops import dropped


class ExtractPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        if not isinstance(item, PageCapture):
            return item
        capture = ItemAdapter(item)
        try:
            article = extract(capture["html"], capture["url"])
        except ExtractionError as error:
            raise dropped(self.stats, error.reason, capture["url"], str(error)) from error
        record = article.to_dict()
        record.update(aliases=list(capture["aliases"]), fetched_at=capture["fetched_at"])
        return record
