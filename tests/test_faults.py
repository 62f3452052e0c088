"""A crawl of the replica in fault mode (natocrawl.replica.faults): every page it loses is
counted by reason, the run fails, nothing partial is stored, nothing is asked of another
origin; the next run, faults off, leaves the archive equal to a clean crawl's."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from natocrawl.replica import Faults, Site, start_server

from conftest import run_scrapy_crawl

FAULTS = (
    "5xx=0.1,timeout=0.05,truncate=0.02,429=0.05,loop=0.01,offorigin=0.01,"
    "badloc=1,pdf=1,nul=1,latin1=1,deep=1,huge=1"
)
PAGES = 300
RETRY_AFTER = 2
# Short enough for a quick test, long enough that a loaded 2-core machine never times out a page
# the replica answers at once; the replica holds a `timeout` page well past it.
CRAWL_SETTINGS = ("-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=1")
COMPARED = ("title", "body", "type", "lang", "published", "content_hash", "translation_url")


class OtherOrigin(BaseHTTPRequestHandler):
    """Another port of 127.0.0.1: the crawl must never ask it anything."""

    received: list[str] = []

    def do_GET(self):
        self.received.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def other_origin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OtherOrigin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", OtherOrigin.received
    server.shutdown()


@pytest.fixture(scope="module")
def runs(other_origin, tmp_path_factory):
    """(faults, server, fault run, rerun, clean crawl), each run as (result, archive)."""
    site = Site(seed=3, pages=PAGES)
    faults = Faults.parse(
        FAULTS, seed=1, offorigin_base=other_origin[0], timeout_seconds=8.0, retry_after=RETRY_AFTER
    )
    folder = tmp_path_factory.mktemp("faults")
    with start_server(site, faults=faults) as server, start_server(site) as clean_server:
        faulty = run_scrapy_crawl(server.base_url, folder / "archive.db", *CRAWL_SETTINGS)
        after_faults = _articles(folder / "archive.db", server.base_url)
        server.faults = None
        rerun = run_scrapy_crawl(server.base_url, folder / "archive.db", *CRAWL_SETTINGS)
        clean = run_scrapy_crawl(clean_server.base_url, folder / "clean.db", *CRAWL_SETTINGS)
        yield {
            "plan": faults.plan(site),
            "server": server,
            "faulty": (faulty, after_faults, _last_run(folder / "archive.db", 1)),
            "rerun": (
                rerun,
                _articles(folder / "archive.db", server.base_url),
                _last_run(folder / "archive.db"),
            ),
            "clean": (clean, _articles(folder / "clean.db", clean_server.base_url)),
        }


def _articles(archive, base_url: str) -> dict[str, dict]:
    """Archived rows by path, the base URL taken out so that two servers compare."""
    db = sqlite_utils.Database(archive)
    try:
        rows = {}
        for row in db["articles"].rows:
            rows[row["url"].removeprefix(base_url)] = {
                key: (row[key] or "").replace(base_url, "") if key == "translation_url" else row[key]
                for key in COMPARED
            }
        return rows
    finally:
        db.close()


def _last_run(archive, run_id: int | None = None) -> dict:
    db = sqlite_utils.Database(archive)
    try:
        query = "select * from crawl_runs " + ("where id = ?" if run_id else "order by id desc limit 1")
        return next(db.query(query, [run_id] if run_id else []))
    finally:
        db.close()


def test_a_crawl_with_faults_fails_and_counts_every_loss_by_reason(runs):
    result, _rows, run = runs["faulty"]
    plan = runs["plan"]
    assert result.returncode == 1, result.stderr[-3000:]
    assert run["finish_reason"].startswith("failed: ") and "pages lost" in run["finish_reason"]
    failed = json.loads(run["failed_by_reason"])
    expected = {
        "http_503": len(plan["5xx"]),
        "DownloadTimeoutError": len(plan["timeout"]),
        "ResponseDataLossError": len(plan["truncate"]),
        "redirect_loop": len(plan["loop"]),
        "off_origin_redirect": len(plan["offorigin"]),
        "declined_not_html": len(plan["pdf"]),
        "declined_too_large": len(plan["huge"]),
    }
    assert {reason: failed.get(reason) for reason in expected} == expected
    # One bad <loc> at the head of each child sitemap: skipped and counted, the rest still read.
    assert failed["declined_bad_url"] >= 1
    assert "http_429" not in failed  # each throttled page was archived on its retry
    lost = sum(expected.values()) - len(plan["pdf"]) - len(plan["huge"])
    assert f"failed: {lost} pages lost" in run["finish_reason"]
    assert run["search_complete"] == 0


def test_nothing_partial_is_stored_and_recoverable_pages_are_recovered(runs):
    _result, rows, _run = runs["faulty"]
    _clean_result, clean = runs["clean"]
    plan = runs["plan"]
    lost = {
        path
        for kind in ("5xx", "timeout", "truncate", "loop", "offorigin", "pdf", "huge")
        for path in plan[kind]
    }
    assert not lost & set(rows)
    # Every row stored under faults is the row a clean crawl stores: whole, or not there. (A page
    # whose twin of the same text was lost keeps the record the twin keeps in a clean crawl.)
    shared = set(rows) & set(clean)
    differing = {(path, key) for path in shared for key in COMPARED if rows[path][key] != clean[path][key]}
    # Only links to a translation that was itself lost are missing (the rerun adds them).
    assert {
        (path, key)
        for path, key in differing
        if key != "translation_url" or clean[path]["translation_url"] not in lost
    } == set()
    clean_texts = {row["content_hash"]: row for row in clean.values()}
    for path in set(rows) - shared:
        twin = clean_texts[rows[path]["content_hash"]]
        assert {**rows[path], "translation_url": None} == {**twin, "translation_url": None}, path
    assert len(rows) > len(clean) / 2
    # A NUL byte, Latin-1 bytes declared UTF-8, 400 levels of nesting: recovered, not dropped.
    for kind in ("nul", "latin1", "deep", "429"):
        assert set(plan[kind]) <= set(rows), kind
    latin1 = rows[plan["latin1"][0]]
    assert "\ufffd" not in latin1["body"] and re.search("[éèàç]", latin1["body"])


def test_no_request_ever_reaches_another_origin(runs, other_origin):
    _base, received = other_origin
    assert runs["plan"]["offorigin"]
    assert received == []


def test_throttled_pages_are_retried_no_sooner_than_retry_after(runs):
    times = runs["server"].request_times
    throttled = set(runs["plan"]["429"])
    waits = []
    for path in throttled:
        answers = [(t, status) for t, p, status in times if urlsplit(p).path == path]
        first_429 = next(t for t, status in answers if status == 429)
        retry = next(t for t, status in answers if t > first_429)
        waits.append(retry - first_429)
    assert len(waits) == len(throttled) >= 2
    assert min(waits) >= RETRY_AFTER - 0.05, waits


def test_the_log_names_each_loss_in_one_short_line(runs):
    result, _rows, _run = runs["faulty"]
    lines = result.stderr.splitlines()
    assert max(len(line) for line in lines) < 1000
    assert "Traceback" not in result.stderr
    for path in runs["plan"]["5xx"][:3] + runs["plan"]["loop"] + runs["plan"]["offorigin"]:
        assert any(path in line and ("WARNING" in line or "ERROR" in line) for line in lines), path


def test_the_next_run_without_faults_leaves_the_archive_equal_to_a_clean_crawls(runs):
    rerun, rows, run = runs["rerun"]
    clean_result, clean = runs["clean"]
    assert clean_result.returncode == 0, clean_result.stderr[-2000:]
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert run["finish_reason"] == "finished"
    assert rows == clean
