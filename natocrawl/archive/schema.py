"""The archive's schema: its tables, and the migrations that bring any archive to the current
one, as a sqlite-utils `Migrations` set (applied in order, each recorded in
`_sqlite_migrations`). Append only: a migration, once released, never changes.

Archives written before the set existed counted their migrations in `PRAGMA user_version`
(the position in the list below); those are recorded as applied before the set runs, and
`user_version` is still kept equal to the number applied.
"""

from datetime import UTC, datetime

import sqlite_utils
from sqlite_utils.migrations import Migrations

from natocrawl.archive import near_duplicates, search_index, search_works, table_search
from natocrawl.archive.fields import CAPTURE_FIELDS, RUN_COUNT_COLUMNS, VERSION_FIELDS
from natocrawl.archive.versions import renumber_versions
from natocrawl.archive.years import year_of

MIGRATIONS = Migrations("natocrawl")

FTS_COLUMNS = ("title", "body")
# remove_diacritics 2 folds every accent, so "securite" finds "sécurité".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

# The URL is the article's key (NOT NULL UNIQUE) but deliberately not the declared
# PRIMARY KEY: Datasette 0.65 orders a table's first page by the sort column alone and
# later pages by (sort column, primary key), so with a text key every CSV download or
# page-through of a sorted or filtered view repeated some rows and lost others. With
# rowid as the tie-breaker, first and later pages agree, because SQLite returns ties
# in rowid order (see idx_articles_published below and tests/test_datasette.py).
_CORE_TABLES = (
    """CREATE TABLE articles (
        url TEXT NOT NULL UNIQUE, title TEXT, type TEXT, lang TEXT, content_lang TEXT,
        published TEXT, updated TEXT, year INTEGER, description TEXT, body TEXT,
        word_count INTEGER, translation_url TEXT, content_hash TEXT,
        first_seen TEXT, last_seen TEXT, last_changed TEXT)""",
    """CREATE TABLE aliases (alias TEXT PRIMARY KEY, url TEXT NOT NULL, first_seen TEXT)""",
    """CREATE TABLE crawl_runs (
        id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, finish_reason TEXT,
        base_url TEXT, args TEXT,
        new INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0, aliases INTEGER NOT NULL DEFAULT 0,
        dropped INTEGER NOT NULL DEFAULT 0, dropped_by_reason TEXT NOT NULL DEFAULT '{}',
        http_errors TEXT NOT NULL DEFAULT '{}', download_errors TEXT NOT NULL DEFAULT '{}',
        pages_fetched INTEGER NOT NULL DEFAULT 0, items_stored INTEGER NOT NULL DEFAULT 0)""",
)


@MIGRATIONS()
def create_core_tables(db: sqlite_utils.Database) -> None:
    for sql in _CORE_TABLES:
        db.execute(sql)
    articles = db["articles"]
    # Facets of the Datasette table view, and dedupe by hash.
    for columns in (["type"], ["lang"], ["year"], ["lang", "content_hash"]):
        articles.create_index(columns, if_not_exists=True)
    # The default sort (newest first). DESC, so that a forward scan yields ties in
    # rowid order, which is the order Datasette's later pages assume.
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published ON articles (published DESC)")
    db["aliases"].create_index(["url"], if_not_exists=True)


@MIGRATIONS()
def enable_full_text_search(db: sqlite_utils.Database) -> None:
    db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE)
    # sqlite-utils' update trigger re-indexes on any column change; narrowed to the
    # indexed columns so that an unchanged re-crawl (only last_seen moves) or a new
    # translation link costs no FTS work.
    columns = ", ".join(FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    db.execute("DROP TRIGGER articles_au")
    db.execute(
        f"""CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, {columns}) VALUES ('delete', old.rowid, {old});
          INSERT INTO articles_fts (rowid, {columns}) VALUES (new.rowid, {new});
        END"""
    )


@MIGRATIONS()
def create_article_versions(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE article_versions (
               id INTEGER PRIMARY KEY, url TEXT NOT NULL, title TEXT, description TEXT, body TEXT,
               word_count INTEGER, content_hash TEXT, published TEXT, updated TEXT,
               valid_from TEXT, replaced_at TEXT)"""
    )
    db["article_versions"].create_index(["url"], if_not_exists=True)


@MIGRATIONS()
def create_boilerplate(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE boilerplate_pages (lang TEXT PRIMARY KEY, pages INTEGER NOT NULL)""")
    db.execute(
        """CREATE TABLE boilerplate_lines (
               lang TEXT NOT NULL, line TEXT NOT NULL, text TEXT,
               pages INTEGER NOT NULL, learned INTEGER NOT NULL, PRIMARY KEY (lang, line))"""
    )


@MIGRATIONS()
def add_transcript_and_image_columns(db: sqlite_utils.Database) -> None:
    # speakers: a JSON list of labels, as Datasette's JSON functions and facets read it
    for column in ("subtitle", "speakers", "image_url"):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")


@MIGRATIONS()
def add_capture_columns(db: sqlite_utils.Database) -> None:
    for table in ("articles", "article_versions"):
        for column in CAPTURE_FIELDS:
            db.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} {'INTEGER' if column == 'warc_offset' else 'TEXT'}"
            )


