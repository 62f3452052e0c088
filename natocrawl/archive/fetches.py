"""What the portal said about each page, for the next crawl (natocrawl.crawl.frontier): the
validators and sitemap lastmod of the copy we hold (page_fetches), and which pages the
sitemaps listed (sitemap_urls)."""

from collections.abc import Iterable
from typing import NamedTuple

import sqlite_utils

from natocrawl.archive.connection import write_transaction


def record_fetch(
    db: sqlite_utils.Database,
    url: str,
    *,
    checked_at: str,
    etag: str | None = None,
    last_modified: str | None = None,
    sitemap_lastmod: str | None = None,
    not_modified: bool = False,
) -> None:
    """Remember a page's validators after a 200 (fetched_at moves) or a 304 (only checked_at
    moves; the validators and lastmod of the stored copy stay unless given)."""
    with write_transaction(db):
        if not_modified:
            db.execute(
                """UPDATE page_fetches SET checked_at = ?, sitemap_lastmod = COALESCE(?, sitemap_lastmod)
                   WHERE url = ?""",
                [checked_at, sitemap_lastmod, url],
            )
            return
        db.execute(
            """INSERT INTO page_fetches (url, etag, last_modified, sitemap_lastmod, fetched_at, checked_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                   sitemap_lastmod = excluded.sitemap_lastmod, fetched_at = excluded.fetched_at,
                   checked_at = excluded.checked_at""",
            [url, etag, last_modified, sitemap_lastmod, checked_at, checked_at],
        )


def record_listing(db: sqlite_utils.Database, urls: Iterable[str], seen_at: str) -> None:
    """The sitemaps list these pages (now)."""
    with write_transaction(db):
        db.conn.executemany(
            """INSERT INTO sitemap_urls (url, last_listed) VALUES (?, ?)
               ON CONFLICT (url) DO UPDATE SET last_listed = excluded.last_listed""",
            [(url, seen_at) for url in urls],
        )


def listed_urls(db: sqlite_utils.Database) -> set[str]:
    """Pages a sitemap listed in some earlier run."""
    return {url for (url,) in db.execute("SELECT url FROM sitemap_urls").fetchall()}


class Fetch(NamedTuple):
    """What the portal said when it last served a page (validators for conditional requests)."""

    etag: str | None
    last_modified: str | None
    sitemap_lastmod: str | None
    fetched_at: str


def load_fetches(db: sqlite_utils.Database) -> dict[str, Fetch]:
    """url → Fetch of every page served before."""
    rows = db.execute("SELECT url, etag, last_modified, sitemap_lastmod, fetched_at FROM page_fetches")
    return {url: Fetch(*rest) for url, *rest in rows.fetchall()}


def urls_seen_since(db: sqlite_utils.Database, since: str) -> set[str]:
    """Pages stored or checked at or after `since`."""
    rows = db.execute(
        """SELECT url FROM articles WHERE last_seen >= :since
                         UNION SELECT url FROM page_fetches WHERE checked_at >= :since""",
        {"since": since},
    )
    return {url for (url,) in rows.fetchall()}
