"""Crawl speed, CPU and memory on the replica, next to a truly bare Scrapy crawl of the same
site (plain Scrapy settings: no WARC, no pipelines, no extensions of ours; the same
concurrency). Runs alternate (bare, ours, bare, ours …) so that a machine's drift falls on
both; figures are min / median / max. Prints figures; asserts nothing.

    .venv/bin/python bench/crawl.py [--pages 1000] [--runs 3]

Also: a second crawl of ours with `full=1` over the archive the first left, so that
extraction runs with the learned boilerplate loaded (every crawl after the first does), and
the peak RSS and PSS of the crawl's whole process tree (main + extraction workers).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command

ROOT = Path(__file__).resolve().parent.parent


class TreeMemory:
    """Peak memory of a process and its descendants, sampled from /proc: the sum of their
    RSS (which counts a shared library's pages once in every process that maps it) and of
    their PSS (which shares such pages out: what the tree takes of the machine's RAM)."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[int, int]:
        self._done.set()
        self._thread.join()
        return self.peak, self.peak_pss

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
            pids = _tree(self.pid)
            self.peak = max(self.peak, sum(_memory(pid, "status", "VmRSS:") for pid in pids))
            self.peak_pss = max(self.peak_pss, sum(_memory(pid, "smaps_rollup", "Pss:") for pid in pids))


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return pids


def _memory(pid: int, file: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(command: list[str], env: dict, replica, cwd: Path = ROOT) -> dict:
    """Wall seconds, CPU seconds (the process and every child it waited for), requests the
    replica served, and the process tree's peak RSS and PSS."""
    before_requests = len(replica.request_log)
    before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    peak, peak_pss = memory.stop()
    if process.returncode:
        sys.exit(f"crawl failed ({process.returncode}): {errors.decode()[-2000:]}")
    after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_cpu.ru_utime - before_cpu.ru_utime) + (after_cpu.ru_stime - before_cpu.ru_stime)
    requests = len(replica.request_log) - before_requests
    return {"seconds": seconds, "cpu": cpu, "requests": requests, "rss": peak, "pss": peak_pss}


def bare(replica) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    spider = ROOT / "bench" / "bare_spider.py"
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"base_url={replica.base_url}"]
    settings = ["-s", "LOG_LEVEL=ERROR", "-s", "TELNETCONSOLE_ENABLED=False"]
    # Outside the project: its scrapy.cfg would bring natocrawl's settings in.
    return timed([*command, *settings], env, replica, cwd=Path(tempfile.gettempdir()))


def ours(replica, archive: Path, *extra: str) -> dict:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="natocrawl.settings")
    return timed(crawl_command(replica.base_url, archive, "-s", "LOG_LEVEL=ERROR", *extra), env, replica)


def spread(values: list[float], unit: str = "") -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}{unit}"


def report(name: str, runs: list[dict]) -> None:
    rates = [run["requests"] / run["seconds"] for run in runs]
    cpu_ms = [1000 * run["cpu"] / run["requests"] for run in runs]
    rss = [run["rss"] / 2**20 for run in runs]
    pss = [run["pss"] / 2**20 for run in runs]
    print(f"  {name:<34} pages/s {spread(rates)}   CPU ms/page {spread(cpu_ms)}")
    print(f"  {'':<34} peak RSS MB {spread(rss)}   peak PSS MB {spread(pss)}")


def measure(pages: int, runs: int) -> dict[str, list[dict]]:
    """Alternating runs of the bare crawl and ours on a `pages`-page replica; after each of
    ours, a `full=1` crawl over its archive (the learned model loaded)."""
    site = Site(seed=1, pages=pages)
    results: dict[str, list[dict]] = {"bare": [], "ours": [], "learned": []}
    with start_server(site) as replica, tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            archive = Path(tmp) / f"run{run}.db"
            # Each run starts at another crawl, so that neither always runs on a warm machine.
            order = (
                [("bare", None), ("ours", archive)] if run % 2 == 0 else [("ours", archive), ("bare", None)]
            )
            for name, path in order:
                results[name].append(bare(replica) if path is None else ours(replica, path))
            results["learned"].append(ours(replica, archive, "-a", "full=1"))
    return results


def ratios(results: dict[str, list[dict]], name: str) -> list[float]:
    """Each run's pages/s as a share of the bare crawl's beside it."""
    return [
        (mine["requests"] / mine["seconds"]) / (base["requests"] / base["seconds"])
        for mine, base in zip(results[name], results["bare"])
    ]


def peak_memory(pages: int) -> dict:
    """One crawl of ours on a `pages`-page replica: its figures, with the tree's peak RSS/PSS."""
    with start_server(Site(seed=1, pages=pages)) as replica, tempfile.TemporaryDirectory() as tmp:
        return ours(replica, Path(tmp) / "archive.db")


def print_figures(pages: int, runs: int, results: dict[str, list[dict]]) -> None:
    print(f"crawl of a {pages:,}-page replica over loopback, {runs} alternating runs (min / median / max):")
    report("bare Scrapy (fetch only)", results["bare"])
    report("scrapy crawl nato (first crawl)", results["ours"])
    report("scrapy crawl nato full=1 (learned)", results["learned"])
    for name in ("ours", "learned"):
        print(f"  {name} / bare pages/s: {spread(ratios(results, name), 'x')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="replica size")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each crawl")
    options = parser.parse_args()
    print_figures(options.pages, options.runs, measure(options.pages, options.runs))


if __name__ == "__main__":
    main()
