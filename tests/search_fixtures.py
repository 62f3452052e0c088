"""A replica archive large enough to search: every page of a 1,600-page replica stored
through the archive's own write path (upsert_article), with the text the replica knows
its ideal extraction to be, and the base URL of a crawl recorded."""

from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.replica import Site

BASE = "http://127.0.0.1:8002"
SEARCH_PAGES = 1_600


def build_search_archive(path, pages: int = SEARCH_PAGES):
    site = Site(seed=5, pages=pages)
    with open_archive(path) as db:
        db["crawl_runs"].insert({"started_at": "2026-01-01T00:00:00Z", "base_url": BASE + "/"})
        for page in site.pages:
            if page.duplicate_of is None and not page.disallowed:
                upsert_article(db, page.ideal_article(BASE), "2026-01-01T00:00:00Z")
    return site
