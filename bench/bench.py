"""Extraction and crawl throughput on the replica, next to their baselines. Prints figures;
asserts nothing (targets live in DESIGN.md §4, not in timed tests).

    .venv/bin/python bench/bench.py [--pages 300] [--sample 150]
"""

import argparse
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
from crawl import ROOT, bare, ours  # bench/crawl.py, beside this script

from natocrawl.extract import extract_with_lines
from natocrawl.extract.boilerplate import BoilerplateModel
from natocrawl.replica import Site, start_server
from natocrawl.urls import url_info


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


def show(name: str, run: dict, extra: str = "") -> None:
    rate = run["requests"] / run["seconds"]
    print(f"  {name:<46} {rate:8.1f} pages/s ({run['requests']} requests{extra}, {run['seconds']:.1f} s)")


def bench_crawl(replica) -> None:
    """One crawl of each kind (bench/crawl.py alternates several and adds memory)."""
    print("crawl over loopback, end to end (child processes, as users run them):")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bench.db"
        run = ours(replica, archive)
        stored = sqlite3.connect(archive).execute("select count(*) from articles").fetchone()[0]
        show("scrapy crawl nato (extract, dedupe, store)", run, f", {stored} articles")
        show("bare Scrapy crawl (no WARC, no pipelines)", bare(replica))
        bench_nightly(replica, archive)


def bench_nightly(replica, archive: Path) -> None:
    """The nightly costs on the archive just crawled: a run with nothing changed, and the
    whole archive re-extracted from its WARC captures."""
    show("second run, nothing changed", ours(replica, archive))
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
