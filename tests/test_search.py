"""Search that knows two languages, on a 1,600-page replica archive: stemmed words find
their other forms in one language only; prefixes, phrases, OR and NOT return what a plain
reading of the texts says; a bad query gets a hint; the index follows every write."""

import random
import re
import sqlite3

import pytest
import sqlite_utils
from search_fixtures import build_search_archive

from natocrawl.archive import search, search_index, search_works
from natocrawl.archive.connection import open_archive, require_archive
from natocrawl.archive.search import Search, run
from natocrawl.archive.search_query import QueryError, parse
from natocrawl.archive.stems import fold

WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def search_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "archive.db"
    return path, build_search_archive(path)


@pytest.fixture(scope="module")
def conn(search_archive):
    path, _site = search_archive
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def texts(conn):
    """Each page's words (folded) and text language, read straight from articles."""
    rows = conn.execute("SELECT url, lang, content_lang, title, body FROM articles").fetchall()
    return {
        url: {
            "lang": content_lang if content_lang in ("en", "fr") else lang,
            "words": [fold(word) for word in WORD.findall(f"{title or ''}\n{body or ''}")],
        }
        for url, lang, content_lang, title, body in rows
    }


def urls(conn, q, lang="both", **filters) -> set[str]:
    first = run(conn, Search(q, lang, size=100, **filters))
    found = [hit["url"] for hit in first.hits]
    for page in range(2, first.pages + 1):
        found += [hit["url"] for hit in run(conn, Search(q, lang, size=100, page=page, **filters)).hits]
    assert len(found) == len(set(found)) == first.total
    return set(found)


def expected(texts, lang, keep) -> set[str]:
    return {url for url, text in texts.items() if text["lang"] == lang and keep(text["words"])}


