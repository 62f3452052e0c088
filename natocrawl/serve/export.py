"""`natocrawl export`: any selection of the archive (its articles, their versions, the
translation pairs or the parallel corpus) as CSV, JSON Lines, Parquet or TMX, streamed.

Rows come off one cursor and go straight to the output, so memory stays flat
whatever the size of the archive.
"""

import contextlib
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

from natocrawl.archive import codebook
from natocrawl.archive.connection import connect_read_only, require_archive
from natocrawl.serve.corpus import aligned_records, write_tmx
from natocrawl.serve.writers import TEXT_WRITERS, MissingExtra, write_parquet
from natocrawl.urls import LANGS, TYPES

# Each kind of export, and the codebook dataset its records follow.
DATASETS = {
    "articles": "articles",
    "versions": "article_versions",
    "pairs": "pairs",
    "aligned": "aligned",
    # Whole tables, for releases.
    "aliases": "aliases",
    "crawl_runs": "crawl_runs",
}
# In a version record, from the article (dates are the version's own).
_ARTICLE_SIDE = {"lang", "type"}


def _filters(
    lang: str | None,
    types: Iterable[str],
    since: str | None,
    until: str | None,
    search: str | None,
    rows: tuple,
) -> tuple[list[str], list]:
    """WHERE clauses over the rows `rows` (their aliases; the first is filtered by type and
    date, any may match the search) and their parameters."""
    first = rows[0]
    where, params = [], []
    if lang:
        where.append(f"{first}.lang = ?")
        params.append(lang)
    types = list(types or ())
    if types:
        where.append(f"{first}.type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
    # Undated pages are placed by their update date, as the `year` column does.
    date = f"coalesce({first}.published, {first}.event_start, {first}.updated)"
    if since:
        where.append(f"{date} >= ?")
        params.append(since)
    if until:
        where.append(f"{date} <= ?")
        params.append(until)
    if search:
        found = "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        where.append("(" + " OR ".join(f"{row}.rowid IN {found}" for row in rows) + ")")
        params.extend([search] * len(rows))  # quoted already (sqlite-utils' quote_fts)
    return where, params


def _select(kind: str) -> tuple[str, tuple[str, ...], str]:
    """The SELECT … FROM of a kind of export, the aliases its filters apply to, its order."""
    dataset = codebook.dataset(DATASETS[kind])
    names = dataset.names
    if kind in ("aliases", "crawl_runs"):
        return f"SELECT {', '.join(names)} FROM {kind}", (), ", ".join(dataset.primary_key)
    if kind == "articles":
        columns = [f"a.{name}" for name in names if name != "version"]
        columns.append("(SELECT max(v.version) FROM article_versions v WHERE v.url = a.url) AS version")
        return f"SELECT {', '.join(columns)} FROM articles a", ("a",), "a.published, a.url"
    if kind == "versions":
        columns = ", ".join(f"{'a' if name in _ARTICLE_SIDE else 'v'}.{name}" for name in names)
        # Selected by the article's date, as plain exports.
        sql = f"SELECT {columns} FROM article_versions v JOIN articles a ON a.url = v.url"
        return sql, ("a",), "a.published, v.url, v.version"
    columns = ", ".join(
        f"{name[:2]}.{name[3:]} AS {name}" if name[:3] in ("en_", "fr_") else f"en.{name}"
        for name in codebook.dataset("pairs").names
    )
    sql = f"SELECT {columns} FROM articles en JOIN articles fr ON fr.url = en.translation_url"
    return sql, ("en", "fr"), "en.published, en.url"


def _selection_sql(
    kind: str,
    lang: str | None,
    types: Iterable[str],
    since: str | None,
    until: str | None,
    search: str | None,
) -> tuple[str, list]:
    sql, rows, order = _select(kind)
    where, params = _filters(lang, types, since, until, search, rows) if rows else ([], [])
    if rows == ("en", "fr"):
        where[:0] = ["en.lang = 'en'", "fr.lang = 'fr'"]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return f"{sql} ORDER BY {order}", params


def iter_records(
    db_path: str | Path,
    *,
    kind: str = "articles",
    lang: str | None = None,
    types: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
) -> Iterator[dict]:
    """Records of `kind` (articles, versions, pairs, aligned) for the archived pages that
    match the filters, one dict at a time, keyed by the columns of the kind's codebook
    dataset (DATASETS). Pairs and aligned records are filtered by the English page's type
    and date, and found by a search in either page.

    Search terms must all occur; "quoted phrases" are kept, and nothing in them is read as
    an FTS5 operator (`NATO-Russia`, `C++`). Raises ArchiveError if `db_path` is not an archive.
    """
    require_archive(db_path)
    with contextlib.closing(connect_read_only(db_path)) as conn:
        db = sqlite_utils.Database(conn)
        search = db.quote_fts(search) if search else search
        records = db.query(*_selection_sql(kind, lang, types, since, until, search))
        yield from aligned_records(records) if kind == "aligned" else records


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


FORMATS = ("csv", "jsonl", "parquet", "tmx")
NOUNS = {"articles": "articles", "versions": "versions", "pairs": "pairs", "aligned": "aligned beads"}


@click.command("export")
@click.option(
    "--db", "db_path", envvar="ARCHIVE_DB", default="archive.db", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Archive to read (env ARCHIVE_DB).",
)  # fmt: skip
@click.option(
    "--format", "fmt", required=True, type=click.Choice(FORMATS),
    help="Output format (parquet needs -o and the parquet extra; tmx is for --aligned).",
)  # fmt: skip
@click.option("--lang", type=click.Choice(LANGS), help="Only pages in this portal language.")
@click.option(
    "--type", "types", multiple=True, type=click.Choice(TYPES), help="Only pages of this type (repeatable)."
)
@click.option("--since", callback=_iso_date, metavar="YYYY-MM-DD", help="Only pages dated on or after.")
@click.option("--until", callback=_iso_date, metavar="YYYY-MM-DD", help="Only pages dated on or before.")
@click.option("--search", metavar="TERMS", help="Only pages whose title or body contain every term.")
@click.option(
    "--versions", "kind", flag_value="versions",
    help="Every version of the selected pages (with its diff), not only their current text.",
)  # fmt: skip
@click.option(
    "--pairs", "kind", flag_value="pairs", help="One row per English page and its French translation."
)
@click.option(
    "--aligned", "kind", flag_value="aligned",
    help="The parallel corpus: the pairs' paragraphs aligned, one row per bead (jsonl, csv, parquet, tmx).",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout); its Table Schema goes beside it as NAME.schema.json.",
)  # fmt: skip
def export_command(db_path, fmt, lang, types, since, until, search, kind, output):
    """Write archived articles (or their versions, translation pairs or aligned paragraphs)
    as CSV, JSON Lines, Parquet or TMX, ordered by date and URL."""
    kind = kind or "articles"
    _check_arguments(fmt, kind, lang, search, output)
    require_archive(db_path)
    records = iter_records(
        db_path, kind=kind, lang=lang, types=types, since=since, until=until, search=search
    )
    dataset = codebook.dataset(DATASETS[kind])
    try:
        count = write(records, fmt, dataset, output)
    except BrokenPipeError:
        # `natocrawl export … | head`: the reader has what it wanted. Point stdout at
        # /dev/null so that the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except MissingExtra as missing:
        raise click.ClickException(str(missing)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"cannot read {db_path}: {error}") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
    if output is not None and fmt != "tmx":
        schema_path(output).write_text(json.dumps(dataset.table_schema(), indent=2) + "\n", encoding="utf-8")
    click.echo(f"natocrawl: exported {count} {NOUNS[kind]}", err=True)


