"""Export speed and memory at the portal's full size: rows per second and peak RSS of
`natocrawl export` (each kind and format) on a 100,000-page archive, next to a bare baseline
(one SELECT of the same rows written by csv.writer). Each export runs in a process of its
own, so that its peak RSS is its own; alternating runs (each starting at another case),
medians, the archive read into the page cache first. Prints figures; asserts
nothing.

    .venv/bin/python bench/export.py [--pages 100000] [--runs 3]

The archive is bench/search.py's (the replica's pages, built once under bench/.cache/).
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import build  # noqa: E402

CASES = {
    "baseline: SELECT → csv.writer": None,
    "articles csv": ["--format", "csv"],
    "articles jsonl": ["--format", "jsonl"],
    "articles parquet": ["--format", "parquet"],
    "pairs csv": ["--format", "csv", "--pairs"],
    "aligned jsonl": ["--format", "jsonl", "--aligned"],
}
_MEASURE = """
import csv, json, resource, sqlite3, sys, time
from click.testing import CliRunner
from natocrawl.serve.export import export_command
archive, out, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
started = time.perf_counter()
if args is None:
    with open(out, "w", newline="") as stream:
        writer, rows = csv.writer(stream), 0
        for row in sqlite3.connect(archive).execute("SELECT * FROM articles ORDER BY published, url"):
            writer.writerow(row)
            rows += 1
else:
    result = CliRunner().invoke(export_command, ["--db", archive, "-o", out, *args])
    assert result.exit_code == 0, result.output
    rows = int(result.stderr.split("exported ")[1].split()[0])
seconds = time.perf_counter() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "rss_mb": rss_mb}))
"""


def measure(archive: Path, args: list[str] | None, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(archive), str(out), json.dumps(args)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    archive = build(args.pages)
    figures = {name: [] for name in CASES}
    with open(archive, "rb") as warm:  # every run reads from the page cache, the first too
        while warm.read(1 << 24):
            pass
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            # Each run starts at another case, so that none always follows the same one.
            names = list(CASES)[run % len(CASES) :] + list(CASES)[: run % len(CASES)]
            for name in names:
                case = CASES[name]
                suffix = "parquet" if case and "parquet" in case else "out"
                figures[name].append(measure(archive, case, Path(folder) / f"export.{suffix}"))
    base = statistics.median(run["rows"] / run["seconds"] for run in figures[next(iter(CASES))])
    print(f"{args.pages:,}-page archive, {args.runs} alternating runs (medians):")
    for name, runs in figures.items():
        rate = statistics.median(run["rows"] / run["seconds"] for run in runs)
        rss = statistics.median(run["rss_mb"] for run in runs)
        print(
            f"  {name:32} {runs[0]['rows']:>8,} rows  {rate:>9,.0f} rows/s  "
            f"({rate / base:4.2f} × baseline)  peak RSS {rss:5.0f} MB"
        )


if __name__ == "__main__":
    main()
