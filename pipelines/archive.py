"""Base of the pipelines that use the archive: the path read once, a connection per crawl."""

from natocrawl.archive import store


class ArchivePipeline:
    def __init__(self, stats, archive_path: str):
        self.stats = stats
        self.archive_path = archive_path
        self.db = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.get("ARCHIVE_DB"))

    def open_spider(self):
        self.db = store.open_archive(self.archive_path)

    def close_spider(self):
        self.db.close()
