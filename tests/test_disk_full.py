"""A crawl that runs out of disk space midway: the archive (SQLite), the WARC folder, or both,
on a filesystem that fills up. The run records why it failed and stops at once, `scrapy crawl`
exits 1, the archive and the WARC files stay readable, and the next run, once there is room,
recovers every page a clean crawl archives (search-only pages too) without `-a full=1`.

A real full disk: a small tmpfs mounted for the test (root), grown afterwards with
`mount -o remount`. Where mounting is not allowed, RLIMIT_FSIZE on the crawl's process stands
in for it (writes past the limit fail with EFBIG, SIGXFSZ ignored); without either, skipped.

Sizes, measured on this 60-page replica (seed 11): a clean crawl leaves a 2 MB archive (its
WAL peaks at about 4.5 MB with the database) and 1.6 MB of WARC; the full filesystem is a third
to a quarter of what it has to hold (CASES). Extraction lags fetching (a pool of processes), so
an archive that fills up stops a crawl that has fetched most pages already; WARC files, written
as responses come, stop it after a third."""

import contextlib
import gzip
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from natocrawl.archive.warc import read_capture, warc_dir_for
from natocrawl.replica import Site, start_server
from natocrawl.serve.demo import crawl_command
from natocrawl.urls import canonical_url

from conftest import ROOT

PAGES = 60
SEED = 11
CONCURRENT_REQUESTS = 16  # REPLICA_OVERRIDES: at most this many requests were already in flight
HALT_LINE = "stopping the crawl"  # natocrawl.crawl.halt's one ERROR line
FAILED = "failed: the archive could not be written ("
# What fills up, and how small the filesystem (tmpfs) or each file (RLIMIT_FSIZE) may grow.
CASES = {
    # ~1/3 of the 2 MB archive: a few articles fit, then SQLITE_FULL.
    "archive": {"tmpfs": "672k", "rlimit": 672 * 1024},
    # ~1/3 of the 1.6 MB of WARC: a third of the responses are captured, then ENOSPC.
    "warc": {"tmpfs": "560k", "rlimit": 560 * 1024},
    # ~1/4 of both together (3.1 MB): the WARC, written as responses come, takes most of it,
    # and fills it with a third of the responses. RLIMIT_FSIZE is per file: the same limit as
    # above, on the WARC and the WAL alike (whichever fills first).
    "both": {"tmpfs": "768k", "rlimit": 560 * 1024},
}
ERRORS = {  # how each way of filling the disk shows in the error the run records
    "tmpfs": ("No space left on device", "database or disk is full"),
    "rlimit": ("File too large", "disk I/O error", "database or disk is full"),
}
# Runs the crawl under RLIMIT_FSIZE (soft; the hard limit stays) with SIGXFSZ ignored, so
# that writes past it fail with EFBIG.
RLIMIT_WRAPPER = (
    "import os, resource, signal, sys; hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]; "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), hard)); "
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); os.execv(sys.argv[2], sys.argv[2:])"
)
# ... but not the extraction workers (spawned processes, which would inherit it): they write
# no archive, yet py3langid unpacks its model into a temporary file larger than the limit.
WORKERS_UNLIMITED = """import resource, sys
if "--multiprocessing-fork" in sys.argv:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.getrlimit(resource.RLIMIT_FSIZE)[1],) * 2)
"""


# -- a filesystem that fills up --------------------------------------------------------------
def _mount_tmpfs(folder: Path, size: str) -> bool:
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def _umount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)  # busy: detach anyway


def _rlimit_works() -> bool:
    """RLIMIT_FSIZE set, and a write past it fails with EFBIG instead of killing the process."""
    probe = (
        "import os, resource, signal, sys, tempfile; "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "probe, data = tempfile.TemporaryFile(buffering=0), b'x' * 8192\n"
        "try:\n"
        "    while data: data = data[os.write(probe.fileno(), data):]\n"
        "except OSError as e: sys.exit(0 if e.errno == 27 else 2)\n"
        "sys.exit(3)"
    )
    try:
        return subprocess.run([sys.executable, "-c", probe], timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.fixture(scope="module")
def fill_method(tmp_path_factory) -> str:
    """'tmpfs' when a tmpfs can be mounted here, else 'rlimit'; skips when neither works."""
    forced = os.environ.get("NATOCRAWL_TEST_DISK_FULL")  # 'tmpfs' / 'rlimit': to test the fallback
    probe = tmp_path_factory.mktemp("mount-probe")
    if forced != "rlimit" and _mount_tmpfs(probe, "64k"):
        _umount(probe)
        return "tmpfs"
    if forced != "tmpfs" and _rlimit_works():
        return "rlimit"
    pytest.skip("cannot fill a disk here: no tmpfs mount (not root?) and no RLIMIT_FSIZE")


# -- the replica and crawls of it ------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    return Site(seed=SEED, pages=PAGES)


@pytest.fixture(scope="module")
def portal(site):
    with start_server(site) as server:
        yield server


@dataclass
class Crawl:
    returncode: int
    log: str
    requests: int  # requests the portal received during the run
    requests_at_halt: int | None  # ... by the time the crawl logged that it was stopping
    seconds: float
    lines: list[str] = field(default_factory=list)


def crawl(portal, archive: Path, *args: str, rlimit: tuple[int, Path] | None = None) -> Crawl:
    """`scrapy crawl nato` as conftest.run_scrapy_crawl runs it (optionally under RLIMIT_FSIZE),
    its log read as it comes so as to note how many requests were made when it began to stop.
    `rlimit`: (bytes, a folder for the workers' sitecustomize.py)."""
    command = crawl_command(portal.base_url, archive, *args)
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    if rlimit is not None:
        limit, folder = rlimit
        folder.mkdir(exist_ok=True)
        (folder / "sitecustomize.py").write_text(WORKERS_UNLIMITED)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
        command = [sys.executable, "-c", RLIMIT_WRAPPER, str(limit), *command]
    start, began = len(portal.request_log), time.monotonic()
    lines: list[str] = []
    at_halt: list[int] = []
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    )

    def read() -> None:
        for line in process.stdout:
            if not at_halt and HALT_LINE in line:
                at_halt.append(len(portal.request_log) - start)
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        process.wait(timeout=300)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the extraction workers too, if left
    reader.join(timeout=30)
    return Crawl(
        returncode=process.returncode,
        log="".join(lines),
        requests=len(portal.request_log) - start,
        requests_at_halt=at_halt[0] if at_halt else None,
        seconds=time.monotonic() - began,
        lines=lines,
    )


