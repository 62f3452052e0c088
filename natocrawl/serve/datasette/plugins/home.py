"""Datasette plugin of the archive: the home page leads with the articles, the search page and
the canned queries, then coverage at a glance (serve/coverage.py) and the last crawl runs
(templates/index.html draws them)."""

import sqlite_utils
from datasette import hookimpl

from natocrawl.serve.coverage import coverage_svg, read_coverage
from natocrawl.serve.links import archive_database

RUNS_SHOWN = 8
RUN_COLUMNS = "id, started_at, finished_at, finish_reason, new, changed, removed, failed, pages_fetched"


def _home(conn) -> dict:
    coverage = read_coverage(conn)
    query = f"SELECT {RUN_COLUMNS} FROM crawl_runs ORDER BY id DESC LIMIT {RUNS_SHOWN}"
    runs = list(sqlite_utils.Database(conn).query(query))
    totals = conn.execute(
        "SELECT count(*), sum(lang = 'en'), sum(lang = 'fr'), sum(translation_url IS NOT NULL), "
        "min(coalesce(published, event_start)), max(coalesce(published, event_start)) FROM articles"
    ).fetchone()
    return {
        "coverage_svg": coverage_svg(coverage),
        "undated": coverage.undated,
        "runs": runs,
        "totals": dict(zip(("pages", "en", "fr", "paired", "first", "last"), totals)),
    }


@hookimpl
def extra_template_vars(view_name, datasette):
    if view_name != "index":
        return {}

    async def home():
        db = archive_database(datasette)
        queries = [query["name"] for query in (await datasette.get_canned_queries(db.name, None)).values()]
        return {"archive": db.name, "canned_queries": queries, **await db.execute_fn(_home)}

    return home
