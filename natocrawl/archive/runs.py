"""The crawl_runs table: a row opened when a crawl starts and completed when it ends
(natocrawl.crawl.recorder), and what later runs need to know of earlier ones."""

from collections.abc import Mapping

import sqlite_utils

from natocrawl.archive.connection import write_transaction
from natocrawl.archive.fields import CHANGED, NEW, RUN_COUNT_COLUMNS, UNCHANGED, UPDATED, json_text


def start_run(db: sqlite_utils.Database, started_at: str, base_url: str, args: Mapping) -> int:
    """A new crawl_runs row; its id."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO crawl_runs (started_at, base_url, args) VALUES (?, ?, ?)",
            [started_at, base_url, json_text(dict(args))],
        )
    return cursor.lastrowid


def unfinished_runs_since(db: sqlite_utils.Database) -> str | None:
    """When the first run since the last one that went to its end started, if there is one
    (a run killed, or stopped before its end, by a signal or a storage error). A run that
    went to its end but lost pages, or met too many errors, followed the links of every page
    it stored; the pages it lost are not in the archive, so the next run asks for them anyway."""
    row = db.execute(
        """SELECT MIN(started_at) FROM crawl_runs WHERE id > COALESCE(
               (SELECT MAX(id) FROM crawl_runs WHERE finish_reason = 'finished'
                   OR finish_reason LIKE 'failed: error rate%'
                   OR finish_reason LIKE 'failed: % pages lost (%'), 0)"""
    ).fetchone()
    return row[0]


def search_read_to_its_end(db: sqlite_utils.Database) -> bool:
    """The last run finished and read the whole JSON search (every hub and language, no
    window, no failed page): what it archived is every page the search lists, up to the
    newest, so a later search may stop at the first known page."""
    row = db.execute(
        "SELECT finish_reason, search_complete FROM crawl_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row is not None and row[0] == "finished" and bool(row[1])


def jobdir_run_was_killed(db: sqlite_utils.Database, jobdir: str) -> bool:
    """The last run that used `jobdir` never finished (asked while holding the crawl lock:
    it is not running)."""
    row = db.execute(
        "SELECT finished_at FROM crawl_runs WHERE json_extract(args, '$.jobdir') = ? "
        "ORDER BY id DESC LIMIT 1",
        [jobdir],
    ).fetchone()
    return row is not None and row[0] is None


def finish_run(
    db: sqlite_utils.Database, run_id: int, *, finished_at: str, finish_reason: str, counts: Mapping
) -> None:
    """Close a crawl_runs row with what the run did; missing counts are 0 / {}."""
    dropped_by_reason = {str(k): int(v) for k, v in (counts.get("dropped_by_reason") or {}).items()}
    http_errors = {str(k): int(v) for k, v in (counts.get("http_errors") or {}).items()}
    download_errors = {str(k): int(v) for k, v in (counts.get("download_errors") or {}).items()}
    stored = {key: int(counts.get(key) or 0) for key in (NEW, CHANGED, UPDATED, UNCHANGED)}
    values = {
        **stored,
        **{key: int(counts.get(key) or 0) for key in RUN_COUNT_COLUMNS if key != CHANGED},
        "search_complete": int(bool(counts.get("search_complete"))),
        "failed_by_reason": json_text(
            {str(k): int(v) for k, v in (counts.get("failed_by_reason") or {}).items()}
        ),
        "aliases": int(counts.get("aliases") or 0),
        "pages_fetched": int(counts.get("pages_fetched") or 0),
        "items_stored": int(counts.get("items_stored") or sum(stored.values())),
        "dropped": sum(dropped_by_reason.values()),
        "dropped_by_reason": json_text(dropped_by_reason),
        "http_errors": json_text(http_errors),
        "download_errors": json_text(download_errors),
        "finished_at": finished_at,
        "finish_reason": finish_reason,
        "id": run_id,
    }
    assignments = ", ".join(f"{key} = :{key}" for key in values if key != "id")
    with write_transaction(db):
        cursor = db.execute(f"UPDATE crawl_runs SET {assignments} WHERE id = :id", values)
    if cursor.rowcount != 1:
        raise LookupError(f"no crawl run with id {run_id}")
