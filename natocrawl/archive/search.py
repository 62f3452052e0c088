"""Searching the archive in English, French or both (the index of archive/search_index.py,
queries of archive/search_query.py): filters, relevance or date order, a total, pages.

In both languages, a page and its translation are one result (the better-ranked of the two,
with whether the other matched too), so a bilingual search lists each text once."""

import re
import sqlite3
import time
from dataclasses import dataclass, field

import sqlite_utils

from natocrawl.archive.search_index import KEYS_TABLE, table_name
from natocrawl.archive.search_query import Op, QueryError, Term, parse, term_count, terms
from natocrawl.archive.stems import LANGUAGES

SCOPES = ("both", *LANGUAGES)
SORTS = ("relevance", "date")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# bm25 weights of (title, body, title_words, body_words): a title match counts five times.
WEIGHTS = "5.0, 1.0, 5.0, 1.0"
# The date a page is filed under for date ranges and date order (search_index's keys).
DATE = "k.sort_date"
_DATE_BOUND = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
MAX_PAGE = 10_000
MAX_TERMS = 16
# As Datasette's sql_time_limit_ms: a search that takes longer is stopped, with a hint.
TIME_LIMIT_SECONDS = 3.0
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


@dataclass(frozen=True)
class Search:
    """What a researcher asked for; `check()` says in one line what is wrong with it."""

    q: str
    lang: str = "both"
    type: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = PAGE_SIZE

    def check(self) -> None:
        if self.lang not in SCOPES:
            raise QueryError(f"lang must be one of {', '.join(SCOPES)}, not {self.lang!r}.")
        if self.sort not in SORTS:
            raise QueryError(f"sort must be relevance or date, not {self.sort!r}.")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _DATE_BOUND.fullmatch(value):
                raise QueryError(f"{name} must be a year, year-month or date (2024, 2024-06, 2024-06-25).")
        if not 1 <= self.page <= MAX_PAGE or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE:,}, size between 1 and {MAX_PAGE_SIZE}.")


@dataclass
class Results:
    search: Search
    total: int
    hits: list[dict] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.search.size))


def run(conn: sqlite3.Connection, search: Search) -> Results:
    """One page of results; QueryError (a hint) for a query or filter that cannot be read."""
    search.check()
    tree = parse(search.q)
    if term_count(tree) > MAX_TERMS:
        raise QueryError(f"At most {MAX_TERMS} words or phrases in one search.")
    languages = LANGUAGES if search.lang == "both" else (search.lang,)
    parts = _parts(tree, languages)
    params = {f"q_{index}_{lang}": part.fts(lang) for index, part in enumerate(parts) for lang in languages}
    filters, filter_params = _filters(search)
    params.update(filter_params, parts=len(parts))
    order = (
        "score, sort_date DESC" if search.sort == "relevance" else "sort_date IS NULL, sort_date DESC, score"
    )
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        total = _total(conn, languages, len(parts), filters, params)
        columns = ", ".join(f"a.{column}" for column in RESULT_COLUMNS)
        page = f"SELECT * FROM grouped ORDER BY {order}, rowid LIMIT :size OFFSET :offset"
        hits = list(
            sqlite_utils.Database(conn).query(
                f"{_matched_sql(languages, len(parts), filters)} SELECT {columns}, g.score, g.matched_pages "
                f"FROM ({page}) g JOIN articles a ON a.rowid = g.rowid ORDER BY {order}, g.rowid",
                {**params, "size": search.size, "offset": (search.page - 1) * search.size},
            )
        )
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise QueryError("This search took too long: add words or filters to narrow it.") from None
        if "fts5" in str(error) or "malformed MATCH" in str(error):
            raise QueryError("The search engine could not read this query: try simpler words.") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    _add_translations(conn, hits)
    return Results(search, total, hits, terms(tree))


