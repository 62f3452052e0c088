"""One crawl at a time per archive: an exclusive, non-blocking `flock` on `<archive>.lock`.

`scrapy crawl nato` takes the lock once its inputs are checked and holds it until its
process ends; a second run on the same archive finds it taken and stops at once with exit
code EX_TEMPFAIL (75). The kernel drops a flock when the last descriptor of the locked file
is closed, which happens however the process ends (exit, exception, SIGKILL, the OOM
killer), so a killed crawl never leaves a stale lock behind and nothing is cleaned up by
hand. The descriptor is close-on-exec: processes the crawler starts (extraction workers)
do not keep the lock alive after it.

The file itself stays (removing it while another process has it open would let two runs
lock two different files). The holder writes its pid, host and start time into it; the file
is read only while its lock is held, so a dead holder's leftover line is never shown.

`holder()` tells whether a crawl holds the lock without waiting and without creating the
file (for `natocrawl status`). A flock cannot be queried without asking for it, so it asks
for a shared lock and gives it back at once: the probe holds it for microseconds, and
`acquire` retries for CONTENTION_WAIT seconds before concluding that another crawl runs,
so a probe at the very moment a crawl starts never turns it away.
"""

import errno
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from natocrawl.dates import display_time, utc_now

# sysexits.h EX_TEMPFAIL: "try again later". `scrapy crawl` exits with it when another crawl
# holds the archive's lock (0: done, 1: the run failed, 2: bad input).
EX_TEMPFAIL = 75

LOCK_SUFFIX = ".lock"
CONTENTION_WAIT = 0.5  # seconds
_POLL = 0.025
_MAX_CONTENT = 4096


def lock_path(archive: str | Path) -> Path:
    """`<archive>.lock`, next to the archive; symbolic links resolved, so that every path to
    one archive names one lock."""
    archive = Path(archive).resolve()
    return archive.with_name(archive.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as it wrote itself into the lock file (None where unreadable)."""

    pid: int | None = None
    since: str | None = None
    host: str | None = None

    def describe(self) -> str:
        """`pid 1234, since 2026-11-23T16:40:00Z` (with ` on HOST` when it is another host)."""
        parts = [f"pid {self.pid}" if self.pid is not None else "pid unknown"]
        if self.host and self.host != socket.gethostname():
            parts[0] += f" on {self.host}"
        if self.since:
            parts.append(f"since {self.since}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        return {"pid": self.pid, "since": self.since, "host": self.host}


class LockHeld(Exception):
    """Another crawl holds the archive's lock."""

    def __init__(self, archive: Path, holder: Holder):
        super().__init__(f"another crawl is running on {archive} ({holder.describe()})")
        self.archive = archive
        self.holder = holder


def _parse(content: bytes) -> Holder | None:
    try:
        data = json.loads(content.decode("utf-8"))
        pid = data.get("pid")
        return Holder(
            pid=pid if isinstance(pid, int) else None, since=data.get("since"), host=data.get("host")
        )
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None


def _read_holder(fd: int) -> Holder:
    """The holder's line; a holder that has the lock but has not written yet is waited for briefly."""
    deadline = time.monotonic() + CONTENTION_WAIT
    while True:
        holder = _parse(os.pread(fd, _MAX_CONTENT, 0))
        if holder is not None or time.monotonic() >= deadline:
            return holder or Holder()
        time.sleep(_POLL)


def _would_block(error: OSError) -> bool:
    return error.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)


class CrawlLock:
    """The crawl lock of one archive. `acquire()` or `with CrawlLock(path):`; held until
    `release()` or the end of the process."""

    def __init__(self, archive: str | Path):
        self.archive = Path(archive).resolve()
        self.path = lock_path(archive)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, contention_wait: float = CONTENTION_WAIT) -> "CrawlLock":
        """Take the lock or raise LockHeld (OSError if the lock file cannot be opened)."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this CrawlLock")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            deadline = time.monotonic() + contention_wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if not _would_block(error):
                        raise
                    if time.monotonic() >= deadline:
                        raise LockHeld(self.archive, _read_holder(fd)) from None
                    time.sleep(_POLL)
            line = json.dumps(
                {"pid": os.getpid(), "since": display_time(utc_now()), "host": socket.gethostname()}
            )
            os.ftruncate(fd, 0)
            os.pwrite(fd, (line + "\n").encode("utf-8"), 0)
        except BaseException:
            os.close(fd)  # releases the lock too, if it was taken
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # still holding it: nobody reads a half-gone line
        finally:
            os.close(fd)

    def __enter__(self) -> "CrawlLock":
        return self.acquire()

    def __exit__(self, *exc_info) -> None:
        self.release()


def holder(archive: str | Path) -> Holder | None:
    """Who holds `archive`'s crawl lock, or None when no crawl does. Never waits, never
    creates the lock file."""
    try:
        fd = os.open(lock_path(archive), os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as error:
            if not _would_block(error):
                raise
            return _read_holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
