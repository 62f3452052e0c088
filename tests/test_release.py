"""`natocrawl release` and the feed of edits on a real archive: a replica crawled, mutated
(pages changed, added, removed) and crawled again, with a release made while that second
crawl writes. Releases validate with frictionless and the Citation File Format's own
schema, are byte-identical when made twice, agree with their own snapshot, and serve
immutable; the Atom feed parses and lists exactly the mutation's pages."""

import asyncio
import contextlib
import csv
import hashlib
import json
import os
import sqlite3
import subprocess
import time
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from frictionless import validate

from natocrawl.replica import Site, start_server
from natocrawl.serve.app import build_datasette
from natocrawl.serve.demo import crawl_command
from natocrawl.serve.release import release_command

from conftest import ROOT, run_scrapy_crawl

CFF_SCHEMA = (
    Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"
)  # from cffconvert 2.0.0


def release(archive: Path, out: Path, *args: str):
    return CliRunner().invoke(release_command, ["--db", str(archive), "--out", str(out), *args])


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """(site, archive, mutation, release made during the second crawl, two made after it)."""
    site = Site(seed=7, pages=80)
    folder = tmp_path_factory.mktemp("release")
    archive = folder / "archive.db"
    with start_server(site) as server:
        assert run_scrapy_crawl(server.base_url, archive).returncode == 0
        mutation = site.mutate(change=3, add=2, remove=2, day=date.today())
        env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        # Every page again, slowly: the release is made while this crawl writes.
        command = crawl_command(server.base_url, archive, "-a", "full=1", "-s", "DOWNLOAD_DELAY=0.1")
        crawl = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
        _wait_for_pages_of_the_second_run(archive)
        during = release(archive, folder / "during", "--name", "during")
        overlapped = crawl.poll() is None
        assert crawl.wait(timeout=600) == 0, crawl.stderr.read()[-3000:]
    assert during.exit_code == 0, during.output
    assert overlapped
    made = [release(archive, folder / name, "--name", "2026-12-01") for name in ("first", "second")]
    assert all(result.exit_code == 0 for result in made), [result.output for result in made]
    return site, archive, mutation, folder / "during", folder / "first", folder / "second"


def _wait_for_pages_of_the_second_run(archive: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(archive)) as conn:
            fetched = conn.execute(
                "SELECT count(*) FROM page_fetches WHERE fetched_at >= "
                "(SELECT started_at FROM crawl_runs WHERE id = 2)"
            ).fetchone()[0]
        if fetched >= 5:
            return
        time.sleep(0.1)
    raise AssertionError("the second crawl wrote no pages")


def test_releasing_twice_gives_the_same_bytes(world):
    *_, first, second = world
    sums = (first / "SHA256SUMS").read_text()
    assert sums == (second / "SHA256SUMS").read_text()
    listed = {line.split("  ")[1] for line in sums.splitlines()}
    assert {"archive.db", "datapackage.json", "CITATION.cff", "README.md", "data/articles.csv"} <= listed
    for line in sums.splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest


