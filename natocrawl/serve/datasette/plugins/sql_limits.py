"""Datasette plugin of the archive: a visitor's SQL reads the archive and nothing else.

Anyone may run SQL on the archive, so Datasette's connections (only they: the crawler's own
connections never see this plugin) refuse what reaches past the data: fts3_tokenizer()
hands out a pointer into the server's memory, load_extension() would run native code, the
database_list pragma shows the file's place on disk, and randomblob() or zeroblob() would
allocate whatever size is asked (500 MB in one request). Refusals are SQL errors, which
Datasette shows as a 400 with SQLite's message."""

import os
import re
import sqlite3

from datasette import handle_exception as default_errors
from datasette import hookimpl
from datasette.views.base import DatasetteError

DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})
DENIED_PRAGMAS = frozenset({"database_list"})
# Research has no use for random or zero blobs bigger than this.
BLOB_CAP = 1024 * 1024
# The longest string or blob a statement may read or make (printf, replace, group_concat…),
# instead of SQLite's 1 GB; a page's text is far shorter (downloads stop at 10 MiB, and the
# longest text archived so far is 62 MB).
LENGTH_LIMIT = 128 * 1024 * 1024
# What SQLite answers a refused statement with (a denied pragma, a value too long).
REFUSALS = frozenset({"SQLITE_AUTH", "SQLITE_TOOBIG"})
_LEADING_NUMBER = re.compile(r"\s*[+-]?\d+")


def authorize(action, first, second, _database, _trigger):
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and (first or "").lower() in DENIED_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def blob_size(value) -> int:
    """The size SQLite would read from `value` (an integer, or a number's leading digits)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        match = _LEADING_NUMBER.match(value)
        value = int(match.group()) if match else 0
    if isinstance(value, float):
        value = int(value) if value == value and abs(value) != float("inf") else 0
    size = value if isinstance(value, int) else 0
    if size > BLOB_CAP:
        # OverflowError is what Python's sqlite3 reports as SQLite's own "string or blob too big".
        raise OverflowError(f"blobs are limited to {BLOB_CAP} bytes")
    return size


def randomblob(size):
    return os.urandom(max(blob_size(size), 1))


def zeroblob(size):
    return bytes(max(blob_size(size), 0))


@hookimpl
def prepare_connection(conn):
    conn.create_function("randomblob", 1, randomblob)
    conn.create_function("zeroblob", 1, zeroblob, deterministic=True)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
    conn.set_authorizer(authorize)


@hookimpl
def startup(datasette):
    # Datasette's database page asks the pragma refused above for attached databases; the
    # archive is served alone, with none.
    for database in datasette.databases.values():
        database.attached_databases = no_attached_databases


async def no_attached_databases():
    return []


@hookimpl
def handle_exception(datasette, request, exception):
    # Datasette answers SQL errors with a 400 on query pages, but a table page's `_where=`
    # reaches SQLite too, and there only an OperationalError makes a 400, a refusal a 500.
    if isinstance(exception, sqlite3.Error) and getattr(exception, "sqlite_errorname", None) in REFUSALS:
        refused = DatasetteError(str(exception), title="Refused SQL", status=400)
        return default_errors.handle_exception(datasette, request, refused)
    return None
