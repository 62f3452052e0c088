"""Storing extracted articles many at a time (the store pipeline's batches; upsert_article's
batch of one). Each article is classified as if it were stored alone: NEW; CHANGED when its
text changed (a new version, with its diff, in article_versions); UPDATED when only its
metadata did, or when the same response was extracted differently; else UNCHANGED.

The rows of a chunk go in with one statement per kind of write, and the search indexes are
brought up to date once per chunk (archive/search_index.py, archive/search_works.py) while
their triggers stand aside: each text is stemmed and indexed once, and a text and its
translation stored together make their work's row once instead of twice."""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import sqlite_utils

from natocrawl.archive import near_duplicates
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
    stored_value,
)
from natocrawl.archive.index_batches import IndexBatch, rowids_by_url, rows_by_url
from natocrawl.archive.versions import add_first_versions, add_version, refresh_current_version
from natocrawl.archive.years import year_of
from natocrawl.urls import translation_url

# Rows written by one set of statements: small enough that the stems of a chunk's texts are
# still cached (archive/stems.py) when its works' rows are made from the same texts.
CHUNK = 50


@dataclass
class Pending:
    """One article on its way in: what came, what the archive had, what will be written."""

    url: str
    seen_at: str
    incoming: dict
    capture: dict
    old: dict | None = None
    partner: str | None = None
    outcome: str = NEW
    row: dict = field(default_factory=dict)


def store_articles(db: sqlite_utils.Database, articles: Iterable[tuple[Mapping, str]]) -> list[str]:
    """Store each (article, seen_at): its EXTRACTED_FIELDS and CAPTURE_FIELDS, seen at that
    time, in one transaction. Returns each one's outcome, in order."""
    outcomes = []
    with write_transaction(db):
        for chunk in _chunks(articles):
            outcomes += _store_chunk(db, chunk)
    return outcomes


def _chunks(articles: Iterable[tuple[Mapping, str]]) -> Iterator[list[Pending]]:
    """At most CHUNK articles each, no URL twice in one (the second sees the first stored)."""
    chunk: list[Pending] = []
    urls: set[str] = set()
    for article, seen_at in articles:
        if len(chunk) == CHUNK or article["url"] in urls:
            yield chunk
            chunk, urls = [], set()
        urls.add(article["url"])
        chunk.append(
            Pending(
                url=article["url"],
                seen_at=seen_at,
                incoming={f: stored_value(article.get(f)) for f in EXTRACTED_FIELDS},
                capture={f: article.get(f) for f in CAPTURE_FIELDS},
            )
        )
    if chunk:
        yield chunk


def _store_chunk(db: sqlite_utils.Database, chunk: list[Pending]) -> list[str]:
    urls = {pending.url for pending in chunk}
    partners = {pending.url: translation_url(pending.url) for pending in chunk}
    archived = rows_by_url(db, [pending.url for pending in chunk])
    outside = rows_by_url(db, sorted(set(partners.values()) - urls - {None}))
    stored = {*archived, *outside, *urls}
    for pending in chunk:
        pending.old = archived.get(pending.url)
        partner = partners[pending.url]
        pending.partner = partner if partner != pending.url and partner in stored else None
        _classify(pending)
    relinked = [p for p in chunk if p.partner in outside and outside[p.partner]["translation_url"] != p.url]
    batch = IndexBatch(db, chunk, {**archived, **outside}, relinked)
    db.conn.executemany(
        "UPDATE articles SET translation_url = ? WHERE url = ?", [(p.url, p.partner) for p in relinked]
    )
    _write_rows(db, chunk)
    batch.finish()
    _link_near_duplicates(db, [p for p in chunk if p.outcome in (NEW, CHANGED, UPDATED)])
    return [pending.outcome for pending in chunk]


def _link_near_duplicates(db: sqlite_utils.Database, written: list[Pending]) -> None:
    if not written:
        return
    rowids = rowids_by_url(db, [p.url for p in written])
    texts = [(rowids[p.url], p.row["lang"], p.row["body"]) for p in written]
    near_duplicates.link(db, texts, written[0].seen_at)


def _classify(pending: Pending) -> None:
    """The outcome of storing `pending`, and the row it makes (the archived one seen again,
    when UNCHANGED)."""
    old, incoming, seen_at = pending.old, pending.incoming, pending.seen_at
    seen = {**pending.capture, "translation_url": pending.partner, "last_seen": seen_at, "removed_at": None}
    if old is not None and all(old[f] == incoming[f] for f in EXTRACTED_FIELDS):
        pending.outcome = UNCHANGED
        pending.row = {**old, **seen}
        return
    text_changed = _is_new_text(old, incoming, pending.capture)
    pending.outcome = NEW if old is None else CHANGED if text_changed else UPDATED
    pending.row = {
        **incoming,
        **seen,
        "url": pending.url,
        "year": year_of(incoming | {"url": pending.url}),
        "first_seen": seen_at if old is None else old["first_seen"],
        "last_changed": seen_at if text_changed else old["last_changed"],
    }


def _is_new_text(old: Mapping | None, incoming: Mapping, capture: Mapping) -> bool:
    if old is None:
        return True
    # The same bytes from the portal extracted differently is our change (a newer
    # extractor), not NATO's: a correction in place, not a new version.
    digest = old["warc_payload_digest"]
    same_capture = digest is not None and digest == capture["warc_payload_digest"]
    return not same_capture and any(old[f] != incoming[f] for f in TEXT_FIELDS)


_COLUMNS = ", ".join(ARTICLE_COLUMNS)
# ON CONFLICT DO UPDATE, not INSERT OR REPLACE: the row (and its rowid, which the FTS
# indexes point at) stays in place instead of being deleted and re-inserted.
_UPSERT = (
    f"INSERT INTO articles ({_COLUMNS}) VALUES ({', '.join(f':{c}' for c in ARTICLE_COLUMNS)}) "
    "ON CONFLICT (url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c != "url")
)
# A page seen again: its row points at its latest capture, which holds the same text; a page
# that had gone from the portal and came back is no longer removed.
_SEEN_AGAIN = (
    "UPDATE articles SET "
    + ", ".join(f"{c} = :{c}" for c in ("last_seen", "translation_url", "removed_at", *CAPTURE_FIELDS))
    + " WHERE url = :url"
)


def _write_rows(db: sqlite_utils.Database, chunk: list[Pending]) -> None:
    db.conn.executemany(_SEEN_AGAIN, [p.row for p in chunk if p.outcome == UNCHANGED])
    db.conn.executemany(_UPSERT, [p.row for p in chunk if p.outcome != UNCHANGED])
    add_first_versions(db, [p.row for p in chunk if p.outcome == NEW])
    for pending in chunk:
        if pending.outcome == CHANGED:
            add_version(db, pending.row, pending.seen_at)
        elif pending.outcome == UPDATED:
            refresh_current_version(db, pending.row)
