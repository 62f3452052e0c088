"""The archive: one SQLite file, its schema and migrations, and every write to it.

The crawler writes while Datasette reads, so the file is in WAL mode, every write is
one short `BEGIN IMMEDIATE` transaction (the write lock is taken before the row is
read, so two writers queue on the busy timeout instead of failing on a stale
snapshot), and the full-text index is kept current by triggers.
"""

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import sqlite_utils

from natocrawl.urls import translation_url
from natocrawl.archive.versions import VERSION_FIELDS, text_diff

BUSY_TIMEOUT_MS = 15_000

# Provenance of a row: the WARC record it was extracted from and the extractor that did it.
CAPTURE_FIELDS = (
    "warc_file", "warc_offset", "warc_record_id", "warc_payload_digest", "captured_at", "extractor_version",
)  # fmt: skip

# Researcher-facing order: what an article is first, then its text, then bookkeeping (columns
# added by later migrations follow, in the order they were added).
ARTICLE_COLUMNS = (
    "url", "title", "type", "lang", "content_lang", "published", "updated", "year",
    "description", "body", "word_count", "translation_url", "content_hash",
    "first_seen", "last_seen", "last_changed", "subtitle", "speakers", "image_url", *CAPTURE_FIELDS,
    "removed_at",
)  # fmt: skip

# Fields the extractor provides; a difference in any of them makes an upsert "updated".
EXTRACTED_FIELDS = (
    "lang", "content_lang", "type", "title", "subtitle", "published", "updated",
    "description", "speakers", "image_url", "body", "word_count", "content_hash",
)  # fmt: skip

# A change in these is a change of the text itself: it moves last_changed and starts a
# new row in article_versions (with a diff against the one before).
TEXT_FIELDS = ("content_hash", "title")

# Outcomes of upsert_article, as counted in crawl_runs.
NEW, CHANGED, UPDATED, UNCHANGED = "new", "changed", "updated", "unchanged"

FTS_COLUMNS = ("title", "body")
# remove_diacritics 2 folds every accent, so "securite" finds "sécurité".
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

# The URL is the article's key (NOT NULL UNIQUE) but deliberately not the declared
# PRIMARY KEY: Datasette 0.65 orders a table's first page by the sort column alone and
# later pages by (sort column, primary key), so with a text key every CSV download or
# page-through of a sorted or filtered view repeated some rows and lost others. With
# rowid as the tie-breaker, first and later pages agree, because SQLite returns ties
# in rowid order (see idx_articles_published below and tests/test_datasette.py).
_ARTICLES_SQL = """
CREATE TABLE articles (
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    type TEXT,
    lang TEXT,
    content_lang TEXT,
    published TEXT,
    updated TEXT,
    year INTEGER,
    description TEXT,
    body TEXT,
    word_count INTEGER,
    translation_url TEXT,
    content_hash TEXT,
    first_seen TEXT,
    last_seen TEXT,
    last_changed TEXT
)"""

_ALIASES_SQL = """
CREATE TABLE aliases (
    alias TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    first_seen TEXT
)"""

_CRAWL_RUNS_SQL = """
CREATE TABLE crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT,
    finished_at TEXT,
    finish_reason TEXT,
    base_url TEXT,
    args TEXT,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    aliases INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0,
    dropped_by_reason TEXT NOT NULL DEFAULT '{}',
    http_errors TEXT NOT NULL DEFAULT '{}',
    download_errors TEXT NOT NULL DEFAULT '{}',
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    items_stored INTEGER NOT NULL DEFAULT 0
)"""

_ARTICLE_VERSIONS_SQL = """
CREATE TABLE article_versions (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    title TEXT,
    description TEXT,
    body TEXT,
    word_count INTEGER,
    content_hash TEXT,
    published TEXT,
    updated TEXT,
    valid_from TEXT,
    replaced_at TEXT
)"""


# --- migrations: append only; the position in the list is the schema version ---


