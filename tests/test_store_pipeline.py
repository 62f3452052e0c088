"""The store pipeline's batches, on a real crawler's stats and a real archive file: what
arrives together is committed together and passes on only once committed; a batch the
archive cannot take is lost whole, counted, and stops the crawl; a bug of ours costs only the
item it is about."""

import asyncio
import dataclasses
import sqlite3

import pytest
import sqlite_utils
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from natocrawl.crawl.items import PageCapture, PageGone
from pipelines.boilerplate import BoilerplatePipeline
from pipelines.extract import ExtractPipeline
from pipelines.store import StorePipeline

NEWS = "http://127.0.0.1:8999/en/news-and-events/articles/news/2025/03/04/"
FETCHED_AT = "2025-03-04T10:00:00+00:00"


def page(n: int) -> str:
    body = "".join(
        f"<p>Paragraph {p} of article {n} on Allied exercises, written for this test.</p>" for p in range(4)
    )
    return f"<html><body><main><h1>Exercise {n}</h1>{body}</main></body></html>"


@pytest.fixture()
def crawl(tmp_path):
    """A store with batches of three (or what came within a minute), and extracted articles."""
    settings = {
        "ARCHIVE_DB": str(tmp_path / "archive.db"),
        "EXTRACT_WORKERS": 0,
        "STORE_BATCH_ITEMS": 3,
        "STORE_BATCH_SECONDS": 60,
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    extract, boilerplate = ExtractPipeline.from_crawler(crawler), BoilerplatePipeline.from_crawler(crawler)
    extract.open_spider()

    def article(n: int):
        capture = PageCapture(url=f"{NEWS}exercise-{n}", html=page(n), status=200, fetched_at=FETCHED_AT)
        return boilerplate.process_item(asyncio.run(extract.process_item(capture)))

    yield StorePipeline.from_crawler(crawler), article, crawler.stats, tmp_path / "archive.db"
    extract.close_spider()


def stored_urls(archive) -> list[str]:
    """What another connection (Datasette, say) sees committed."""
    return [url for (url,) in sqlite_utils.Database(archive).execute("SELECT url FROM articles ORDER BY url")]


def test_items_that_arrive_together_are_committed_together_and_pass_on_once_committed(crawl):
    store, article, stats, archive = crawl
    items = [article(n) for n in range(3)]

    async def arrive():
        first = [asyncio.ensure_future(store.process_item(item)) for item in items[:2]]
        await asyncio.sleep(0.05)
        assert not any(task.done() for task in first) and stored_urls(archive) == []
        return await asyncio.gather(*first, store.process_item(items[2]))

    assert asyncio.run(arrive()) == items
    assert stored_urls(archive) == sorted(item.url for item in items)
    assert stats.get_value("natocrawl/articles/new") == 3


def test_a_batch_not_full_is_written_when_its_time_is_up(crawl):
    store, article, stats, archive = crawl
    store.batch_seconds = 0.05
    gone = PageGone(url=f"{NEWS}exercise-0", status=404, seen_at=FETCHED_AT)

    item = article(0)

    async def arrive():
        return await asyncio.gather(store.process_item(item), store.process_item(gone))

    stored, marked = asyncio.run(arrive())
    assert marked is gone and stored_urls(archive) == [stored.url]
    removed = sqlite_utils.Database(archive).execute("SELECT removed_at FROM articles").fetchone()
    assert removed == (FETCHED_AT,) and stats.get_value("natocrawl/articles/removed") == 1


def test_a_batch_the_archive_cannot_take_is_lost_whole_counted_and_stops_the_crawl(crawl):
    store, article, stats, archive = crawl
    items = [article(n) for n in range(3)]
    store.db.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(archive)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the archive: "database is locked"

    async def arrive():
        return await asyncio.gather(*(store.process_item(item) for item in items), return_exceptions=True)

    results = asyncio.run(arrive())
    other.rollback()
    assert all(isinstance(result, DropItem) and "not_stored" in str(result) for result in results)
    assert stats.get_value("natocrawl/dropped/not_stored") == 3
    assert "database is locked" in stats.get_value("natocrawl/storage_error")
    assert stats.get_value("natocrawl/articles/new") is None and stored_urls(archive) == []


def test_a_bug_in_one_item_costs_only_that_item(crawl):
    store, article, stats, archive = crawl
    items = [article(0), dataclasses.replace(article(1), title=object()), article(2)]

    async def arrive():
        return await asyncio.gather(*(store.process_item(item) for item in items), return_exceptions=True)

    first, broken, last = asyncio.run(arrive())
    assert (first, last) == (items[0], items[2]) and isinstance(broken, sqlite3.ProgrammingError)
    assert stored_urls(archive) == [items[0].url, items[2].url]
    assert (
        stats.get_value("natocrawl/articles/new") == 2 and stats.get_value("natocrawl/storage_error") is None
    )


def test_an_item_whose_waiting_is_cancelled_does_not_hold_up_the_rest_of_its_batch(crawl):
    store, article, stats, archive = crawl
    items = [article(n) for n in range(3)]

    async def arrive():
        first = asyncio.ensure_future(store.process_item(items[0]))
        await asyncio.sleep(0)
        first.cancel()
        return await asyncio.wait_for(asyncio.gather(*(store.process_item(item) for item in items[1:])), 5)

    assert asyncio.run(arrive()) == items[1:]
    # Written all the same: it came before the cancelling, and a batch is stored whole.
    assert stored_urls(archive) == sorted(item.url for item in items)