def query(archive: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(archive, timeout=10)) as conn:
        return conn.execute(sql).fetchall()


def articles(archive: Path) -> dict[str, str]:
    return dict(query(archive, "SELECT url, content_hash FROM articles"))


def warc_records(folder: Path) -> int:
    """Every WARC file in `folder` read from end to end: every record whole, and nothing after
    the last one (no torn record). The number of records."""
    count = 0
    for path in sorted(folder.glob("*.warc.gz")):
        end = 0
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle, no_record_parse=True)
            for record in records:
                block = record.raw_stream.read()  # cut short if the record is
                assert len(block) == int(record.rec_headers.get_header("Content-Length")), path.name
                records.read_to_end(record)
                end = records.get_record_offset() + records.get_record_length()
                count += 1
        size = path.stat().st_size
        assert end == size, f"{path.name}: {size - end} bytes after the last whole record"
        gzip.decompress(path.read_bytes())  # every gzip member whole, to its CRC and length
    return count


def captures_read_back(archive: Path, folder: Path) -> None:
    """Every article row points at a response record that reads back."""
    for url, warc_file, offset in query(archive, "SELECT url, warc_file, warc_offset FROM articles"):
        _uri, html = read_capture(folder, warc_file, offset)
        assert html, url


@pytest.fixture(scope="module")
def clean(portal, tmp_path_factory) -> tuple[dict[str, str], dict[str, str], Crawl]:
    """A crawl of the same portal with all the room it needs: what a recovered archive holds
    (its articles, and the text of each URL it folded into another as an alias)."""
    archive = tmp_path_factory.mktemp("clean") / "archive.db"
    result = crawl(portal, archive)
    assert result.returncode == 0, result.log[-3000:]
    assert query(archive, "SELECT finish_reason FROM crawl_runs") == [("finished",)]
    folded = query(archive, "SELECT s.alias, a.content_hash FROM aliases s JOIN articles a ON a.url = s.url")
    return articles(archive), dict(folded), result


def search_only_urls(portal, site) -> set[str]:
    pages = [p for p in site.pages if p.in_search and not p.in_sitemap and not p.disallowed and not p.removed]
    return {canonical_url(portal.base_url + page.path, portal.base_url) for page in pages}


