"""Articles, aliases and what the portal said about each page into the archive, in short
transactions of the items that arrived together (STORE_BATCH_ITEMS, or what came within
STORE_BATCH_SECONDS): one commit, and one update of the search indexes, for many pages
(archive/article_batches.py). Each item is written in the order it came and passes on once
it is committed. A page's validators are written after its record, in the same transaction: a
crawl killed before the commit fetches the page again next time instead of believing it
archived.

A batch that cannot be written is rolled back whole and its items written again one at a
time: a bug of ours costs only the item it is about, and a full disk or an unreadable archive
the items from the first that it refuses on, each dropped and counted as lost, and the crawl is
stopped (natocrawl.crawl.halt)."""

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Iterator

from itemadapter import ItemAdapter

from natocrawl.archive import fetches
from natocrawl.archive.aliases import add_aliases, move_article
from natocrawl.archive.article_batches import store_articles
from natocrawl.archive.articles import mark_removed, touch_article
from natocrawl.archive.connection import write_transaction
from natocrawl.crawl.items import (
    AliasItem,
    ArticleItem,
    PageGone,
    PageNotModified,
    SitemapListing,
    Validators,
)
from natocrawl.crawl.stats import ALIASES_KEY, STORED_PREFIX
from pipelines.base import CrawlPipeline
from pipelines.drops import dropped


