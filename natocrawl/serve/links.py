"""Where an archived page is read in the archive: `/-/article/<its path on the portal>`.

A permalink names the page by its path alone (`/-/article/en/news-and-events/…/slug`), not
by a rowid or the database's file name, so it survives rebuilds, new databases and the
crawl's base URL (the replica's 127.0.0.1:port or www.nato.int)."""

import sqlite3
from urllib.parse import quote, urlsplit

from datasette.utils import tilde_decode, tilde_encode

ARTICLE_ROUTE = "/-/article/"
# nato.int's own origins, tried after those the archive was crawled from.
PORTAL_ORIGINS = ("https://www.nato.int", "https://nato.int", "http://www.nato.int")


def article_path(url: str) -> str:
    """The portal path (and query) that names `url`'s page, without the leading slash."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    return f"{path}?{parts.query}" if parts.query else path


def article_href(url: str, **params: str) -> str:
    """The archive's link to the article page of `url` (and its query `params`). Each path
    segment is tilde-encoded as Datasette encodes names (`.` → `~2E`, `?` → `~3F`): Datasette
    redirects any path holding a `%` to its tilde form, so a percent-escaped link would break."""
    href = ARTICLE_ROUTE + "/".join(tilde_encode(segment) for segment in article_path(url).split("/"))
    query = "&".join(f"{key}={quote(value)}" for key, value in params.items() if value)
    return f"{href}?{query}" if query else href


def path_of_href(encoded: str) -> str:
    """The portal path an article link names (article_href's encoding undone; a path typed
    plainly reads as itself)."""
    return "/".join(tilde_decode(segment) for segment in encoded.split("/"))


def origins(conn: sqlite3.Connection) -> list[str]:
    """Every origin the archive's pages were crawled from, then nato.int's."""
    crawled = [
        f"{parts.scheme}://{parts.netloc}"
        for (base,) in conn.execute(
            "SELECT base_url FROM crawl_runs WHERE base_url IS NOT NULL "
            "GROUP BY base_url ORDER BY max(id) DESC"
        )
        if (parts := urlsplit(base)).netloc
    ]
    return list(dict.fromkeys([*crawled, *PORTAL_ORIGINS]))


def find_article(conn: sqlite3.Connection, path: str) -> tuple[str | None, str | None]:
    """(the archived URL at `path`, None), or (None, the archived URL an alias at `path`
    leads to), or (None, None)."""
    candidates = [f"{origin}/{path}" for origin in origins(conn)]
    for candidate in candidates:  # the latest crawl's origin first, then older ones, then nato.int
        if conn.execute("SELECT 1 FROM articles WHERE url = ?", [candidate]).fetchone():
            return candidate, None
    for candidate in candidates:
        # Only an alias whose page is archived: a dangling one would redirect to a 404.
        row = conn.execute(
            "SELECT a.url FROM aliases l JOIN articles a ON a.url = l.url WHERE l.alias = ?", [candidate]
        ).fetchone()
        if row:
            return None, row[0]
    return None, None


def archive_database(datasette):
    """The archive among a Datasette's databases: the one besides its internal one."""
    return next(db for name, db in datasette.databases.items() if name != "_internal")
