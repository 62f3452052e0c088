"""The store's batches (archive/article_batches.py) against articles stored one at a time, and
the indexes they keep against indexes built afresh from the archive they leave."""

import random

import pytest

from natocrawl.archive import search_index, search_works, table_search
from natocrawl.archive.article_batches import CHUNK, store_articles
from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive

from archive_fixtures import make_article

WORDS = ["alpha", "beta", "gamma", "sécurité", "alliés", "défense", "allies", "security", "drones"]
INDEXES = [
    table_search.TABLE,
    *(search_index.table_name(lang) for lang in ("en", "fr")),
    search_works.WORKS_TABLE,
]


def _random_arrivals(rng: random.Random, count: int) -> list[tuple[dict, str]]:
    """What a few crawls hand the store: new pages in both languages (so translations arrive
    in either order, together or apart), the same pages again, edited, re-dated, extracted
    anew from the same capture, and the same URL twice in a row."""

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 9)))

    archived: dict[str, dict] = {}
    arrivals = []
    for index in range(count):
        seen_at = f"2025-01-01T00:{index // 60:02d}:{index % 60:02d}"
        if archived and rng.random() < 0.55:
            article = dict(rng.choice(list(archived.values())))
            change = rng.choice(["same", "text", "title", "date", "language", "re-extracted"])
            if change == "text":
                article |= {"body": text(), "content_hash": f"h{index}", "warc_payload_digest": f"d{index}"}
            elif change == "title":
                article |= {"title": text(), "warc_payload_digest": f"d{index}"}
            elif change == "date":
                article |= {"published": rng.choice([None, "2019-03-04", "2024-11-30"]), "type": "speech"}
            elif change == "language":
                article |= {"content_lang": rng.choice(["en", "fr", "de", None])}
            elif change == "re-extracted":
                article |= {"body": text(), "content_hash": f"h{index}"}
        else:
            lang = rng.choice(["en", "fr"])
            path = f"/{lang}/news/2025/{rng.randint(0, count // 3)}"
            article = make_article(path, title=text(), body=text(), content_hash=f"h{index}")
            article |= {"warc_payload_digest": f"d{index}", "published": rng.choice([None, "2023-05-06"])}
        archived[article["url"]] = article
        arrivals.append((article, seen_at))
        if rng.random() < 0.05:
            arrivals.append(({**article, "body": text(), "content_hash": f"again{index}"}, seen_at))
    return arrivals


def _batches(rng: random.Random, arrivals: list) -> list[list]:
    """Batches of every size from one to more than two chunks."""
    batches, start = [], 0
    while start < len(arrivals):
        size = rng.choice([1, 2, 7, CHUNK - 1, CHUNK + 1, 3 * CHUNK])
        batches.append(arrivals[start : start + size])
        start += size
    return batches


def _vocabulary(db, table: str) -> list[tuple]:
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{table} USING fts5vocab(main, {table}, instance)")
    return db.execute(f"SELECT term, doc, col, offset FROM temp.v_{table} ORDER BY 1, 2, 3, 4").fetchall()


def _contents(db) -> tuple[list, list, list]:
    # Versions by URL and number: a batch writes its first versions before its later ones, so
    # their ids (the order of writing) may differ.
    version_columns = ", ".join(column for column in db["article_versions"].columns_dict if column != "id")
    return (
        db.execute("SELECT rowid, * FROM articles ORDER BY url").fetchall(),
        db.execute(f"SELECT {version_columns} FROM article_versions ORDER BY url, version").fetchall(),
        db.execute(f"SELECT * FROM {search_index.KEYS_TABLE} ORDER BY rowid").fetchall(),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_store_what_one_at_a_time_stores_and_keep_every_index_current(tmp_path, seed):
    rng = random.Random(seed)
    arrivals = _random_arrivals(rng, 400)
    batched, alone = open_archive(tmp_path / "batched.db"), open_archive(tmp_path / "alone.db")
    outcomes = [outcome for batch in _batches(rng, arrivals) for outcome in store_articles(batched, batch)]
    assert outcomes == [upsert_article(alone, article, seen_at) for article, seen_at in arrivals]
    assert {"new", "changed", "updated", "unchanged"} <= set(outcomes)
    assert _contents(batched) == _contents(alone)
    kept = {table: _vocabulary(batched, table) for table in INDEXES}
    assert all(kept.values())
    assert kept == {table: _vocabulary(alone, table) for table in INDEXES}
    assert batched.execute(f"SELECT count(*) FROM {search_index.BATCH_TABLE}").fetchone()[0] == 0
    keys = _contents(batched)[2]
    search_index.rebuild(batched)
    assert _contents(batched)[2] == keys
    search_works.rebuild(batched)
    batched.execute(f"INSERT INTO {table_search.TABLE} ({table_search.TABLE}) VALUES ('rebuild')")
    assert {table: _vocabulary(batched, table) for table in INDEXES} == kept
    for table in INDEXES:
        batched.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)")
