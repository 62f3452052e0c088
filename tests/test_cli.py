"""The command line as a user meets it: real processes, real files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SEED = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))[0]
URL = "https://www.nato.int/fr/news-and-events/articles/news/2024/11/18/entretien"


def natocrawl(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "nato", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def seed_page() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    chrome = "".join(f"<p>{line}</p>" for line in lines[:8])
    body = "".join(f"<p>{line}</p>" for line in lines[8:])
    return f"<html><body><div hidden>{chrome}</div><main><h1>Entretien</h1>{body}</main></body></html>"


def test_extract_reads_stdin_and_prints_the_interface_json():
    result = natocrawl("extract", "-", "--url", URL, stdin=seed_page())
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in (
        "url",
        "lang",
        "content_lang",
        "type",
        "title",
        "published",
        "updated",
        "description",
        "body",
        "word_count",
        "content_hash",
    ):
        assert key in record
    assert record["published"] == "2024-11-18" and record["type"] == "news" and record["lang"] == "fr"
    assert record["body"].split("\n\n") == SEED.read_text(encoding="utf-8").splitlines()[8:]


def test_extract_reads_a_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(seed_page(), encoding="utf-8")
    result = natocrawl("extract", str(page), "--url", URL)
    assert result.returncode == 0 and json.loads(result.stdout)["title"] == "Entretien"


@pytest.mark.parametrize(
    "args",
    [
        ("extract", "no-such-page.html", "--url", URL),
        ("extract", "-"),  # --url missing
        ("export", "--db", "no-such.db", "--format", "csv"),
        ("export", "--format", "xml"),
        ("serve", "--db", "no-such.db"),
        ("no-such-command",),
    ],
)
def test_bad_arguments_give_one_readable_line(args, tmp_path):
    result = natocrawl(*args, stdin="", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("natocrawl: ")


def test_empty_page_is_refused_with_its_reason():
    result = natocrawl("extract", "-", "--url", URL, stdin="")
    assert result.returncode == 1
    assert result.stderr.strip() == "natocrawl: cannot extract <stdin>: empty_page"


@pytest.mark.parametrize(
    "argument, message",
    [
        ("since=2024-13-01", "is not a date"),
        ("langs=de", "unknown de"),
        ("types=blog", "unknown blog"),
        ("base_url=ftp://example.org", "is not an http(s) URL"),
        ("colour=blue", "unknown argument"),
        ("full=maybe", "use 1 or 0"),
    ],
)
def test_bad_spider_argument_is_one_line_and_exit_2(argument, message):
    result = scrapy_crawl("-a", argument, "-s", "LOG_LEVEL=ERROR")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("scrapy crawl nato:")]
    assert len(errors) == 1 and message in errors[0]


@pytest.mark.parametrize(
    "setting",
    [
        "SITEMAP_FEED_BATCH=0",
        "SITEMAP_FEED_BATCH=-3",
        "SITEMAP_FEED_BATCH=many",
        "STORE_BATCH_ITEMS=0",
        "STORE_BATCH_ITEMS=1.5",
        "STORE_BATCH_SECONDS=-1",
        "STORE_BATCH_SECONDS=soon",
    ],
)
def test_a_bad_numeric_setting_is_one_line_and_exit_2(setting):
    result = scrapy_crawl("-s", setting, "-s", "LOG_LEVEL=ERROR")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("scrapy crawl nato:")]
    assert len(errors) == 1 and setting.split("=")[0] in errors[0]
