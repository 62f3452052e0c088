"""A little disk space held back for the run's own bookkeeping. A crawl that fills the disk
must still complete its `crawl_runs` row to say why it failed; SQLite needs a few free pages
for that one UPDATE (its WAL grows), and a full disk has none. So a crawl holds a small file
of real blocks next to the archive (`archive.db.reserve`) and deletes it just before that
write (a "ballast file", as database servers keep)."""

import os
from pathlib import Path

RESERVE_BYTES = 128 * 1024  # some thirty WAL frames: the row's page and its index pages, with room


def reserve_path(archive_path: str | Path) -> Path:
    return Path(f"{archive_path}.reserve")


def hold(archive_path: str | Path, size: int = RESERVE_BYTES) -> bool:
    """Write the reserve; False when there is no room. Random bytes, so that a filesystem that
    compresses or deduplicates (ZFS, btrfs) still allocates its blocks."""
    path = reserve_path(archive_path)
    try:
        with open(path, "wb") as handle:
            handle.write(os.urandom(size))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        path.unlink(missing_ok=True)
        return False
    return True


def release(archive_path: str | Path) -> None:
    reserve_path(archive_path).unlink(missing_ok=True)
