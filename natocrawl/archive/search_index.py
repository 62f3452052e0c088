"""The language-aware search index: one FTS5 table per language (articles_search_en,
articles_search_fr), each row an article whose text is in that language.

Each table has four columns: `title` and `body` hold the words' stems (archive/stems.py), so
a word finds its other forms; `title_words` and `body_words` hold the words as written
(case and accents folded by the tokenizer), for exact phrases and prefixes. The tables are
contentless (the text stays in `articles` only); SQL triggers keep them current on every
write through `natocrawl_stems`, which a writing connection must have (open_archive
registers it). A page is indexed under the language of its text (`content_lang`, when that
is English or French; else its portal language), so a French search never meets an English
text on a French URL.

Contentless rows are deleted by restating their terms, which the triggers recompute from
the old row: they must come out as when indexed. The rules that made the index are recorded
(STEMMER_ID), and an index made under other ones is rebuilt when the archive is opened.
"""

import json

import sqlite_utils

from natocrawl.archive.stems import LANGUAGES, STEMMER_ID

COLUMNS = ("title", "body", "title_words", "body_words")
TOKENIZE = "unicode61 remove_diacritics 2"
CONFIG_TABLE = "articles_search_config"
# What a search filters and orders its matches by, and which pages make one text (`work`,
# the rows of archive/search_works.py), one narrow row per article: read from articles,
# these would cost a walk past each body (its columns come after the text).
KEYS_TABLE = "articles_search_keys"
_KEYS = {
    # A page and its translation share a key: the lesser of their two rowids, set when the
    # page is written (a page whose translation is deleted later keeps it until a rebuild).
    "work": "min({row}.rowid, coalesce("
    "(SELECT p.rowid FROM articles p WHERE p.url = {row}.translation_url), {row}.rowid))",
    # The date a page is filed under: of publication, else its event's first day.
    "sort_date": "coalesce({row}.published, {row}.event_start)",
    "type": "{row}.type",
}
DATE_KEYS = ("sort_date", "type")
_KEY_SOURCES = ("url", "translation_url", "published", "event_start", "type")
# The columns a page's entry in its language's table is made of.
TEXT_SOURCES = ("title", "body", "lang", "content_lang")
# Date order over many matches reads the keys newest first (archive/search.py); ties by work.
DATE_INDEX = "idx_articles_search_keys_date"
# The article's text language, as the index files it (text_language says the same in Python).
LANGUAGE_OF = "CASE WHEN {row}.content_lang IN ('en', 'fr') THEN {row}.content_lang ELSE {row}.lang END"
# While this table has a row (inside one write transaction of archive/article_batches.py),
# the triggers that keep the indexes current on inserts and updates leave them to that
# writer, which brings them up to date once per batch instead of once per row.
BATCH_TABLE = "articles_search_batch"
UNLESS_BATCHED = f"NOT EXISTS (SELECT 1 FROM {BATCH_TABLE})"
# Rows listed in a JSON array bound as :rowids.
LISTED_ROWS = "rowid IN (SELECT value FROM json_each(:rowids))"


def text_language(content_lang: str | None, lang: str | None) -> str | None:
    """The language a page's text is searched and highlighted in: that of its text when it is
    English or French, else its portal language (as LANGUAGE_OF files it)."""
    return content_lang if content_lang in LANGUAGES else lang


def table_name(lang: str) -> str:
    return f"articles_search_{lang}"


def _values(lang: str, row: str) -> str:
    return (
        f"natocrawl_stems('{lang}', {row}.title), natocrawl_stems('{lang}', {row}.body), "
        f"{row}.title, {row}.body"
    )


def _add(row: str) -> str:
    return "".join(
        f"INSERT INTO {table_name(lang)} (rowid, {', '.join(COLUMNS)}) "
        f"SELECT {row}.rowid, {_values(lang, row)} WHERE {LANGUAGE_OF.format(row=row)} = '{lang}';\n"
        for lang in LANGUAGES
    )


def _remove(row: str) -> str:
    return "".join(
        f"INSERT INTO {table_name(lang)} ({table_name(lang)}, rowid, {', '.join(COLUMNS)}) "
        f"SELECT 'delete', {row}.rowid, {_values(lang, row)} "
        f"WHERE {LANGUAGE_OF.format(row=row)} = '{lang}';\n"
        for lang in LANGUAGES
    )


def indexing(table: str, columns, values: str, where: str, delete: bool = False) -> str:
    """The statement that indexes the articles chosen by `where` in the FTS5 `table`, its
    `columns` made of `values` (SQL over articles); or, restating them as they were indexed,
    takes them out (the only way out of a contentless or external-content index)."""
    into, what = (f"{table}, rowid", "'delete', rowid") if delete else ("rowid", "rowid")
    return (
        f"INSERT INTO {table} ({into}, {', '.join(columns)}) "
        f"SELECT {what}, {values} FROM articles WHERE {where}"
    )


def _indexing(lang: str, where: str, delete: bool = False) -> str:
    """Index (or take out of the index) the articles of `lang` chosen by `where`."""
    in_lang = f"{where} AND {LANGUAGE_OF.format(row='articles')} = '{lang}'"
    return indexing(table_name(lang), COLUMNS, _values(lang, "articles"), in_lang, delete)


def index_rows(db: sqlite_utils.Database, rowids: list[int], delete: bool = False) -> None:
    """Index these articles as they stand (or take them out, before their text changes)."""
    for lang in LANGUAGES:
        db.execute(_indexing(lang, LISTED_ROWS, delete), {"rowids": json.dumps(rowids)})


