"""Datasette on a real archive, in-process through its own client."""

import asyncio
import csv
import io
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from natocrawl.archive.connection import open_archive
from natocrawl.serve.app import build_datasette, serve_command
from natocrawl.urls import LANGS

from archive_fixtures import SAMPLE_ARTICLES, archive_path, make_article, write_changed_archive  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
DB = "nato-archive"  # the fixture file's stem, which metadata.yaml does not know


def fetch(ds, path):
    async def get():
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(get())


def fetch_json(ds, path):
    response = fetch(ds, path)
    assert response.status_code == 200, response.text[:500]
    return response.json()


@pytest.fixture
def ds(archive_path):  # noqa: F811
    return build_datasette(archive_path)


def test_index_page_shows_the_archive_title_and_source(ds):
    response = fetch(ds, "/")
    assert response.status_code == 200
    assert "natocrawl — NATO news portal archive" in response.text
    assert "NATO (www.nato.int)" in response.text


def test_metadata_is_keyed_by_the_actual_database_name(ds):
    page = fetch(ds, f"/{DB}/articles")
    assert page.status_code == 200
    assert "Canonical URL of the page" in page.text  # a column description


def test_full_text_search_on_the_table_ignores_accents(ds):
    data = fetch_json(ds, f"/{DB}/articles.json?_search=securite&_shape=objects")
    assert [row["title"] for row in data["rows"]] == ["Les Alliés discutent des drones"]


def test_table_has_type_lang_and_year_facets_and_no_suggestions(ds):
    data = fetch_json(ds, f"/{DB}/articles.json?_shape=objects")
    facets = data["facet_results"]
    assert {"type", "lang", "year"} <= set(facets)
    lang_counts = {result["value"]: result["count"] for result in facets["lang"]["results"]}
    assert lang_counts == {"en": 4, "fr": 3}
    assert data["suggested_facets"] == []


def test_table_is_sorted_newest_first(ds):
    rows = fetch_json(ds, f"/{DB}/articles.json?_shape=objects")["rows"]
    dates = [row["published"] for row in rows if row["published"]]
    assert dates == sorted(dates, reverse=True)
    assert rows[0]["published"] == "2024-05-06"


def test_search_query_finds_both_languages_with_an_excerpt(ds):
    rows = fetch_json(ds, f"/{DB}/search.json?q=drones&_shape=array")
    assert {row["lang"] for row in rows} == {"en", "fr"}
    assert all("[drones]" in row["excerpt"] for row in rows)
    assert fetch_json(ds, f"/{DB}/search.json?q=NATO-Russia&_shape=array") == []


def test_search_query_page_opens_without_a_query(ds):
    assert fetch(ds, f"/{DB}/search").status_code == 200


def test_translation_pairs_query_puts_languages_side_by_side(ds):
    rows = fetch_json(ds, f"/{DB}/translation_pairs.json?_shape=array")
    assert [(row["en_title"], row["fr_title"], row["en_words"], row["fr_words"]) for row in rows] == [
        ("Allies discuss drones", "Les Alliés discutent des drones", 9, 11),
        ("Press point by the Secretary General", "Press point by the Secretary General", 11, 11),
    ]
    assert all(row["en_url"].replace("/en/", "/fr/", 1) == row["fr_url"] for row in rows)


def test_per_year_and_type_query_counts_every_article(ds):
    rows = fetch_json(ds, f"/{DB}/per_year_and_type.json?_shape=array")
    assert sum(row["pages"] for row in rows) == len(SAMPLE_ARTICLES)
    news_2024 = next(row for row in rows if (row["year"], row["type"]) == (2024, "news"))
    assert (news_2024["en"], news_2024["fr"]) == (1, 1)


@pytest.fixture
def big_datasette(tmp_path):
    """More rows than max_returned_rows, many sharing a date, stored in shuffled order."""
    rng = random.Random(7)
    articles = []
    for n in range(1_234):
        lang, published = rng.choice(LANGS), rng.choice(["2020-01-01", "2020-01-02", "2021-05-05", None])
        articles.append(
            make_article(
                f"/{lang}/news-and-events/articles/news/2020/01/01/item-{n}",
                published=published,
                type=rng.choice(["news", "transcript"]),
                body="drones" if n % 3 else "other",
            )
        )
    rng.shuffle(articles)
    with open_archive(tmp_path / "big.db") as db:
        db["articles"].insert_all(articles, batch_size=500)
    return build_datasette(tmp_path / "big.db"), articles


