"""Search latency as researchers meet it: `natocrawl serve` (Datasette under uvicorn) on
127.0.0.1 over the bench's archive (bench/search.py builds it through the archive's own
triggers), asked by 1 and then 4 concurrent clients. For each of the articles table's
`_search` (its HTML page: rows, count and facets), the search page `/-/search` and the
canned `search` query: p50 and p95 in ms. Prints figures; asserts nothing.

    .venv/bin/python bench/serve.py [--pages 100000] [--queries 200]
"""

import argparse
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import build, p95, queries  # noqa: E402  (bench/ is not a package)

HOST = "127.0.0.1"
CLIENTS = (1, 4)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def endpoints(database: str) -> dict:
    """What a researcher's search asks the server for, by name: query, scope -> path."""
    return {
        "table _search (HTML)": lambda q, _scope: f"/{database}/articles?" + urlencode({"_search": q}),
        "search page /-/search": lambda q, scope: "/-/search?" + urlencode({"q": q, "lang": scope}),
        "canned query search": lambda q, _scope: f"/{database}/search?" + urlencode({"q": q}),
    }


def start_server(path: Path, port: int) -> subprocess.Popen:
    natocrawl = Path(sys.executable).parent / "natocrawl"  # the venv's console script
    command = [str(natocrawl), "serve", "--db", str(path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/-/versions.json", timeout=1).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"server failed: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    server.kill()
    sys.exit("server did not answer in 30 s")


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status} for {url}")
    return (time.perf_counter() - started) * 1000


def latencies(base: str, paths: list[str], clients: int) -> list[float]:
    """Every path asked once, by `clients` clients asking one after another each."""
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(fetch, (base + path for path in paths)))


def measure(pages: int, count: int) -> dict:
    """(endpoint, clients) -> (p50, p95) in ms, over `count` queries on a `pages`-page archive."""
    path = build(pages)
    with sqlite3.connect(path) as conn:
        picked = queries(conn, count)
    port = free_port()
    server = start_server(path, port)
    base, figures = f"http://{HOST}:{port}", {}
    try:
        for name, make in endpoints(path.stem).items():
            paths = [make(query, scope) for query, scope in picked]
            latencies(base, paths[:10], 1)  # warm the page cache and the server
            for clients in CLIENTS:
                times = latencies(base, paths, clients)
                figures[name, clients] = (statistics.median(times), p95(times))
    finally:
        server.terminate()
        server.wait()
    return figures


def print_figures(pages: int, count: int, figures: dict) -> None:
    print(
        f"search through natocrawl serve on {HOST}, {pages:,}-page archive, {count} queries (p50 / p95 ms):"
    )
    for name in dict.fromkeys(name for name, _clients in figures):
        line = [
            f"{clients} client{'s' if clients > 1 else ''} {p50:6.1f} / {high:6.1f}"
            for (endpoint, clients), (p50, high) in figures.items()
            if endpoint == name
        ]
        print(f"  {name:26} " + "   ".join(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print_figures(args.pages, args.queries, measure(args.pages, args.queries))


if __name__ == "__main__":
    main()