@MIGRATIONS()
def index_facets_by_date(db: sqlite_utils.Database) -> None:
    # A facet filter with the default sort must also come out in (published, rowid) order
    # without a sort step, or the first page of a CSV stream orders ties differently from
    # the pages after it (see idx_articles_published). Not `type`: `_sort=type` needs the
    # plain type index, whose ties are in rowid order; a type filter scans by date instead.
    for column in ("lang", "year", "content_lang"):
        db.execute(
            f"CREATE INDEX IF NOT EXISTS idx_articles_{column}_published "
            f"ON articles ({column}, published DESC)"
        )


@MIGRATIONS()
def keep_every_version(db: sqlite_utils.Database) -> None:
    # article_versions held earlier texts only; it now holds every text, the current one
    # included (replaced_at NULL), numbered, each with its diff against the one before.
    db.execute("ALTER TABLE article_versions ADD COLUMN version INTEGER")
    db.execute("ALTER TABLE article_versions ADD COLUMN diff TEXT")
    fields = ", ".join(("url", *VERSION_FIELDS, *CAPTURE_FIELDS))
    db.execute(f"""INSERT INTO article_versions ({fields}, valid_from)
                   SELECT {fields}, last_changed FROM articles""")
    for (url,) in db.execute("SELECT DISTINCT url FROM article_versions").fetchall():
        renumber_versions(db, url)
    db.execute("CREATE UNIQUE INDEX idx_article_versions_url_version ON article_versions (url, version)")


@MIGRATIONS()
def track_fetches_and_removals(db: sqlite_utils.Database) -> None:
    # What the portal said about each page it served (for conditional requests and sitemap
    # lastmod comparisons), and when an archived page disappeared from the portal.
    db.execute(
        """CREATE TABLE page_fetches (
               url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, sitemap_lastmod TEXT,
               fetched_at TEXT, checked_at TEXT)"""
    )
    db.execute("ALTER TABLE articles ADD COLUMN removed_at TEXT")
    for column in RUN_COUNT_COLUMNS:
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN failed_by_reason TEXT NOT NULL DEFAULT '{}'")


@MIGRATIONS()
def remember_sitemap_listings(db: sqlite_utils.Database) -> None:
    # Pages the sitemaps listed: one that a sitemap listed and lists no longer may be gone.
    db.execute("CREATE TABLE sitemap_urls (url TEXT PRIMARY KEY, last_listed TEXT NOT NULL)")


@MIGRATIONS()
def record_search_completeness(db: sqlite_utils.Database) -> None:
    # Whether a run read the whole JSON search: only then may the next one stop at known pages.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN search_complete INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def index_boilerplate_by_pages(db: sqlite_utils.Database) -> None:
    # Datasette's default sort (pages desc): the first page of a CSV stream must order ties as
    # the pages after it do (by key), or rows at a page boundary are skipped.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_boilerplate_lines_pages ON boilerplate_lines (pages DESC, lang, line)"
    )


