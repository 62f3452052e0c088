"""What earlier crawls know, and the decisions an incremental crawl takes from it."""

import contextlib

import pytest

from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.archive.fetches import Fetch, record_fetch
from natocrawl.archive.runs import finish_run, start_run
from natocrawl.crawl.frontier import Frontier

from archive_fixtures import NEWS_PATH, make_article

URL = "https://www.nato.int/en/news-and-events/articles/news/2024/05/06/allies-meet"
FETCHED = Fetch('"abc"', "Mon, 06 May 2024 00:00:00 GMT", "2024-05-06", "2024-06-01T10:00:00+00:00")


@pytest.mark.parametrize(
    "lastmod, up_to_date",
    [
        ("2024-05-06", True),  # the lastmod stored with the copy
        ("2024-05-30", True),  # changed two days before we fetched it
        ("2024-05-31", False),  # the day before: a cache may still have served the old page
        ("2024-06-01", False),  # the day we fetched it: it may have changed after
        ("2024-05-31T09:00:00+00:00", True),  # over a day before our fetch
        ("2024-06-01T09:00:00+00:00", False),  # an hour before it
        ("2024-06-01T11:00:00Z", False),  # after it
        ("2025-01-01", False),
        ("not a date", False),
        ("", False),
        (None, False),
    ],
)
def test_a_sitemap_lastmod_is_compared_with_our_copy(lastmod, up_to_date):
    assert Frontier(fetches={URL: FETCHED}).is_up_to_date(URL, lastmod) is up_to_date


def load_frontier(path) -> Frontier:
    with contextlib.closing(open_archive(path)) as db:
        return Frontier.load(db)


def test_unknown_pages_and_full_passes_are_never_up_to_date_and_get_no_validators():
    frontier = Frontier(fetches={URL: FETCHED})
    assert frontier.validators(URL) == {
        "If-None-Match": '"abc"',
        "If-Modified-Since": "Mon, 06 May 2024 00:00:00 GMT",
    }
    assert not frontier.is_up_to_date(URL + "-x", "2024-05-06") and frontier.validators(URL + "-x") == {}
    full = Frontier(fetches={URL: FETCHED}, full=True)
    assert not full.is_up_to_date(URL, "2024-05-06") and not full.is_known(URL) and full.validators(URL) == {}


def test_removal_checks_go_to_pages_a_sitemap_listed_before_and_no_longer_does():
    listed_before = Frontier(
        fetches={URL: FETCHED},
        articles={URL: False, URL + "-s": False, URL + "-r": True},
        listed_before={URL, URL + "-r"},
    )
    assert listed_before.removal_candidates({}) == [URL]  # -s came from the search, -r is removed already
    assert listed_before.removal_candidates({URL: "2024-05-06"}) == []
    listed_before.full = True
    assert listed_before.removal_candidates({}) == [URL, URL + "-s"]


def test_after_a_killed_run_its_pages_are_fetched_again_and_the_search_is_read_to_its_end(tmp_path):
    path = tmp_path / "archive.db"
    early = make_article(NEWS_PATH.format("en"), title="Early", published="2024-05-06", body="Early text.")
    late = make_article(NEWS_PATH.format("fr"), title="Tard", published="2024-05-06", body="Texte tardif.")
    with open_archive(path) as db:
        run = start_run(db, "2025-01-01T00:00:00+00:00", "https://www.nato.int", {})
        upsert_article(db, early, "2025-01-01T00:01:00+00:00")
        record_fetch(db, early["url"], checked_at="2025-01-01T00:01:00+00:00", sitemap_lastmod="2024-05-06")
        finish_run(
            db,
            run,
            finished_at="2025-01-01T01:00:00+00:00",
            finish_reason="finished",
            counts={"search_complete": True},
        )
    complete = load_frontier(path)
    assert complete.last_run_complete and complete.is_known(early["url"]) and complete.redo == set()
    with open_archive(path) as db:
        start_run(db, "2025-01-02T00:00:00+00:00", "https://www.nato.int", {})  # killed: never finished
        upsert_article(db, late, "2025-01-02T00:01:00+00:00")
    after_kill = load_frontier(path)
    assert not after_kill.last_run_complete
    assert after_kill.redo == {late["url"]}
    assert after_kill.is_known(early["url"]) and not after_kill.is_known(late["url"])


def test_many_pages_leaving_the_sitemaps_at_once_look_like_a_sitemap_cut_short():
    frontier = Frontier(articles={f"{URL}-{n}": n >= 95 for n in range(100)})  # 95 live, 5 removed
    assert not frontier.too_many_unlisted(10)  # a night's removals
    assert not frontier.too_many_unlisted(23)
    assert frontier.too_many_unlisted(24)  # over a quarter of the 95 live pages
    assert not Frontier(articles={URL: False}).too_many_unlisted(1)  # a small archive: up to the floor


def test_only_a_run_that_read_the_whole_search_lets_the_next_stop_at_known_pages(tmp_path):
    path = tmp_path / "archive.db"
    page = make_article(NEWS_PATH.format("en"), title="Page", published="2024-05-06", body="Text.")
    with open_archive(path) as db:
        upsert_article(db, page, "2025-01-01T00:01:00+00:00")
        record_fetch(db, page["url"], checked_at="2025-01-01T00:01:00+00:00")
        run = start_run(db, "2025-01-01T00:00:00+00:00", "https://www.nato.int", {"since": "2025-01-01"})
        finish_run(
            db,
            run,
            finished_at="2025-01-01T01:00:00+00:00",
            finish_reason="finished",
            counts={"search_complete": False},
        )  # windowed, or a search page failed
    assert not load_frontier(path).last_run_complete


def test_a_run_that_fetched_nothing_does_not_clear_what_a_killed_run_left_to_redo(tmp_path):
    path = tmp_path / "archive.db"
    page = make_article(NEWS_PATH.format("en"), title="Page", published="2024-05-06", body="Text.")
    with open_archive(path) as db:
        start_run(db, "2025-01-01T00:00:00+00:00", "https://www.nato.int", {})  # killed
        upsert_article(db, page, "2025-01-01T00:01:00+00:00")
        run = start_run(db, "2025-01-02T00:00:00+00:00", "https://www.nato.int", {})
        finish_run(
            db,
            run,
            finished_at="2025-01-02T00:01:00+00:00",
            finish_reason="failed: no page could be fetched",
            counts={},
        )
    frontier = load_frontier(path)
    assert frontier.redo == {page["url"]} and not frontier.last_run_complete
