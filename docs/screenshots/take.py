"""The README's screenshots, taken again: a replica crawled by `scrapy crawl nato` into a
temporary archive, served by `natocrawl serve`, photographed by headless Chromium.

    .venv/bin/python docs/screenshots/take.py [--pages 600]
"""

import argparse
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import run_crawl
from natocrawl.serve.links import article_href

HERE = Path(__file__).resolve().parent
SHOTS = {  # file → (path, window height)
    "home.png": ("/", 1100),
    "search.png": ("/-/search?q=" + quote("alliés") + "&lang=fr&type=news&since=2015", 1300),
    "article.png": (None, 1500),
    "side-by-side.png": ("with=fr", 1300),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shoot(chromium: str, url: str, target: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size=1400,{height}", f"--screenshot={target}", url],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=600)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("take.py: no Chromium on this machine")
    with tempfile.TemporaryDirectory() as folder, start_server(Site(seed=1, pages=args.pages)) as replica:
        archive = Path(folder) / "archive.db"
        run_crawl(replica.base_url, archive)
        url = (
            sqlite3.connect(archive)
            .execute(
                "SELECT url FROM articles WHERE lang = 'en' AND type = 'news' "
                "AND translation_url IS NOT NULL ORDER BY word_count DESC LIMIT 1"
            )
            .fetchone()[0]
        )
        port = free_port()
        serve = ["serve", "--db", str(archive), "--port", str(port)]
        server = subprocess.Popen([sys.executable, "-c", "from natocrawl.cli import main; main()", *serve])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            for name, (path, height) in SHOTS.items():
                if path is None or path == "with=fr":
                    path = article_href(url, **({"with": "fr"} if path else {}))
                shoot(chromium, base + path, HERE / name, height)
                print("wrote", HERE / name)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