def _create_core_tables(db: sqlite_utils.Database) -> None:
    for sql in (_ARTICLES_SQL, _ALIASES_SQL, _CRAWL_RUNS_SQL):
        db.execute(sql)
    articles = db["articles"]
    # Facets of the Datasette table view, and dedupe by hash.
    for columns in (["type"], ["lang"], ["year"], ["lang", "content_hash"]):
        articles.create_index(columns, if_not_exists=True)
    # The default sort (newest first). DESC, so that a forward scan yields ties in
    # rowid order, which is the order Datasette's later pages assume.
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published ON articles (published DESC)")
    db["aliases"].create_index(["url"], if_not_exists=True)


def _enable_full_text_search(db: sqlite_utils.Database) -> None:
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


def _create_article_versions(db: sqlite_utils.Database) -> None:
    db.execute(_ARTICLE_VERSIONS_SQL)
    db["article_versions"].create_index(["url"], if_not_exists=True)


def _create_boilerplate(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE boilerplate_pages (lang TEXT PRIMARY KEY, pages INTEGER NOT NULL)""")
    db.execute(
        """CREATE TABLE boilerplate_lines (
               lang TEXT NOT NULL, line TEXT NOT NULL, text TEXT, pages INTEGER NOT NULL, learned INTEGER NOT NULL,
               PRIMARY KEY (lang, line))"""
    )


def _add_capture_columns(db: sqlite_utils.Database) -> None:
    for table in ("articles", "article_versions"):
        for column in CAPTURE_FIELDS:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {'INTEGER' if column == 'warc_offset' else 'TEXT'}")


def _add_transcript_and_image_columns(db: sqlite_utils.Database) -> None:
    # speakers: a JSON list of labels, as Datasette's JSON functions and facets read it
    for column in ("subtitle", "speakers", "image_url"):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")


def _index_facets_by_date(db: sqlite_utils.Database) -> None:
    # A facet filter with the default sort must also come out in (published, rowid) order
    # without a sort step, or the first page of a CSV stream orders ties differently from
    # the pages after it (see idx_articles_published). Not `type`: `_sort=type` needs the
    # plain type index, whose ties are in rowid order; a type filter scans by date instead.
    for column in ("lang", "year", "content_lang"):
        db.execute(f"CREATE INDEX IF NOT EXISTS idx_articles_{column}_published ON articles ({column}, published DESC)")


def _keep_every_version(db: sqlite_utils.Database) -> None:
    # article_versions held earlier texts only; it now holds every text, the current one
    # included (replaced_at NULL), numbered, each with its diff against the one before.
    db.execute("ALTER TABLE article_versions ADD COLUMN version INTEGER")
    db.execute("ALTER TABLE article_versions ADD COLUMN diff TEXT")
    fields = ", ".join(("url", *VERSION_FIELDS, *CAPTURE_FIELDS))
    db.execute(f"""INSERT INTO article_versions ({fields}, valid_from)
                   SELECT {fields}, last_changed FROM articles""")
    for (url,) in db.execute("SELECT DISTINCT url FROM article_versions").fetchall():
        _renumber_versions(db, url)
    db.execute("CREATE UNIQUE INDEX idx_article_versions_url_version ON article_versions (url, version)")


def _track_fetches_and_removals(db: sqlite_utils.Database) -> None:
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


def _remember_sitemap_listings(db: sqlite_utils.Database) -> None:
    # Pages the sitemaps listed: one that a sitemap listed and lists no longer may be gone.
    db.execute("CREATE TABLE sitemap_urls (url TEXT PRIMARY KEY, last_listed TEXT NOT NULL)")


def _record_search_completeness(db: sqlite_utils.Database) -> None:
    # Whether a run read the whole JSON search: only then may the next one stop at known pages.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN search_complete INTEGER NOT NULL DEFAULT 0")


# Counts added to crawl_runs with incremental crawling.
RUN_COUNT_COLUMNS = ("changed", "removed", "not_modified", "skipped", "failed", "http_403", "http_429")

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _create_core_tables,
    _enable_full_text_search,
    _create_article_versions,
    _create_boilerplate,
    _add_transcript_and_image_columns,
    _add_capture_columns,
    _index_facets_by_date,
    _keep_every_version,
    _track_fetches_and_removals,
    _remember_sitemap_listings,
    _record_search_completeness,
]


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    if db.conn.in_transaction:
        # The caller batches several writes in its own transaction (`with db.atomic():`).
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def _schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _migrate(db: sqlite_utils.Database) -> None:
    for version, migration in enumerate(MIGRATIONS, start=1):
        if _schema_version(db) >= version:
            continue
        with write_transaction(db):
            # Re-read under the write lock: another process may have migrated meanwhile.
            if _schema_version(db) < version:
                migration(db)
                db.execute(f"PRAGMA user_version = {version}")


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """The archive at `path`, created or migrated to the current schema, in WAL mode."""
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    _migrate(db)
    return db


# --- articles ---


def _year(article: Mapping) -> int | None:
    for field in ("published", "updated"):
        value = article.get(field)
        if value:
            try:
                return int(str(value)[:4])
            except ValueError:
                continue
    return None


def _fetch_article(db: sqlite_utils.Database, url: str) -> dict | None:
    cursor = db.execute("SELECT * FROM articles WHERE url = ?", [url])
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row))


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
    exists = db.execute("SELECT 1 FROM articles WHERE url = ?", [partner]).fetchone()
    return partner if exists else None


def _latest_version(db: sqlite_utils.Database, url: str) -> dict | None:
    """`url`'s last version, current or closed (a record folded away keeps closed ones)."""
    cursor = db.execute("SELECT * FROM article_versions WHERE url = ? ORDER BY version DESC LIMIT 1", [url])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def _add_version(db: sqlite_utils.Database, row: Mapping, valid_from: str) -> None:
    """A new current version of `row`'s article, numbered after the last one, which is closed."""
    previous = _latest_version(db, row["url"])
    if previous is not None and previous["replaced_at"] is None:
        db.execute("UPDATE article_versions SET replaced_at = ? WHERE id = ?", [valid_from, previous["id"]])
    version = {field: row.get(field) for field in ("url", *VERSION_FIELDS, *CAPTURE_FIELDS)}
    version.update(version=previous["version"] + 1 if previous else 1, valid_from=valid_from,
                   diff=text_diff(previous, {**version, "valid_from": valid_from,
                                             "version": previous["version"] + 1}) if previous else None)
    columns = ", ".join(version)
    db.execute(f"INSERT INTO article_versions ({columns}) VALUES ({', '.join(':' + c for c in version)})", version)


def _renumber_versions(db: sqlite_utils.Database, url: str) -> None:
    """Number `url`'s versions in the order they were stored and diff each against the one before."""
    # Out of the way first, so that no number is held twice on the way (url, version is unique).
    db.execute("UPDATE article_versions SET version = -id WHERE url = ?", [url])
    cursor = db.execute("SELECT * FROM article_versions WHERE url = ? ORDER BY valid_from, id", [url])
    names = [d[0] for d in cursor.description]
    previous = None
    for number, values in enumerate(cursor.fetchall(), start=1):
        version = {**dict(zip(names, values)), "version": number}
        diff = text_diff(previous, version) if previous else None
        db.execute("UPDATE article_versions SET version = ?, diff = ? WHERE id = ?", [number, diff, version["id"]])
        previous = version


def _refresh_current_version(db: sqlite_utils.Database, row: Mapping) -> None:
    """The current version takes `row`'s fields in place (metadata or a correction, not a new text)."""
    assignments = ", ".join(f"{field} = :{field}" for field in (*VERSION_FIELDS, *CAPTURE_FIELDS) if field in row)
    db.execute(f"UPDATE article_versions SET {assignments} WHERE url = :url AND replaced_at IS NULL", row)
    if "body" in row or "title" in row:
        _renumber_versions(db, row["url"])


def _write_article(db: sqlite_utils.Database, row: Mapping) -> None:
    columns = ", ".join(ARTICLE_COLUMNS)
    values = ", ".join(f":{c}" for c in ARTICLE_COLUMNS)
    # ON CONFLICT DO UPDATE, not INSERT OR REPLACE: the row (and its rowid, which the
    # FTS index points at) stays in place instead of being deleted and re-inserted.
    assignments = ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c != "url")
    db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({values}) "
        f"ON CONFLICT (url) DO UPDATE SET {assignments}",
        row,
    )


