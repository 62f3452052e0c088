"""The boilerplate model's counts (natocrawl.extract.boilerplate) as the archive keeps them:
pages seen per language, and per line (or pair of lines) the pages it stood on."""

import sqlite_utils

from natocrawl.archive.connection import write_transaction
from natocrawl.extract.boilerplate import BoilerplateModel, url_key


def load_model(db: sqlite_utils.Database, min_pages: int, share: float) -> BoilerplateModel:
    """The model as the archive last saved it."""
    model = BoilerplateModel(min_pages=min_pages, share=share)
    model.pages.update(dict(db.execute("SELECT lang, pages FROM boilerplate_pages").fetchall()))
    for lang, line, text, pages in db.execute("SELECT lang, line, text, pages FROM boilerplate_lines"):
        model.restore(lang, line, text, pages)
    return model


def save_model(db: sqlite_utils.Database, model: BoilerplateModel) -> None:
    """Replace the saved counts, and record the URLs counted since the model was loaded; a
    line seen on one page only is not kept (it is that page's own text, and keeping every
    such line would copy the archive)."""
    rows = [
        (lang, line, text, count, int(model.is_learned(lang, line)))
        for lang, line, text, count in model.counts()
        if count > 1
    ]
    with write_transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO boilerplate_urls (url_key, lines_digest) VALUES (?, ?)",
            list(model.counted_urls.items()),
        )
        db.execute("DELETE FROM boilerplate_pages")
        db.execute("DELETE FROM boilerplate_lines")
        db.conn.executemany(
            "INSERT INTO boilerplate_pages (lang, pages) VALUES (?, ?)", list(model.pages.items())
        )
        db.conn.executemany(
            "INSERT INTO boilerplate_lines (lang, line, text, pages, learned) VALUES (?, ?, ?, ?, ?)", rows
        )


def counted_digest(db: sqlite_utils.Database, url: str) -> int | None:
    """The digest of the lines `url` was last counted with, or None if it never was."""
    row = db.execute("SELECT lines_digest FROM boilerplate_urls WHERE url_key = ?", [url_key(url)]).fetchone()
    return row[0] if row else None
