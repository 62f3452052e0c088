"""Ingest speed: articles/s the archive's store writes (upsert_article, one transaction per
article as the crawl's store pipeline does: versions, translation links, both FTS indexes
and the works index kept current by their triggers), next to sqlite-utils `upsert_all` of the
same rows into one table with FTS5 triggers. Alternating runs, medians. Prints figures;
asserts nothing.

    .venv/bin/python bench/ingest.py [--pages 5000] [--runs 3]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.replica import Site

BASE = "http://127.0.0.1:8002"
SEEN_AT = "2026-12-02T00:00:00Z"


def replica_rows(pages: int) -> list[dict]:
    site = Site(seed=5, pages=pages)
    return [page.ideal_article(BASE) for page in site.pages if page.duplicate_of is None]


def ours(rows: list[dict], folder: Path) -> float:
    with open_archive(folder / "ours.db") as db:
        started = time.perf_counter()
        for row in rows:
            upsert_article(db, row, seen_at=SEEN_AT)
        return len(rows) / (time.perf_counter() - started)


def baseline(rows: list[dict], folder: Path) -> float:
    db = sqlite_utils.Database(folder / "baseline.db")
    db["articles"].create(dict.fromkeys(rows[0], str), pk="url")
    db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="porter")
    started = time.perf_counter()
    with db.conn:
        db["articles"].upsert_all(rows, pk="url", batch_size=1000)
    rate = len(rows) / (time.perf_counter() - started)
    db.close()
    return rate


def measure(pages: int, runs: int) -> dict:
    """Medians of alternating runs: articles/s of ours and of sqlite-utils, and how many rows."""
    rows = replica_rows(pages)
    rates: dict[str, list[float]] = {"ours": [], "baseline": []}
    for run in range(runs):
        order = [("baseline", baseline), ("ours", ours)]
        for name, write in order if run % 2 == 0 else reversed(order):
            with tempfile.TemporaryDirectory() as tmp:
                rates[name].append(write(rows, Path(tmp)))
    return {"rows": len(rows), **{name: statistics.median(values) for name, values in rates.items()}}


def print_figures(runs: int, figures: dict) -> None:
    print(f"ingest of {figures['rows']:,} replica articles into a fresh archive", end=" ")
    print(f"({runs} alternating runs, medians):")
    print(f"  sqlite-utils upsert_all, FTS5 triggers      {figures['baseline']:9.0f} articles/s")
    print(f"  natocrawl store (upsert_article per item)   {figures['ours']:9.0f} articles/s")
    print(f"  ours / sqlite-utils: {figures['ours'] / figures['baseline']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="replica size")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each")
    options = parser.parse_args()
    print_figures(options.runs, measure(options.pages, options.runs))


if __name__ == "__main__":
    main()
