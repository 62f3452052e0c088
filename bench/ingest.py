"""Ingest speed: articles/s the archive's store writes (store_articles in batches as a bulk
load would give them, and upsert_article one transaction per article; each with versions,
translation links, the table view's FTS index, the stemmed per-language indexes and the works'
index kept current), next to sqlite-utils `upsert_all` of the same rows into one table with
FTS5 triggers. Then the same rows stored again (a re-crawl: all unchanged), in batches.
Alternating runs, medians. Prints figures; asserts nothing.

    .venv/bin/python bench/ingest.py [--pages 5000] [--runs 3]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

from natocrawl.archive.article_batches import store_articles
from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.replica import Site

BASE = "http://127.0.0.1:8002"
SEEN_AT = "2026-12-02T00:00:00Z"
SEEN_AGAIN_AT = "2026-12-03T00:00:00Z"
BATCH = 500


def replica_rows(pages: int) -> list[dict]:
    site = Site(seed=5, pages=pages)
    return [page.ideal_article(BASE) for page in site.pages if page.duplicate_of is None]


def _batches(rows: list[dict], seen_at: str) -> list[list[tuple[dict, str]]]:
    return [[(row, seen_at) for row in rows[start : start + BATCH]] for start in range(0, len(rows), BATCH)]


def batched(rows: list[dict], folder: Path) -> tuple[float, float]:
    """Articles/s stored afresh, and stored again unchanged."""
    rates = []
    with open_archive(folder / "batched.db") as db:
        for seen_at in (SEEN_AT, SEEN_AGAIN_AT):
            batches = _batches(rows, seen_at)
            started = time.perf_counter()
            for batch in batches:
                store_articles(db, batch)
            rates.append(len(rows) / (time.perf_counter() - started))
    return rates[0], rates[1]


def one_at_a_time(rows: list[dict], folder: Path) -> float:
    with open_archive(folder / "alone.db") as db:
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
    rates: dict[str, list[float]] = {"baseline": [], "batched": [], "again": [], "alone": []}
    for run in range(runs):
        order = ["baseline", "batched", "alone"]
        for name in order if run % 2 == 0 else reversed(order):
            with tempfile.TemporaryDirectory() as tmp:
                if name == "batched":
                    fresh, again = batched(rows, Path(tmp))
                    rates["batched"].append(fresh)
                    rates["again"].append(again)
                else:
                    rates[name].append({"baseline": baseline, "alone": one_at_a_time}[name](rows, Path(tmp)))
    return {"rows": len(rows), **{name: statistics.median(values) for name, values in rates.items()}}


def print_figures(runs: int, figures: dict) -> None:
    print(f"ingest of {figures['rows']:,} replica articles into a fresh archive", end=" ")
    print(f"({runs} alternating runs, medians):")
    lines = (
        ("sqlite-utils upsert_all, FTS5 triggers", "baseline"),
        (f"natocrawl store, batches of {BATCH}", "batched"),
        ("natocrawl store, one article at a time", "alone"),
        (f"natocrawl store, batches of {BATCH}, again", "again"),
    )
    for label, name in lines:
        print(f"  {label:<44} {figures[name]:9.0f} articles/s   {figures[name] / figures['baseline']:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="replica size")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each")
    options = parser.parse_args()
    print_figures(options.runs, measure(options.pages, options.runs))


if __name__ == "__main__":
    main()
