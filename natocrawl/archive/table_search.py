"""articles_fts: the index Datasette's table view searches (`articles?_search=`), sqlite-utils'
external-content FTS5 table over each article's title and body as written.

Its triggers keep it current row by row, except inside a batch of the store
(search_index.BATCH_TABLE), which indexes its chunk's changed texts at once
(archive/index_batches.py)."""

import json

import sqlite_utils

from natocrawl.archive.search_index import BATCH_TABLE, LISTED_ROWS, UNLESS_BATCHED, indexing

TABLE = "articles_fts"
COLUMNS = ("title", "body")


def _values(row: str) -> str:
    return ", ".join(f"{row}.{column}" for column in COLUMNS)


def create_triggers(db: sqlite_utils.Database) -> None:
    """The insert and update triggers (the delete trigger is sqlite-utils' own)."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {BATCH_TABLE} (batch INTEGER)")
    columns = ", ".join(COLUMNS)
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in COLUMNS)
    add = f"INSERT INTO {TABLE} (rowid, {columns}) VALUES (new.rowid, {_values('new')});"
    remove = (
        f"INSERT INTO {TABLE} ({TABLE}, rowid, {columns}) VALUES ('delete', old.rowid, {_values('old')});"
    )
    db.execute("DROP TRIGGER IF EXISTS articles_ai")
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute(f"CREATE TRIGGER articles_ai AFTER INSERT ON articles WHEN {UNLESS_BATCHED} BEGIN {add} END")
    # Only when the text changed: an upsert assigns every column, a re-crawl the same text.
    db.execute(
        f"CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles "
        f"WHEN ({changed}) AND {UNLESS_BATCHED} BEGIN {remove} {add} END"
    )


def index_rows(db: sqlite_utils.Database, rowids: list[int], delete: bool = False) -> None:
    """Index these articles' texts as they stand (or take them out, before they change)."""
    statement = indexing(TABLE, COLUMNS, ", ".join(COLUMNS), LISTED_ROWS, delete)
    db.execute(statement, {"rowids": json.dumps(rowids)})