def stored_value(value):
    """Lists (speakers) are kept as JSON text, compared in that form too."""
    return json_text(list(value)) if isinstance(value, (list, tuple)) else value


def upsert_article(db: sqlite_utils.Database, article: Mapping, seen_at: str) -> str:
    """Store one extracted article. NEW; CHANGED when its text changed (a new version, with
    its diff, in article_versions); UPDATED when only its metadata did, or when the same
    response was extracted differently; else UNCHANGED."""
    url = article["url"]
    incoming = {field: stored_value(article.get(field)) for field in EXTRACTED_FIELDS}
    capture = {field: article.get(field) for field in CAPTURE_FIELDS}
    with write_transaction(db):
        old = _fetch_article(db, url)
        partner = _link_translation(db, url)
        if old is not None and all(old[f] == incoming[f] for f in EXTRACTED_FIELDS):
            # The row points at its latest capture, which holds the same text; a page that
            # had gone from the portal and came back is no longer removed.
            assignments = ", ".join(f"{field} = :{field}" for field in CAPTURE_FIELDS)
            db.execute(
                f"UPDATE articles SET last_seen = :seen, translation_url = :partner, removed_at = NULL, "
                f"{assignments} WHERE url = :url",
                {**capture, "seen": seen_at, "partner": partner, "url": url},
            )
            return UNCHANGED
        # The same bytes from the portal extracted differently is our change (a newer
        # extractor), not NATO's: a correction in place, not a new version.
        same_capture = old is not None and old["warc_payload_digest"] is not None and (
            old["warc_payload_digest"] == capture["warc_payload_digest"])
        text_changed = old is None or (not same_capture and any(old[f] != incoming[f] for f in TEXT_FIELDS))
        row = {
            **incoming,
            **capture,
            "url": url,
            "year": _year(article),
            "translation_url": partner,
            "first_seen": seen_at if old is None else old["first_seen"],
            "last_seen": seen_at,
            "last_changed": seen_at if text_changed else old["last_changed"],
            "removed_at": None,
        }
        _write_article(db, row)
        if text_changed:
            _add_version(db, row, seen_at)
        else:
            _refresh_current_version(db, row)
    return NEW if old is None else CHANGED if text_changed else UPDATED


