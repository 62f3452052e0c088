"""`natocrawl status`: the last crawl runs, the archive's totals, and whether a crawl is
running now, for whoever looks after a nightly crawl.

Read-only: the archive is opened read-only and the crawl lock is only looked at (see
natocrawl.archive.lock.holder). crawl_runs is read with `SELECT *` and a count is shown only where
its column exists, so archives of every schema version read the same way.
"""

import contextlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlite_utils
from tabulate import tabulate

from natocrawl.archive import lock
from natocrawl.archive.connection import connect_read_only, require_archive
from natocrawl.dates import display_time, duration, parse_instant

DEFAULT_RUNS = 10

# crawl_runs columns holding JSON text; decoded in --json.
JSON_COLUMNS = ("args", "dropped_by_reason", "http_errors", "download_errors", "failed_by_reason")

# The counts of the table, in this order: (header, column). Shown when the column exists;
# 403 and 429 also from the http_errors JSON of archives older than their own columns.
COUNT_COLUMNS = (
    ("new", "new"),
    ("changed", "changed"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("removed", "removed"),
    ("not modified", "not_modified"),
    ("not requested", "skipped"),
    ("failed", "failed"),
    ("403", "http_403"),
    ("429", "http_429"),
    ("fetched", "pages_fetched"),
)

NOT_FINISHED = "did not finish"  # no finish time and no crawl holds the lock: the process died
RUNNING = "running"


def _decoded(value):
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _http_count(run: dict, status: str):
    """403/429 from their own column, else from the http_errors JSON of an older archive."""
    column = f"http_{status}"
    if column in run:
        return run[column]
    if "http_errors" in run:
        errors = _decoded(run["http_errors"])
        return int(errors.get(status, 0)) if isinstance(errors, dict) else None
    return None


def _count(run: dict, column: str):
    if column in ("http_403", "http_429"):
        return _http_count(run, column.removeprefix("http_"))
    return run.get(column)


def read_status(db_path: str | Path, runs: int = DEFAULT_RUNS) -> dict:
    """The archive's last `runs` crawl runs (newest first), totals and the lock's holder.

    Raises ArchiveError if `db_path` is not an archive, sqlite3.Error if it cannot be read.
    """
    require_archive(db_path, migrate=False)  # status only reads, whatever the schema
    try:
        holder = lock.holder(db_path)
        lock_error = None
    except OSError as error:  # a lock file we may not read: say so, do not guess
        holder, lock_error = (
            None,
            f"cannot check the crawl lock {lock.lock_path(db_path)}: {error.strerror or error}",
        )
    with contextlib.closing(connect_read_only(db_path)) as conn:
        db = sqlite_utils.Database(conn)
        conn.execute("BEGIN")  # one snapshot for every figure below
        rows = list(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [runs]))
        by_lang = dict(
            conn.execute("SELECT coalesce(lang, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 1")
        )
        totals = {
            "articles": sum(by_lang.values()),
            "by_lang": by_lang,
            "versions": conn.execute("SELECT count(*) FROM article_versions").fetchone()[0],
            "aliases": conn.execute("SELECT count(*) FROM aliases").fetchone()[0],
        }
        if "removed_at" in db["articles"].columns_dict:
            totals["removed"] = conn.execute(
                "SELECT count(*) FROM articles WHERE removed_at IS NOT NULL"
            ).fetchone()[0]
        conn.rollback()
    _mark_running(rows, holder)
    return {
        "archive": str(Path(db_path).resolve()),
        "crawl_running": holder.to_dict() if holder else None,
        **({"lock_error": lock_error} if lock_error else {}),
        "totals": totals,
        "runs": rows,
    }


def _mark_running(rows: list[dict], holder: lock.Holder | None) -> None:
    """Each run's duration in seconds (up to now for the running one) and `running`: the
    newest unfinished run started since the lock's holder took it."""
    now = datetime.now(UTC)
    since = parse_instant(holder.since) if holder else None
    running_found = False
    for run in rows:
        started, finished = parse_instant(run.get("started_at")), parse_instant(run.get("finished_at"))
        run["running"] = False
        if (
            holder
            and not running_found
            and not run.get("finished_at")
            and (since is None or (started and started >= since))
        ):
            run["running"] = running_found = True
            finished = now
        run["duration_seconds"] = (finished - started).total_seconds() if started and finished else None


def _reason(run: dict) -> str:
    if run["running"]:
        return RUNNING
    return run.get("finish_reason") or (NOT_FINISHED if not run.get("finished_at") else "-")


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    align = ["right" if index in right else "left" for index in range(len(headers))]
    # The headers as a first row: tabulate pads a header row of its own by two more spaces.
    text = tabulate([headers, *rows], tablefmt="plain", colalign=align, disable_numparse=True)
    return [line.rstrip() for line in text.splitlines()]


def format_status(status: dict) -> str:
    totals = status["totals"]
    languages = ", ".join(f"{lang} {count}" for lang, count in totals["by_lang"].items())
    summary = f"{totals['articles']} articles" + (f" ({languages})" if languages else "")
    summary += f", {totals['versions']} versions, {totals['aliases']} aliases"
    if "removed" in totals:
        summary += f", {totals['removed']} removed from the portal"
    lines = [f"Archive {status['archive']}: {summary}"]
    if status.get("lock_error"):
        lines.append(f"Crawl running now: unknown ({status['lock_error']})")
    elif status["crawl_running"]:
        lines.append(f"Crawl running now: {lock.Holder(**status['crawl_running']).describe()}")
    else:
        lines.append("Crawl running now: no")
    runs = status["runs"]
    if not runs:
        lines.append("No crawl run recorded yet.")
        return "\n".join(lines)
    counts = [
        (header, column)
        for header, column in COUNT_COLUMNS
        if any(_count(run, column) is not None for run in runs)
    ]
    headers = ["id", "started", "finished", "duration", *(header for header, _ in counts), "finish reason"]
    table = []
    for run in runs:
        values = [_count(run, column) for _, column in counts]
        table.append(
            [
                str(run["id"]),
                display_time(run.get("started_at")),
                display_time(run.get("finished_at")),
                duration(run["duration_seconds"]),
                *("-" if value is None else str(value) for value in values),
                _reason(run),
            ]
        )
    right = {0, 3, *range(4, 4 + len(counts))}
    lines.append("")
    lines.append(f"Last {len(runs)} crawl run{'s' if len(runs) != 1 else ''}, newest first:")
    lines.extend(_table(headers, table, right))
    return "\n".join(lines)


def _json_ready(status: dict) -> dict:
    runs = [
        {key: _decoded(value) if key in JSON_COLUMNS else value for key, value in run.items()}
        for run in status["runs"]
    ]
    return {**status, "runs": runs}


@click.command("status")
@click.option(
    "--db", "db_path", envvar="ARCHIVE_DB", default="archive.db", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Archive to read (env ARCHIVE_DB).",
)  # fmt: skip
@click.option(
    "--runs",
    "runs",
    type=click.IntRange(min=1),
    default=DEFAULT_RUNS,
    show_default=True,
    metavar="N",
    help="How many of the latest crawl runs to show.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of the table.")
def status_command(db_path, runs, as_json):
    """The last crawl runs, the archive's totals, and whether a crawl is running now."""
    try:
        status = read_status(db_path, runs)
    except sqlite3.Error as error:
        raise click.ClickException(f"cannot read {db_path}: {error}") from None
    if as_json:
        click.echo(json.dumps(_json_ready(status), ensure_ascii=False, sort_keys=True))
    else:
        click.echo(format_status(status))
