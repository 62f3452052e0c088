"""PageCapture → article record, through the pure extractor.

Extraction is the crawl's CPU cost, so it runs in a pool of worker processes
(EXTRACT_WORKERS, default one per core) while the reactor keeps downloading and storing;
EXTRACT_WORKERS=0 extracts inline.
"""

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from itemadapter import ItemAdapter

from natocrawl.extract import ExtractionError, extract
from natocrawl.items import PageCapture
from pipelines.drops import dropped


def extract_record(html: str, url: str) -> dict:
    """Runs in a worker: only plain data crosses the process boundary."""
    return extract(html, url, with_lines=True).to_dict()


class ExtractPipeline:
    def __init__(self, stats, workers: int):
        self.stats = stats
        self.workers = workers
        self.pool = None

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.getint("EXTRACT_WORKERS")
        return cls(crawler.stats, os.cpu_count() or 1 if workers < 0 else workers)

    def open_spider(self):
        if self.workers:
            # spawn, not fork: the crawler process runs threads (DNS, reactor) that a fork would copy mid-flight
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def close_spider(self):
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)

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
        record.update(aliases=list(capture["aliases"]), fetched_at=capture["fetched_at"])
        return record

    async def _extract(self, html: str, url: str) -> dict:
        if self.pool is None:
            return extract_record(html, url)
        return await asyncio.get_running_loop().run_in_executor(self.pool, extract_record, html, url)
