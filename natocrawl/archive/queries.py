"""Reading the archive while a crawl writes it: what is archived, under which URLs."""

import sqlite_utils


def fetch_article(db: sqlite_utils.Database, url: str) -> dict | None:
    """The article row of `url`, or None."""
    return next(db.query("SELECT * FROM articles WHERE url = ?", [url]), None)


def is_archived(db: sqlite_utils.Database, url: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None


def archived_urls(db: sqlite_utils.Database) -> dict[str, bool]:
    """url → removed from the portal? for every archived article."""
    return {
        url: removed is not None
        for url, removed in db.execute("SELECT url, removed_at FROM articles").fetchall()
    }


def alias_urls(db: sqlite_utils.Database) -> set[str]:
    return {alias for (alias,) in db.execute("SELECT alias FROM aliases").fetchall()}


def find_url_by_hash(db: sqlite_utils.Database, lang: str, content_hash: str) -> str | None:
    """The first-archived URL in `lang` whose text has this hash, if any."""
    row = db.execute(
        "SELECT url FROM articles WHERE lang = ? AND content_hash = ? AND removed_at IS NULL "
        "ORDER BY first_seen, url LIMIT 1",
        [lang, content_hash],
    ).fetchone()
    return row[0] if row else None
