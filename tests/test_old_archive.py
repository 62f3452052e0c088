"""An archive written by the code before the layout by stage (tests/fixtures/
archive-before-layout.db.gz, schema version 11, made by make_archive_before_layout.py) opens
with today's code, migrates with nothing lost, and a crawl of the same unchanged portal over
it finds nothing new and nothing changed."""

import contextlib
import gzip
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from natocrawl.archive.connection import open_archive
from natocrawl.archive.search import Search, run
from natocrawl.replica import Site, start_server

from archive_fixtures import migration_steps
from conftest import run_scrapy_crawl

FIXTURE = Path(__file__).parent / "fixtures" / "archive-before-layout.db.gz"
OLD_BASE = "http://127.0.0.1:36911"  # the replica the fixture was crawled from
TABLES = (
    "articles",
    "article_versions",
    "aliases",
    "crawl_runs",
    "page_fetches",
    "sitemap_urls",
    "boilerplate_pages",
    "boilerplate_lines",
)
# Columns holding portal URLs, for moving the archive onto this test's replica port.
URL_COLUMNS = {
    "articles": ("url", "translation_url"),
    "article_versions": ("url",),
    "aliases": ("alias", "url"),
    "page_fetches": ("url",),
    "sitemap_urls": ("url",),
    "crawl_runs": ("base_url",),
}


@pytest.fixture
def old_archive(tmp_path) -> Path:
    path = tmp_path / "archive.db"
    with gzip.open(FIXTURE) as packed, open(path, "wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def contents(path: Path) -> dict[str, list[dict]]:
    with contextlib.closing(sqlite_utils.Database(path)) as db:
        return {table: list(db.query(f"SELECT * FROM {table} ORDER BY rowid")) for table in TABLES}


def test_the_fixture_is_of_the_old_schema(old_archive):
    with contextlib.closing(sqlite_utils.Database(old_archive)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 11
        assert not db["_sqlite_migrations"].exists()
        assert db["articles"].count == 39 and db["article_versions"].count == 41 and db["aliases"].count == 5


def test_an_old_archive_opens_and_migrates_with_nothing_lost(old_archive):
    before = contents(old_archive)
    open_archive(old_archive).close()
    after = contents(old_archive)
    # Articles gain the event columns (empty until re-extracted), and undated pages the year
    # their URL names (event pages): nothing else changes.
    undated = [row["url"] for row in before["articles"] if row["year"] is None]
    assert undated and all("/events/20" in url for url in undated)
    for row in after["articles"]:
        assert row.pop("event_start") is None and row.pop("event_end") is None
        if row["url"] in undated:
            assert row["year"] == int(row["url"].split("/events/")[1][:4])
            row["year"] = None
    assert after == before
    with contextlib.closing(sqlite_utils.Database(old_archive)) as db:
        applied = [row["name"] for row in db.query("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == [step.__name__ for step in migration_steps()]
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(applied)
        found = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'nato'").fetchone()[0]
        assert found > 10  # the full-text index came along
        # and the language-aware one was built: every English and French text in it
        english, french = (run(db.conn, Search("nato OR otan", lang)).total for lang in ("en", "fr"))
        texts = db.execute(
            "SELECT sum(coalesce(content_lang, lang) = 'en'), sum(coalesce(content_lang, lang) = 'fr') "
            "FROM articles WHERE (title || body) LIKE '%nato%' OR (title || body) LIKE '%otan%'"
        ).fetchone()
        assert (english, french) == texts and english > 10 and french > 10


def test_a_crawl_over_a_migrated_old_archive_finds_nothing_new(old_archive):
    site = Site(seed=3, pages=40)
    site.mutate(change=2, add=1, remove=1, day=date(2026, 12, 1))  # the portal as the fixture last saw it
    with start_server(site) as server:
        with contextlib.closing(open_archive(old_archive)) as db, db.conn:
            for table, columns in URL_COLUMNS.items():
                for column in columns:
                    db.execute(
                        f"UPDATE {table} SET {column} = replace({column}, ?, ?)", [OLD_BASE, server.base_url]
                    )
        before = contents(old_archive)["articles"]
        result = run_scrapy_crawl(server.base_url, old_archive)
    assert result.returncode == 0, result.stderr[-3000:]
    with contextlib.closing(sqlite_utils.Database(old_archive)) as db:
        run = next(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))
    assert run["finish_reason"] == "finished"
    assert (run["new"], run["changed"], run["updated"], run["removed"]) == (0, 0, 0, 0)
    assert run["pages_fetched"] > 0 and run["skipped"] >= 30  # it did read the portal, and knew its pages
    after = contents(old_archive)["articles"]
    assert [(row["url"], row["content_hash"]) for row in after] == [
        (row["url"], row["content_hash"]) for row in before
    ]
