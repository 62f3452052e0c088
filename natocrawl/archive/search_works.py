"""The bilingual search index: one FTS5 row per text (a page and its translation, the
search keys' `work`), holding each language's words in columns of its own (en_title,
en_body, en_title_words, …, fr_body_words, as archive/search_index.py's per-language
tables hold them).

A search in both languages is then one FTS5 query whose count is the number of texts and
whose bm25 ranks texts, not pages: grouping tens of thousands of per-page matches into
texts in SQL cost five to ten times the search itself on a 100,000-page archive.

A row is its work's pages' texts, joined. The table is contentless, so a row is deleted by
restating what it holds; the triggers restate it from the archive as it stands before the
write (BEFORE triggers, or leaving out the row just inserted), which is exactly what the
row was made from, and write it again after. `articles_search_pending` carries the works a
write touches from its BEFORE trigger to its AFTER trigger, and is empty between writes.
The search keys are kept in the same AFTER triggers, first: a row's work must be current
before its text is written under it.
"""

import json

import sqlite_utils

from natocrawl.archive.search_index import (
    COLUMNS,
    DATE_KEYS,
    KEYS_TABLE,
    LANGUAGE_OF,
    LISTED_ROWS,
    TOKENIZE,
    UNLESS_BATCHED,
    key_values,
)
from natocrawl.archive.stems import LANGUAGES

WORKS_TABLE = "articles_search_works"
PENDING_TABLE = "articles_search_pending"
WORK_COLUMNS = tuple(f"{lang}_{column}" for lang in LANGUAGES for column in COLUMNS)
# What a work's row is made of: its pages' texts and languages, and which pages it has.
WORK_SOURCES = ("title", "body", "lang", "content_lang", "url", "translation_url")
# What only the search keys are made of (their DATE_KEYS; not the work, which changes only
# with the row's text, as its row in the index does).
DATE_SOURCES = ("published", "event_start", "type")


def _texts(where: str) -> str:
    """SELECT work, then its row's values, for the works of the keys `k` chosen by `where`."""
    language = LANGUAGE_OF.format(row="a")
    values = []
    for lang in LANGUAGES:
        title, body = (
            f"group_concat(CASE WHEN {language} = '{lang}' THEN a.{column} END, char(10))"
            for column in ("title", "body")
        )
        values += [f"natocrawl_stems('{lang}', {title})", f"natocrawl_stems('{lang}', {body})", title, body]
    return (
        f"SELECT k.work, {', '.join(values)} FROM {KEYS_TABLE} k JOIN articles a ON a.rowid = k.rowid "
        f"WHERE {where} GROUP BY k.work"
    )


def _write(where: str) -> str:
    return f"INSERT INTO {WORKS_TABLE} (rowid, {', '.join(WORK_COLUMNS)}) {_texts(where)};\n"


def _erase(where: str) -> str:
    """Delete the rows of the works chosen by `where`, restating what they were made from."""
    return (
        f"INSERT INTO {WORKS_TABLE} ({WORKS_TABLE}, rowid, {', '.join(WORK_COLUMNS)}) "
        f"SELECT 'delete', * FROM ({_texts(where)});\n"
    )


def _on_update_of(columns: tuple[str, ...]) -> str:
    """`UPDATE OF these columns ON articles WHEN one of them changed` (outside a batch). The
    column list matters: a trigger without one is compiled for every UPDATE of articles, and
    this one's calls natocrawl_stems, which a connection that only marks a row (removed_at)
    need not have."""
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)
    return f"UPDATE OF {', '.join(columns)} ON articles WHEN ({changed}) AND {UNLESS_BATCHED}"


_PENDING_WORKS = f"(SELECT work FROM {PENDING_TABLE})"
_PENDING = f"k.work IN {_PENDING_WORKS}"
_OLD_WORK = f"(SELECT work FROM {KEYS_TABLE} WHERE rowid = old.rowid)"
_NEW_WORK = f"(SELECT work FROM {KEYS_TABLE} WHERE rowid = new.rowid)"


