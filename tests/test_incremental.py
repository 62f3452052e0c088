"""Nightly runs fetch only what changed: counted from the replica's own request log. A run
right after another downloads no article; after NATO changes k pages, adds a and removes
r, the next run downloads exactly those, records k new versions with their diffs, a new
articles and r removals; `-a full=1` fetches everything again."""

from datetime import date

import pytest
import sqlite_utils

from natocrawl.replica import Site, start_server

from conftest import run_scrapy_crawl

CHANGE, ADD, REMOVE = 3, 2, 2


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Five crawls of one replica: first, again at once, after a mutation, full, and with
    copies older than the sitemaps' lastmod. Each night's
    last crawl_runs row and the article pages the server was asked for (path, status)."""
    site = Site(seed=7, pages=80)
    archive = tmp_path_factory.mktemp("nightly") / "archive.db"
    results = {}
    with start_server(site) as server:

        def crawl(name, *args):
            start = len(server.request_log)
            result = run_scrapy_crawl(server.base_url, archive, *args)
            assert result.returncode == 0, result.stderr[-3000:]
            requests = [
                (path.split("?")[0], status)
                for method, path, status in server.request_log[start:]
                if is_article_path(site, path)
            ]
            run = list(
                sqlite_utils.Database(archive).query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")
            )[0]
            results[name] = (run, requests)

        crawl("first")
        crawl("again")
        mutation = site.mutate(change=CHANGE, add=ADD, remove=REMOVE, day=date.today())
        crawl("after mutation")
        crawl("full", "-a", "full=1")
        # Our copies look older than the sitemaps say: each page is asked whether it changed.
        with sqlite_utils.Database(archive) as db:
            db.execute(
                "UPDATE page_fetches SET sitemap_lastmod = NULL, fetched_at = '2000-01-01T00:00:00+00:00'"
            )
            db.conn.commit()
        crawl("conditional")
    results["warc revisits"] = revisit_records(archive.with_name("archive.warc"))
    return site, sqlite_utils.Database(archive), mutation, results


def revisit_records(folder) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    for path in folder.glob("*.warc.gz"):
        with open(path, "rb") as handle:
            count += sum(record.rec_type == "revisit" for record in ArchiveIterator(handle))
    return count


def is_article_path(site, path: str) -> bool:
    path = path.split("?")[0]
    return any(page.path == path for page in site.pages)


def test_a_run_right_after_another_downloads_no_article(nights):
    site, _db, _mutation, results = nights
    first_run, first_requests = results["first"]
    assert first_run["new"] > 60 and len(first_requests) > 60
    run, requests = results["again"]
    assert requests == []  # not even a conditional request
    assert (run["new"], run["changed"], run["updated"], run["removed"]) == (0, 0, 0, 0)
    assert run["skipped"] >= first_run["new"]


def test_after_a_mutation_only_the_changed_added_and_removed_pages_are_asked_for(nights):
    site, db, mutation, results = nights
    run, requests = results["after mutation"]
    downloaded = sorted(path for path, status in requests if status == 200)
    assert downloaded == sorted(mutation.changed + mutation.added)
    assert sorted(path for path, status in requests if status == 404) == sorted(mutation.removed)
    assert len(requests) == CHANGE + ADD + REMOVE  # no other article asked for
    assert (run["new"], run["changed"], run["removed"], run["updated"]) == (ADD, CHANGE, REMOVE, 0)


def test_each_change_is_a_new_version_with_a_readable_diff(nights):
    site, db, mutation, results = nights
    base = results["first"][0]["base_url"]
    second_versions = list(db.query("SELECT url, version, diff FROM article_versions WHERE version > 1"))
    assert sorted(row["url"] for row in second_versions) == sorted(base + path for path in mutation.changed)
    for row in second_versions:
        lines = row["diff"].splitlines()
        assert lines[0].startswith("--- version 1 (") and lines[1].startswith("+++ version 2 (")
        added = [line for line in lines if line.startswith("+") and not line.startswith("+++")]
        removed = [line for line in lines if line.startswith("-") and not line.startswith("---")]
        assert added and removed  # a reworded paragraph, and the note appended
        page = site.page_for_path(row["url"].removeprefix(base))
        assert any(line[1:] == page.paragraphs[-1] for line in added)
    current = {row["url"]: row["body"] for row in db.query("SELECT url, body FROM articles")}
    for path in mutation.changed:
        assert current[base + path] == site.page_for_path(path).body


def test_removed_pages_keep_their_record_marked_removed(nights):
    site, db, mutation, results = nights
    base = results["first"][0]["base_url"]
    removed = {row["url"] for row in db.query("SELECT url FROM articles WHERE removed_at IS NOT NULL")}
    assert removed == {base + path for path in mutation.removed}
    assert all(list(db.query("SELECT body FROM articles WHERE url = ?", [url]))[0]["body"] for url in removed)


def test_a_full_pass_downloads_every_page_again_and_finds_nothing_new(nights):
    site, db, mutation, results = nights
    run, requests = results["full"]
    served = {page.path for page in site.pages if not page.removed and not page.disallowed}
    assert {path for path, status in requests if status == 200} >= {
        path.removeprefix(results["first"][0]["base_url"])
        for (path,) in db.execute("SELECT url FROM articles WHERE removed_at IS NULL")
    }
    assert {path for path, _ in requests} <= served | set(mutation.removed)
    assert (run["new"], run["changed"], run["updated"]) == (0, 0, 0)


def test_a_page_whose_lastmod_is_newer_is_asked_conditionally_and_a_304_is_unchanged(nights):
    site, db, mutation, results = nights
    run, requests = results["conditional"]
    base = results["first"][0]["base_url"]
    fetched_before = {url.removeprefix(base) for (url,) in db.execute("SELECT url FROM page_fetches")}
    listed = {page.path for page in site.sitemap_pages()}
    assert requests and {status for _path, status in requests} == {304}  # If-None-Match or If-Modified-Since
    assert sorted(path for path, _status in requests) == sorted(listed & fetched_before)
    assert run["not_modified"] == len(requests)
    assert results["warc revisits"] == len(requests)  # each 304 kept as a revisit record
    assert (run["new"], run["changed"], run["updated"], run["unchanged"]) == (0, 0, 0, 0)
    # pages without an ETag were asked with If-Modified-Since alone, and answered 304 too
    assert any(site.page_for_path(path).index % 5 == 0 for path, _status in requests)


def test_a_sitemap_cut_short_does_not_send_the_crawl_after_every_page(tmp_path):
    """Many pages leaving the sitemaps at once look like a truncated sitemap: an incremental
    run does not ask for them all; a full pass does, and finds those really gone."""
    site = Site(seed=8, pages=80)
    archive = tmp_path / "archive.db"
    with start_server(site) as server:
        assert run_scrapy_crawl(server.base_url, archive).returncode == 0
        mutation = site.mutate(remove=30, day=date.today())
        start = len(server.request_log)
        incremental = run_scrapy_crawl(server.base_url, archive)
        assert incremental.returncode == 0, incremental.stderr[-2000:]
        assert "the sitemaps no longer list 30 archived pages: not checked" in incremental.stderr
        assert not [path for _m, path, _s in server.request_log[start:] if is_article_path(site, path)]
        full = run_scrapy_crawl(server.base_url, archive, "-a", "full=1")
        assert full.returncode == 0, full.stderr[-2000:]
    db = sqlite_utils.Database(archive)
    removed = {
        row["url"].split("/", 3)[3]
        for row in db.query("SELECT url FROM articles WHERE removed_at IS NOT NULL")
    }
    assert removed == {path.lstrip("/") for path in mutation.removed}


def test_after_a_windowed_run_the_next_reads_the_whole_search(tmp_path):
    """A run with `since` archived only recent pages: the next unwindowed run must not stop
    its newest-first search at them, or pages listed only by the search would be missed."""
    site = Site(seed=1, pages=200)  # hubs of more than one search page, search-only pages from 2011 on
    archive = tmp_path / "archive.db"
    search_only = {
        page.path for page in site.pages if page.in_search and not page.in_sitemap and not page.removed
    }
    assert any(site.page_for_path(path).published.year < 2015 for path in search_only)
    with start_server(site) as server:
        assert run_scrapy_crawl(server.base_url, archive, "-a", "since=2024-01-01").returncode == 0
        assert run_scrapy_crawl(server.base_url, archive).returncode == 0
        base = server.base_url
    db = sqlite_utils.Database(archive)
    archived = {row["url"].removeprefix(base) for row in db.query("SELECT url FROM articles")}
    assert search_only <= archived
    runs = list(db.query("SELECT search_complete FROM crawl_runs ORDER BY id"))
    assert [run["search_complete"] for run in runs] == [0, 1]
