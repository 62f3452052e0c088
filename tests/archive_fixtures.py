"""A small real archive for store, Datasette and export tests.

Import the fixture into a test module (`from archive_fixtures import archive_path`).
"""

import pytest
import sqlite_utils

from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.archive.schema import MIGRATIONS

BASE = "https://www.nato.int"
SEEN_AT = "2025-01-01T00:00:00Z"


def make_article(path: str, **fields) -> dict:
    """An extracted article as the pipelines hand it to the store."""
    lang = path.split("/")[1]
    article = {
        "url": BASE + path,
        "lang": lang,
        "content_lang": lang,
        "type": "news",
        "title": f"Title of {path}",
        "published": None,
        "updated": None,
        "description": "A description.",
        "body": f"Body of {path}.",
        "word_count": 3,
        "content_hash": f"hash-{path}",
    }
    article.update(fields)
    return article


NEWS_PATH = "/{}/news-and-events/articles/news/2024/05/06/allies-discuss-drones"

SAMPLE_ARTICLES = [
    make_article(
        NEWS_PATH.format("en"),
        title="Allies discuss drones",
        published="2024-05-06",
        body="NATO Allies met to discuss drones and air defence.",
        word_count=9,
    ),
    make_article(
        NEWS_PATH.format("fr"),
        title="Les Alliés discutent des drones",
        published="2024-05-06",
        body="Les Alliés ont discuté de la sécurité collective et des drones.",
        word_count=11,
    ),
    make_article(
        "/en/news-and-events/events/transcripts/2023/02/14/press-point",
        type="transcript",
        title="Press point by the Secretary General",
        published="2023-02-14",
        body="Good afternoon. Today we discussed cyber defence and support to Ukraine.",
        word_count=11,
    ),
    make_article(
        "/fr/news-and-events/events/transcripts/2023/02/14/press-point",
        type="transcript",
        content_lang="en",  # a French URL carrying an English speech
        title="Press point by the Secretary General",
        published="2023-02-14",
        body="Good afternoon. Today we discussed cyber defence and support to Ukraine.",
        word_count=11,
    ),
    make_article(
        "/en/about-us/official-texts-and-resources/official-texts/2022/06/29/madrid-summit-declaration",
        type="official-text",
        title="Madrid Summit Declaration",
        published="2022-06-29",
        body="We, the Heads of State and Government, met in Madrid.",
        word_count=10,
    ),
    make_article(
        "/fr/about-us/organization/partners",
        type="page",
        title="Partenaires",
        updated="2023-03-03",
        body="L'OTAN coopère avec des pays partenaires du monde entier.",
        word_count=9,
    ),
    make_article(
        "/en/news-and-events/events/2025/06/the-hague-summit",
        type="event",
        title="The Hague Summit",
        body="Heads of State and Government meet in The Hague.",
        word_count=9,
    ),
]


def migration_steps() -> list:
    """The schema's migration functions, oldest first (to build an archive of an older schema)."""
    return [migration.fn for migration in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]


def build_archive(path, articles=SAMPLE_ARTICLES, seen_at=SEEN_AT):
    db = open_archive(path)
    try:
        for article in articles:
            upsert_article(db, article, seen_at)
    finally:
        db.close()
    return path


@pytest.fixture
def archive_path(tmp_path):
    """A file archive holding SAMPLE_ARTICLES; its name is not archive.db on purpose."""
    return build_archive(tmp_path / "nato-archive.db")


CHANGED_PATH = "/en/news-and-events/articles/news/2024/05/06/allies-meet"


def write_changed_archive(path) -> dict:
    """An archive at `path` where one page changed once (two versions); that page's first text."""
    article = make_article(
        CHANGED_PATH,
        title="Allies meet",
        published="2024-05-06",
        body="Allies discuss drones.\n\nA <second> paragraph.",
    )
    with open_archive(path) as db:
        upsert_article(db, article, "2025-01-01T00:00:00+00:00")
        upsert_article(
            db,
            {**article, "body": "Allies discuss air defence.\n\nA <second> paragraph.", "content_hash": "h2"},
            "2025-02-01T00:00:00+00:00",
        )
    return article
