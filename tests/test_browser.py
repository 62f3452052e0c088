"""What a researcher sees: Datasette's pages on the crawled archive, rendered by a real
headless Chromium (installed by .ci/run; skipped where no Chromium is installed)."""

import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from archive_fixtures import write_changed_archive
from conftest import ROOT, free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs it)")


@contextlib.contextmanager
def serving(archive):
    """`natocrawl serve` on `archive` in a child process; its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from natocrawl.cli import main; main()",
            "serve",
            "--db",
            str(archive),
            "--port",
            str(port),
        ],
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def datasette_url(crawled):
    archive, _result, _log = crawled
    with serving(archive) as url:
        yield url, archive.stem


def rendered(url: str) -> str:
    """The DOM after Chromium has loaded and run the page."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_search_page_shows_matching_articles_with_facets(datasette_url, rows):
    base, database = datasette_url
    word = "Alliance"
    dom = rendered(f"{base}/{database}/articles?_search={word}&_facet=type&_facet=lang")
    expected = sum(
        1 for row in rows.values() if re.search(rf"\b{word}\b", row["title"] + " " + row["body"], re.I)
    )
    assert expected > 0
    assert f"{expected} row" in dom
    assert "NATO (www.nato.int)" in dom  # the source line from the checked-in metadata
    assert 'data-column="type"' in dom and 'data-column="lang"' in dom


def test_translation_pairs_query_renders_both_languages(datasette_url, rows):
    base, database = datasette_url
    dom = rendered(f"{base}/{database}/translation_pairs")
    english = next(row for row in rows.values() if row["lang"] == "en" and row["translation_url"])
    french = rows[english["translation_url"]]
    assert english["url"] in dom and french["url"] in dom


@pytest.fixture(scope="module")
def changed_archive_url(tmp_path_factory):
    """Datasette on an archive where one page changed once."""
    archive = tmp_path_factory.mktemp("history") / "history.db"
    article = write_changed_archive(archive)
    with serving(archive) as url:
        yield url, article["url"]


def test_a_changed_page_links_to_its_history_and_shows_the_diff(changed_archive_url):
    base, url = changed_archive_url
    listing = rendered(f"{base}/history/changed_articles")
    link = re.search(r'href="(/history/article_history\?url=[^"]+)"', listing)
    assert link, listing[-2000:]
    dom = rendered(base + link.group(1).replace("&amp;", "&"))
    assert '<pre class="natocrawl-diff"' in dom
    assert re.search(r"-Allies discuss <del[^>]*>drones\.</del>", dom)
    assert re.search(r"\+Allies discuss <ins[^>]*>air defence\.</ins>", dom)
    assert dom.count("<tr") >= 3  # header and the two versions
