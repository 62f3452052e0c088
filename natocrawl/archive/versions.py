"""Every text an article has had (article_versions), numbered from 1, each with a readable
diff against the one before.

A version's text is its title and its paragraphs; the diff is a unified diff over those
lines (a paragraph is one line), so a researcher sees which paragraphs NATO rewrote, added
or removed, with one paragraph of context."""

import difflib
import json
from collections.abc import Mapping

import sqlite_utils

from natocrawl.archive.fields import CAPTURE_FIELDS, VERSION_FIELDS


def version_lines(version: Mapping) -> list[str]:
    paragraphs = [p for p in (version.get("body") or "").split("\n\n") if p]
    return [f"# {version.get('title') or ''}", *paragraphs]


def text_diff(before: Mapping, after: Mapping) -> str:
    """`before` → `after` as a unified diff; labels name each version and when it was stored."""
    return "\n".join(
        difflib.unified_diff(
            version_lines(before),
            version_lines(after),
            fromfile=_label(before),
            tofile=_label(after),
            lineterm="",
            n=1,
        )
    )


def _label(version: Mapping) -> str:
    return f"version {version.get('version')} ({version.get('valid_from')})"


def latest_version(db: sqlite_utils.Database, url: str) -> dict | None:
    """`url`'s last version, current or closed (a record folded away keeps closed ones)."""
    return next(
        db.query("SELECT * FROM article_versions WHERE url = ? ORDER BY version DESC LIMIT 1", [url]), None
    )


def add_version(db: sqlite_utils.Database, row: Mapping, valid_from: str) -> None:
    """A new current version of `row`'s article, numbered after the last one, which is closed."""
    previous = latest_version(db, row["url"])
    if previous is not None and previous["replaced_at"] is None:
        db.execute("UPDATE article_versions SET replaced_at = ? WHERE id = ?", [valid_from, previous["id"]])
    version = {field: row.get(field) for field in ("url", *VERSION_FIELDS, *CAPTURE_FIELDS)}
    version.update(version=previous["version"] + 1 if previous else 1, valid_from=valid_from)
    version["diff"] = text_diff(previous, version) if previous else None
    columns = ", ".join(version)
    db.execute(
        f"INSERT INTO article_versions ({columns}) VALUES ({', '.join(':' + c for c in version)})", version
    )


def add_first_versions(db: sqlite_utils.Database, rows: list[Mapping]) -> None:
    """Version 1 of each new article (valid from when it was first seen); one whose URL kept
    closed versions (a record folded into another) is numbered after them."""
    urls = json.dumps([row["url"] for row in rows])
    numbered = {
        url
        for (url,) in db.execute(
            "SELECT DISTINCT url FROM article_versions WHERE url IN (SELECT value FROM json_each(?))", [urls]
        )
    }
    for row in rows:
        if row["url"] in numbered:
            add_version(db, row, row["first_seen"])
    fields = ("url", *VERSION_FIELDS, *CAPTURE_FIELDS)
    db.conn.executemany(
        f"INSERT INTO article_versions ({', '.join(fields)}, version, valid_from) "
        f"VALUES ({', '.join(':' + f for f in fields)}, 1, :first_seen)",
        [row for row in rows if row["url"] not in numbered],
    )


def renumber_versions(db: sqlite_utils.Database, url: str) -> None:
    """Number `url`'s versions in the order they were stored and diff each against the one before."""
    # Out of the way first, so that no number is held twice on the way (url, version is unique).
    db.execute("UPDATE article_versions SET version = -id WHERE url = ?", [url])
    rows = list(db.query("SELECT * FROM article_versions WHERE url = ? ORDER BY valid_from, id", [url]))
    previous = None
    for number, row in enumerate(rows, start=1):
        version = {**row, "version": number}
        diff = text_diff(previous, version) if previous else None
        db.execute(
            "UPDATE article_versions SET version = ?, diff = ? WHERE id = ?", [number, diff, version["id"]]
        )
        previous = version


def refresh_current_version(db: sqlite_utils.Database, row: Mapping) -> None:
    """The current version takes `row`'s fields in place (metadata or a correction, not a new text)."""
    assignments = ", ".join(
        f"{field} = :{field}" for field in (*VERSION_FIELDS, *CAPTURE_FIELDS) if field in row
    )
    db.execute(f"UPDATE article_versions SET {assignments} WHERE url = :url AND replaced_at IS NULL", row)
    if "body" in row or "title" in row:
        renumber_versions(db, row["url"])
