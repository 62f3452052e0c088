"""What the article page (`/-/article/<path>`) shows of one archived page, read from the
archive: the row, the version asked for (the current one by default), its paragraphs, the
other URLs it is known under, its versions, its translation aligned beside it and how to cite
it. Pure reading; the Datasette plugin article_view.py draws it."""

import json
import sqlite3
from dataclasses import dataclass, field

import sqlite_utils

from natocrawl.archive.queries import fetch_article
from natocrawl.serve.align import align
from natocrawl.serve.links import find_article


class NotArchived(LookupError):
    """No archived page, and no alias, at that path."""


@dataclass
class ArticleView:
    article: dict
    version: dict
    versions: list[dict]
    aliases: list[str]
    translation: dict | None
    paragraphs: list[str]
    side_by_side: list[dict] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        """A transcript's speaker labels (stored as a JSON list)."""
        try:
            labels = json.loads(self.article.get("speakers") or "[]")
        except ValueError:
            return []
        return [str(label) for label in labels] if isinstance(labels, list) else []


def paragraphs(body: str | None) -> list[str]:
    """The body's paragraphs, as stored (separated by a blank line)."""
    return [part.strip() for part in (body or "").split("\n\n") if part.strip()]


def read_article(conn: sqlite3.Connection, path: str, version: int | None = None, beside: bool = False):
    """The ArticleView of the page at `path`, or the URL an alias at `path` leads to (str).
    NotArchived if neither; KeyError if it has no such version."""
    url, alias_of = find_article(conn, path)
    if url is None:
        if alias_of is None:
            raise NotArchived(path)
        return alias_of
    db = sqlite_utils.Database(conn)
    article = fetch_article(db, url)
    versions = list(db.query("SELECT * FROM article_versions WHERE url = ? ORDER BY version DESC", [url]))
    chosen = _version(article, versions, version)
    aliases = [
        alias for (alias,) in conn.execute("SELECT alias FROM aliases WHERE url = ? ORDER BY alias", [url])
    ]
    translation = fetch_article(db, article["translation_url"]) if article["translation_url"] else None
    view = ArticleView(article, chosen, versions, aliases, translation, paragraphs(chosen["body"]))
    if beside and translation:
        view.side_by_side = side_by_side(view.paragraphs, paragraphs(translation["body"]))
    return view


def _version(article: dict, versions: list[dict], number: int | None) -> dict:
    if number is None:
        current = [v for v in versions if v["replaced_at"] is None]
        # An archive whose versions table lacks the page still shows its current text.
        return current[0] if current else {**article, "version": len(versions) or 1}
    for version in versions:
        if version["version"] == number:
            return version
    raise KeyError(number)


def side_by_side(left: list[str], right: list[str]) -> list[dict]:
    """Rows of two columns: the paragraphs of each bead, and whether it has both sides."""
    return [
        {
            "left": [left[index] for index in bead.left],
            "right": [right[index] for index in bead.right],
            "matched": bead.matched,
        }
        for bead in align(left, right)
    ]
