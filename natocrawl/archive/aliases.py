"""Other URLs of an archived page (legacy links, redirects, the same text under a second URL),
and folding two records whose texts turned out to be the same into one."""

from collections.abc import Iterable

import sqlite_utils

from natocrawl.archive.connection import write_transaction
from natocrawl.archive.queries import is_archived
from natocrawl.archive.versions import renumber_versions


def add_aliases(db: sqlite_utils.Database, url: str, aliases: Iterable[str], seen_at: str) -> int:
    """Record other URLs of `url`; the number recorded or re-pointed here. Aliases always
    point at an archived record's URL: through `url`'s own alias if it has one, and the
    aliases of an alias move along with it."""
    recorded = 0
    with write_transaction(db):
        target = _resolve_alias(db, url)
        for alias in dict.fromkeys(aliases):
            if alias == target:
                continue
            cursor = db.execute(
                """INSERT INTO aliases (alias, url, first_seen) VALUES (?, ?, ?)
                   ON CONFLICT (alias) DO UPDATE SET url = excluded.url
                   WHERE aliases.url IS NOT excluded.url""",
                [alias, target, seen_at],
            )
            recorded += cursor.rowcount
            recorded += db.execute("UPDATE aliases SET url = ? WHERE url = ?", [target, alias]).rowcount
    return recorded


def _resolve_alias(db: sqlite_utils.Database, url: str) -> str:
    row = db.execute("SELECT url FROM aliases WHERE alias = ?", [url]).fetchone()
    return row[0] if row else url


def move_article(db: sqlite_utils.Database, old_url: str, new_url: str, seen_at: str) -> int:
    """Re-key an archived article (its text found under a URL that names it better): the row,
    its versions and aliases move, and the old URL becomes an alias of the new one. Where
    the new URL has a record already, the old record goes, but its versions stay under the
    old URL, closed: its history is not lost. Returns the aliases recorded."""
    with write_transaction(db):
        db.execute("DELETE FROM aliases WHERE alias = ?", [new_url])
        if not is_archived(db, new_url):
            db.execute(
                "UPDATE articles SET url = ?, translation_url = NULL WHERE url = ?", [new_url, old_url]
            )
            db.execute("UPDATE article_versions SET url = ? WHERE url = ?", [new_url, old_url])
            renumber_versions(db, new_url)
        else:
            db.execute("DELETE FROM articles WHERE url = ?", [old_url])
            db.execute(
                "UPDATE article_versions SET replaced_at = ? WHERE url = ? AND replaced_at IS NULL",
                [seen_at, old_url],
            )
        db.execute("UPDATE articles SET translation_url = NULL WHERE translation_url = ?", [old_url])
        return add_aliases(db, new_url, [old_url], seen_at)


def record_key(url: str) -> tuple[int, str]:
    """Of two URLs with the same text, the smaller key keeps the record."""
    return len(url), url


def fold_duplicates(db: sqlite_utils.Database, seen_at: str) -> int:
    """Records of one language whose texts became the same (corrected from their captures)
    folded into the one with the smallest record_key; the others become its aliases.
    Returns the aliases recorded."""
    groups = db.execute(
        "SELECT group_concat(url, char(10)) FROM articles WHERE removed_at IS NULL "
        "GROUP BY lang, content_hash HAVING count(*) > 1"
    ).fetchall()
    recorded = 0
    for (urls,) in groups:
        keeper, *others = sorted(urls.split("\n"), key=record_key)
        for other in others:
            recorded += move_article(db, other, keeper, seen_at)
    return recorded