def mark_removed(db: sqlite_utils.Database, url: str, seen_at: str) -> bool:
    """The portal no longer serves `url`: the record and its versions stay, marked removed,
    and what the portal said of the page is forgotten, so that it is fetched again whenever
    a sitemap lists it again. True if it was not marked already."""
    with write_transaction(db):
        cursor = db.execute("UPDATE articles SET removed_at = ? WHERE url = ? AND removed_at IS NULL", [seen_at, url])
        db.execute("DELETE FROM page_fetches WHERE url = ?", [url])
    return cursor.rowcount == 1


def touch_article(db: sqlite_utils.Database, url: str, seen_at: str) -> bool:
    """A page answered 304: its archived record was seen again, unchanged."""
    with write_transaction(db):
        cursor = db.execute("UPDATE articles SET last_seen = ?, removed_at = NULL WHERE url = ?", [seen_at, url])
    return cursor.rowcount == 1


def archived_urls(db: sqlite_utils.Database) -> dict[str, bool]:
    """url → removed from the portal? for every archived article."""
    return {url: removed is not None for url, removed in db.execute("SELECT url, removed_at FROM articles").fetchall()}


def alias_urls(db: sqlite_utils.Database) -> set[str]:
    return {alias for (alias,) in db.execute("SELECT alias FROM aliases").fetchall()}


# --- aliases and lookups ---


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
        if _fetch_article(db, new_url) is None:
            db.execute("UPDATE articles SET url = ?, translation_url = NULL WHERE url = ?", [new_url, old_url])
            db.execute("UPDATE article_versions SET url = ? WHERE url = ?", [new_url, old_url])
            _renumber_versions(db, new_url)
        else:
            db.execute("DELETE FROM articles WHERE url = ?", [old_url])
            db.execute("UPDATE article_versions SET replaced_at = ? WHERE url = ? AND replaced_at IS NULL",
                       [seen_at, old_url])
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
        "GROUP BY lang, content_hash HAVING count(*) > 1").fetchall()
    recorded = 0
    for (urls,) in groups:
        keeper, *others = sorted(urls.split("\n"), key=record_key)
        for other in others:
            recorded += move_article(db, other, keeper, seen_at)
    return recorded


