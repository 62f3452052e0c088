"""Where an archived page is read in the archive: `/-/article/<its path on the portal>`.

A permalink names the page by its path alone (`/-/article/en/news-and-events/…/slug`), not
by a rowid or the database's file name, so it survives rebuilds, new databases and the
crawl's base URL (the replica's 127.0.0.1:port or www.nato.int)."""

import sqlite3
from urllib.parse import quote, urlsplit

ARTICLE_ROUTE = "/-/article/"
# nato.int's own origins, tried after those the archive was crawled from.
PORTAL_ORIGINS = ("https://www.nato.int", "https://nato.int", "http://www.nato.int")


def article_path(url: str) -> str:
    """The portal path (and query) that names `url`'s page, without the leading slash."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    return f"{path}?{parts.query}" if parts.query else path


def article_href(url: str, **params: str) -> str:
    """The archive's link to the article page of `url` (and its query `params`)."""
    href = ARTICLE_ROUTE + quote(article_path(url), safe="/")
    query = "&".join(f"{key}={quote(value)}" for key, value in params.items() if value)
    return f"{href}?{query}" if query else href


def origins(conn: sqlite3.Connection) -> list[str]:
    """Every origin the archive's pages were crawled from, then nato.int's."""
    crawled = [
        f"{parts.scheme}://{parts.netloc}"
        for (base,) in conn.execute("SELECT DISTINCT base_url FROM crawl_runs WHERE base_url IS NOT NULL")
        if (parts := urlsplit(base)).netloc
    ]
    return list(dict.fromkeys([*crawled, *PORTAL_ORIGINS]))


def find_article(conn: sqlite3.Connection, path: str) -> tuple[str | None, str | None]:
    """(the archived URL at `path`, None), or (None, the archived URL an alias at `path`
    leads to), or (None, None)."""
    candidates = [f"{origin}/{path}" for origin in origins(conn)]
    marks = ", ".join("?" * len(candidates))
    row = conn.execute(f"SELECT url FROM articles WHERE url IN ({marks}) LIMIT 1", candidates).fetchone()
    if row:
        return row[0], None
    row = conn.execute(f"SELECT url FROM aliases WHERE alias IN ({marks}) LIMIT 1", candidates).fetchone()
    return None, row[0] if row else None


def archive_database(datasette):
    """The archive among a Datasette's databases: the one besides its internal one."""
    return next(db for name, db in datasette.databases.items() if name != "_internal")
