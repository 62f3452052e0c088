"""Every speed and memory figure of the project in one run, each next to its baseline and
its target (issue 13), then a summary: extraction against `trafilatura.extract`, without and
with a learned boilerplate model; the crawl against a truly bare Scrapy crawl (alternating
runs, min / median / max), first crawl and `full=1` with the learned model; the crawl's peak
memory at two replica sizes; ingest against sqlite-utils `upsert_all` with FTS5 triggers;
search in-process against a plain FTS5 MATCH, and through `natocrawl serve` with 1 and 4
clients. Prints figures; asserts nothing (no timed tests).

    .venv/bin/python bench/bench.py [--pages 1000] [--runs 3] [--memory-pages 5000 20000]
        [--ingest-pages 3000] [--search-pages 100000] [--queries 200]

The search archive is built once per size under bench/.cache/ (10 minutes at 100,000 pages).
"""

import argparse
import platform
import statistics
import time
import urllib.request
from datetime import date

import crawl  # bench/crawl.py and the others, beside this script
import ingest
import lxml.html
import search
import serve
import trafilatura

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


def bench_extraction(pages, runs: int) -> dict[str, float]:
    """Pages/s of each extraction (medians of alternating runs), printed."""
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
    return results


def summary(figures: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, value, target, met) for every target of issue 13."""
    rows = []
    extraction = figures["extraction"]
    baseline = extraction["trafilatura.extract alone"]
    for name, label in (("chrome + body", "no model"), ("learned", "learned model")):
        rate = next(rate for key, rate in extraction.items() if name in key)
        rows.append(
            (
                f"extraction / trafilatura.extract, {label}",
                f"{rate / baseline:.2f}x",
                ">= 4x",
                rate >= 4 * baseline,
            )
        )
    for name, label in (("ours", "first crawl"), ("learned", "full=1, learned model")):
        values = crawl.ratios(figures["crawl"], name)
        shown = crawl.spread(values, "x")
        rows.append((f"crawl / bare pages/s, {label}", shown, ">= 0.5x", min(values) >= 0.5))
    memory = {pages: run["rss"] / 2**20 for pages, run in figures["memory"].items()}
    low, high = min(memory.values()), max(memory.values())
    shown = " / ".join(f"{value:.0f} MB at {pages:,}" for pages, value in memory.items())
    rows.append(("crawl peak RSS (main + workers)", shown, "< 300 MB", high < 300))
    rows.append(
        ("  its growth between sizes", f"{100 * (high / low - 1):+.0f} %", "within 10 %", high <= 1.1 * low)
    )
    ingested = figures["ingest"]["batched"]
    rows.append(("ingest, articles/s", f"{ingested:,.0f}", ">= 5,000", ingested >= 5000))
    for (endpoint, clients), (_p50, p95) in figures["serve"].items():
        rows.append((f"{endpoint}, {clients} client(s), p95", f"{p95:.0f} ms", "< 50 ms", p95 < 50))
    return rows


def print_summary(rows) -> None:
    machine = f"{platform.node()}, {platform.machine()}, Python {platform.python_version()}"
    print(f"summary ({machine}, {date.today()}):")
    for figure, value, target, met in rows:
        print(f"  {figure:<52} {value:>30}   target {target:<12} {'met' if met else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="replica size of the crawl figures")
    parser.add_argument("--sample", type=int, default=150, help="pages for the extraction figures")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each figure")
    parser.add_argument("--memory-pages", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--ingest-pages", type=int, default=3000)
    parser.add_argument("--search-pages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    options = parser.parse_args()
    started, figures = time.perf_counter(), {}
    site = Site(seed=1, pages=options.pages)
    with start_server(site) as replica:
        figures["extraction"] = bench_extraction(fetch_sample(replica, site, options.sample), options.runs)
    figures["crawl"] = crawl.measure(options.pages, options.runs)
    crawl.print_figures(options.pages, options.runs, figures["crawl"])
    figures["memory"] = {pages: crawl.peak_memory(pages) for pages in options.memory_pages}
    for pages, run in figures["memory"].items():
        rss, pss = run["rss"] / 2**20, run["pss"] / 2**20
        print(f"  peak of the crawl's process tree, {pages:,} pages: RSS {rss:.0f} MB, PSS {pss:.0f} MB")
    figures["ingest"] = ingest.measure(options.ingest_pages, options.runs)
    ingest.print_figures(options.runs, figures["ingest"])
    search.print_figures(options.runs, search.measure(options.search_pages, options.queries, options.runs))
    figures["serve"] = serve.measure(options.search_pages, options.queries)
    serve.print_figures(options.search_pages, options.queries, figures["serve"])
    print_summary(summary(figures))
    print(f"(bench took {(time.perf_counter() - started) / 60:.0f} minutes)")


if __name__ == "__main__":
    main()