def has_phrase(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def test_the_archive_is_big_enough_and_has_english_texts_on_french_urls(conn, texts):
    assert len(texts) >= 1_500
    assert conn.execute("SELECT count(*) FROM articles WHERE lang = 'fr' AND content_lang = 'en'").fetchone()[
        0
    ]


@pytest.mark.parametrize(
    ("lang", "forms"), [("fr", ("alliés", "allié", "alliee", "ALLIES")), ("en", ("allies", "ally"))]
)
def test_forms_of_a_word_find_the_same_pages_in_their_language_only(conn, texts, lang, forms):
    found = [urls(conn, form, lang) for form in forms]
    assert found[0] and all(other == found[0] for other in found[1:])
    assert {texts[url]["lang"] for url in found[0]} == {lang}
    # A page of the other language with the accent-folded spelling ("allies") is not found.
    other = "en" if lang == "fr" else "fr"
    assert expected(texts, other, lambda words: "allies" in words)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_prefix_finds_the_words_beginning_so(conn, texts, lang):
    assert urls(conn, "alli*", lang) == expected(
        texts, lang, lambda ws: any(w.startswith("alli") for w in ws)
    )


def _common_phrase(texts, lang) -> list[str]:
    counts = {}
    for text in texts.values():
        if text["lang"] == lang:
            for pair in set(zip(text["words"], text["words"][1:])):
                counts[pair] = counts.get(pair, 0) + 1
    return list(sorted(pair for pair, count in counts.items() if 20 <= count <= 200)[0])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_phrase_finds_those_words_in_that_order(conn, texts, lang):
    phrase = _common_phrase(texts, lang)
    found = urls(conn, '"' + " ".join(phrase) + '"', lang)
    assert found == expected(texts, lang, lambda words: has_phrase(words, phrase))


def test_or_and_not_combine_as_sets(conn, texts):
    either = urls(conn, '"défense" OR "securite"', "fr")
    assert either == expected(texts, "fr", lambda ws: "defense" in ws or "securite" in ws)
    without = urls(conn, 'alli* NOT "securite"', "fr")
    assert without == expected(
        texts, "fr", lambda ws: any(w.startswith("alli") for w in ws) and "securite" not in ws
    )
    assert urls(conn, 'alli* -"securite"', "fr") == without
    both = urls(conn, '"défense" "securite"', "fr")
    assert both == expected(texts, "fr", lambda ws: "defense" in ws and "securite" in ws)
    assert both < either and without


def test_both_languages_list_a_page_and_its_translation_once(conn):
    result = run(conn, Search("security sécurité", "both", size=100))
    assert result.total > 0
    for hit in result.hits:
        # Each text matched: English security, French sécurité, one in each page of the pair.
        assert hit["matched_pages"] == 2 and hit["translation"]
    union = run(conn, Search("security OR sécurité", "both", size=100))
    english, french = urls(conn, "security", "en"), urls(conn, "sécurité", "fr")
    assert union.total < len(english) + len(french)  # pairs counted once


@pytest.mark.parametrize(
    "query",
    ['"open phrase', "NOT drones", "drones OR", "(drones", "drones)", "*", "a**b", "AND", "x" * 1001],
)
def test_a_query_that_cannot_be_read_gets_a_hint(conn, query):
    with pytest.raises(QueryError) as problem:
        run(conn, Search(query, "fr"))
    message = str(problem.value)
    assert (
        message and "\n" not in message and "fts5" not in message.lower() and "sqlite" not in message.lower()
    )


def test_the_fts5_text_is_quoted_so_no_user_text_is_syntax():
    tree = parse('drones "NEAR(a b)" col:x OR {title}')
    assert "NEAR(" not in tree.fts("en") and "col:" not in tree.fts("en")


def test_filters_and_date_order(conn):
    by_date = run(
        conn, Search("alli*", "en", sort="date", type="news", since="2020", until="2023-06", size=100)
    )
    dates = [hit["published"] for hit in by_date.hits]
    assert dates and dates == sorted(dates, reverse=True)
    assert all("2020-01-01" <= date <= "2023-06-30" for date in dates)
    assert {hit["type"] for hit in by_date.hits} == {"news"}
    with pytest.raises(QueryError):
        run(conn, Search("alli*", "en", since="last year"))


def test_the_index_follows_every_write(search_archive, tmp_path):
    path, _site = search_archive
    copy = tmp_path / "copy.db"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = open_archive(copy)
    (url,) = db.execute("SELECT url FROM articles WHERE lang = 'fr' AND content_lang = 'fr'").fetchone()
    db.execute("UPDATE articles SET body = 'Les hélicoptères survolent' WHERE url = ?", [url])
    assert urls(db.conn, "hélicoptère", "fr") == {url}
    db.execute("UPDATE articles SET content_lang = 'en' WHERE url = ?", [url])
    assert urls(db.conn, "hélicoptère", "fr") == set() and urls(db.conn, '"helicopteres"', "en") == {url}
    db.execute("UPDATE articles SET translation_url = NULL, published = '1999-01-02' WHERE url = ?", [url])
    stale = db.execute(
        "SELECT count(*) FROM articles a LEFT JOIN articles_search_keys k ON k.rowid = a.rowid "
        "WHERE k.work IS NOT min(a.rowid, "
        "coalesce((SELECT p.rowid FROM articles p WHERE p.url = a.translation_url), a.rowid)) "
        "OR k.sort_date IS NOT coalesce(a.published, a.event_start) OR k.type IS NOT a.type"
    ).fetchone()[0]
    assert stale == 0
    assert urls(db.conn, '"helicopteres"', "en", until="1999") == {url}
    db.execute("DELETE FROM articles WHERE url = ?", [url])
    assert db.execute("SELECT count(*) FROM articles_search_keys").fetchone()[0] == db["articles"].count
    assert urls(db.conn, '"helicopteres"', "en") == set()
    for lang in ("en", "fr"):
        table = search_index.table_name(lang)
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)")
    # Another stemmer's index is rebuilt before anyone searches it.
    db.execute("UPDATE articles_search_config SET value = 'snowball 0' WHERE key = 'stemmer'")
    db.conn.commit()
    db.close()
    require_archive(copy)  # as `natocrawl serve` checks it: a reader gets a current index too
    assert search_index.is_current(sqlite_utils.Database(sqlite3.connect(copy)))
    reopened = open_archive(copy)
    assert search_index.is_current(reopened)
    assert urls(reopened.conn, "alliés", "fr") == urls(sqlite3.connect(path), "alliés", "fr") - {url}