def test_the_data_package_validates_and_the_citation_follows_its_schema(world):
    *_, first, _second = world
    report = validate(str(first / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    citation = yaml.safe_load((first / "CITATION.cff").read_text())
    jsonschema.validate(citation, json.loads(CFF_SCHEMA.read_text()))
    assert citation["version"] == "2026-12-01" and citation["references"][0]["url"] == "https://www.nato.int/"
    package = json.loads((first / "datapackage.json").read_text())
    assert {resource["path"] for resource in package["resources"]} >= {
        "data/aligned.tmx",
        "data/pairs.parquet",
    }


def test_a_release_made_while_a_crawl_writes_agrees_with_its_own_snapshot(world):
    _site, archive, _mutation, during, *_ = world
    with sqlite3.connect(during / "archive.db") as snapshot:
        counts = {
            "articles": snapshot.execute("SELECT count(*) FROM articles").fetchone()[0],
            "versions": snapshot.execute("SELECT count(*) FROM article_versions").fetchone()[0],
            "aliases": snapshot.execute("SELECT count(*) FROM aliases").fetchone()[0],
            "crawl_runs": snapshot.execute("SELECT count(*) FROM crawl_runs").fetchone()[0],
        }
        assert snapshot.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Taken in the middle of the second crawl: its run is not finished in the copy.
        assert snapshot.execute("SELECT finished_at FROM crawl_runs WHERE id = 2").fetchone() == (None,)
    for kind, count in counts.items():
        with open(during / "data" / f"{kind}.csv", encoding="utf-8", newline="") as stream:
            assert sum(1 for _ in csv.DictReader(stream)) == count, kind
        assert len((during / "data" / f"{kind}.jsonl").read_text().splitlines()) == count, kind
    assert validate(str(during / "datapackage.json")).valid


def test_the_release_readme_says_what_it_covers(world):
    _site, archive, *_, first, _second = world
    readme = (first / "README.md").read_text()
    with sqlite3.connect(archive) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        first_date = conn.execute("SELECT min(published) FROM articles").fetchone()[0]
    assert f"{articles:,} pages, published {first_date}" in readme
    assert "| year | type | en | fr |" in readme and "## Known limits" in readme
    assert "| `removed_at` | datetime |" in readme  # the codebook


def test_a_release_is_served_immutable_with_its_citation(world):
    *_, first, _second = world
    datasette = build_datasette("unused.db", first)

    async def pages():
        home = await datasette.client.get("/")
        databases = (await datasette.client.get("/-/databases.json")).json()
        search = (await datasette.client.get("/-/search.json?q=NATO")).json()
        return home, databases, search

    home, databases, search = asyncio.run(pages())
    assert home.status_code == 200 and "Release 2026-12-01" in home.text
    assert databases[0]["is_mutable"] is False and search["total"] > 0


def test_an_existing_folder_or_a_bad_name_is_one_line(world, tmp_path):
    _site, archive, *_, first, _second = world
    assert "exists" in release(archive, first).output
    result = release(archive, tmp_path / "new", "--name", "../up")
    assert result.exit_code == 2 and "letters, digits" in result.output


def test_the_feed_of_edits_lists_exactly_the_mutation(world):
    site, archive, mutation, *_ = world
    datasette = build_datasette(archive)

    async def feeds():
        return [
            await datasette.client.get(path)
            for path in ("/-/changes.atom", "/-/changes.atom?lang=fr", "/-/changes.atom?type=nope")
        ]

    everything, french, bad = asyncio.run(feeds())
    assert everything.headers["content-type"].startswith("application/atom+xml") and bad.status_code == 400
    feed = feedparser.parse(everything.text)
    assert not feed.bozo, feed.bozo_exception
    by_kind = {}
    for entry in feed.entries:
        kind = entry.title.split(":")[0]
        by_kind.setdefault(kind, set()).add(entry.id)
    paths = {kind: set(getattr(mutation, kind)) for kind in ("changed", "added", "removed")}
    expected = sum(len(value) for value in paths.values())
    assert len(feed.entries) == expected
    assert {len(value) for value in by_kind.values()} == {len(value) for value in paths.values()}
    times = [entry.updated_parsed for entry in feed.entries]
    assert times == sorted(times, reverse=True)
    changed = [entry for entry in feed.entries if entry.title.startswith("Changed")]
    assert all("article_history?url=" in entry.link for entry in changed)
    assert all(entry.link.split("url=")[1].split("%2F", 3)[-1] for entry in changed)
    links = " ".join(entry.link for entry in feed.entries)
    for kind in ("added", "removed"):
        for path in paths[kind]:
            assert path.split("/")[-1] in links, path
    french_entries = feedparser.parse(french.text).entries
    assert french_entries and all(any(tag.term == "fr" for tag in entry.tags) for entry in french_entries)
    assert len(french_entries) < len(feed.entries)
