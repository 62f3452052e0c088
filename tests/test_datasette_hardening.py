"""Datasette on a real crawl, as a visitor may use or abuse it: every table's columns can be
chosen, dangerous SQL functions are refused, no file path of the server shows, and a huge
text does not make a huge page."""

import asyncio
import contextlib
import csv
import html
import io
import re
import sqlite3
import sys
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils

from natocrawl.archive.connection import open_archive
from natocrawl.archive.stems import register_functions
from natocrawl.serve.app import build_datasette, load_metadata

ROOT = Path(__file__).resolve().parent.parent
DB = "archive"  # the crawled file's stem
TABLES = load_metadata(DB)["databases"][DB]["tables"]
SORTED_TABLES = sorted(name for name, meta in TABLES.items() if meta.get("sort") or meta.get("sort_desc"))


def get_all(ds, *paths):
    """Responses to `paths`, in one event loop (Datasette's client is async)."""

    async def run():
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(run())


def get(ds, path):
    return get_all(ds, path)[0]


def get_json(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.fixture(scope="module")
def archive_file(crawled):
    return crawled[0]


@pytest.fixture(scope="module")
def ds(archive_file):
    return build_datasette(archive_file)


def table_shape(archive_file, table):
    """(key columns as Datasette returns them, all columns, sort column) of `table`."""
    db = sqlite_utils.Database(archive_file)
    try:
        pks = [column.name for column in db[table].columns if column.is_pk]
        columns = [column.name for column in db[table].columns]
    finally:
        db.close()
    meta = TABLES[table]
    return pks or ["rowid"], columns, meta.get("sort") or meta.get("sort_desc")


def selections(archive_file, table):
    """(query, expected columns) pairs: one column chosen, and the sort column left out."""
    keys, columns, sort = table_shape(archive_file, table)
    one = next(column for column in columns if column not in keys and column != sort)
    # A key column cannot be left out (Datasette shows it as the row's link); the rest is shown.
    without_sort = [column for column in columns if column != sort or column in keys]
    return [
        (f"_col={one}", list(dict.fromkeys([*keys, one]))),
        (f"_nocol={sort}", list(dict.fromkeys([*keys, *without_sort]))),
    ]


def walk_pages(ds, path, pages=3):
    """(columns, rows as objects) of the first `pages` pages from `path`, following next_url."""
    rows, columns = [], None
    for _ in range(pages):
        data = get_json(ds, f"{path}&_shape=objects")
        assert columns in (None, data["columns"])
        columns = data["columns"]
        rows += data["rows"]
        if not data["next_url"]:
            break
        path = urllib.parse.urlsplit(data["next_url"])._replace(scheme="", netloc="").geturl()
    return columns, rows


@pytest.mark.parametrize("table", SORTED_TABLES)
def test_choosing_columns_works_in_json_with_pagination(ds, archive_file, table):
    keys = table_shape(archive_file, table)[0]
    _all, every_row = walk_pages(ds, f"/{DB}/{table}.json?_size=5")
    for query, expected in selections(archive_file, table):
        # the same rows in the same order over pages as without the choice, only its columns
        columns, rows = walk_pages(ds, f"/{DB}/{table}.json?{query}&_size=5")
        assert columns == expected, query
        assert [list(row) for row in rows] == [expected] * len(rows), query
        assert [[row[key] for key in keys] for row in rows] == [
            [row[key] for key in keys] for row in every_row
        ], query
        arrays = get_json(ds, f"/{DB}/{table}.json?{query}&_size=5")
        assert {len(row) for row in arrays["rows"]} == {len(expected)}, query


def html_columns(page):
    return re.findall(r'<th [^>]*data-column="([^"]+)"', page.text)


@pytest.mark.parametrize("table", SORTED_TABLES)
def test_choosing_columns_works_in_html(ds, archive_file, table):
    every = html_columns(get(ds, f"/{DB}/{table}?_size=2"))
    has_next = get_json(ds, f"/{DB}/{table}.json?_size=2")["next"]
    for query, expected in selections(archive_file, table):
        page = get(ds, f"/{DB}/{table}?{query}&_size=2")
        assert page.status_code == 200, (query, page.text[:300])
        # rowid is not a column of the page; a table without one key has a Link column instead
        shown = html_columns(page)
        assert shown == ["Link"] * ("Link" in every) + [c for c in expected if c in every], query
        assert set(re.findall(r'<td class="col-([^" ]+)', page.text)) == set(shown), query
        next_links = re.findall(r'href="([^"]*_next=[^"]*)"', page.text)
        assert bool(next_links) == bool(has_next), query
        if next_links:
            following = get(ds, html.unescape(next_links[0]).replace("http://localhost", ""))
            assert following.status_code == 200, query
            assert html_columns(following) == shown, query


def csv_records(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[:300])
    return list(csv.reader(io.StringIO(response.text)))


@pytest.mark.parametrize("table", SORTED_TABLES)
def test_choosing_columns_works_in_streamed_csv(ds, archive_file, table):
    keys = table_shape(archive_file, table)[0]
    every = csv_records(ds, f"/{DB}/{table}.csv?_stream=on")
    every_keys = [[record[every[0].index(key)] for key in keys] for record in every[1:]]
    for query, expected in selections(archive_file, table):
        records = csv_records(ds, f"/{DB}/{table}.csv?{query}&_stream=on")
        assert records[0] == expected, query
        assert {len(record) for record in records} == {len(expected)}, query
        assert [record[: len(keys)] for record in records[1:]] == every_keys, query


def test_streamed_csv_of_a_table_sorted_by_a_column_with_ties_has_every_row(ds, archive):
    # Datasette 0.65 orders a sorted table's first page without its key as tie-breaker: only
    # an index on (sort column, key) keeps the rows where `pages` ties at a page boundary.
    records = csv_records(ds, f"/{DB}/boilerplate_lines.csv?_stream=on")
    assert len(records) - 1 == archive["boilerplate_lines"].count


# SQL expressions a visitor must not evaluate, and the words of SQLite's refusal.
REFUSED = [
    ("fts3_tokenizer('simple')", "not authorized"),  # the address of a C struct
    ("length(randomblob(500000000))", "too big"),
    ("length(zeroblob(500000000))", "too big"),
    ("length(randomblob(1048577))", "too big"),
    ("hex(zeroblob(2000000))", "too big"),
    ("length(replace(hex(zeroblob(1000000)), '0', printf('%.100c', '0')))", "too big"),  # 200 MB
    ("load_extension('libm.so.6')", "not authorized"),
    ("(select count(*) from pragma_database_list)", "not authorized"),  # the file's path
]


# Datasette turns sqlite3's callback tracebacks on, so a refusal by randomblob() or zeroblob()
# (an exception in a Python function) is also reported as an unraisable exception.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("expression, refusal", REFUSED, ids=[expr for expr, _ in REFUSED])
def test_dangerous_sql_is_refused_with_a_readable_400(ds, expression, refusal):
    sql = urllib.parse.quote(f"select {expression} as value")
    where = urllib.parse.quote(f"{expression} is not null")
    for path in (f"/{DB}.json?sql={sql}", f"/{DB}?sql={sql}", f"/{DB}/articles.json?_where={where}"):
        response = get(ds, path)
        assert response.status_code == 400, (path, response.text[:300])
        assert refusal in response.text, path


def test_small_blobs_searches_and_the_crawlers_own_connections_still_work(ds, archive_file):
    sql = "select length(randomblob(1048576)) as r, length(zeroblob(16)) as z, typeof(randomblob(4)) as t"
    assert get_json(ds, f"/{DB}.json?sql={urllib.parse.quote(sql)}&_shape=array") == [
        {"r": 1048576, "z": 16, "t": "blob"}
    ]
    assert get_json(ds, f"/{DB}/articles.json?_search=nato")["rows"]
    assert get_json(ds, f"/{DB}/search.json?q=nato&_shape=array")
    assert get(ds, f"/{DB}").status_code == 200  # the database page lists attached databases
    with contextlib.closing(open_archive(archive_file)) as db:
        assert db.execute("select length(randomblob(2000000))").fetchone() == (2000000,)
        assert db.execute("select count(*) from pragma_database_list").fetchone()[0] >= 1


PAGES = [
    "/",
    "/.json",
    f"/{DB}",
    f"/{DB}.json",
    f"/{DB}/articles",
    f"/{DB}/articles.json",
    f"/{DB}/articles/1",
    f"/{DB}/articles/1.json",
    f"/{DB}/crawl_runs/1",
    "/-/databases",
    "/-/databases.json",
    "/-/metadata.json",
    "/-/settings.json",
    "/-/versions.json",
    "/-/plugins.json",
    "/-/plugins.json?all=1",
    "/-/threads",
    "/-/threads.json",
    "/-/actor.json",
]


def test_no_page_shows_where_the_server_keeps_its_files(ds, archive_file):
    places = {str(archive_file.parent), str(ROOT), sys.prefix, sys.base_prefix}
    for path, response in zip(PAGES, get_all(ds, *PAGES)):
        assert response.status_code == 200, path
        assert [place for place in places if place in response.text] == [], path
    listed = get_json(ds, "/-/databases.json")
    assert [(database["name"], sorted(database)) for database in listed] == [
        (DB, ["hash", "is_memory", "is_mutable", "name", "route", "size"])
    ]
    assert get_json(ds, "/-/threads.json")["num_threads"] >= 1


@pytest.fixture
def huge_archive(archive_file, tmp_path):
    """A copy of the crawled archive whose first article and first version are 5 MB long."""
    path = tmp_path / f"{DB}.db"
    with (
        contextlib.closing(sqlite3.connect(archive_file)) as source,
        contextlib.closing(sqlite3.connect(path)) as copy,
    ):
        source.backup(copy)
        register_functions(copy)  # the search index's triggers stem what is written
        body = "".join(f"Paragraph {n} of a very long page.\n\n" for n in range(140_000))
        diff = "".join(f"+Line {n} of a very long page.\n" for n in range(170_000))
        article = copy.execute("select min(rowid) from articles").fetchone()[0]
        version = copy.execute("select min(id) from article_versions").fetchone()[0]
        copy.execute("update articles set body = ? where rowid = ?", (body, article))
        copy.execute("update article_versions set body = ?, diff = ? where id = ?", (body, diff, version))
        copy.commit()
    return path, article, version, body


def test_a_huge_text_makes_a_small_row_page_linking_to_the_whole_text(huge_archive):
    path, article, version, body = huge_archive
    assert len(body) > 5_000_000
    ds = build_datasette(path)
    page = get(ds, f"/{DB}/articles/{article}")
    assert page.status_code == 200
    assert len(page.text) < 200_000
    assert "Paragraph 0 of a very long page." in page.text
    more = len(body) - 20_000
    assert f"… truncated: {more:,} characters more" in page.text
    link = html.unescape(re.search(r'<a href="([^"]+)">full text</a>', page.text).group(1))
    assert link == f"/{DB}/articles/{article}/body.txt"
    full = get(ds, link)
    assert full.status_code == 200
    assert full.headers["content-type"] == "text/plain; charset=utf-8"
    assert full.text == body
    assert get(ds, f"/{DB}/articles/{article}/nothing.txt").status_code == 404
    assert get(ds, f"/{DB}/articles/99999999/body.txt").status_code == 404


def test_a_huge_text_and_diff_make_small_table_and_version_pages(huge_archive):
    path, article, version, body = huge_archive
    ds = build_datasette(path)
    url = get_json(ds, f"/{DB}/articles/{article}.json?_shape=array")[0]["url"]
    table = get(ds, f"/{DB}/articles?url={urllib.parse.quote(url)}")
    assert table.status_code == 200
    assert len(table.text) < 200_000
    assert f'<a href="/{DB}/articles/{article}/body.txt">full text</a>' in table.text
    versions = get(ds, f"/{DB}/article_versions/{version}")
    assert versions.status_code == 200
    assert len(versions.text) < 200_000
    assert "diff truncated:" in versions.text
    assert (
        '<span style="color:#116329;background:#dafbe1">+Line 0 of a very long page.</span>' in versions.text
    )
    assert f'<a href="/{DB}/article_versions/{version}/body.txt">full text</a>' in versions.text


def test_served_connections_read_the_archive_through_a_memory_map(ds):
    async def mapped_bytes():
        await ds.invoke_startup()
        database = ds.get_database(DB)
        return await database.execute_fn(lambda conn: conn.execute("PRAGMA mmap_size").fetchone()[0])

    # SQLite's default is 0 (no map); the reads plugin asks for as much as the build allows.
    assert asyncio.run(mapped_bytes()) >= 2**30