def test_pasted_punctuation_is_not_syntax_and_only_a_glued_dash_excludes(conn):
    assert urls(conn, "NATO - Russia Council", "en") == urls(conn, "NATO Russia Council", "en")
    assert urls(conn, "NATO – Russia & Council", "en") == urls(conn, "NATO Russia Council", "en")
    assert urls(conn, "alli* -securit*", "fr") == urls(conn, "alli* NOT securit*", "fr")


def test_a_search_too_broad_or_too_slow_is_refused_with_a_hint(conn, monkeypatch):
    with pytest.raises(QueryError, match="At most"):
        run(conn, Search(" OR ".join(f"w{n}*" for n in range(20))))
    with pytest.raises(QueryError, match="page must be"):
        run(conn, Search("alli*", page=9_223_372_036_854_775_807))
    monkeypatch.setattr(search, "TIME_LIMIT_SECONDS", 0.0)
    with pytest.raises(QueryError, match="took too long"):
        run(conn, Search("a* OR e* OR i* OR o* OR s* OR t*"))
    monkeypatch.undo()
    assert run(conn, Search("alli*", "fr")).total  # the connection is usable again


def _works(conn) -> dict[str, frozenset[str]]:
    """Each page's text as a whole (the page and its archived translation), from articles alone."""
    pairs = dict(conn.execute("SELECT url, translation_url FROM articles").fetchall())
    return {
        url: frozenset({url} | ({partner} if partner in pairs else set())) for url, partner in pairs.items()
    }


def test_both_languages_need_each_part_in_either_page_of_a_text(conn, texts):
    # Words as written (phrases), so that the expectation needs no stemmer.
    parts = ("securite", "defence")
    works = _works(conn)
    expected_works = {
        work
        for work in works.values()
        if all(any(part in texts[url]["words"] for url in work) for part in parts)
    }
    found = urls(conn, " ".join(f'"{part}"' for part in parts))
    assert {works[url] for url in found} == expected_works
    assert len(found) == len(expected_works)  # one result per text
    # Most of them need both pages: neither text alone has both words.
    alone = {work for work in expected_works if any(all(p in texts[u]["words"] for p in parts) for u in work)}
    assert len(alone) < len(expected_works) / 2


def _vocabulary(db, table: str) -> list[tuple]:
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} USING fts5vocab(main, {table}, instance)")
    return db.execute(f"SELECT term, doc, col, offset FROM temp.v_{table} ORDER BY 1, 2, 3, 4").fetchall()


def test_every_index_after_random_writes_equals_one_built_afresh(tmp_path):
    """Inserts, edits, new translation links, language changes and deletions in any order:
    what the triggers kept equals what a rebuild makes from the final archive."""
    rng = random.Random(3)
    words = ["alpha", "beta", "gamma", "sécurité", "alliés", "défense", "allies", "security"]

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))

    db = open_archive(tmp_path / "archive.db")
    urls_ = []
    for index in range(80):
        lang = rng.choice(["en", "fr"])
        partner = rng.choice(urls_) if urls_ and rng.random() < 0.6 else None
        row = {"url": f"https://x/{lang}/{index}", "lang": lang, "title": text(), "body": text()}
        db["articles"].insert(
            {**row, "content_lang": rng.choice([lang, "en", None]), "translation_url": partner}
        )
        urls_.append(row["url"])
    edits = (
        ("UPDATE articles SET body = ?, title = ? WHERE url = ?", lambda: [text(), text()]),
        ("UPDATE articles SET translation_url = ? WHERE url = ?", lambda: [rng.choice([*urls_, None])]),
        ("UPDATE articles SET content_lang = ? WHERE url = ?", lambda: [rng.choice(["en", "fr", "de"])]),
        ("UPDATE articles SET published = ?, type = 'news' WHERE url = ?", lambda: ["2020-01-02"]),
        ("DELETE FROM articles WHERE url = ?", lambda: []),
        # As the store writes: an upsert, whose update fires the update triggers.
        (
            "INSERT INTO articles (body, url) VALUES (?, ?) "
            "ON CONFLICT (url) DO UPDATE SET body = excluded.body",
            lambda: [text()],
        ),
    )
    for _ in range(150):
        sql, values = rng.choice(edits)
        url = rng.choice(urls_)
        db.execute(sql, [*values(), url])
        if sql.startswith("DELETE"):
            urls_.remove(url)
    tables = [search_index.table_name(lang) for lang in ("en", "fr")] + [search_works.WORKS_TABLE]
    kept = {table: _vocabulary(db, table) for table in tables}
    assert db.execute(f"SELECT count(*) FROM {search_works.PENDING_TABLE}").fetchone()[0] == 0
    assert all(kept.values())
    # The works' rows from the search keys as they stand (a rebuild of the keys would also
    # regroup the pages whose translation was deleted since: they keep their group's key).
    search_works.rebuild(db)
    assert _vocabulary(db, search_works.WORKS_TABLE) == kept[search_works.WORKS_TABLE]
    search_index.rebuild(db)
    assert all(_vocabulary(db, table) == kept[table] for table in tables[:2])
    for table in tables:
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)")


