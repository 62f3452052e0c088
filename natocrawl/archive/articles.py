"""Writing articles: one extracted article stored as new, changed (a new version of NATO's
text), updated (metadata only, or our own correction) or unchanged; a page seen again, gone,
or corrected from its own capture."""

from collections.abc import Mapping

import sqlite_utils

from natocrawl.archive.connection import write_transaction
from natocrawl.archive.fields import (
    ARTICLE_COLUMNS,
    CAPTURE_FIELDS,
    CHANGED,
    EXTRACTED_FIELDS,
    NEW,
    TEXT_FIELDS,
    UNCHANGED,
    UPDATED,
    VERSION_FIELDS,
    stored_value,
)
from natocrawl.archive.queries import fetch_article, is_archived
from natocrawl.archive.versions import add_version, refresh_current_version, renumber_versions
from natocrawl.archive.years import year_of
from natocrawl.urls import translation_url


def _link_translation(db: sqlite_utils.Database, url: str) -> str | None:
    """The archived partner of `url` (then pointed back at `url`), or None."""
    partner = translation_url(url)
    if partner is None or partner == url:
        return None
    cursor = db.execute(
        "UPDATE articles SET translation_url = ? WHERE url = ? AND translation_url IS NOT ?",
        [url, partner, url],
    )
    if cursor.rowcount:
        return partner
    return partner if is_archived(db, partner) else None


def _write_article(db: sqlite_utils.Database, row: Mapping) -> None:
    columns = ", ".join(ARTICLE_COLUMNS)
    values = ", ".join(f":{c}" for c in ARTICLE_COLUMNS)
    # ON CONFLICT DO UPDATE, not INSERT OR REPLACE: the row (and its rowid, which the
    # FTS index points at) stays in place instead of being deleted and re-inserted.
    assignments = ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c != "url")
    db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({values}) ON CONFLICT (url) DO UPDATE SET {assignments}",
        row,
    )


def _seen_again(
    db: sqlite_utils.Database, url: str, capture: Mapping, partner: str | None, seen_at: str
) -> None:
    # The row points at its latest capture, which holds the same text; a page that had gone
    # from the portal and came back is no longer removed.
    assignments = ", ".join(f"{field} = :{field}" for field in CAPTURE_FIELDS)
    db.execute(
        f"UPDATE articles SET last_seen = :seen, translation_url = :partner, removed_at = NULL, "
        f"{assignments} WHERE url = :url",
        {**capture, "seen": seen_at, "partner": partner, "url": url},
    )


def _is_new_text(old: Mapping | None, incoming: Mapping, capture: Mapping) -> bool:
    if old is None:
        return True
    # The same bytes from the portal extracted differently is our change (a newer
    # extractor), not NATO's: a correction in place, not a new version.
    digest = old["warc_payload_digest"]
    same_capture = digest is not None and digest == capture["warc_payload_digest"]
    return not same_capture and any(old[f] != incoming[f] for f in TEXT_FIELDS)


def upsert_article(db: sqlite_utils.Database, article: Mapping, seen_at: str) -> str:
    """Store one extracted article (its EXTRACTED_FIELDS and CAPTURE_FIELDS). NEW; CHANGED
    when its text changed (a new version, with its diff, in article_versions); UPDATED when
    only its metadata did, or when the same response was extracted differently; else UNCHANGED."""
    url = article["url"]
    incoming = {field: stored_value(article.get(field)) for field in EXTRACTED_FIELDS}
    capture = {field: article.get(field) for field in CAPTURE_FIELDS}
    with write_transaction(db):
        old = fetch_article(db, url)
        partner = _link_translation(db, url)
        if old is not None and all(old[f] == incoming[f] for f in EXTRACTED_FIELDS):
            _seen_again(db, url, capture, partner, seen_at)
            return UNCHANGED
        text_changed = _is_new_text(old, incoming, capture)
        row = {
            **incoming,
            **capture,
            "url": url,
            "year": year_of(article),
            "translation_url": partner,
            "first_seen": seen_at if old is None else old["first_seen"],
            "last_seen": seen_at,
            "last_changed": seen_at if text_changed else old["last_changed"],
            "removed_at": None,
        }
        _write_article(db, row)
        if text_changed:
            add_version(db, row, seen_at)
        else:
            refresh_current_version(db, row)
    return NEW if old is None else CHANGED if text_changed else UPDATED


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


def rewrite_version(db: sqlite_utils.Database, version_id: int, fields: Mapping) -> None:
    """Correct an earlier version from its own capture (a better extractor); diffs follow."""
    assignments = _assignments(fields, set(VERSION_FIELDS), "version")
    with write_transaction(db):
        db.execute(f"UPDATE article_versions SET {assignments} WHERE id = :id", {**fields, "id": version_id})
        (url,) = db.execute("SELECT url FROM article_versions WHERE id = ?", [version_id]).fetchone()
        renumber_versions(db, url)