def _check_arguments(fmt: str, kind: str, lang: str | None, search: str | None, output: Path | None) -> None:
    if search is not None and not search.replace('"', " ").split():
        raise click.BadParameter("give at least one word to search for", param_hint="'--search'")
    if lang and kind in ("pairs", "aligned"):
        raise click.BadParameter(f"--{kind} has both languages in each row", param_hint="'--lang'")
    if fmt == "tmx" and kind != "aligned":
        raise click.BadParameter("tmx is the format of --aligned", param_hint="'--format'")
    if fmt == "parquet" and (output is None or str(output) == "-"):
        raise click.BadParameter("parquet is written to a file: give -o FILE", param_hint="'--format'")


def schema_path(output: Path) -> Path:
    """Where the Table Schema of an export written to `output` goes (articles.csv → articles.schema.json)."""
    return output.with_name(output.name.split(".")[0] + ".schema.json")


def write(records: Iterable[dict], fmt: str, dataset: codebook.Dataset, output: Path | None) -> int:
    """Write `records` in `fmt` to `output` (stdout if None); the number of records written."""
    if fmt == "parquet":
        return write_parquet(records, output, dataset)
    writer = write_tmx if fmt == "tmx" else TEXT_WRITERS[fmt]
    with _output_stream(output) as out:
        return writer(records, out, dataset)
