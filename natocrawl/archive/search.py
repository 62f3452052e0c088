"""Searching the archive in English, French or both (the index of archive/search_index.py,
queries of archive/search_query.py): filters, relevance or date order, a total, pages.

In both languages, a page and its translation are one result (the better-ranked of the two,
or in date order the English one when both matched; with whether the other matched too), so
a bilingual search lists each text once (archive/search_results.py)."""

import json
import re
import sqlite3
import time
from dataclasses import dataclass, field, replace

from natocrawl.archive.search_index import DATE_INDEX, KEYS_TABLE, table_name
from natocrawl.archive.search_query import Op, QueryError, Term, parse, term_count, terms
from natocrawl.archive.search_results import (
    WEIGHTS,
    add_translations,
    hits,
    members,
    shown_by_language,
    shown_by_rank,
)
from natocrawl.archive.search_works import WORKS_TABLE
from natocrawl.archive.stems import LANGUAGES

SCOPES = ("both", *LANGUAGES)
SORTS = ("relevance", "date")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# The date a page is filed under for date ranges and date order (search_index's keys).
DATE = "k.sort_date"
_DATE_BOUND = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
# bm25 scores every match before the first result can be shown (about a microsecond each:
# 50-150 ms for a word most texts hold, on a 2-core machine at 100,000 pages; FTS5 has no top-k
# shortcut). Best-match order over more texts than this is listed newest first instead, and
# says so (Results.order); narrower searches (more words, a type, a period) are ranked.
RANKED_AT_MOST = 5_000
# Newest first over at least this many matches reads the date index until it has a page
# (`_walk_by_date`); fewer are dated one by one, cheaper than a walk that finds them far apart.
WALK_FROM = 1_000
MAX_PAGE = 10_000
MAX_TERMS = 16
# As Datasette's sql_time_limit_ms: a search that takes longer is stopped, with a hint.
TIME_LIMIT_SECONDS = 3.0


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
    order: str = "relevance"  # the order given: search.sort, or date when too many match to rank

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.search.size))


def run(conn: sqlite3.Connection, search: Search) -> Results:
    """One page of results; QueryError (a hint) for a query or filter that cannot be read."""
    search.check()
    tree = parse(search.q)
    if term_count(tree) > MAX_TERMS:
        raise QueryError(f"At most {MAX_TERMS} words or phrases in one search.")
    filters, params = _filters(search)
    plan = _Plan.of(tree, search, filters)
    params.update(q=plan.match, size=search.size, offset=(search.page - 1) * search.size)
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        total = conn.execute(plan.count_sql(), params).fetchone()[0]
        if total > RANKED_AT_MOST:
            plan = replace(plan, relevance=False)
        if not plan.relevance and total >= WALK_FROM:
            ranked = _walk_by_date(conn, plan, params)
        else:
            ranked = conn.execute(plan.page_sql(), params).fetchall()
        found = hits(conn, ranked, _shown(conn, plan, tree, ranked, params) if plan.works else {})
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise QueryError("This search took too long: add words or filters to narrow it.") from None
        if "fts5" in str(error) or "malformed MATCH" in str(error):
            raise QueryError("The search engine could not read this query: try simpler words.") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    add_translations(conn, found)
    return Results(search, total, found, terms(tree), "relevance" if plan.relevance else "date")