def _hits_of(conn, search_: Search) -> tuple[int, list[str]]:
    results = run(conn, search_)
    return results.total, [hit["url"] for hit in results.hits]


@pytest.mark.parametrize("lang", ["both", "en", "fr"])
def test_newest_first_read_from_the_date_index_is_the_order_dating_every_match_gives(conn, monkeypatch, lang):
    # Broad queries, filters, and pages from the first to the last (undated pages come last).
    for q, filters in (("a* OR e*", {}), ("a* OR s*", {"type": "news"}), ("e*", {"since": "2019"})):
        last = run(conn, Search(q, lang, sort="date", size=20, **filters)).pages
        assert last > 3
        for page in (1, 2, last - 1, last):
            asked = Search(q, lang, sort="date", size=20, page=page, **filters)
            monkeypatch.setattr(search, "WALK_FROM", 10**9)  # each match dated
            dated = _hits_of(conn, asked)
            monkeypatch.setattr(search, "WALK_FROM", 0)  # the date index read until the page is full
            assert _hits_of(conn, asked) == dated and dated[1]


def test_best_match_over_more_texts_than_are_ranked_is_newest_first_and_says_so(
    room_client, conn, monkeypatch
):
    ranked = run(conn, Search("alli*", "en"))
    assert ranked.order == "relevance" and ranked.total > 20
    monkeypatch.setattr(search, "RANKED_AT_MOST", ranked.total - 1)
    listed = run(conn, Search("alli*", "en"))
    assert listed.order == "date" and listed.total == ranked.total
    assert [hit["url"] for hit in listed.hits] == _hits_of(conn, Search("alli*", "en", sort="date"))[1]
    assert [hit["url"] for hit in listed.hits] != [hit["url"] for hit in ranked.hits]
    # The page and its data say so; a narrower search is ranked.
    answer = room_client("/-/search.json?q=alli*&lang=en").json()
    assert (answer["sort"], answer["order"]) == ("relevance", "date")
    assert "listed newest first" in room_client("/-/search?q=alli*&lang=en").text
    narrower = room_client("/-/search?q=alli*&lang=en&type=news")
    assert "listed newest first" not in narrower.text
    assert run(conn, Search("alli*", "en", type="news")).order == "relevance"


@pytest.fixture(scope="module")
def room_client(search_archive):
    import asyncio

    from natocrawl.serve.app import build_datasette

    path, _site = search_archive
    datasette = build_datasette(path)
    return lambda url: asyncio.run(datasette.client.get(url))


@pytest.mark.parametrize(
    "query", ["alli*", "security", '"secretary general"', "drones OR missiles", "alli* NOT security"]
)
def test_newest_first_in_both_languages_shows_a_page_that_matches_on_its_own(conn, query):
    # What each language's own index finds (another table) says which pages match alone.
    matched = urls(conn, query, "en") | urls(conn, query, "fr")
    english = urls(conn, query, "en")
    first = run(conn, Search(query, "both", sort="date", size=100))
    hits = [
        hit
        for page in range(1, first.pages + 1)
        for hit in run(conn, Search(query, "both", sort="date", size=100, page=page)).hits
    ]
    assert len(hits) == first.total > 5
    both = 0
    for hit in hits:
        text = {hit["url"]} | ({hit["translation"]["url"]} if hit["translation"] else set())
        assert hit["url"] in matched and hit["matched_pages"] == len(text & matched)
        if text & english:
            assert hit["url"] in english  # English first when both match
        both += hit["matched_pages"] > 1
    assert 0 < both < len(hits)
