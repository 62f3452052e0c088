"""The end of a crawl (and of `natocrawl reprocess`): the boilerplate model is saved, every
stored row that still holds a run of furniture it learned is extracted again from its WARC
capture (or, without one, loses those lines), and records whose texts became the same are
folded into one. Cleaning with what is learned half-way through a crawl would make the
result depend on the order pages arrive in, so it is done here, once."""

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from natocrawl.archive.aliases import fold_duplicates
from natocrawl.archive.articles import rewrite_extraction
from natocrawl.archive.boilerplate import save_model
from natocrawl.archive.reextract import NotReextracted, extracted_fields, read_html
from natocrawl.dates import utc_now
from natocrawl.extract.article import body_hash
from natocrawl.extract.boilerplate import BoilerplateModel
from natocrawl.extract.learned import drop_learned_runs
from natocrawl.extract.version import extractor_version


@dataclass
class Settled:
    rewritten: int = 0  # rows corrected from their captures
    folded: int = 0  # aliases recorded by folding identical records


def settle(db: sqlite_utils.Database, model: BoilerplateModel, warc_dir: str | Path) -> Settled:
    """Save `model`, correct the rows holding its furniture, fold identical records."""
    save_model(db, model)
    frequent = model.frequent_by_lang()
    settled = Settled()
    # Read as it goes (not fetched all at once: bodies of the whole archive); the rewrites
    # keep each row's rowid, so the scan neither skips nor repeats a row.
    rows = db.execute("SELECT url, lang, body, warc_file, warc_offset FROM articles ORDER BY rowid")
    for url, lang, body, warc_file, warc_offset in rows:
        furniture = frequent.get(lang, {})
        paragraphs = (body or "").split("\n\n")
        cleaned = drop_learned_runs(paragraphs, furniture)
        if cleaned == paragraphs:
            continue
        fields = _extracted_again(url, warc_dir, warc_file, warc_offset, furniture)
        if fields is None and cleaned:  # no capture to go back to: the body's own lines
            fields = {"body": "\n\n".join(cleaned)}
        if fields:
            rewrite_extraction(db, url, _with_body_fields(fields))
            settled.rewritten += 1
    settled.folded = fold_duplicates(db, utc_now())
    return settled


def _extracted_again(url: str, warc_dir, warc_file, warc_offset, furniture: dict) -> dict | None:
    try:
        fields = extracted_fields(read_html(warc_dir, warc_file, warc_offset), url, furniture)
    except NotReextracted:
        return None
    return fields | {"extractor_version": extractor_version()}


def _with_body_fields(fields: dict) -> dict:
    body = fields["body"]
    return {**fields, "word_count": len(body.split()), "content_hash": body_hash(body)}
