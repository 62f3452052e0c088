"""Writing articles: one extracted article stored as new, changed (a new version of NATO's
text), updated (metadata only, or our own correction) or unchanged; a page seen again, gone,
or corrected from its own capture."""

from collections.abc import Mapping

import sqlite_utils

from natocrawl.archive import near_duplicates
from natocrawl.archive.article_batches import store_articles
from natocrawl.archive.connection import write_transaction
from natocrawl.archive.fields import EXTRACTED_FIELDS, VERSION_FIELDS, stored_value
from natocrawl.archive.queries import fetch_article
from natocrawl.archive.versions import refresh_current_version, renumber_versions
from natocrawl.archive.years import year_of
from natocrawl.dates import utc_now


def upsert_article(db: sqlite_utils.Database, article: Mapping, seen_at: str) -> str:
    """Store one extracted article (its EXTRACTED_FIELDS and CAPTURE_FIELDS). NEW; CHANGED
    when its text changed (a new version, with its diff, in article_versions); UPDATED when
    only its metadata did, or when the same response was extracted differently; else UNCHANGED."""
    return store_articles(db, [(article, seen_at)])[0]


def mark_removed(db: sqlite_utils.Database, url: str, seen_at: str) -> bool:
    """The portal no longer serves `url`: the record and its versions stay, marked removed,
    and what the portal said of the page is forgotten, so that it is fetched again whenever
    a sitemap lists it again. True if it was not marked already."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE articles SET removed_at = ? WHERE url = ? AND removed_at IS NULL", [seen_at, url]
        )
        db.execute("DELETE FROM page_fetches WHERE url = ?", [url])
    return cursor.rowcount == 1


def touch_article(db: sqlite_utils.Database, url: str, seen_at: str) -> bool:
    """A page answered 304: its archived record was seen again, unchanged."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE articles SET last_seen = ?, removed_at = NULL WHERE url = ?", [seen_at, url]
        )
    return cursor.rowcount == 1


def _assignments(fields: Mapping, allowed: set[str], what: str) -> str:
    if unknown := set(fields) - allowed - {"extractor_version"}:
        raise ValueError(f"not {what} fields: {sorted(unknown)}")
    return ", ".join(f"{field} = :{field}" for field in fields)


def rewrite_extraction(db: sqlite_utils.Database, url: str, fields: Mapping) -> None:
    """Correct a stored row from its own capture (furniture learned after it was stored):
    not a new version of NATO's text, so no version is kept and last_changed stays."""
    assignments = _assignments(fields, set(EXTRACTED_FIELDS), "extracted")
    values = {field: stored_value(value) for field, value in fields.items()}
    with write_transaction(db):
        db.execute(f"UPDATE articles SET {assignments} WHERE url = :url", {**values, "url": url})
        if {"published", "updated", "event_start"} & set(fields) and (row := fetch_article(db, url)):
            db.execute("UPDATE articles SET year = ? WHERE url = ?", [year_of(row), url])
        refresh_current_version(db, {**values, "url": url})
        if "body" in fields and (
            row := db.execute("SELECT rowid, lang FROM articles WHERE url = ?", [url]).fetchone()
        ):
            near_duplicates.link(db, [(row[0], row[1], values["body"])], utc_now())


def rewrite_version(db: sqlite_utils.Database, version_id: int, fields: Mapping) -> None:
    """Correct an earlier version from its own capture (a better extractor); diffs follow."""
    assignments = _assignments(fields, set(VERSION_FIELDS), "version")
    with write_transaction(db):
        db.execute(f"UPDATE article_versions SET {assignments} WHERE id = :id", {**fields, "id": version_id})
        (url,) = db.execute("SELECT url FROM article_versions WHERE id = ?", [version_id]).fetchone()
        renumber_versions(db, url)
