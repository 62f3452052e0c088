"""`natocrawl status` on real archive files, through the real command line, on the crawl_runs
schema of before incremental crawling and of after it."""

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from natocrawl import cli
from natocrawl.archive import lock
from natocrawl.archive import runs as crawl_runs
from natocrawl.archive.aliases import add_aliases
from natocrawl.archive.connection import open_archive

from archive_fixtures import SAMPLE_ARTICLES, build_archive, make_article, migration_steps

# Columns that incremental crawling adds; the old schema has none of them.
NEW_RUN_COUNTS = ("changed", "removed", "not_modified", "skipped", "failed", "http_403", "http_429")
NEW_RUN_COLUMNS = (*NEW_RUN_COUNTS, "failed_by_reason")
MOVED = "/en/news-and-events/articles/news/2019/01/01/old-address"

RUNS = [  # started, finished, finish reason, counts
    (
        "2026-11-20T03:00:00+00:00",
        "2026-11-20T03:12:31+00:00",
        "finished",
        {"new": 7, "pages_fetched": 90, "http_errors": {"404": 1}},
    ),
    (
        "2026-11-21T03:00:00+00:00",
        "2026-11-21T04:02:05+00:00",
        "failed: error rate 35% above 20%",
        {"unchanged": 5, "pages_fetched": 40, "http_errors": {"403": 11, "429": 3}},
    ),
    ("2026-11-22T03:00:00+00:00", None, None, {}),  # killed: never finished
]


def _columns(conn, table):
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def make_archive(path, schema: str):
    """SAMPLE_ARTICLES, one alias and the three RUNS, on the `old` or `new` crawl_runs schema
    (whatever natocrawl.archive.schema creates today is brought to the one asked for)."""
    build_archive(path)
    db = open_archive(path)
    try:
        add_aliases(db, SAMPLE_ARTICLES[0]["url"], [make_article(MOVED)["url"]], "2026-11-20T03:05:00+00:00")
        for started, finished, reason, counts in RUNS:
            run_id = crawl_runs.start_run(
                db, started_at=started, base_url="https://www.nato.int", args={"langs": "en,fr"}
            )
            if finished:
                crawl_runs.finish_run(db, run_id, finished_at=finished, finish_reason=reason, counts=counts)
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        runs, articles = _columns(conn, "crawl_runs"), _columns(conn, "articles")
        if schema == "new":
            for column in NEW_RUN_COUNTS:
                if column not in runs:
                    conn.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
            if "failed_by_reason" not in runs:
                conn.execute("ALTER TABLE crawl_runs ADD COLUMN failed_by_reason TEXT NOT NULL DEFAULT '{}'")
            if "removed_at" not in articles:
                conn.execute("ALTER TABLE articles ADD COLUMN removed_at TEXT")
            conn.execute("""UPDATE crawl_runs SET changed = 2, removed = 1, not_modified = 40, skipped = 600,
                            failed = 4, failed_by_reason = '{"extract_error": 4}', http_403 = 11,
                            http_429 = 3 WHERE id = 2""")
            conn.execute(
                "UPDATE articles SET removed_at = '2026-11-21T03:30:00+00:00' WHERE url = ?",
                [SAMPLE_ARTICLES[-1]["url"]],
            )
        else:
            for column in NEW_RUN_COLUMNS:
                if column in runs:
                    conn.execute(f"ALTER TABLE crawl_runs DROP COLUMN {column}")
            if "removed_at" in articles:
                for (index,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'articles' AND sql LIKE '%removed_at%'"
                ).fetchall():
                    conn.execute(f"DROP INDEX {index}")
                conn.execute("ALTER TABLE articles DROP COLUMN removed_at")
    conn.close()
    return path


@pytest.fixture(params=["old", "new"])
def schema(request):
    return request.param


@pytest.fixture
def archive(tmp_path, schema):
    return make_archive(tmp_path / "nato-archive.db", schema)