@dataclass(frozen=True)
class _Plan:
    """Where a search looks and how it orders: a language's table of pages, or (in both
    languages) the table of works, whose rows are a page and its translation together."""

    table: str
    match: str
    weights: str
    works: bool
    relevance: bool
    filters: str

    @classmethod
    def of(cls, tree: Term | Op, search: Search, filters: str) -> "_Plan":
        relevance = search.sort == "relevance"
        if search.lang != "both":
            return cls(table_name(search.lang), tree.fts(search.lang), WEIGHTS, False, relevance, filters)
        # Each part in either language of a text: `security sécurité` finds the texts
        # whose English says one and French the other.
        match = " AND ".join(part.fts_in(LANGUAGES) for part in _parts(tree))
        weights = ", ".join([WEIGHTS] * len(LANGUAGES))
        return cls(WORKS_TABLE, match, weights, True, relevance, filters)

    def _from(self, dated: bool = False) -> str:
        table, filtered = self.table, self.filters != "1"
        if not self.works:
            keys = f"JOIN {KEYS_TABLE} k ON k.rowid = {table}.rowid" if filtered or dated else ""
            return f"FROM {table} {keys} WHERE {table} MATCH :q AND {self.filters}"
        # A work is kept when one of its pages passes the filters.
        kept = f"AND EXISTS (SELECT 1 FROM {self._members()})" if filtered else ""
        return f"FROM {table} WHERE {table} MATCH :q {kept}"

    def _members(self) -> str:
        """The keys of the current work's pages that pass the filters."""
        return f"{KEYS_TABLE} k WHERE k.work = {self.table}.rowid AND {self.filters}"

    def match_sql(self) -> str:
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH :q"

    def count_sql(self) -> str:
        return f"SELECT count(*) {self._from()}"

    def page_sql(self) -> str:
        table = self.table
        score = f"bm25({table}, {self.weights})" if self.relevance else "0.0"
        if self.relevance:
            order = "score"
        elif self.works:
            # A work's date: its latest page's (translations share theirs).
            order = f"(SELECT max(k.sort_date) FROM {self._members()}) DESC"
        else:
            order = f"{DATE} DESC, k.work"  # undated pages last: SQLite puts NULL below every date
        return (
            f"SELECT {table}.rowid AS rowid, {score} AS score {self._from(dated=not self.relevance)} "
            f"ORDER BY {order}, rowid LIMIT :size OFFSET :offset"
        )


def _parts(tree: Term | Op) -> tuple:
    """What a search in both languages finds each in either language: an AND's parts, else
    the whole query."""
    return tree.parts if isinstance(tree, Op) and tree.name == "AND" else (tree,)


def _shown(conn: sqlite3.Connection, plan: _Plan, tree: Term | Op, ranked: list, params: dict) -> dict:
    """Which page of each work to show, and how many matched. Newest first, for a query
    that is not words ANDed (each of which may match in either language): the pages whose
    language's columns match it on their own (no ranking to choose by); else by rank."""
    pages = members(conn, [work for work, _score in ranked], plan.filters, params)
    if plan.relevance or _parts(tree) != (tree,):
        return shown_by_rank(conn, plan.table, pages, params)
    # `+rowid`: these few rows, found in one pass over the matches (see shown_by_rank).
    sql = f"{plan.match_sql()} AND +rowid IN (SELECT value FROM json_each(:works))"
    works = json.dumps(list(pages))
    matched = {}
    for lang in LANGUAGES:
        rows = conn.execute(sql, {**params, "q": tree.fts(lang, f"{lang}_"), "works": works})
        matched[lang] = {row[0] for row in rows}
    return shown_by_language(pages, matched)


def _walk_by_date(conn: sqlite3.Connection, plan: _Plan, params: dict) -> list[tuple[int, float]]:
    """A page of newest first over many matches, without dating each: the search keys read
    in date order, newest first, each kept when its page (in both languages, its work)
    matched and passes the filters, until the page is full. A work comes first with its
    latest page, so the order is page_sql's: latest date, then work, then page."""
    key = "k.work" if plan.works else "k.rowid"
    sql = (
        f"SELECT {key} FROM {KEYS_TABLE} k INDEXED BY {DATE_INDEX} "
        # `+`: the matches are a set to look keys up in, not an index to start from.
        f"WHERE +{key} IN ({plan.match_sql()}) AND {plan.filters} ORDER BY {DATE} DESC, k.work, k.rowid"
    )
    wanted, found = params["offset"] + params["size"], {}  # in the order first met
    for (value,) in conn.execute(sql, params):
        found.setdefault(value)
        if len(found) == wanted:
            break
    return [(value, 0.0) for value in list(found)[params["offset"] :]]


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
