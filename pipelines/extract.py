"""PageCapture → article record, through the pure extractor, with what earlier crawls
learned of the site's boilerplate (pipelines.boilerplate).

Extraction is the crawl's CPU cost, so it runs in a pool of worker processes
(EXTRACT_WORKERS, default one per core) while the reactor keeps downloading and storing;
EXTRACT_WORKERS=0 extracts inline.
"""

import asyncio
import os

from itemadapter import ItemAdapter

from natocrawl.extract.boilerplate import load_model
from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.version import extractor_version
from natocrawl.crawl.items import PageCapture
from natocrawl.urls import url_info
from natocrawl.extract.pool import worker_pool
from pipelines.archive import ArchivePipeline
from pipelines.drops import dropped


def extract_record(html: str, url: str, boilerplate: dict) -> dict:
    """Runs in a worker: only plain data crosses the process boundary."""
    return extract(html, url, with_lines=True, boilerplate=boilerplate).to_dict()


class ExtractPipeline(ArchivePipeline):
    def __init__(self, stats, archive_path: str, workers: int, min_pages: int, share: float):
        super().__init__(stats, archive_path)
        self.workers = workers
        self.min_pages = min_pages
        self.share = share
        self.pool = None
        self.frequent_lines = {}  # lang -> {line key: learned}, as earlier crawls left them

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        workers = settings.getint("EXTRACT_WORKERS")
        return cls(crawler.stats, settings.get("ARCHIVE_DB"), os.cpu_count() or 1 if workers < 0 else workers,
                   settings.getint("BOILERPLATE_MIN_PAGES"), settings.getfloat("BOILERPLATE_SHARE"))

    def open_spider(self):
        super().open_spider()
        model = load_model(self.db, self.min_pages, self.share)
        self.frequent_lines = {lang: model.frequent_lines(lang) for lang in model.pages}
        if self.workers:
            self.pool = worker_pool(self.workers)

    def close_spider(self):
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
        super().close_spider()

    async def process_item(self, item):
        if not isinstance(item, PageCapture):
            return item
        capture = ItemAdapter(item)
        try:
            record = await self._extract(capture["html"], capture["url"])
        except ExtractionError as error:
            raise dropped(self.stats, error.reason, capture["url"], str(error)) from error
        except Exception as error:  # an extractor bug must cost one page, counted, not the crawl
            raise dropped(self.stats, "extract_error", capture["url"], repr(error)) from error
        record.update(aliases=list(capture["aliases"]), fetched_at=capture["fetched_at"],
                      extractor_version=extractor_version(), validators=capture["validators"],
                      **(capture["capture"] or {}))
        return record

    async def _extract(self, html: str, url: str) -> dict:
        info = url_info(url)
        boilerplate = self.frequent_lines.get(info.lang if info else None, {})
        if self.pool is None:
            return extract_record(html, url, boilerplate)
        return await asyncio.get_running_loop().run_in_executor(self.pool, extract_record, html, url, boilerplate)
