"""PageCapture → ExtractedPage, through the pure extractor, with what earlier crawls learned
of the site's boilerplate (pipelines.boilerplate).

Extraction is the crawl's CPU cost, so it runs in a pool of worker processes
(EXTRACT_WORKERS, default one per core) while the reactor keeps downloading and storing;
EXTRACT_WORKERS=0 extracts inline.
"""

import asyncio
import errno
from dataclasses import fields

from itemadapter import ItemAdapter

from natocrawl.crawl.context import CrawlContext
from natocrawl.crawl.items import ArticleItem, ExtractedPage, PageCapture
from natocrawl.crawl.stats import STORAGE_ERROR_KEY
from natocrawl.extract import Article, ExtractionError
from natocrawl.extract.pool import extract_in_worker, use_boilerplate, worker_pool
from natocrawl.extract.version import extractor_version
from pipelines.base import CrawlPipeline
from pipelines.drops import dropped

ARTICLE_FIELDS = tuple(field.name for field in fields(Article))
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class ExtractPipeline(CrawlPipeline):
    def __init__(self, stats, context: CrawlContext):
        super().__init__(stats, context)
        self.pool = None

    def open_spider(self):
        # Taken before this crawl adds its own pages to the counts (pipelines.boilerplate).
        frequent_lines = self.context.model.frequent_by_lang()
        if self.context.archive.extract_workers:
            self.pool = worker_pool(self.context.archive.extract_workers, frequent_lines)
        else:
            use_boilerplate(frequent_lines)

    def close_spider(self):
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item):
        if not isinstance(item, PageCapture):
            return item
        capture = ItemAdapter(item)
        if self.stats.get_value(STORAGE_ERROR_KEY):  # the crawl is stopping: it could not be stored
            raise dropped(self.stats, "not_stored", capture["url"], "the archive could not be written")
        try:
            article, lines, keys = await self._extract(capture["html"], capture["url"])
        except ExtractionError as error:
            raise dropped(self.stats, error.reason, capture["url"], str(error)) from error
        except OSError as error:
            if error.errno in DISK_FULL:  # a temporary file of the extractor's (the language model)
                self.storage_failed(error, "a temporary file")
            raise dropped(self.stats, "extract_error", capture["url"], repr(error)) from error
        except Exception as error:  # an extractor bug must cost one page, counted, not the crawl
            raise dropped(self.stats, "extract_error", capture["url"], repr(error)) from error
        extracted = ArticleItem(
            **{name: getattr(article, name) for name in ARTICLE_FIELDS},
            fetched_at=capture["fetched_at"],
            aliases=tuple(capture["aliases"]),
            capture=capture["capture"],
            validators=capture["validators"],
            extractor_version=extractor_version(),
        )
        return ExtractedPage(article=extracted, lines=lines, keys=keys)

    async def _extract(self, html: str, url: str) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
        if self.pool is None:
            return extract_in_worker(html, url)
        # Only the extractor and its arguments are pickled to the worker, not this pipeline.
        return await asyncio.get_running_loop().run_in_executor(self.pool, extract_in_worker, html, url)
