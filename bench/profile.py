"""Where a crawl's CPU goes: one `scrapy crawl nato` of the replica under cProfile, with
extraction inline (EXTRACT_WORKERS=0) so that every stage runs in the profiled process, then
the same archive crawled again with `full=1` (the learned boilerplate loaded). Own time of
every function, summed by stage. Prints figures; asserts nothing.

    .venv/bin/python bench/profile.py [--pages 1000] [--top 15]

In a real crawl extraction runs in worker processes, which adds what pickling pages and
articles costs (`pickle` below stays near zero here); for that, sample the running crawl:
`py-spy record --subprocesses -o crawl.svg -- .venv/bin/python -m scrapy crawl nato …`.
"""

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command

ROOT = Path(__file__).resolve().parent.parent

# First match wins: (stage, fragment of the function's file path or name).
STAGES = (
    ("trafilatura", "/trafilatura/"),
    ("language detection", "/py3langid/"),
    ("our DOM passes (natocrawl.extract)", "/natocrawl/extract/"),
    ("WARC write (warcio, gzip)", "/warcio/"),
    ("WARC write (warcio, gzip)", "zlib"),
    ("WARC write (warcio, gzip)", "/natocrawl/crawl/capture"),
    ("hashing", "hashlib"),
    ("hashing", "_hashlib"),
    ("SQLite + FTS", "sqlite3"),
    ("SQLite + FTS", "/sqlite_utils/"),
    ("archive (natocrawl.archive)", "/natocrawl/archive/"),
    ("pipelines", "/pipelines/"),
    ("spider (navigation, link extraction)", "/spiders/"),
    ("parsel / lxml selectors", "/parsel/"),
    ("lxml", "lxml"),
    ("pickle", "pickle"),
    ("Scrapy", "/scrapy/"),
    ("Twisted", "/twisted/"),
    ("crawl support (natocrawl.crawl)", "/natocrawl/crawl/"),
)


def stage_of(path: str, name: str) -> str:
    where = f"{path} {name}"
    return next((stage for stage, fragment in STAGES if fragment in where), "other")


def profiled_crawl(replica, archive: Path, out: Path, *extra: str) -> None:
    command = crawl_command(
        replica.base_url, archive, "-s", "LOG_LEVEL=ERROR", "-s", "EXTRACT_WORKERS=0", *extra
    )
    command = [command[0], "-m", "cProfile", "-o", str(out), *command[1:]]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="natocrawl.settings")
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def breakdown(profile: Path, title: str, top: int) -> None:
    stats = pstats.Stats(str(profile))
    by_stage: Counter = Counter()
    by_function: Counter = Counter()
    for (path, line, name), (_calls, _primitive, own, _cumulative, callers) in stats.stats.items():
        by_function[f"{Path(path).name}:{line} {name}"] += own
        stage = stage_of(path, name)
        if stage != "other" or not callers:
            by_stage[stage] += own
            continue
        # A builtin (len, str.join, re.sub …): its time goes to the stages that called it.
        calls = {caller: timing[2] for caller, timing in callers.items()}
        spent = sum(calls.values()) or 1.0
        for (caller_path, _line, caller_name), seconds in calls.items():
            by_stage[stage_of(caller_path, caller_name)] += own * seconds / spent
    total = sum(by_stage.values())
    print(f"{title}: {total:.1f} s of CPU in the crawl process")
    for stage, seconds in by_stage.most_common():
        print(f"  {stage:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    print("  heaviest functions (own time):")
    for function, seconds in by_function.most_common(top):
        print(f"    {function:<70} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="replica size")
    parser.add_argument("--top", type=int, default=15, help="functions listed")
    options = parser.parse_args()
    site = Site(seed=1, pages=options.pages)
    with start_server(site) as replica, tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "profile.db"
        first, learned = Path(tmp) / "first.prof", Path(tmp) / "learned.prof"
        profiled_crawl(replica, archive, first)
        profiled_crawl(replica, archive, learned, "-a", "full=1")
        breakdown(first, f"first crawl of {options.pages:,} pages", options.top)
        breakdown(learned, "full=1 recrawl with the learned boilerplate", options.top)


if __name__ == "__main__":
    sys.exit(main())
