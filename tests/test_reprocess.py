"""`natocrawl reprocess`: the archive re-extracted from its WARC captures, offline, writing
only rows whose extraction changed."""

import shutil
import subprocess
import sys

import pytest

from natocrawl.archive.connection import open_archive
from natocrawl.extract.article import body_hash

from conftest import ROOT


def reprocess(archive, *args):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from natocrawl.cli import main; main()",
            "reprocess",
            "--db",
            str(archive),
            "--workers",
            "2",
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture
def copy(crawled, tmp_path):
    """A copy of the crawled archive and its WARC folder, to write to."""
    source, _result, _log = crawled
    shutil.copy(source, tmp_path / "archive.db")
    shutil.copytree(source.parent / "archive.warc", tmp_path / "archive.warc")
    return tmp_path / "archive.db"


def article(db, url):
    return next(db.query("SELECT * FROM articles WHERE url = ?", [url]))


def spoil(db, url, suffix):
    """What an older extractor might have stored: the body with a leaked line."""
    body = article(db, url)["body"] + "\n\n" + suffix
    db.execute(
        "UPDATE articles SET body = ?, content_hash = ?, extractor_version = 'old' WHERE url = ?",
        [body, body_hash(body), url],
    )
    db.execute(
        "UPDATE article_versions SET body = ?, content_hash = ? WHERE url = ?", [body, body_hash(body), url]
    )
    db.conn.commit()


def test_an_unchanged_extractor_changes_nothing_and_asks_no_server(copy, replica):
    requests_before = len(replica.request_log)
    db = open_archive(copy)  # its connection can stem what the search index needs
    before = list(db.query("SELECT url, body, content_hash, extractor_version FROM articles ORDER BY url"))
    result = reprocess(copy)
    assert result.returncode == 0, result.stderr
    assert f"re-extracted {len(before)} stored texts" in result.stdout
    assert "0 changed" in result.stdout and f"{len(before)} unchanged" in result.stdout
    assert "pages/s" in result.stdout
    assert (
        list(db.query("SELECT url, body, content_hash, extractor_version FROM articles ORDER BY url"))
        == before
    )
    assert len(replica.request_log) == requests_before  # offline: the portal is never asked


def test_rows_an_older_extractor_spoiled_are_restored_and_only_they_are_written(copy):
    db = open_archive(copy)  # its connection can stem what the search index needs
    rows = list(db.query("SELECT url, body, content_hash, last_changed FROM articles ORDER BY url"))
    spoiled = rows[:3]
    for row in spoiled:
        spoil(db, row["url"], "Sign up for our newsletter")
    versions_before = db["article_versions"].count
    result = reprocess(copy)
    assert result.returncode == 0, result.stderr
    assert "3 changed" in result.stdout, result.stdout
    for row in spoiled:
        stored = article(db, row["url"])
        assert (stored["body"], stored["content_hash"], stored["last_changed"]) == (
            row["body"],
            row["content_hash"],
            row["last_changed"],
        )  # a correction, not a new text
        assert stored["extractor_version"] != "old"
        (current,) = db.query(
            "SELECT body FROM article_versions WHERE url = ? AND replaced_at IS NULL", [row["url"]]
        )
        assert current["body"] == row["body"]
    assert db["article_versions"].count == versions_before
    again = reprocess(copy)
    assert "0 changed" in again.stdout


def test_an_earlier_version_is_re_extracted_from_its_own_capture(copy):
    db = open_archive(copy)  # its connection can stem what the search index needs
    url = next(db.query("SELECT url FROM articles ORDER BY url LIMIT 1"))["url"]
    original = article(db, url)
    # Make the stored text an earlier version whose capture is the row's own, spoiled.
    db.execute(
        "UPDATE article_versions SET replaced_at = '2030-01-01', body = 'spoiled', content_hash = 'x' "
        "WHERE url = ?",
        [url],
    )
    db.execute(
        """INSERT INTO article_versions (url, version, title, body, content_hash, valid_from)
                  VALUES (?, 2, ?, 'Newer text.', 'y', '2030-01-01')""",
        [url, original["title"]],
    )
    db.conn.commit()
    result = reprocess(copy)
    assert "1 changed" in result.stdout, result.stdout
    first, second = db.query("SELECT body, diff FROM article_versions WHERE url = ? ORDER BY version", [url])
    assert first["body"] == original["body"]
    assert "+Newer text." in second["diff"].splitlines()  # the diff follows the corrected text


def test_rows_without_a_readable_capture_are_counted_not_lost(copy):
    db = open_archive(copy)  # its connection can stem what the search index needs
    url = next(db.query("SELECT url FROM articles ORDER BY url LIMIT 1"))["url"]
    db.execute("UPDATE articles SET warc_offset = warc_offset + 7 WHERE url = ?", [url])
    db.conn.commit()
    result = reprocess(copy, "--no-versions")
    assert result.returncode == 0, result.stderr
    assert "1 not re-extracted {'unreadable_capture': 1}" in result.stdout
    assert article(db, url)["body"]


def test_bad_arguments_get_one_line(tmp_path):
    result = reprocess(tmp_path / "missing.db")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("natocrawl: no archive at")
    assert "Traceback" not in result.stderr


def test_it_does_not_run_while_a_crawl_holds_the_archive(copy):
    from test_lock import hold_in_another_process, kill

    holder = hold_in_another_process(copy)
    try:
        result = reprocess(copy)
    finally:
        kill(holder)
    assert result.returncode == 1
    assert (
        "another crawl is running on" in result.stderr and "reprocess when it has finished" in result.stderr
    )
    assert "re-extracted" not in result.stdout