def create(db: sqlite_utils.Database) -> None:
    """The tables, their triggers and the record of their rules; then every article indexed."""
    for lang in LANGUAGES:
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table_name(lang)} USING fts5("
            f"{', '.join(COLUMNS)}, content='', tokenize='{TOKENIZE}')"
        )
    db.execute(f"CREATE TABLE IF NOT EXISTS {CONFIG_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    create_triggers(db)
    _create_keys(db)
    rebuild(db)


def create_triggers(db: sqlite_utils.Database) -> None:
    """The triggers of the per-language tables (made again if they exist)."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {BATCH_TABLE} (batch INTEGER)")
    for name in ("ai", "ad", "au"):
        db.execute(f"DROP TRIGGER IF EXISTS articles_search_{name}")
    db.execute(
        f"CREATE TRIGGER articles_search_ai AFTER INSERT ON articles WHEN {UNLESS_BATCHED} "
        f"BEGIN\n{_add('new')}END"
    )
    db.execute(f"CREATE TRIGGER articles_search_ad AFTER DELETE ON articles BEGIN\n{_remove('old')}END")
    # Only when what the index holds changes: a re-crawl that rewrites the same text (the
    # upsert assigns every column) costs no stemming.
    db.execute(
        "CREATE TRIGGER articles_search_au AFTER UPDATE OF title, body, lang, content_lang ON articles "
        f"WHEN ({_changed(TEXT_SOURCES)}) AND {UNLESS_BATCHED} BEGIN\n{_remove('old')}{_add('new')}END"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)


def key_values(row: str) -> dict[str, str]:
    """Each search key's SQL expression for the articles row `row` (new, old, articles)."""
    return {name: expression.format(row=row) for name, expression in _KEYS.items()}


def _keys(row: str) -> str:
    return ", ".join(key_values(row).values())


def _create_keys(db: sqlite_utils.Database) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
        "(rowid INTEGER PRIMARY KEY, work INTEGER, sort_date TEXT, type TEXT)"
    )
    columns = ", ".join(_KEYS)
    db.execute(
        f"CREATE TRIGGER articles_search_keys_ai AFTER INSERT ON articles BEGIN "
        f"INSERT INTO {KEYS_TABLE} (rowid, {columns}) VALUES (new.rowid, {_keys('new')}); END"
    )
    db.execute(
        f"CREATE TRIGGER articles_search_keys_ad AFTER DELETE ON articles BEGIN "
        f"DELETE FROM {KEYS_TABLE} WHERE rowid = old.rowid; END"
    )
    db.execute(
        # UPDATE, not INSERT OR REPLACE: a trigger takes the conflict policy of the statement
        # that fired it, and the store's upsert (ON CONFLICT DO UPDATE) would make it ABORT.
        "CREATE TRIGGER articles_search_keys_au AFTER UPDATE OF url, translation_url, published, "
        f"event_start, type ON articles WHEN {_changed(_KEY_SOURCES)} BEGIN UPDATE {KEYS_TABLE} SET "
        + ", ".join(f"{name} = {expression.format(row='new')}" for name, expression in _KEYS.items())
        + " WHERE rowid = new.rowid; END"
    )


def set_keys(db: sqlite_utils.Database, rowids: list[int], dates_only: bool = False) -> None:
    """These articles' search keys as they stand; with `dates_only`, their date and type alone
    (their work changes only with their text, as the triggers keep it)."""
    values = key_values("a")
    if dates_only:
        names = ", ".join(DATE_KEYS)
        db.execute(
            f"UPDATE {KEYS_TABLE} SET ({names}) = (SELECT {', '.join(values[n] for n in DATE_KEYS)} "
            f"FROM articles a WHERE a.rowid = {KEYS_TABLE}.rowid) WHERE {LISTED_ROWS}",
            {"rowids": json.dumps(rowids)},
        )
        return
    db.execute(
        f"INSERT OR REPLACE INTO {KEYS_TABLE} (rowid, {', '.join(values)}) "
        f"SELECT a.rowid, {', '.join(values.values())} FROM articles a WHERE a.{LISTED_ROWS}",
        {"rowids": json.dumps(rowids)},
    )


def index_by_date(db: sqlite_utils.Database) -> None:
    db.execute(f"CREATE INDEX IF NOT EXISTS {DATE_INDEX} ON {KEYS_TABLE} (sort_date DESC, work)")


def rebuild(db: sqlite_utils.Database) -> None:
    """Every article indexed afresh, under the current rules."""
    for lang in LANGUAGES:
        db.execute(f"INSERT INTO {table_name(lang)} ({table_name(lang)}) VALUES ('delete-all')")
        db.execute(_indexing(lang, "1"))
    db.execute(f"DELETE FROM {KEYS_TABLE}")
    db.execute(
        f"INSERT INTO {KEYS_TABLE} (rowid, {', '.join(_KEYS)}) "
        f"SELECT rowid, {_keys('articles')} FROM articles"
    )
    db.execute(f"INSERT OR REPLACE INTO {CONFIG_TABLE} (key, value) VALUES ('stemmer', ?)", [STEMMER_ID])


def is_current(db: sqlite_utils.Database) -> bool:
    """Whether the index was made under the rules this code stems queries with."""
    if not db[CONFIG_TABLE].exists():
        return False
    row = db.execute(f"SELECT value FROM {CONFIG_TABLE} WHERE key = 'stemmer'").fetchone()
    return row is not None and row[0] == STEMMER_ID
