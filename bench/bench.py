"""Extraction and crawl throughput on the replica, next to their baselines. Prints figures;
asserts nothing (targets live in DESIGN.md §4, not in timed tests).

    .venv/bin/python bench/bench.py [--pages 300] [--sample 150]
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import lxml.html
import trafilatura

from natocrawl.extract import extract_with_lines
from natocrawl.extract.boilerplate import BoilerplateModel
from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command
from natocrawl.urls import url_info

ROOT = Path(__file__).resolve().parent.parent


def fetch_sample(replica, site, sample: int) -> list[tuple[str, bytes]]:
    pages = [page for page in site.pages if page.in_sitemap and not page.disallowed][:sample]
    return [
        (replica.base_url + page.path, urllib.request.urlopen(replica.base_url + page.path).read())
        for page in pages
    ]


def pages_per_second(function, pages) -> float:
    started = time.perf_counter()
    for url, html in pages:
        function(html, url)
    return len(pages) / (time.perf_counter() - started)


def learned_boilerplate(pages) -> dict:
    """What a crawl of these pages teaches the model (as the archive would keep it)."""
    model = BoilerplateModel()
    for url, html in pages:
        article, lines = extract_with_lines(html, url)
        if article.lang and article.body:
            model.observe(article.lang, lines)
    return model.frequent_by_lang()


def bench_extraction(pages, runs: int) -> None:
    size = sum(len(html) for _url, html in pages) / len(pages) / 1024
    frequent = learned_boilerplate(pages)
    print(f"extraction, {len(pages)} replica pages, mean {size:.0f} KB", end=" ")
    print(f"(one core; {runs} alternating runs, medians):")
    figures = {
        "lxml parsing alone": lambda html, url: lxml.html.document_fromstring(html),
        "trafilatura.extract alone": lambda html, url: trafilatura.extract(html, url=url),
        "natocrawl extract (chrome + body + metadata)": extract_with_lines,
        "natocrawl extract, learned boilerplate loaded": lambda html, url: extract_with_lines(
            html, url, boilerplate=frequent.get(url_info(url).lang if url_info(url) else None, {})
        ),
    }
    rates: dict[str, list[float]] = {name: [] for name in figures}
    for run in range(runs):
        names = list(figures) if run % 2 == 0 else list(reversed(figures))
        for name in names:
            rates[name].append(pages_per_second(figures[name], pages))
    results = {name: statistics.median(values) for name, values in rates.items()}
    for name, rate in results.items():
        print(f"  {name:<46} {rate:8.1f} pages/s")
    baseline = results["trafilatura.extract alone"]
    for name in list(figures)[2:]:
        print(f"  {name} / trafilatura.extract: {results[name] / baseline:.2f}x")


def timed_crawl(command: list[str]) -> float:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="natocrawl.settings")
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def bench_crawl(replica) -> None:
    print("crawl over loopback, end to end (child processes, as users run them):")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bench.db"
        before = len(replica.request_log)
        seconds = timed_crawl(crawl_command(replica.base_url, archive, "-s", "LOG_LEVEL=ERROR"))
        fetched = len(replica.request_log) - before
        stored = sqlite3.connect(archive).execute("select count(*) from articles").fetchone()[0]
        print(
            f"  scrapy crawl nato (extract, dedupe, store)     {fetched / seconds:8.1f} pages/s "
            f"({fetched} requests, {stored} articles, {seconds:.1f} s)"
        )
        before = len(replica.request_log)
        seconds = timed_crawl(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                str(ROOT / "bench" / "bare_spider.py"),
                "-a",
                f"base_url={replica.base_url}",
                "-s",
                "LOG_LEVEL=ERROR",
                "-s",
                "ITEM_PIPELINES={}",
                "-s",
                f"ARCHIVE_DB={archive}.bare",
            ]
        )
        fetched = len(replica.request_log) - before
        print(
            f"  bare Scrapy crawl, fetch only                  {fetched / seconds:8.1f} pages/s "
            f"({fetched} requests, {seconds:.1f} s)"
        )
        bench_nightly(replica, archive)


def bench_nightly(replica, archive: Path) -> None:
    """The nightly costs on the archive just crawled: a run with nothing changed, and the
    whole archive re-extracted from its WARC captures."""
    before = len(replica.request_log)
    seconds = timed_crawl(crawl_command(replica.base_url, archive, "-s", "LOG_LEVEL=ERROR"))
    print(
        f"  second run, nothing changed                    {seconds:8.1f} s "
        f"({len(replica.request_log) - before} requests)"
    )
    result = subprocess.run(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", "reprocess", "--db", str(archive)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"  natocrawl reprocess: {result.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="replica size")
    parser.add_argument("--sample", type=int, default=150, help="pages for the extraction figures")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of the extraction figures")
    options = parser.parse_args()
    site = Site(seed=1, pages=options.pages)
    with start_server(site) as replica:
        bench_extraction(fetch_sample(replica, site, options.sample), options.runs)
        bench_crawl(replica)


if __name__ == "__main__":
    main()