# -- the test --------------------------------------------------------------------------------
@pytest.mark.parametrize("full", list(CASES))
def test_a_full_disk_fails_the_run_at_once_and_the_next_run_recovers(
    full, fill_method, portal, site, clean, tmp_path, record_property
):
    clean_articles, clean_folded, clean_crawl = clean
    search_only = search_only_urls(portal, site)
    assert search_only and search_only <= set(clean_articles)

    small, roomy = tmp_path / "small", tmp_path / "roomy"
    small.mkdir()
    roomy.mkdir()
    args: list[str] = []
    if full == "archive":
        archive, warc_dir = small / "archive.db", roomy / "warc"
    elif full == "warc":
        archive, warc_dir = roomy / "archive.db", small / "warc"
    else:  # both on it, the WARC folder where it goes by default, next to the archive
        archive = small / "archive.db"
        warc_dir = warc_dir_for(archive)
    if full != "both":
        args += ["-s", f"WARC_DIR={warc_dir}"]

    rlimit = None
    if fill_method == "tmpfs":
        assert _mount_tmpfs(small, CASES[full]["tmpfs"])
    else:
        # The limit is per file and holds for every file the crawl writes: the WARC files
        # are rotated well below it when it is the archive that must fill up.
        rlimit = (CASES[full]["rlimit"], tmp_path / "workers")
        if full == "archive":
            args += ["-s", f"WARC_MAX_BYTES={rlimit[0] // 4}"]
    try:
        failed = crawl(portal, archive, *args, rlimit=rlimit)
        if fill_method == "tmpfs":
            # room again, before anything opens the archive (the WAL may need to be replayed)
            subprocess.run(["mount", "-o", "remount,size=64m", str(small)], check=True)
        summary = f"{full}/{fill_method}: exit {failed.returncode}, {failed.requests} requests "
        summary += f"({failed.requests_at_halt} when it began to stop) in {failed.seconds:.1f}s"

        # `scrapy crawl` fails.
        assert failed.returncode == 1, failed.log[-3000:]

        # It stopped at once: nothing asked for after the storage error but what was in flight,
        # and not every page of a full crawl.
        halt = re.search(
            r"ERROR: cannot write (the archive|the WARC files) \((\w+): (.*)\): " + HALT_LINE, failed.log
        )
        assert halt and failed.requests_at_halt is not None, failed.log[-3000:]
        what = halt.group(1)
        summary += f"; halted on {what}: {halt.group(2)}: {halt.group(3)}"
        expected = {"archive": {"the archive"}, "warc": {"the WARC files"}}.get(
            full, {"the archive", "the WARC files"}
        )
        assert what in expected, summary
        assert any(error in halt.group(3) for error in ERRORS[fill_method]), summary
        assert failed.requests - failed.requests_at_halt <= CONCURRENT_REQUESTS, summary
        assert failed.requests < clean_crawl.requests, summary
        if what == "the WARC files":
            # A WARC record is written as its response comes: a third of the room, about a
            # third of the requests. (Articles are stored later, after extraction: by the time
            # the archive fills up most pages may have been fetched already.)
            assert failed.requests <= 0.75 * clean_crawl.requests, summary

        # A small log: at most a line for each page lost, none of them long.
        assert len(failed.log) < 200_000
        assert max(map(len, failed.lines)) < 2_000
        problems = [line for line in failed.lines if " WARNING: " in line or " ERROR: " in line]
        assert len(problems) <= failed.requests + 5, problems[:5]
        assert failed.log.count(HALT_LINE) == 1

        # The archive is intact, and so is every WARC file; rows point at records that read back.
        assert query(archive, "PRAGMA integrity_check") == [("ok",)]
        records = warc_records(warc_dir)
        captures_read_back(archive, warc_dir)

        # Some pages were kept before the disk filled up, not all.
        stored = articles(archive)
        summary += f"; {len(stored)} articles and {records} WARC records kept"
        assert len(stored) < len(clean_articles), summary
        assert 0 < records < clean_crawl.requests, summary
        if full != "both":
            # in "both" the WARC files may take all the room before the first article is stored
            assert stored, summary
        for url, content_hash in stored.items():
            # A copy stored before its original was fetched: a finished crawl folds it into that.
            assert content_hash in (clean_articles.get(url), clean_folded.get(url)), url

        # The run's row says why it failed.
        runs = query(archive, "SELECT finish_reason, search_complete, finished_at FROM crawl_runs")
        assert len(runs) == 1
        reason, search_complete, finished_at = runs[0]
        summary += f"; crawl_runs: {reason!r}, search_complete={search_complete}"
        if reason is None and fill_method == "rlimit":
            # A per-file limit: the reserve the crawl frees (natocrawl.archive.reserve) gives no
            # room to a WAL already at the limit. The exit code still says the run failed, and
            # the open row makes the next run take this one for a killed one.
            row_error = re.search(
                r"ERROR: the crawl's row in crawl_runs could not be completed: .*", failed.log
            )
            assert row_error, summary
            summary += f" ({row_error.group(0)})"
            assert finished_at is None
        else:
            assert reason is not None and reason.startswith(FAILED), summary
            assert reason == f"{FAILED}{what}: {halt.group(2)}: {halt.group(3)})", summary
            assert search_complete == 0
            assert f"the crawl failed: {reason.removeprefix('failed: ')}" in failed.log

        # Room again: the next run, without -a full=1, recovers everything.
        again = crawl(portal, archive, *args)
        summary += f"; then exit {again.returncode} after {again.requests} requests in {again.seconds:.1f}s"
        record_property("disk_full", summary)
        print(summary)
        assert again.returncode == 0, again.log[-3000:]
        last = query(archive, "SELECT finish_reason, search_complete FROM crawl_runs ORDER BY id")[-1]
        assert last == ("finished", 1)
        recovered = articles(archive)
        assert set(recovered) == set(clean_articles), (
            sorted(set(clean_articles) - set(recovered)),
            sorted(set(recovered) - set(clean_articles)),
        )
        assert recovered == clean_articles
        assert search_only <= set(recovered)
        assert query(archive, "PRAGMA integrity_check") == [("ok",)]
        warc_records(warc_dir)
        captures_read_back(archive, warc_dir)
    finally:
        if fill_method == "tmpfs":
            _umount(small)