@MIGRATIONS()
def date_events(db: sqlite_utils.Database) -> None:
    # The days an event page states (extracted from now on, and by `natocrawl reprocess`);
    # meanwhile every undated page gets the year its URL names.
    db.execute("ALTER TABLE articles ADD COLUMN event_start TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN event_end TEXT")
    undated = db.execute("SELECT rowid, url FROM articles WHERE year IS NULL").fetchall()
    for rowid, url in undated:
        db.execute("UPDATE articles SET year = ? WHERE rowid = ?", [year_of({"url": url}), rowid])
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_event_start ON articles (event_start)")
    # The home page's coverage chart and totals read only these: a scan of this index, not of
    # the table and its texts (a 100,000-page archive: 0.1 s instead of 1.4 s). Not led by
    # `published`, so that Datasette's date-ordered pages keep the indexes chosen above.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_articles_coverage "
        "ON articles (translation_url, lang, type, published, event_start, updated)"
    )


@MIGRATIONS()
def search_by_language(db: sqlite_utils.Database) -> None:
    # Stemmed English and French indexes beside articles_fts (which the table view's _search
    # keeps using): see archive/search_index.py.
    search_index.create(db)


@MIGRATIONS()
def search_works_together(db: sqlite_utils.Database) -> None:
    # One row per text and its translation, for searches in both languages: see
    # archive/search_works.py.
    search_works.create(db)


@MIGRATIONS()
def index_search_keys_by_date(db: sqlite_utils.Database) -> None:
    # A search listed newest first over many matches reads this index until it has a page.
    search_index.index_by_date(db)


@MIGRATIONS()
def index_search_in_batches(db: sqlite_utils.Database) -> None:
    # The store writes articles in batches and keeps the search indexes current once per
    # batch; their insert and update triggers stand aside meanwhile (search_index.BATCH_TABLE).
    table_search.create_triggers(db)
    search_index.create_triggers(db)
    search_works.create_triggers(db)


@MIGRATIONS()
def count_boilerplate_per_url(db: sqlite_utils.Database) -> None:
    # The URLs the boilerplate counts are taken over (64-bit keys: a crawl holds the new ones
    # in memory), each with a digest of the lines it was counted with: a page fetched again
    # unchanged is not counted again (archive/boilerplate.py).
    db.execute(
        "CREATE TABLE IF NOT EXISTS boilerplate_urls "
        "(url_key INTEGER PRIMARY KEY, lines_digest INTEGER NOT NULL) WITHOUT ROWID"
    )


@MIGRATIONS()
def link_near_duplicates(db: sqlite_utils.Database) -> None:
    # Texts that differ only by furniture or a note, linked (archive/near_duplicates.py); the
    # texts archived before are filed and linked now.
    near_duplicates.create(db)
    found_at = datetime.now(UTC).isoformat(timespec="seconds")
    last = 0
    while rows := db.execute(  # a page of texts at a time: an archive's bodies do not fit in memory
        "SELECT rowid, lang, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000", [last]
    ).fetchall():
        near_duplicates.link(db, rows, found_at)
        last = rows[-1][0]


def _schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _adopt_numbered_archive(db: sqlite_utils.Database) -> None:
    """An archive from before the Migrations set: its first `user_version` migrations are done."""
    table = db[Migrations.migrations_table]
    if table.exists() or not _schema_version(db):
        return
    done = MIGRATIONS.pending(db)[: _schema_version(db)]  # with no record yet, all are pending
    MIGRATIONS.ensure_migrations_table(db)
    applied_at = str(datetime.now(UTC))
    table.insert_all(
        {"migration_set": MIGRATIONS.name, "name": migration.name, "applied_at": applied_at}
        for migration in done
    )


def is_versioned(db: sqlite_utils.Database) -> bool:
    """Whether `db` records a schema version of ours (a table of that name alone is not enough)."""
    return db[Migrations.migrations_table].exists() or _schema_version(db) > 0


def is_current(db: sqlite_utils.Database) -> bool:
    """Whether `db` has every migration, recorded as the Migrations set does (read only)."""
    return db[Migrations.migrations_table].exists() and not MIGRATIONS.pending(db)


def is_pending(db: sqlite_utils.Database) -> bool:
    """Whether `db` lacks a migration (read only)."""
    if not db[Migrations.migrations_table].exists():
        return _schema_version(db) < len(MIGRATIONS.pending(db))
    return bool(MIGRATIONS.pending(db))


def migrate(db: sqlite_utils.Database) -> None:
    """Bring `db` to the current schema; the caller holds the write lock."""
    _adopt_numbered_archive(db)
    if not MIGRATIONS.pending(db):
        return
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS.applied(db))}")
