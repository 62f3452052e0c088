"""Near-duplicates in a real archive: texts that differ by white space, a line of furniture
or a trailing note are linked (never merged); other texts are not; links follow the texts
as they change, move and go."""

import gzip
import shutil
from pathlib import Path

import pytest

from natocrawl.archive.aliases import move_article
from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.archive.near_duplicates import anchors, similarity

from archive_fixtures import make_article

SEEN_AT = "2025-03-04T00:00:00Z"
PARAGRAPHS = [
    "Allied defence ministers met in Brussels on Thursday to review progress on the new force model, "
    "which places more troops at higher readiness along the Alliance's eastern flank.",
    "Ministers agreed to speed up the delivery of air and missile defence systems, and to invest in "
    "ammunition production so that stocks can be replenished faster than before.",
    "The Secretary General said that the Alliance must be ready to defend every inch of Allied "
    "territory, and that industry has a central role to play in that effort.",
    "The ministers also discussed support for Ukraine, including training, equipment and the long-term "
    "assistance that Allies pledged at the last summit in Washington.",
]
OTHER = [
    "The NATO Science for Peace and Security Programme has awarded new grants to research teams "
    "working on quantum sensing, with partners from six countries taking part in the projects.",
    "The projects will run for three years and bring together universities, defence laboratories and "
    "small companies that develop sensors for navigation without satellite signals.",
]


def path(n: int) -> str:
    return f"/en/news-and-events/articles/news/2025/03/0{n}/ministers-meet"


def store(db, n: int, paragraphs: list[str]) -> None:
    upsert_article(
        db, make_article(path(n), body="\n\n".join(paragraphs), content_hash=str(paragraphs)), SEEN_AT
    )


def pairs(db) -> set[frozenset]:
    rows = db.execute("SELECT url, near_url FROM near_duplicates").fetchall()
    return {frozenset(u.rsplit("/", 3)[-2] for u in row) for row in rows}


@pytest.fixture
def db(tmp_path):
    database = open_archive(tmp_path / "archive.db")
    yield database
    database.close()


VARIANTS = {
    "white space": [p.replace(" ", "  ", 3) for p in PARAGRAPHS],
    "a line of furniture": [*PARAGRAPHS[:2], "Share this article", *PARAGRAPHS[2:]],
    "a trailing note": [*PARAGRAPHS, "Editor's note: the date of the meeting was corrected."],
    "punctuation and case": [p.upper().replace(",", "") for p in PARAGRAPHS],
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_text_differing_only_by_furniture_or_a_note_is_linked_not_merged(db, variant):
    store(db, 1, PARAGRAPHS)
    store(db, 2, OTHER)
    store(db, 3, VARIANTS[variant])
    assert pairs(db) == {frozenset({"01", "03"})}
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3  # both kept
    score = db.execute("SELECT similarity FROM near_duplicates").fetchone()[0]
    assert 0.9 <= score <= 1


def test_a_reworded_text_or_a_shared_paragraph_is_no_near_duplicate(db):
    store(db, 1, PARAGRAPHS)
    store(db, 2, [PARAGRAPHS[0], *OTHER])  # the same lead, then another story
    store(db, 3, [PARAGRAPHS[0], PARAGRAPHS[1], OTHER[0], OTHER[1]])
    assert similarity("\n\n".join(PARAGRAPHS), "\n\n".join([PARAGRAPHS[0], *OTHER])) < 0.9
    assert pairs(db) == set()


def test_links_follow_the_text_as_it_changes_moves_and_goes(db):
    store(db, 1, PARAGRAPHS)
    store(db, 2, VARIANTS["a trailing note"])
    assert pairs(db) == {frozenset({"01", "02"})}
    store(db, 2, OTHER)  # rewritten: no longer a near-duplicate
    assert pairs(db) == set()
    store(db, 2, VARIANTS["a trailing note"])
    move_article(db, make_article(path(2))["url"], make_article(path(5))["url"], SEEN_AT)
    assert pairs(db) == {frozenset({"01", "05"})}
    db.execute("DELETE FROM articles WHERE url = ?", [make_article(path(1))["url"]])
    assert pairs(db) == set()
    stale = "SELECT count(*) FROM near_duplicate_keys WHERE article NOT IN (SELECT rowid FROM articles)"
    assert db.execute(stale).fetchone()[0] == 0


def test_an_archive_from_before_is_linked_when_it_is_opened(tmp_path):
    source = Path(__file__).parent / "fixtures" / "archive-before-layout.db.gz"
    old = tmp_path / "old.db"
    with gzip.open(source) as packed, open(old, "wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    with open_archive(old) as db:
        filed = {row[0] for row in db.execute("SELECT DISTINCT article FROM near_duplicate_keys")}
        texts = db.execute("SELECT rowid, lang, body FROM articles").fetchall()
        assert filed and filed == {rowid for rowid, lang, body in texts if anchors(lang, body)}