def status(capsys, *args) -> str:
    cli.main(["status", *map(str, args)])
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def natocrawl(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def table(out: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The runs table of the text output: its headers and each row by id, cells by header."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("id "))
    # Cells are separated by two spaces or more ("not modified" holds one); none is empty.
    headers = re.split(r"\s{2,}", lines[start].strip())
    rows = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip(), maxsplit=len(headers) - 1)
        assert len(cells) == len(headers), (line, headers)
        rows[cells[0]] = dict(zip(headers, cells))
    return headers, rows


def test_the_last_runs_newest_first_with_times_durations_and_counts(archive, schema, capsys):
    out = status(capsys, "--db", archive)
    headers, rows = table(out)
    assert list(rows) == ["3", "2", "1"]
    assert headers[:4] == ["id", "started", "finished", "duration"] and headers[-1] == "finish reason"
    assert rows["1"] == {
        **rows["1"],
        "started": "2026-11-20T03:00:00Z",
        "finished": "2026-11-20T03:12:31Z",
        "duration": "12m31s",
        "new": "7",
        "fetched": "90",
        "403": "0",
        "429": "0",
        "finish reason": "finished",
    }
    assert rows["2"]["duration"] == "1h02m05s" and rows["2"]["unchanged"] == "5"
    assert rows["2"]["finish reason"] == "failed: error rate 35% above 20%"
    # 403 and 429 from their own columns, or from http_errors on the old schema
    assert (rows["2"]["403"], rows["2"]["429"]) == ("11", "3")
    assert rows["3"]["finished"] == "-" and rows["3"]["duration"] == "-"
    assert rows["3"]["finish reason"] == "did not finish"  # no crawl holds the lock
    new_headers = ["changed", "removed", "not modified", "not requested", "failed"]
    if schema == "new":
        assert headers == [
            "id",
            "started",
            "finished",
            "duration",
            "new",
            "changed",
            "updated",
            "unchanged",
            "removed",
            "not modified",
            "not requested",
            "failed",
            "403",
            "429",
            "fetched",
            "finish reason",
        ]
        assert [rows["2"][h] for h in new_headers] == ["2", "1", "40", "600", "4"]
    else:
        assert not set(new_headers) & set(headers)
        assert headers == [
            "id",
            "started",
            "finished",
            "duration",
            "new",
            "updated",
            "unchanged",
            "403",
            "429",
            "fetched",
            "finish reason",
        ]


def test_archive_totals_and_no_crawl_running(archive, schema, capsys):
    out = status(capsys, "--db", archive)
    with sqlite3.connect(archive) as conn:
        versions = conn.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    conn.close()
    totals = f"7 articles (en 4, fr 3), {versions} versions, 1 aliases"
    if schema == "new":
        totals += ", 1 removed from the portal"
    assert out.splitlines()[:2] == [f"Archive {archive.resolve()}: {totals}", "Crawl running now: no"]


def test_runs_limits_the_table(archive, capsys):
    _headers, rows = table(status(capsys, "--db", archive, "--runs", "2"))
    assert list(rows) == ["3", "2"]
    assert "Last 2 crawl runs, newest first:" in status(capsys, "--db", archive, "--runs", "2")


def test_json_is_one_object_with_every_column(archive, schema, capsys):
    out = status(capsys, "--db", archive, "--json")
    assert len(out.strip().splitlines()) == 1
    data = json.loads(out)
    assert data["archive"] == str(archive.resolve()) and data["crawl_running"] is None
    assert data["totals"]["articles"] == 7 and data["totals"]["by_lang"] == {"en": 4, "fr": 3}
    assert data["totals"]["aliases"] == 1
    runs = data["runs"]
    assert [run["id"] for run in runs] == [3, 2, 1]
    assert runs[1]["http_errors"] == {"403": 11, "429": 3}  # JSON text columns decoded
    assert runs[1]["args"] == {"langs": "en,fr"}
    assert runs[2]["duration_seconds"] == 751 and runs[0]["duration_seconds"] is None
    assert not any(run["running"] for run in runs)
    if schema == "new":
        assert data["totals"]["removed"] == 1
        assert runs[1]["failed_by_reason"] == {"extract_error": 4} and runs[1]["not_modified"] == 40
    else:
        assert "removed" not in data["totals"] and "not_modified" not in runs[1]
    assert len(json.loads(status(capsys, "--db", archive, "--json", "--runs", "1"))["runs"]) == 1


def test_a_crawl_holding_the_lock_is_shown_with_its_pid_and_its_run_as_running(tmp_path, capsys):
    archive = make_archive(tmp_path / "archive.db", "new")
    with lock.CrawlLock(archive) as held:
        db = open_archive(archive)
        try:  # the crawl's own row, opened after it took the lock
            running_id = crawl_runs.start_run(
                db,
                started_at=json.loads(held.path.read_text())["since"],
                base_url="https://www.nato.int",
                args={},
            )
        finally:
            db.close()
        # another process looks at the lock
        result = natocrawl("status", "--db", archive)
        assert result.returncode == 0, result.stderr
        assert re.search(rf"^Crawl running now: pid {os.getpid()}, since \S+Z$", result.stdout, re.M), (
            result.stdout
        )
        _headers, rows = table(result.stdout)
        assert rows[str(running_id)]["finish reason"] == "running"
        assert rows[str(running_id)]["finished"] == "-" and rows[str(running_id)]["duration"].endswith("s")
        assert (
            rows["3"]["finish reason"] == "did not finish"
        )  # the older unfinished run is not the running one
        data = json.loads(natocrawl("status", "--db", archive, "--json").stdout)
        assert data["crawl_running"]["pid"] == os.getpid()
        assert [run["running"] for run in data["runs"]] == [True, False, False, False]
    assert "Crawl running now: no" in status(capsys, "--db", archive)


def test_an_archive_without_runs(tmp_path, capsys):
    archive = build_archive(tmp_path / "archive.db")
    out = status(capsys, "--db", archive)
    assert out.splitlines()[-1] == "No crawl run recorded yet."


def test_status_reads_only(archive):
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    result = natocrawl("status", "--db", archive)
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    # SQLite's own -wal/-shm aside (any reader of a WAL archive opens them), nothing is created
    assert not lock.lock_path(archive).exists()
    assert {p.name for p in archive.parent.iterdir()} <= {
        archive.name,
        archive.name + "-wal",
        archive.name + "-shm",
    }


def test_the_archive_from_the_environment(archive, monkeypatch, capsys):
    monkeypatch.setenv("ARCHIVE_DB", str(archive))
    assert "Last 3 crawl runs" in status(capsys)


@pytest.mark.parametrize(
    "args, message",
    [
        (("--db", "{tmp}/no-such.db"), "no archive at"),
        (("--db", "{tmp}/not-an-archive.db"), "not a natocrawl archive"),
        (("--db", "{tmp}/no-such.db", "--runs", "0"), "Invalid value for '--runs'"),
        (("--runs", "many"), "Invalid value for '--runs'"),
        (("--colour",), "No such option"),
    ],
)
def test_bad_archive_or_option_is_one_readable_line(tmp_path, args, message):
    (tmp_path / "not-an-archive.db").write_text("hello\n")
    result = natocrawl("status", *(arg.format(tmp=tmp_path) for arg in args), cwd=tmp_path)
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("natocrawl: ") and message in result.stderr
    assert not (tmp_path / "no-such.db").exists()  # never creates an archive


def test_status_never_migrates_an_older_archive(tmp_path, capsys):
    import sqlite_utils

    path = tmp_path / "v7.db"
    with sqlite_utils.Database(path) as old:
        for number, migration in enumerate(migration_steps()[:7], start=1):
            migration(old)
            old.execute(f"PRAGMA user_version = {number}")
    assert "0 articles" in status(capsys, "--db", path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
