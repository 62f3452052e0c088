"""What earlier crawls know of the portal, so that a nightly run fetches only what changed.

Three kinds of knowledge, all from the archive: the validators and sitemap `lastmod` each
page had when it was last served (page_fetches), the archived articles (with whether the
portal has removed them) and the aliases. A page listed with the `lastmod` it had when we
fetched it, or a `lastmod` older than our copy, is not requested again; any other known page
is requested with `If-None-Match` / `If-Modified-Since`, so an unchanged one costs a 304.
A full pass (`full`) uses none of this to skip or shorten requests, only to notice removals.

A run that did not end normally (killed, stopped) may have stored pages without following
their links; the pages it and any later run stored are fetched again, in full, as if new.
"""

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import timedelta

import sqlite_utils

from natocrawl.archive import fetches as fetch_state
from natocrawl.archive import runs
from natocrawl.archive.queries import alias_urls, archived_urls
from natocrawl.dates import parse_instant

# An incremental run asks for at most this share of the archive as possibly removed.
UNLISTED_SHARE = 0.25
UNLISTED_FLOOR = 10
# A copy fetched this long after a sitemap's lastmod is taken to hold that change.
LASTMOD_MARGIN = timedelta(days=1)


@dataclass
class Frontier:
    fetches: dict[str, fetch_state.Fetch] = field(default_factory=dict)
    articles: dict[str, bool] = field(default_factory=dict)  # url -> removed from the portal?
    aliases: set[str] = field(default_factory=set)
    redo: set[str] = field(default_factory=set)  # stored by a run that did not end normally
    listed_before: set[str] = field(default_factory=set)  # pages a sitemap listed in an earlier run
    # The last run went to its end and read the whole search: a newest-first listing may stop
    # at known pages. After a run that was killed, windowed, or lost a search page, pages
    # older than the newest known ones may still be missing.
    last_run_complete: bool = False
    full: bool = False

    @classmethod
    def load(cls, db: sqlite_utils.Database, full: bool = False) -> "Frontier":
        unfinished_since = runs.unfinished_runs_since(db)
        redo = fetch_state.urls_seen_since(db, unfinished_since) if unfinished_since else set()
        served = fetch_state.load_fetches(db)
        articles, aliases = archived_urls(db), alias_urls(db)
        listed_before = fetch_state.listed_urls(db)
        search_known = runs.search_read_to_its_end(db)
        return cls(
            served,
            articles,
            aliases,
            redo=redo,
            listed_before=listed_before,
            full=full,
            last_run_complete=unfinished_since is None and search_known and bool(served),
        )

    def is_known(self, url: str) -> bool:
        """Archived already (a page, an alias or an article); never in a full pass."""
        if self.full or url in self.redo:
            return False
        return url in self.fetches or url in self.articles or url in self.aliases

    def stops_listing(self, url: str) -> bool:
        """A newest-first listing that reaches `url` has reached what is archived."""
        return self.last_run_complete and self.is_known(url)

    def is_up_to_date(self, url: str, lastmod: str | None) -> bool:
        """Whether our copy of `url` is at least as recent as the sitemap's `lastmod`."""
        fetch = self.fetches.get(url)
        if self.full or url in self.redo or fetch is None or not lastmod:
            return False
        if fetch.sitemap_lastmod == lastmod:
            return True
        changed = parse_instant(lastmod)
        fetched = parse_instant(fetch.fetched_at)
        if changed is None or fetched is None:
            return False
        # Our clock against the portal's, and a cache that may serve the old page a while
        # after an edit: only a copy fetched well after the change counts as newer.
        if len(lastmod.strip()) == 10:  # a bare date: changed at any time that day
            return fetched.date() > changed.date() + LASTMOD_MARGIN
        return fetched > changed + LASTMOD_MARGIN

    def validators(self, url: str) -> dict[str, str]:
        """Conditional request headers for `url`, from what the portal sent last time."""
        fetch = None if self.full or url in self.redo else self.fetches.get(url)
        headers = {}
        if fetch and fetch.etag:
            headers["If-None-Match"] = fetch.etag
        if fetch and fetch.last_modified:
            headers["If-Modified-Since"] = fetch.last_modified
        return headers

    def removal_candidates(self, listed: Container[str]) -> list[str]:
        """Archived articles, still served last time, that the sitemaps no longer list. An
        incremental run asks only for those a sitemap listed before (of the others, it cannot
        tell a removal from a page listed by the search alone); a full pass asks for every one."""
        return [
            url
            for url, removed in self.articles.items()
            if not removed and url not in listed and (self.full or url in self.listed_before)
        ]

    def too_many_unlisted(self, unlisted: int) -> bool:
        """Whether that many archived pages leaving the sitemaps at once is more than a night's
        removals (over UNLISTED_SHARE of the archive, and more than UNLISTED_FLOOR pages)."""
        live = sum(not removed for removed in self.articles.values())
        return unlisted > UNLISTED_FLOOR and unlisted > UNLISTED_SHARE * live