def is_storage_error(error: BaseException) -> bool:
    """A full disk, I/O, a lock held too long, a damaged file: not an IntegrityError or a
    ProgrammingError (subclasses of DatabaseError too), which would be bugs of ours."""
    return isinstance(error, OSError | sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


def _runs(items: list) -> Iterator[list]:
    """The items in order, consecutive articles together (stored as one batch) but for a twin
    that takes over another's record (stored alone); a run ends after an article with aliases,
    so that they are written before the next page's record."""
    run: list = []
    for item in items:
        if isinstance(item, ArticleItem) and not ItemAdapter(item)["replaces"]:
            run.append(item)
            if ItemAdapter(item)["aliases"]:
                yield run
                run = []
            continue
        if run:
            yield run
            run = []
        yield [item]
    if run:
        yield run


class StorePipeline(CrawlPipeline):
    # Without natocrawl's settings (a bare crawler, no crawler): each item written at once.
    batch_items, batch_seconds = 1, 0.0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        pipeline.batch_items = max(1, crawler.settings.getint("STORE_BATCH_ITEMS", cls.batch_items))
        pipeline.batch_seconds = crawler.settings.getfloat("STORE_BATCH_SECONDS", cls.batch_seconds)
        return pipeline

    def __init__(self, stats, context):
        super().__init__(stats, context)
        self.waiting: list[tuple[object, asyncio.Future]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.counts: Counter = Counter()  # the stats of the batch being written, kept if committed

    @property
    def db(self):
        return self.context.db

    async def process_item(self, item):
        stored = asyncio.get_running_loop().create_future()
        self.waiting.append((item, stored))
        if len(self.waiting) >= self.batch_items:
            self.flush()
        elif self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.batch_seconds, self.flush)
        return await stored

    def close_spider(self):
        self.flush()

    def flush(self) -> None:
        """Write every waiting item, and let each go on (or drop it) when that is settled."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        try:
            self._write([item for item, _ in waiting])
        except Exception:
            self._failed(waiting)
            return
        for item, stored in waiting:
            _settle(stored, item)

    def _failed(self, waiting: list) -> None:
        try:
            self._write_each(waiting)
        except Exception as unexpected:  # an item left waiting would hold the crawl open for ever
            for _, stored in waiting:
                _settle(stored, error=unexpected)
            raise

    def _write(self, items: list) -> None:
        self.counts.clear()
        with write_transaction(self.db):
            for run in _runs(items):
                self._store(run)
        for key, count in self.counts.items():
            self.stats.inc_value(key, count)

    def _write_each(self, waiting: list) -> None:
        """After a failed batch: what can be written is, one item at a time, until the archive
        fails to take one (then it and the rest are lost); an error of ours fails its item."""
        for index, (item, stored) in enumerate(waiting):
            try:
                self._write([item])
            except Exception as error:
                if is_storage_error(error):
                    self._lost(waiting[index:], error)
                    return
                _settle(stored, error=error)
            else:
                _settle(stored, item)

    def _lost(self, waiting: list, error: BaseException) -> None:
        self.storage_failed(error, "the archive")
        for item, stored in waiting:
            url = ItemAdapter(item).get("url", "?")
            _settle(stored, error=dropped(self.stats, "not_stored", url, str(error)))

    def _store(self, run: list) -> None:
        if isinstance(run[0], ArticleItem):
            self._store_articles([ItemAdapter(item) for item in run])
            return
        record = ItemAdapter(run[0])
        if isinstance(run[0], PageNotModified):
            self._not_modified(record)
        elif isinstance(run[0], PageGone):
            if mark_removed(self.db, record["url"], record["seen_at"]):
                self.counts[STORED_PREFIX + "removed"] += 1
        elif isinstance(run[0], SitemapListing):
            fetches.record_listing(self.db, record["urls"], record["seen_at"])
        elif isinstance(run[0], AliasItem):
            if retired := record["retire"]:
                self.counts[ALIASES_KEY] += move_article(self.db, retired, record["url"], record["seen_at"])
            self._store_aliases(record["url"], record["aliases"], record["seen_at"])
            self._remember_fetch(record["validators"], record["seen_at"])

    def _store_articles(self, articles: list[ItemAdapter]) -> None:
        replaced = articles[0]["replaces"]  # then it is alone in its run
        if replaced:
            self.counts[ALIASES_KEY] += move_article(
                self.db, replaced, articles[0]["url"], articles[0]["fetched_at"]
            )
        rows = [({**article, **_capture(article)}, article["fetched_at"]) for article in articles]
        for article, outcome in zip(articles, store_articles(self.db, rows), strict=True):
            if not replaced:  # a re-keyed twin (same text) was counted when first stored
                self.counts[STORED_PREFIX + outcome] += 1
            self._store_aliases(article["url"], article["aliases"], article["fetched_at"])
            self._remember_fetch(article["validators"], article["fetched_at"])

    def _not_modified(self, record: ItemAdapter) -> None:
        touch_article(self.db, record["url"], record["seen_at"])
        validators: Validators | None = record["validators"]
        for url in validators.urls if validators else ():
            fetches.record_fetch(
                self.db,
                url,
                checked_at=record["seen_at"],
                not_modified=True,
                sitemap_lastmod=validators.sitemap_lastmod,
            )
        self.counts[STORED_PREFIX + "not_modified"] += 1

    def _remember_fetch(self, validators: Validators | None, fetched_at: str) -> None:
        """The page's URL, and the URL asked for when a redirect led there, with what the
        portal sent to ask it next time whether the page changed."""
        if validators is None:
            return
        for fetched in validators.urls:
            fetches.record_fetch(
                self.db,
                fetched,
                checked_at=fetched_at,
                etag=validators.etag,
                last_modified=validators.last_modified,
                sitemap_lastmod=validators.sitemap_lastmod,
            )

    def _store_aliases(self, url: str, aliases, seen_at: str) -> None:
        if aliases:
            self.counts[ALIASES_KEY] += add_aliases(self.db, url, aliases, seen_at)


def _settle(stored: asyncio.Future, item=None, error: BaseException | None = None) -> None:
    """The item goes on (or fails with `error`), unless it was settled already or its waiting
    was cancelled (a future set twice raises, and would leave the rest of its batch waiting)."""
    if stored.done():
        return
    if error is None:
        stored.set_result(item)
    else:
        stored.set_exception(error)


def _capture(article: ItemAdapter) -> dict:
    capture = article["capture"]
    return capture.to_dict() if capture else {}
