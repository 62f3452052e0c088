"""The search indexes kept current for a chunk of article writes at once
(archive/article_batches.py): the table view's articles_fts, the per-language tables, the
search keys and the works' rows, as their triggers would keep them row by row
(archive/table_search.py, archive/search_index.py, archive/search_works.py).

While the batch is open its row in search_index.BATCH_TABLE makes those triggers stand aside.
Opening it takes out what will change, as the archive stands before the writes (contentless
rows are deleted by restating them); finishing it writes it again from the archive after
them. A work is touched by a page whose text, language, URL or translation link changes, and
so is the work of that page's translation, which the page may join or leave."""

import json
from collections.abc import Iterable, Sequence
from typing import Protocol

import sqlite_utils

from natocrawl.archive import search_index, search_works, table_search


class Write(Protocol):
    """A page about to be written: its URL, its archived row (or None), the row it will have
    (every column the indexes are made of), and its translation's URL when archived."""

    url: str
    old: dict | None
    row: dict
    partner: str | None


def rows_by_url(db: sqlite_utils.Database, urls: Sequence[str]) -> dict[str, dict]:
    """The archived rows of these URLs, each with its `rowid`, by URL."""
    rows = db.query(
        "SELECT rowid, * FROM articles WHERE url IN (SELECT value FROM json_each(?))", [json.dumps(urls)]
    )
    return {row["url"]: row for row in rows}


def rowids_by_url(db: sqlite_utils.Database, urls: Iterable[str]) -> dict[str, int]:
    rows = db.execute(
        "SELECT url, rowid FROM articles WHERE url IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(urls))],
    )
    return dict(rows.fetchall())


def _changes(write: Write, columns: Iterable[str]) -> bool:
    return write.old is None or any(write.old[column] != write.row[column] for column in columns)


class IndexBatch:
    """Open (take out what the writes change) before the writes; `finish` after them."""

    def __init__(self, db: sqlite_utils.Database, writes: list, archived: dict[str, dict], relinked: list):
        """`archived`: the rows of the writes' URLs and of their translations, before the
        writes; `relinked`: the writes whose archived translation will be pointed at them."""
        self.db = db
        moved = [w for w in writes if _changes(w, search_works.WORK_SOURCES)]
        linked = moved + relinked
        self.touched = {w.url for w in linked} | {w.partner for w in linked if w.partner}
        self.all_keys = {w.url for w in moved} | {w.partner for w in relinked}
        dated = {w.url for w in writes if _changes(w, search_works.DATE_SOURCES)}
        self.date_keys = dated - self.all_keys
        self.texts = {w.url for w in writes if _changes(w, search_index.TEXT_SOURCES)}
        # Pages only seen again change no index: their writes need no batch around them.
        self.needed = bool(self.touched or self.texts or self.date_keys)
        if not self.needed:
            return
        db.execute(f"INSERT INTO {search_index.BATCH_TABLE} (batch) VALUES (1)")
        before = [archived[url]["rowid"] for url in self.touched if url in archived]
        self.works = search_works.works_of(db, before)
        search_works.erase(db, self.works)
        old_texts = [archived[url]["rowid"] for url in self.texts if url in archived]
        search_index.index_rows(db, old_texts, delete=True)
        table_search.index_rows(db, old_texts, delete=True)

    def finish(self) -> None:
        if not self.needed:
            return
        db = self.db
        rowids = rowids_by_url(db, self.touched | self.texts | self.date_keys)
        search_index.set_keys(db, [rowids[url] for url in self.all_keys])
        search_index.set_keys(db, [rowids[url] for url in self.date_keys], dates_only=True)
        texts = [rowids[url] for url in self.texts]
        search_index.index_rows(db, texts)
        table_search.index_rows(db, texts)
        works = self.works | search_works.works_of(db, [rowids[url] for url in self.touched])
        search_works.write(db, works)
        db.execute(f"DELETE FROM {search_index.BATCH_TABLE}")
