"""The crawl lock: one `scrapy crawl nato` per archive at a time, and none left behind by a
crawl that was killed. Real processes: a holder in another process, real crawls of the replica."""

import contextlib
import fcntl
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from natocrawl.archive import lock
from natocrawl.archive.lock import EX_TEMPFAIL, CrawlLock, Holder, LockHeld
from natocrawl.crawl.commands import crawl
from natocrawl.serve.demo import crawl_command

from conftest import ROOT, run_scrapy_crawl

SINCE = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"

HOLD = """
import sys, time
from natocrawl.archive.lock import CrawlLock
held = CrawlLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(600)
"""


def hold_in_another_process(archive: Path) -> subprocess.Popen:
    """A process holding `archive`'s lock until it is killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(archive)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def crawl_runs(archive: Path) -> list[dict]:
    conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM crawl_runs ORDER BY id")]
    finally:
        conn.close()


def refusal_line(result: subprocess.CompletedProcess, archive: Path, pid: int) -> str:
    """The one line of a run turned away by the lock (stderr holds Scrapy's own log too)."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("scrapy crawl nato:")]
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(
        rf"scrapy crawl nato: another crawl is running on {re.escape(str(archive.resolve()))} "
        rf"\(pid {pid}, since {SINCE}\); this run did not start",
        lines[0],
    ), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


# --- the module ---


def test_exit_codes_are_distinct():
    assert EX_TEMPFAIL == 75
    assert len({0, crawl.EXIT_FAILED, crawl.EXIT_BAD_INPUT, EX_TEMPFAIL}) == 4


def test_the_lock_file_is_next_to_the_archive_whatever_the_path_to_it(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "data")
    expected = (tmp_path / "data" / "archive.db.lock").resolve()
    assert lock.lock_path(tmp_path / "data" / "archive.db") == expected
    assert lock.lock_path(tmp_path / "link" / "archive.db") == expected
    monkeypatch.chdir(tmp_path / "data")
    assert lock.lock_path("archive.db") == expected


def test_a_second_lock_on_the_same_archive_is_refused_with_the_holders_pid_and_start(tmp_path):
    archive = tmp_path / "archive.db"
    with CrawlLock(archive) as held:
        assert held.held
        assert json.loads(held.path.read_text())["pid"] == os.getpid()
        # another open of the file (as another run makes) conflicts, in this process too
        with pytest.raises(LockHeld) as refused:
            CrawlLock(tmp_path / "." / "archive.db").acquire(contention_wait=0)
        assert refused.value.holder.pid == os.getpid()
        assert re.fullmatch(SINCE, refused.value.holder.since)
        assert str(refused.value) == (
            f"another crawl is running on {archive.resolve()} "
            f"(pid {os.getpid()}, since {refused.value.holder.since})"
        )
        assert lock.holder(archive) == refused.value.holder
        # another archive in the same folder has its own lock
        with CrawlLock(tmp_path / "other.db"):
            pass
    assert not held.held
    assert lock.holder(archive) is None
    assert held.path.read_text() == ""  # no stale line; the file itself stays
    with CrawlLock(archive):
        pass


def test_looking_at_the_lock_neither_creates_it_nor_turns_a_starting_crawl_away(tmp_path):
    archive = tmp_path / "archive.db"
    assert lock.holder(archive) is None
    assert not lock.lock_path(archive).exists()
    CrawlLock(archive).acquire().release()
    # `natocrawl status` asks for a shared lock for an instant; a crawl starting at that
    # instant waits for it rather than giving up
    fd = os.open(lock.lock_path(archive), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        threading.Timer(0.1, fcntl.flock, (fd, fcntl.LOCK_UN)).start()
        started = time.monotonic()
        with CrawlLock(archive):
            assert 0.05 < time.monotonic() - started < 5
        # held longer than CONTENTION_WAIT, it is another holder (one that wrote no line)
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        with pytest.raises(LockHeld, match=r"\(pid unknown\)$"):
            CrawlLock(archive).acquire(contention_wait=0.1)
    finally:
        os.close(fd)


def test_an_unreadable_holder_line_still_names_the_lock_as_held(tmp_path):
    archive = tmp_path / "archive.db"
    with CrawlLock(archive) as held:
        os.truncate(held.path, 0)
        held.path.write_text("not json\n")
        assert lock.holder(archive) == Holder()
        assert Holder().describe() == "pid unknown"


# --- processes ---


def test_a_lock_held_by_a_killed_process_is_free_at_once(tmp_path):
    archive = tmp_path / "archive.db"
    holder = hold_in_another_process(archive)
    try:
        assert lock.holder(archive).pid == holder.pid
        with pytest.raises(LockHeld):
            CrawlLock(archive).acquire()
    finally:
        kill(holder)
    assert lock.holder(archive) is None
    with CrawlLock(archive):
        pass


def test_a_second_scrapy_crawl_exits_75_without_starting(replica, tmp_path):
    archive = tmp_path / "archive.db"
    holder = hold_in_another_process(archive)
    try:
        requests_before = len(replica.request_log)
        started = time.monotonic()
        result = run_scrapy_crawl(replica.base_url, archive, "-s", "LOG_LEVEL=WARNING")
        assert result.returncode == EX_TEMPFAIL, result.stderr[-3000:]
        # with Scrapy's log quiet, the refusal is all there is
        assert result.stderr.strip() == refusal_line(result, archive, holder.pid)
        assert time.monotonic() - started < 60
        assert crawl_runs(archive) == []
        assert len(replica.request_log) == requests_before  # not one request
    finally:
        kill(holder)
    # the holder killed, the next run crawls
    result = run_scrapy_crawl(replica.base_url, archive, "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 0, result.stderr[-3000:]
    [run] = crawl_runs(archive)
    assert run["finish_reason"] == "finished" and run["pages_fetched"] > 0
    assert lock.holder(archive) is None


def test_a_crawl_killed_mid_run_leaves_no_stale_lock(replica, tmp_path):
    """A real crawl holds the lock while it runs (its extraction workers started); a second
    run is turned away; SIGKILL on the crawl frees the lock at once."""
    archive = tmp_path / "archive.db"
    slowed = ("-s", "LOG_LEVEL=WARNING", "-s", "DOWNLOAD_DELAY=0.5", "-s", "EXTRACT_WORKERS=2")
    command = crawl_command(replica.base_url, archive, *slowed)  # slowed, to be caught mid-run
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    first = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (archive.exists() and _articles(archive)):  # pages flow through the workers
            assert first.poll() is None, "the first crawl ended before it could be caught running"
            assert time.monotonic() < deadline, "the first crawl stored nothing in 120 s"
            time.sleep(0.2)
        assert lock.holder(archive).pid == first.pid
        [run] = crawl_runs(archive)
        assert run["finished_at"] is None

        second = run_scrapy_crawl(replica.base_url, archive, "-s", "LOG_LEVEL=WARNING")
        assert first.poll() is None, "the first crawl finished too soon for this test"
        assert second.returncode == EX_TEMPFAIL, second.stderr[-3000:]
        refusal_line(second, archive, first.pid)
        assert len(crawl_runs(archive)) == 1

        kill(first)  # the crawl process alone, as the OOM killer or `kill -9 PID` would
        assert lock.holder(archive) is None
        with CrawlLock(archive):
            pass
    finally:
        # the crawl if a check above failed, and its orphaned worker processes
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)


def _articles(archive: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