def _triggers() -> dict[str, str]:
    keys = key_values("new")
    insert_keys = (
        f"INSERT INTO {KEYS_TABLE} (rowid, {', '.join(keys)}) "
        f"VALUES (new.rowid, {', '.join(keys.values())});\n"
    )
    update_keys, update_dates = (
        f"UPDATE {KEYS_TABLE} SET {', '.join(f'{name} = {keys[name]}' for name in names)} "
        "WHERE rowid = new.rowid;\n"
        for names in (keys, DATE_KEYS)
    )
    delete_keys = f"DELETE FROM {KEYS_TABLE} WHERE rowid = old.rowid;\n"
    leave = f"INSERT INTO {PENDING_TABLE} (work) SELECT {_OLD_WORK};\n{_erase(_PENDING)}"
    # The work a row joins, as it was before the row joined it (unless it is the one it left).
    joined = f"k.work = {_NEW_WORK} AND k.rowid != new.rowid AND NOT {_NEW_WORK} IN {_PENDING_WORKS}"
    join = f"{_erase(joined)}INSERT INTO {PENDING_TABLE} (work) SELECT {_NEW_WORK};\n"
    flush = f"{_write(_PENDING)}DELETE FROM {PENDING_TABLE};\n"
    text_update = _on_update_of(WORK_SOURCES)
    return {
        "ai": f"AFTER INSERT ON articles WHEN {UNLESS_BATCHED} BEGIN\n{insert_keys}{join}{flush}END",
        "bd": f"BEFORE DELETE ON articles BEGIN\n{leave}END",
        "ad": f"AFTER DELETE ON articles BEGIN\n{delete_keys}{flush}END",
        "bu": f"BEFORE {text_update} BEGIN\n{leave}END",
        "au": f"AFTER {text_update} BEGIN\n{update_keys}{join}{flush}END",
        # A date or type: the keys change (again, if the text changed too), the texts do not.
        "au_keys": f"AFTER {_on_update_of(DATE_SOURCES)} BEGIN\n{update_dates}END",
    }


def create(db: sqlite_utils.Database) -> None:
    """The table, its pending list and triggers (which take over the search keys' own), filled."""
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORKS_TABLE} USING fts5("
        f"{', '.join(WORK_COLUMNS)}, content='', tokenize='{TOKENIZE}')"
    )
    db.execute(f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (work INTEGER)")
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_articles_search_keys_work ON {KEYS_TABLE} (work)")
    for name in ("ai", "ad", "au"):
        db.execute(f"DROP TRIGGER IF EXISTS articles_search_keys_{name}")
    create_triggers(db)
    rebuild(db)


def create_triggers(db: sqlite_utils.Database) -> None:
    """The table's triggers (made again if they exist)."""
    for name, body in _triggers().items():
        db.execute(f"DROP TRIGGER IF EXISTS articles_search_works_{name}")
        db.execute(f"CREATE TRIGGER articles_search_works_{name} {body}")


_LISTED_WORKS = "k.work IN (SELECT value FROM json_each(:works))"


def works_of(db: sqlite_utils.Database, rowids: list[int]) -> set[int]:
    """The works these articles belong to, as the search keys stand."""
    return {
        work
        for (work,) in db.execute(
            f"SELECT DISTINCT work FROM {KEYS_TABLE} WHERE {LISTED_ROWS}", {"rowids": json.dumps(rowids)}
        )
    }


def erase(db: sqlite_utils.Database, works: set[int]) -> None:
    """Take these works' rows out, restating them from the archive as it stands (so before
    their pages change)."""
    db.execute(_erase(_LISTED_WORKS).rstrip(";\n"), {"works": json.dumps(sorted(works))})


def write(db: sqlite_utils.Database, works: set[int]) -> None:
    """These works' rows, made from the archive and the search keys as they stand."""
    db.execute(_write(_LISTED_WORKS).rstrip(";\n"), {"works": json.dumps(sorted(works))})


def rebuild(db: sqlite_utils.Database) -> None:
    """Every work's row made afresh from the search keys (which must be current)."""
    db.execute(f"INSERT INTO {WORKS_TABLE} ({WORKS_TABLE}) VALUES ('delete-all')")
    db.execute(_write("1").rstrip(";\n"))