def is_archived(db: sqlite_utils.Database, url: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None


def find_url_by_hash(db: sqlite_utils.Database, lang: str, content_hash: str) -> str | None:
    """The first-archived URL in `lang` whose text has this hash, if any."""
    row = db.execute(
        "SELECT url FROM articles WHERE lang = ? AND content_hash = ? AND removed_at IS NULL "
        "ORDER BY first_seen, url LIMIT 1",
        [lang, content_hash],
    ).fetchone()
    return row[0] if row else None


# --- learned boilerplate ---


def load_boilerplate(db: sqlite_utils.Database) -> tuple[dict, dict, dict]:
    """As last saved: pages seen per language, and per (language, line key) the pages the
    line stood on and its readable text."""
    pages = dict(db.execute("SELECT lang, pages FROM boilerplate_pages").fetchall())
    rows = db.execute("SELECT lang, line, text, pages FROM boilerplate_lines").fetchall()
    return pages, {(lang, line): count for lang, line, _t, count in rows}, {(lang, line): t for lang, line, t, _c in rows}


def save_boilerplate(db: sqlite_utils.Database, pages: Mapping, lines: Mapping, texts: Mapping, is_learned) -> None:
    """Replace the saved counts; a line seen on one page only is not kept (it is that page's
    own text, and keeping every such line would copy the archive)."""
    rows = [(lang, line, texts.get((lang, line)), count, int(is_learned(lang, line)))
            for (lang, line), count in lines.items() if count > 1]
    with write_transaction(db):
        db.execute("DELETE FROM boilerplate_pages")
        db.execute("DELETE FROM boilerplate_lines")
        db.conn.executemany("INSERT INTO boilerplate_pages (lang, pages) VALUES (?, ?)", list(pages.items()))
        db.conn.executemany(
            "INSERT INTO boilerplate_lines (lang, line, text, pages, learned) VALUES (?, ?, ?, ?, ?)", rows)


def rewrite_extraction(db: sqlite_utils.Database, url: str, fields: Mapping) -> None:
    """Correct a stored row from its own capture (furniture learned after it was stored):
    not a new version of NATO's text, so no version is kept and last_changed stays."""
    allowed = set(EXTRACTED_FIELDS) | {"extractor_version"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not extracted fields: {sorted(unknown)}")
    assignments = ", ".join(f"{field} = :{field}" for field in fields)
    values = {field: stored_value(value) for field, value in fields.items()}
    with write_transaction(db):
        db.execute(f"UPDATE articles SET {assignments} WHERE url = :url", {**values, "url": url})
        if {"published", "updated"} & set(fields) and (row := _fetch_article(db, url)):
            db.execute("UPDATE articles SET year = ? WHERE url = ?", [_year(row), url])
        _refresh_current_version(db, {**values, "url": url})


def rewrite_version(db: sqlite_utils.Database, version_id: int, fields: Mapping) -> None:
    """Correct an earlier version from its own capture (a better extractor); diffs follow."""
    unknown = set(fields) - set(VERSION_FIELDS) - {"extractor_version"}
    if unknown:
        raise ValueError(f"not version fields: {sorted(unknown)}")
    assignments = ", ".join(f"{field} = :{field}" for field in fields)
    with write_transaction(db):
        db.execute(f"UPDATE article_versions SET {assignments} WHERE id = :id", {**fields, "id": version_id})
        (url,) = db.execute("SELECT url FROM article_versions WHERE id = ?", [version_id]).fetchone()
        _renumber_versions(db, url)


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# --- readers (serve, export) ---


class ArchiveError(Exception):
    """The path given as an archive is not one; the message is one line for users."""


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A plain read-only connection: readers never create an archive by mistake."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def require_archive(path: str | Path, migrate: bool = True) -> None:
    """Raise ArchiveError unless `path` is an archive; bring an older schema up to date."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"no archive at {path}: run `scrapy crawl nato` or `natocrawl demo` first")
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_articles = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'"
            ).fetchone()
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"not a natocrawl archive: {path} ({error})") from None
    if not has_articles or version < 1:
        raise ArchiveError(f"not a natocrawl archive: {path} (no articles table)")
    if migrate and version < len(MIGRATIONS):
        # Archives written by an older natocrawl gain the tables readers expect.
        open_archive(path).close()