def csv_urls(ds, path):
    response = fetch(ds, path)
    assert response.status_code == 200, response.text[:500]
    return [record["url"] for record in csv.DictReader(io.StringIO(response.text))]


def test_csv_without_stream_stops_at_one_page(big_datasette):
    ds, articles = big_datasette
    assert len(csv_urls(ds, "/big/articles.csv")) < len(articles)


@pytest.mark.parametrize(
    "query, keep",
    [
        ("", lambda a: True),
        ("lang=fr", lambda a: a["lang"] == "fr"),
        ("type=news&lang=en", lambda a: (a["type"], a["lang"]) == ("news", "en")),
        ("_search=drones", lambda a: a["body"] == "drones"),
        ("_sort=type", lambda a: True),
    ],
)
def test_csv_stream_returns_every_matching_row_exactly_once(big_datasette, query, keep):
    # Sorting by a column full of ties is what broke Datasette's paging on a text key.
    ds, articles = big_datasette
    urls = csv_urls(ds, f"/big/articles.csv?_stream=on&{query}")
    assert sorted(urls) == sorted(a["url"] for a in articles if keep(a))


def test_serve_command_refuses_a_missing_archive_in_one_line(tmp_path):
    result = CliRunner().invoke(serve_command, ["--db", str(tmp_path / "nothing.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: no archive at {tmp_path / 'nothing.db'}: run `scrapy crawl nato` or `natocrawl demo` first"
    ]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_on_localhost(archive_path):  # noqa: F811
    port = _free_port()
    code = f"from natocrawl.serve.app import serve; serve({str(archive_path)!r}, '127.0.0.1', {port})"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/{DB}/articles.json", timeout=2
                ) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_articles_history_shows_each_version_with_a_readable_diff(tmp_path):
    path = tmp_path / "history.db"
    article = write_changed_archive(path)
    ds = build_datasette(path)
    changed = fetch_json(ds, "/history/changed_articles.json?_shape=objects")["rows"]
    assert [(row["url"], row["versions"]) for row in changed] == [(article["url"], 2)]
    page = fetch(ds, "/history/changed_articles")
    assert (
        "/history/article_history?url=https%3A%2F%2Fwww.nato.int%2Fen%2F" in page.text
    )  # the "versions" link
    history = fetch(ds, "/history/article_history?" + urllib.parse.urlencode({"url": article["url"]}))
    assert history.status_code == 200
    assert '<pre class="natocrawl-diff"' in history.text
    # the reworded paragraph, its changed words marked on both sides
    assert (
        'background:#ffebe9">-Allies discuss <del style="background:#ffc1c0">drones.</del></span>'
        in history.text
    )
    assert (
        'background:#dafbe1">+Allies discuss <ins style="background:#aceebb;text-decoration:none">'
        "air defence.</ins></span>"
    ) in history.text
    assert " A &lt;second&gt; paragraph." in history.text  # context line, escaped


def test_diffs_mark_the_words_of_a_reworded_paragraph_and_leave_other_lines_whole():
    import importlib.util

    from natocrawl.serve.app import PLUGINS_DIR

    spec = importlib.util.spec_from_file_location("history_plugin", PLUGINS_DIR / "history.py")
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)  # as Datasette loads it from its plugins folder
    render_diff = plugin.render_diff

    lines = [
        "--- version 1 (a)",
        "+++ version 2 (b)",
        "@@ -1,3 +1,3 @@",
        " # Title",
        "-Allies meet in <Brussels> today.",
        "+Allies meet in Vilnius today.",
        "+A new paragraph.",
    ]
    html = render_diff(lines)
    assert html[:4] == [
        "--- version 1 (a)",
        "+++ version 2 (b)",
        '<span style="color:#6e7781">@@ -1,3 +1,3 @@</span>',
        " # Title",
    ]
    assert '<del style="background:#ffc1c0">&lt;Brussels&gt;</del>' in html[4]
    assert '<ins style="background:#aceebb;text-decoration:none">Vilnius</ins>' in html[5]
    assert html[6] == '<span style="color:#116329;background:#dafbe1">+A new paragraph.</span>'  # whole
    unrelated = render_diff(["-Allies meet in Brussels today.", "+The summit ends with a declaration."])
    assert unrelated == [
        '<span style="color:#82071e;background:#ffebe9">-Allies meet in Brussels today.</span>',
        '<span style="color:#116329;background:#dafbe1">+The summit ends with a declaration.</span>',
    ]