def _total(
    conn: sqlite3.Connection, languages: tuple[str, ...], parts: int, filters: str, params: dict
) -> int:
    """How many results there are. Without ranking (bm25 is computed only for the page
    shown); in one language and without filters, the index alone counts them."""
    if len(languages) == 1 and filters == "1":
        table = table_name(languages[0])
        query = f"SELECT count(*) FROM {table} WHERE {table} MATCH :q_0_{languages[0]}"
        return conn.execute(query, params).fetchone()[0]
    sql = f"{_matched_sql(languages, parts, filters, ranked=False)} SELECT count(*) FROM grouped"
    return conn.execute(sql, params).fetchone()[0]


def _parts(tree: Term | Op, languages: tuple[str, ...]) -> tuple[Term | Op, ...]:
    """What a result must match, each in either language of a text when both are searched:
    `security sécurité` then finds the texts whose English says one and French the other."""
    if len(languages) > 1 and isinstance(tree, Op) and tree.name == "AND":
        return tree.parts
    return (tree,)


def _add_translations(conn: sqlite3.Connection, hits: list[dict]) -> None:
    """Each hit's `translation`: the archived page in the other language (url, lang, title), or None."""
    wanted = [hit["translation_url"] for hit in hits if hit["translation_url"]]
    placeholders = ", ".join("?" * len(wanted))
    found = {
        url: {"url": url, "lang": lang, "title": title}
        for url, lang, title in conn.execute(
            f"SELECT url, lang, title FROM articles WHERE url IN ({placeholders})", wanted
        )
    }
    for hit in hits:
        hit["translation"] = found.get(hit["translation_url"])


def _filters(search: Search) -> tuple[str, dict]:
    clauses, params = [], {}
    if search.type:
        clauses.append("k.type = :type")
        params["type"] = search.type
    if search.since:
        clauses.append(f"{DATE} >= :since")
        params["since"] = search.since
    if search.until:
        # 2024 and 2024-06 include every day in them.
        clauses.append(f"substr({DATE}, 1, :until_length) <= :until")
        params.update(until=search.until, until_length=len(search.until))
    return " AND ".join(clauses) or "1", params


def _matched_sql(languages: tuple[str, ...], parts: int, filters: str, ranked: bool = True) -> str:
    """WITH clauses ending in `grouped`: one row per result (a text: one page, or a page and
    its translation), its best-ranked page's rowid and date, and the sum of its parts' scores.
    Narrow on purpose: the articles' texts are read only for the page of results shown."""
    score = "bm25({table}, " + WEIGHTS + ")" if ranked else "0.0"
    hits = " UNION ALL ".join(
        f"SELECT rowid, {score.format(table=table_name(lang))} AS score, {index} AS part "
        f"FROM {table_name(lang)} WHERE {table_name(lang)} MATCH :q_{index}_{lang}"
        for index in range(parts)
        for lang in languages
    )
    # In both languages a page and its translation are one result (search_index's keys).
    work = "k.work" if len(languages) > 1 else "k.rowid"
    matched = f"""WITH hits AS MATERIALIZED ({hits}),
        matched AS MATERIALIZED (
            SELECT k.rowid AS rowid, {DATE} AS sort_date, hits.score AS score, hits.part AS part,
                   {work} AS work
            FROM hits JOIN {KEYS_TABLE} k ON k.rowid = hits.rowid WHERE {filters}),"""
    if len(languages) == 1:
        # One language, one part: each match is a result of its own.
        return f"""{matched}
        grouped AS (SELECT rowid, sort_date, score AS page_score, score, 1 AS matched_pages FROM matched)
        """
    return f"""{matched}
        works AS (
            SELECT work, sum(best) AS score, max(sort_date) AS sort_date FROM (
                SELECT work, part, min(score) AS best, max(sort_date) AS sort_date
                FROM matched GROUP BY work, part)
            GROUP BY work HAVING count(*) = :parts),
        pages AS (
            SELECT work, rowid, sort_date, min(score) AS page_score, count(DISTINCT rowid) AS matched_pages
            FROM matched GROUP BY work),
        grouped AS (
            SELECT p.rowid AS rowid, w.sort_date AS sort_date, p.page_score AS page_score,
                   w.score AS score, p.matched_pages AS matched_pages
            FROM works w JOIN pages p ON p.work = w.work)
        """
