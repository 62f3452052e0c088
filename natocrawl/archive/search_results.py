"""A page of search results made from the keys a search ordered (archive/search.py): in both
languages, which page of each text to show and how many of its pages matched; then the
rows to show, with their translations."""

import json
import sqlite3

import sqlite_utils

from natocrawl.archive.search_index import KEYS_TABLE, LANGUAGE_OF
from natocrawl.archive.stems import LANGUAGES

# bm25 weights of (title, body, title_words, body_words): a title match counts five times.
WEIGHTS = "5.0, 1.0, 5.0, 1.0"
UNWEIGHTED = "0.0, 0.0, 0.0, 0.0"
RESULT_COLUMNS = (
    "url",
    "lang",
    "content_lang",
    "type",
    "title",
    "published",
    "event_start",
    "year",
    "body",
    "translation_url",
    "removed_at",
)


def members(conn: sqlite3.Connection, works: list[int], filters: str, params: dict) -> dict:
    """The pages (rowid, text language) of each of `works` that pass the filters, by work."""
    language = LANGUAGE_OF.format(row="a")
    sql = (
        f"SELECT k.rowid, k.work, {language} FROM {KEYS_TABLE} k JOIN articles a ON a.rowid = k.rowid "
        f"WHERE k.work IN (SELECT value FROM json_each(:works)) AND {filters} ORDER BY k.rowid"
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for rowid, work, lang in conn.execute(sql, {**params, "works": json.dumps(works)}):
        found.setdefault(work, []).append((rowid, lang))
    return found


def shown_by_rank(conn: sqlite3.Connection, table: str, pages: dict, params: dict) -> dict:
    """For each work (pages: as `members` gives them), the page to show and how many of its
    pages matched. A page matched when its language's columns of the work's row hold a
    word or phrase of the query; the one shown is of the better-ranked language."""
    # Each language's own bm25 (the other's columns weigh nothing), for these rows only:
    # `+rowid` keeps SQLite from looking each up, which repeats the whole match per row.
    scores = ", ".join(f"bm25({table}, {weights_of(lang)})" for lang in LANGUAGES)
    sql = (
        f"SELECT rowid, {scores} FROM {table} "
        f"WHERE {table} MATCH :q AND +rowid IN (SELECT value FROM json_each(:works))"
    )
    rows = conn.execute(sql, {**params, "works": json.dumps(list(pages))})
    by_work = {row[0]: dict(zip(LANGUAGES, row[1:])) for row in rows}
    shown = {}
    for work, members_ in pages.items():
        score = by_work.get(work, {})
        matched = sorted((score[lang], rowid) for rowid, lang in members_ if score.get(lang, 0.0) < 0)
        shown[work] = (matched[0][1] if matched else members_[0][0], len(matched))
    return shown


def shown_by_language(pages: dict, matched: dict[str, set[int]]) -> dict:
    """For each work (pages: as `members` gives them), the page to show and how many of its
    pages matched, when `matched` says which works each language's columns match on their
    own: a page matched when its language's do; the one shown is the first of those in the
    order of LANGUAGES (English before French), then of rowid."""
    shown = {}
    for work, members_ in pages.items():
        found = [rowid for lang in LANGUAGES if work in matched[lang] for rowid, of in members_ if of == lang]
        shown[work] = (found[0] if found else members_[0][0], len(found))
    return shown


def weights_of(lang: str) -> str:
    """bm25 weights of the works table that count only `lang`'s columns."""
    return ", ".join(WEIGHTS if other == lang else UNWEIGHTED for other in LANGUAGES)


def hits(conn: sqlite3.Connection, ranked: list, shown: dict[int, tuple[int, int]]) -> list[dict]:
    """The results' rows from articles, in rank order, each with its score and matched pages."""
    pages = [(shown.get(key, (key, 1)), score) for key, score in ranked]
    rowids = [rowid for (rowid, _matched), _score in pages]
    columns = ", ".join(RESULT_COLUMNS)
    rows = {
        row["rowid"]: row
        for row in sqlite_utils.Database(conn).query(
            f"SELECT rowid, {columns} FROM articles WHERE rowid IN (SELECT value FROM json_each(?))",
            [json.dumps(rowids)],
        )
    }
    return [
        {**{name: rows[rowid][name] for name in RESULT_COLUMNS}, "score": score, "matched_pages": matched}
        for (rowid, matched), score in pages
    ]


def add_translations(conn: sqlite3.Connection, found_hits: list[dict]) -> None:
    """Each hit's `translation`: the archived page in the other language (url, lang, title), or None."""
    wanted = [hit["translation_url"] for hit in found_hits if hit["translation_url"]]
    placeholders = ", ".join("?" * len(wanted))
    found = {
        url: {"url": url, "lang": lang, "title": title}
        for url, lang, title in conn.execute(
            f"SELECT url, lang, title FROM articles WHERE url IN ({placeholders})", wanted
        )
    }
    for hit in found_hits:
        hit["translation"] = found.get(hit["translation_url"])
