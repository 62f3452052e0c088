"""Search speed: p50 and p95 of /-/search's work (the query, its total, one page of 20 results
with snippets) over 200 queries, next to a plain FTS5 MATCH on articles_fts for the same words
(ranked, one page, and its count). Prints figures; asserts nothing.

    .venv/bin/python bench/search.py [--pages 1600] [--queries 200] [--runs 3]

The archive is the replica's pages stored through the archive's own store, in batches as a
crawl's store pipeline writes them (versions, translation links, stemmed indexes), built once
per size under bench/.cache/ (not committed).
"""

import argparse
import random
import re
import sqlite3
import statistics
import time
from pathlib import Path

from natocrawl.archive.article_batches import store_articles
from natocrawl.archive.connection import open_archive
from natocrawl.archive.search import Search, run
from natocrawl.archive.search_index import text_language
from natocrawl.archive.snippets import snippet
from natocrawl.replica import Site

CACHE = Path(__file__).resolve().parent / ".cache"
BASE = "http://127.0.0.1:8002"
SEEN_AT = "2026-12-03T00:00:00Z"
BUILD_BATCH = 1000


def build(pages: int) -> Path:
    path = CACHE / f"search-{pages}.db"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    started = time.perf_counter()
    site = Site(seed=5, pages=pages)
    articles = [page.ideal_article(BASE) for page in site.pages if page.duplicate_of is None]
    with open_archive(path) as db:
        for start in range(0, len(articles), BUILD_BATCH):
            store_articles(db, [(article, SEEN_AT) for article in articles[start : start + BUILD_BATCH]])
    print(f"built {path.name}: {pages:,} pages in {time.perf_counter() - started:.0f} s")
    return path


def queries(conn: sqlite3.Connection, count: int) -> list[tuple[str, str]]:
    """(query, scope) pairs: words of every frequency, pairs, phrases, prefixes, OR and NOT."""
    rng = random.Random(1)
    # The same 300 pages on every run (seeded), so that runs and sizes compare.
    last = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    chosen = rng.sample(range(1, last + 1), min(300, last))
    marks = ", ".join("?" * len(chosen))
    sample = [row[0] for row in conn.execute(f"SELECT body FROM articles WHERE rowid IN ({marks})", chosen)]
    words = [w for body in sample for w in re.findall(r"[^\W\d_]{4,}", body)]
    shapes = [
        lambda a, b: a,
        lambda a, b: f"{a} {b}",
        lambda a, b: f'"{a} {b}"',
        lambda a, b: f"{a[:4]}*",
        lambda a, b: f"{a} OR {b}",
        lambda a, b: f"{a} NOT {b}",
    ]
    picked = []
    for index in range(count):
        start = rng.randrange(len(words) - 1)
        picked.append(
            (shapes[index % len(shapes)](words[start], words[start + 1]), rng.choice(["both", "en", "fr"]))
        )
    return picked


def ours(conn, query: str, scope: str) -> None:
    results = run(conn, Search(query, scope))
    for hit in results.hits:
        snippet(hit["body"], results.terms, text_language(hit["content_lang"], hit["lang"]))


def plain(conn, query: str, _scope: str) -> None:
    words = " ".join('"' + w + '"' for w in re.findall(r"[^\W_]+", query) if w not in ("OR", "NOT"))
    conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [words]).fetchone()
    conn.execute(
        "SELECT a.url, a.title, snippet(articles_fts, 1, '[', ']', '…', 24) FROM articles_fts "
        "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20",
        [words],
    ).fetchall()


def timings(conn, function, picked) -> list[float]:
    times = []
    for query, scope in picked:
        started = time.perf_counter()
        function(conn, query, scope)
        times.append((time.perf_counter() - started) * 1000)
    return times


def through_datasette(path: Path, picked) -> list[float]:
    """The same queries as requests to /-/search.json, Datasette in-process (no sockets)."""
    import asyncio
    from urllib.parse import urlencode

    from natocrawl.serve.app import build_datasette

    datasette = build_datasette(path)

    async def timed() -> list[float]:
        times = []
        for query, scope in picked:
            started = time.perf_counter()
            response = await datasette.client.get("/-/search.json?" + urlencode({"q": query, "lang": scope}))
            assert response.status_code == 200, response.text
            times.append((time.perf_counter() - started) * 1000)
        return times

    return asyncio.run(timed())


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure(pages: int, count: int, runs: int) -> dict:
    """p50 / p95 / max in ms: /-/search's work and a plain FTS5 MATCH (medians of alternating
    runs), and GET /-/search.json in-process (one run)."""
    path = build(pages)
    conn = sqlite3.connect(path)
    picked = queries(conn, count)
    figures: dict[str, list] = {"ours": [], "plain": []}
    for index in range(runs):
        order = [("ours", ours), ("plain", plain)]
        # Each run starts with the other, so that neither always runs on a warm cache.
        for name, function in order if index % 2 == 0 else reversed(order):
            times = timings(conn, function, picked)
            figures[name].append((statistics.median(times), p95(times), max(times)))
    result = {
        name: tuple(statistics.median(run[i] for run in figures[name]) for i in range(3)) for name in figures
    }
    http = through_datasette(path, picked)
    result["http"] = (statistics.median(http), p95(http), max(http))
    result["articles"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    result["queries"] = len(picked)
    return result


def print_figures(runs: int, figures: dict) -> None:
    print(
        f"{figures['articles']:,} articles, {figures['queries']} queries, {runs} alternating runs (medians):"
    )
    for name, label in (
        ("ours", "/-/search (stemmed, grouped, snippets)"),
        ("plain", "plain FTS5 MATCH"),
        ("http", "GET /-/search.json (in-process, 1 run)"),
    ):
        p50, high, worst = figures[name]
        print(f"  {label:40} p50 {p50:6.1f} ms   p95 {high:6.1f} ms   max {worst:6.1f} ms")
    print(f"  p95 ratio to plain FTS5: {figures['ours'][1] / figures['plain'][1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1600)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each; medians reported")
    args = parser.parse_args()
    print_figures(args.runs, measure(args.pages, args.queries, args.runs))


if __name__ == "__main__":
    main()
