"""`natocrawl export`: any selection of the archive as CSV or JSON Lines, streamed.

Rows come off one cursor and go straight to the output, so memory stays flat
whatever the size of the archive.
"""

import contextlib
import csv
import io
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import click
import sqlite_utils

from natocrawl.archive.connection import connect_read_only, require_archive
from natocrawl.urls import LANGS, TYPES

RECORD_FIELDS = (
    "url", "lang", "content_lang", "type", "title", "published", "updated",
    "description", "body", "word_count", "content_hash", "translation_url",
    "first_seen", "last_changed", "event_start", "event_end",
)  # fmt: skip

# With --versions: one record per text each page has had (article_versions), with the
# article's language, type and dates, and the diff against the version before.
VERSION_RECORD_FIELDS = (
    "url", "version", "valid_from", "replaced_at", "lang", "type", "title", "published", "updated",
    "body", "word_count", "content_hash", "diff", "warc_file", "warc_record_id", "extractor_version",
)  # fmt: skip
_ARTICLE_SIDE = {"lang", "type"}  # in a version record, from the article (dates are the version's own)


def _selection_sql(
    lang: str | None,
    types: Iterable[str],
    since: str | None,
    until: str | None,
    search: str | None,
    versions: bool = False,
) -> tuple[str, list]:
    where, params = [], []
    if lang:
        where.append("a.lang = ?")
        params.append(lang)
    types = list(types or ())
    if types:
        where.append(f"a.type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
    # Undated pages are placed by their update date, as the `year` column does.
    if since:
        where.append("coalesce(a.published, a.event_start, a.updated) >= ?")
        params.append(since)
    if until:
        where.append("coalesce(a.published, a.event_start, a.updated) <= ?")
        params.append(until)
    if search:
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(search)  # quoted already (sqlite-utils' quote_fts)
    if versions:
        columns = ", ".join(
            f"{'a' if field in _ARTICLE_SIDE else 'v'}.{field}" for field in VERSION_RECORD_FIELDS
        )
        sql = f"SELECT {columns} FROM article_versions v JOIN articles a ON a.url = v.url"
        order = " ORDER BY a.published, v.url, v.version"  # selected by the article's date, as plain exports
    else:
        sql = f"SELECT {', '.join('a.' + field for field in RECORD_FIELDS)} FROM articles a"
        order = " ORDER BY a.published, a.url"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + order, params


def iter_records(
    db_path: str | Path,
    *,
    lang: str | None = None,
    types: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    versions: bool = False,
) -> Iterator[dict]:
    """Archived articles matching the filters, one dict (keys RECORD_FIELDS) at a time; with
    `versions`, every version of those articles (keys VERSION_RECORD_FIELDS).

    Search terms must all occur; "quoted phrases" are kept, and nothing in them is read as
    an FTS5 operator (`NATO-Russia`, `C++`). Raises ArchiveError if `db_path` is not an archive.
    """
    require_archive(db_path)
    with contextlib.closing(connect_read_only(db_path)) as conn:
        db = sqlite_utils.Database(conn)
        search = db.quote_fts(search) if search else search
        yield from db.query(*_selection_sql(lang, types, since, until, search, versions))


def write_csv(records: Iterable[dict], out: io.TextIOBase, fields: tuple[str, ...] = RECORD_FIELDS) -> int:
    writer = csv.writer(out)
    writer.writerow(fields)
    count = 0
    for record in records:
        writer.writerow([record[field] for field in fields])
        count += 1
    return count


def write_jsonl(records: Iterable[dict], out: io.TextIOBase, fields: tuple[str, ...] = RECORD_FIELDS) -> int:
    count = 0
    for record in records:
        out.write(json.dumps({field: record[field] for field in fields}, ensure_ascii=False) + "\n")
        count += 1
    return count


WRITERS = {"csv": write_csv, "jsonl": write_jsonl}


def _iso_date(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD", ctx=ctx, param=param) from None


@contextlib.contextmanager
def _output_stream(output: Path | None) -> Iterator[io.TextIOBase]:
    """The output as UTF-8 text with newline="" (csv writes its own line ends)."""
    if output is None or str(output) == "-":
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        finally:
            stream.detach()  # leave sys.stdout open for whoever comes next
    else:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            yield stream


@click.command("export")
@click.option(
    "--db", "db_path", envvar="ARCHIVE_DB", default="archive.db", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Archive to read (env ARCHIVE_DB).",
)  # fmt: skip
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(WRITERS)), help="Output format.")
@click.option("--lang", type=click.Choice(LANGS), help="Only pages in this portal language.")
@click.option(
    "--type", "types", multiple=True, type=click.Choice(TYPES), help="Only pages of this type (repeatable)."
)
@click.option("--since", callback=_iso_date, metavar="YYYY-MM-DD", help="Only pages dated on or after.")
@click.option("--until", callback=_iso_date, metavar="YYYY-MM-DD", help="Only pages dated on or before.")
@click.option("--search", metavar="TERMS", help="Only pages whose title or body contain every term.")
@click.option(
    "--versions",
    is_flag=True,
    help="Every version of the selected pages (with its diff), not only their current text.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
def export_command(db_path, fmt, lang, types, since, until, search, versions, output):
    """Write archived articles as CSV or JSON Lines, ordered by date and URL."""
    if search is not None and not search.replace('"', " ").split():
        raise click.BadParameter("give at least one word to search for", param_hint="'--search'")
    require_archive(db_path)
    records = iter_records(
        db_path, lang=lang, types=types, since=since, until=until, search=search, versions=versions
    )
    try:
        with _output_stream(output) as out:
            count = WRITERS[fmt](records, out, VERSION_RECORD_FIELDS if versions else RECORD_FIELDS)
    except BrokenPipeError:
        # `natocrawl export … | head`: the reader has what it wanted. Point stdout at
        # /dev/null so that the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except sqlite3.Error as error:
        raise click.ClickException(f"cannot read {db_path}: {error}") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
    click.echo(f"natocrawl: exported {count} {'versions' if versions else 'articles'}", err=True)
