"""A crawl killed with SIGKILL at any moment, then run again, leaves the same archive as a
crawl that was never interrupted: no duplicate, partial or lost row. So does a crawl paused
with JOBDIR and resumed. Real crawls of the replica, interrupted from outside at several
points of their progress."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from natocrawl.archive.warc import read_capture, warc_dir_for
from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command

from conftest import ROOT, run_scrapy_crawl

PAGES = 80


@pytest.fixture(scope="module")
def portal():
    with start_server(Site(seed=5, pages=PAGES)) as server:
        yield server


@pytest.fixture(scope="module")
def uninterrupted(portal, tmp_path_factory):
    archive = tmp_path_factory.mktemp("whole") / "archive.db"
    result = run_scrapy_crawl(portal.base_url, archive)
    assert result.returncode == 0, result.stderr[-3000:]
    return snapshot(archive)


def query(archive: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(f"file:{archive}?mode=ro", uri=True, timeout=10)) as conn:
        return conn.execute(sql).fetchall()


def snapshot(archive: Path) -> dict:
    return {
        "articles": query(
            archive,
            """SELECT url, title, type, lang, content_lang, published, body, content_hash,
                                             translation_url, removed_at FROM articles ORDER BY url""",
        ),
        "versions": query(
            archive,
            "SELECT url, version, title, content_hash, replaced_at IS NULL, diff "
            "FROM article_versions ORDER BY url, version",
        ),
        "aliases": query(archive, "SELECT alias, url FROM aliases ORDER BY alias"),
    }


def stored(archive: Path) -> int:
    try:
        return query(archive, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.Error:  # not created yet, or mid-migration
        return -1


def run_started(archive: Path) -> bool:
    try:
        return bool(query(archive, "SELECT count(*) FROM crawl_runs")[0][0])
    except sqlite3.Error:
        return False


def crawl_killed_when(portal, archive: Path, ready, *args: str, sig: int = signal.SIGKILL) -> int:
    """Start a crawl and send `sig` to its main process as soon as `ready(archive)` holds; the
    crawl's return code (-9 when a kill landed). Its extraction workers must end with it."""
    command = crawl_command(portal.base_url, archive, *args)
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if ready(archive):
                process.send_signal(sig)
                break
            time.sleep(0.01)
        returncode = process.wait(timeout=60)
        assert_no_orphans(process.pid)
        return returncode
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def assert_no_orphans(group: int, patience: float = 15.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("processes of the killed crawl are still running")


def after(count: int):
    return lambda archive: stored(archive) >= count


KILL_POINTS = {
    "as the run starts": run_started,
    "after the first article": after(1),
    "a quarter through": after(PAGES // 4),
    "half way": after(PAGES // 2),
    "three quarters through": after(3 * PAGES // 4),
    "near the end": after(PAGES - 12),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_then_run_again_equals_an_uninterrupted_crawl(portal, uninterrupted, tmp_path, point):
    archive = tmp_path / "archive.db"
    assert crawl_killed_when(portal, archive, KILL_POINTS[point]) == -signal.SIGKILL
    again = run_scrapy_crawl(portal.base_url, archive)
    assert again.returncode == 0, again.stderr[-3000:]
    assert_same_archive(archive, uninterrupted)


def test_killed_twice_in_a_row_then_run_again(portal, uninterrupted, tmp_path):
    archive = tmp_path / "archive.db"
    assert crawl_killed_when(portal, archive, after(PAGES // 3)) == -signal.SIGKILL
    first_kill = stored(archive)
    assert crawl_killed_when(portal, archive, after(first_kill + 10)) == -signal.SIGKILL
    again = run_scrapy_crawl(portal.base_url, archive)
    assert again.returncode == 0, again.stderr[-3000:]
    assert_same_archive(archive, uninterrupted)


def test_paused_with_jobdir_then_resumed(portal, uninterrupted, tmp_path):
    archive, jobdir = tmp_path / "archive.db", f"JOBDIR={tmp_path / 'job'}"
    # Small batches: the pause finds listed pages the spider still holds back as URLs.
    job = ("-s", jobdir, "-s", "SITEMAP_FEED_BATCH=5")
    # One Ctrl-C: Scrapy finishes what is in flight, keeps its queue in JOBDIR and stops.
    assert crawl_killed_when(portal, archive, after(PAGES // 3), *job, sig=signal.SIGINT) == 1
    assert query(archive, "SELECT finish_reason FROM crawl_runs") == [("failed: stopped early (shutdown)",)]
    log_start = len(portal.request_log)
    again = run_scrapy_crawl(portal.base_url, archive, *job)
    assert again.returncode == 0, again.stderr[-3000:]
    resumed = [path for _method, path, _status in portal.request_log[log_start:]]
    assert "/sitemap.xml" not in resumed  # resumed from the queue, not started again
    assert_same_archive(archive, uninterrupted)


def test_a_jobdir_resumed_with_nothing_left_to_ask_for_is_not_a_failure(portal, tmp_path):
    archive, jobdir = tmp_path / "archive.db", f"JOBDIR={tmp_path / 'job'}"
    assert run_scrapy_crawl(portal.base_url, archive, "-s", jobdir).returncode == 0
    again = run_scrapy_crawl(portal.base_url, archive, "-s", jobdir)  # every request already seen
    assert again.returncode == 0, again.stderr[-3000:]
    assert query(archive, "SELECT finish_reason, pages_fetched FROM crawl_runs ORDER BY id")[-1] == (
        "finished",
        0,
    )


def test_killed_with_jobdir_sets_it_aside_and_starts_afresh(portal, uninterrupted, tmp_path):
    archive, jobdir = tmp_path / "archive.db", f"JOBDIR={tmp_path / 'job'}"
    assert crawl_killed_when(portal, archive, after(PAGES // 2), "-s", jobdir) == -signal.SIGKILL
    again = run_scrapy_crawl(portal.base_url, archive, "-s", jobdir)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "the last run was killed, so its JOBDIR cannot be resumed" in again.stderr
    assert len(list(tmp_path.glob("job.killed-*"))) == 1
    assert_same_archive(archive, uninterrupted)


def test_a_jobdir_killed_before_a_clean_run_without_it_is_still_set_aside(portal, uninterrupted, tmp_path):
    archive, jobdir = tmp_path / "archive.db", f"JOBDIR={tmp_path / 'job'}"
    assert crawl_killed_when(portal, archive, after(PAGES // 2), "-s", jobdir) == -signal.SIGKILL
    assert run_scrapy_crawl(portal.base_url, archive).returncode == 0  # a nightly run, no JOBDIR
    again = run_scrapy_crawl(portal.base_url, archive, "-s", jobdir)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "the last run was killed, so its JOBDIR cannot be resumed" in again.stderr
    assert_same_archive(archive, uninterrupted)


def assert_same_archive(archive: Path, expected: dict) -> None:
    got = snapshot(archive)
    for table in ("articles", "versions", "aliases"):
        assert got[table] == expected[table], table
    # No partial row: every article points at a capture that reads back, and its last run finished.
    folder = warc_dir_for(archive)
    for url, warc_file, offset in query(archive, "SELECT url, warc_file, warc_offset FROM articles"):
        uri, html = read_capture(folder, warc_file, offset)
        assert html, url
    runs = query(archive, "SELECT finish_reason FROM crawl_runs ORDER BY id")
    assert runs[-1] == ("finished",)
