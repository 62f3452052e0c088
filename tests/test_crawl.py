"""A real `scrapy crawl nato` of the replica on 127.0.0.1 into a real SQLite archive."""

import json
from collections import Counter

import pytest
import sqlite_utils

from natocrawl.extract.chrome import normalize_text
from natocrawl.replica import CHROME_VARIANTS
from natocrawl.urls import canonical_url


def word_f1(expected: str, got: str) -> float:
    expected_words, got_words = Counter(expected.split()), Counter(got.split())
    common = sum((expected_words & got_words).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got_words.values()), common / sum(expected_words.values())
    return 2 * precision * recall / (precision + recall)


def url_of(replica, path):
    return canonical_url(replica.base_url + path, replica.base_url)


def sitemap_pages(site):
    return [page for page in site.pages if page.in_sitemap and not page.disallowed]


def test_every_sitemap_article_is_archived_exactly_once(replica, replica_site, rows, aliases):
    twins_of_duplicates = {page.duplicate_of for page in replica_site.pages if page.duplicate_of}
    assert twins_of_duplicates
    for page in sitemap_pages(replica_site):
        url = url_of(replica, page.path)
        if page.duplicate_of:
            # the same text under two URLs: one row, under the shorter URL; the other an alias
            twin = url_of(replica, page.duplicate_of)
            kept, alias = sorted([url, twin], key=lambda u: (len(u), u))
            assert kept in rows and alias not in rows, url
            assert aliases[alias] == kept
        elif page.path not in twins_of_duplicates:
            assert url in rows and url not in aliases, url


def test_a_page_naming_another_portal_page_canonical_is_its_alias(replica, replica_site, rows, aliases):
    named = [p for p in replica_site.pages if p.canonical and p.canonical == p.duplicate_of]
    assert named
    for page in named:
        original = replica_site.page_for_path(page.canonical)
        assert page.body != original.body  # its own text: only the link makes it an alias
        url = url_of(replica, page.path)
        assert url not in rows and aliases[url] == url_of(replica, page.canonical)
        assert rows[url_of(replica, page.canonical)]["body"] == original.body


def test_a_canonical_link_to_another_host_or_to_itself_changes_nothing(replica, replica_site, rows, aliases):
    foreign = [p for p in replica_site.pages if p.canonical and not p.canonical.startswith("/")]
    own = [
        p for p in sitemap_pages(replica_site) if not p.canonical and p.index % 3 == 0 and not p.duplicate_of
    ]
    assert foreign and own
    for page in foreign + own:
        url = url_of(replica, page.path)
        assert url in rows and url not in aliases and rows[url]["body"] == page.body, url


def test_near_duplicates_are_linked_not_merged(replica, replica_site, rows, archive):
    expected = {
        frozenset({url_of(replica, page.path), url_of(replica, page.near_duplicate_of)})
        for page in replica_site.pages
        if page.near_duplicate_of
    }
    assert expected
    linked = {
        frozenset({row["url"], row["near_url"]}): row["similarity"] for row in archive["near_duplicates"].rows
    }
    assert set(linked) == expected  # every pair made for it, and no other text of the replica
    for pair, score in linked.items():
        assert all(url in rows for url in pair) and 0.9 <= score < 1


def test_search_only_pages_are_archived_too(replica, replica_site, rows):
    only_in_search = [p for p in replica_site.pages if p.in_search and not p.in_sitemap]
    assert only_in_search
    for page in only_in_search:
        assert url_of(replica, page.path) in rows


def test_no_stored_body_holds_a_chrome_line_or_a_piece_of_one(rows):
    def key(text):
        return normalize_text(text).replace(" ", "")

    # the replica's own copy of the dialogs: a source independent of the extractor's list
    chrome = {key(line) for variant in CHROME_VARIANTS.values() for line in variant}
    leaked = [
        (url, paragraph)
        for url, row in rows.items()
        for paragraph in row["body"].split("\n\n")
        if key(paragraph) in chrome
        or (len(key(paragraph)) >= 12 and any(line.startswith(key(paragraph)) for line in chrome))
    ]
    assert leaked == []


def test_metadata_matches_the_replica(replica, replica_site, rows):
    for page in sitemap_pages(replica_site):
        row = rows.get(url_of(replica, page.path))
        if row is None:
            continue  # a duplicate stored under its twin's URL
        # An event page is dated by the first day it states for its event.
        day = page.published or (page.event_days[0] if page.event_days else None)
        expected = (page.title, page.type, page.lang, page.content_lang, day.isoformat() if day else None)
        assert (row["title"], row["type"], row["lang"], row["content_lang"], row["published"]) == expected, (
            row["url"]
        )


def test_every_page_has_a_year_and_event_pages_their_days(replica, replica_site, rows):
    events = 0
    for page in sitemap_pages(replica_site):
        row = rows.get(url_of(replica, page.path))
        if row is None or page.type == "page":
            continue  # reference pages are dated by their last update, when they state one
        assert row["year"] is not None, row["url"]
        if page.type == "event":
            events += 1
            assert (row["event_start"], row["event_end"]) == tuple(d.isoformat() for d in page.event_days)
            assert row["year"] == page.event_days[0].year
    assert events


def test_bodies_match_the_replica(replica, replica_site, rows):
    scores, inexact = {}, []
    for page in sitemap_pages(replica_site):
        if row := rows.get(url_of(replica, page.path)):
            scores[row["url"]] = word_f1("\n\n".join(page.paragraphs), row["body"])
            if row["body"].split("\n\n") != list(page.paragraphs):
                inexact.append(row["url"])
    worst = min(scores, key=scores.get)
    assert scores[worst] >= 0.99, (worst, scores[worst])
    assert inexact == []


def test_translation_pairs_are_linked_both_ways(rows):
    linked = [row for row in rows.values() if row["translation_url"]]
    assert linked
    for row in linked:
        assert rows[row["translation_url"]]["translation_url"] == row["url"]
    for url, row in rows.items():
        partner = url.replace("/en/", "/fr/", 1) if "/en/" in url else url.replace("/fr/", "/en/", 1)
        if partner in rows:
            assert row["translation_url"] == partner


def test_legacy_urls_are_aliases_of_the_pages_they_redirect_to(replica, replica_site, aliases):
    legacy = {
        url_of(replica, path): url_of(replica, page.path)
        for page in replica_site.pages
        for path in page.legacy_paths
    }
    recorded = {alias: url for alias, url in aliases.items() if "/cps/" in alias or "/docu/" in alias}
    assert recorded
    for alias, url in recorded.items():
        assert legacy[alias] == url


def test_two_press_points_are_kept_apart(rows):
    press_points = [row for url, row in rows.items() if url.endswith("/press-point")]
    assert len({row["published"] for row in press_points}) >= 2
    assert len({row["content_hash"] for row in press_points if row["lang"] == "en"}) >= 2


def test_disallowed_pages_are_never_requested(replica_site, crawled):
    _archive, _result, request_log = crawled
    disallowed = {page.path for page in replica_site.pages if page.disallowed}
    assert disallowed
    assert not [path for _method, path, _status in request_log if path.split("?")[0] in disallowed]


def test_crawl_run_is_recorded(archive, rows, crawled):
    _archive, _result, request_log = crawled
    runs = list(archive["crawl_runs"].rows)
    assert len(runs) == 1
    run = runs[0]
    assert run["finish_reason"] == "finished"
    assert run["new"] == len(rows)
    assert run["updated"] == 0 and run["unchanged"] == 0
    assert run["pages_fetched"] >= len(rows)
    assert run["finished_at"] >= run["started_at"]
    errors = json.loads(run["http_errors"])
    assert sum(errors.values()) == sum(1 for _m, _p, status in request_log if status >= 400)


@pytest.fixture(scope="module")
def filtered_crawl(replica, replica_site, tmp_path_factory):
    """A second crawl, windowed: French news and transcripts of 2015–2023 only."""
    from conftest import run_scrapy_crawl

    archive = tmp_path_factory.mktemp("filtered") / "archive.db"
    log_start = len(replica.request_log)
    result = run_scrapy_crawl(
        replica.base_url,
        archive,
        "-a",
        "langs=fr",
        "-a",
        "types=news,transcript",
        "-a",
        "since=2015-01-01",
        "-a",
        "until=2023-12-31",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    db = sqlite_utils.Database(archive)
    yield {row["url"]: row for row in db["articles"].rows}, list(replica.request_log)[log_start:]
    db.close()


def test_filters_select_exactly_the_window(replica, replica_site, filtered_crawl):
    rows, _log = filtered_crawl
    in_window = {
        url_of(replica, page.path)
        for page in replica_site.pages
        if (page.in_sitemap or page.in_search)
        and not page.disallowed
        and page.lang == "fr"
        and page.type in ("news", "transcript")
        and page.published
        and "2015-01-01" <= page.published.isoformat() <= "2023-12-31"
    }
    duplicates = {url_of(replica, page.path) for page in replica_site.pages if page.duplicate_of}
    assert in_window
    assert set(rows) <= in_window
    assert in_window - set(rows) <= duplicates


def test_filtered_crawl_fetches_nothing_outside_its_window(replica_site, filtered_crawl):
    _rows, request_log = filtered_crawl
    article_paths = {page.path: page for page in replica_site.pages}
    fetched = [
        article_paths[path.split("?")[0]]
        for _m, path, _s in request_log
        if path.split("?")[0] in article_paths
    ]
    assert fetched
    assert all(page.lang == "fr" and page.type in ("news", "transcript") for page in fetched)
    searched = [path for _m, path, _s in request_log if "general_search" in path]
    assert searched and not any("/en/" in path or "media-advisories" in path for path in searched)


def test_listed_pages_wait_as_urls_and_reach_the_scheduler_a_batch_at_a_time(
    replica, replica_site, rows, tmp_path
):
    # Memory that does not grow with the site: a sitemap's pages are not all queued as
    # requests. Types the search does not list, one request at a time: only the sitemaps feed
    # the scheduler, faster than it is emptied.
    from natocrawl import settings

    from conftest import run_scrapy_crawl

    probe, types = tmp_path / "probe.json", ("official-text", "page", "event")
    extensions = {**settings.EXTENSIONS, "tests.crawl_probe.SchedulerProbe": 0}
    result = run_scrapy_crawl(
        replica.base_url,
        tmp_path / "archive.db",
        *("-s", f"EXTENSIONS={json.dumps(extensions)}", "-s", f"PROBE_FILE={probe}"),
        *("-s", "SITEMAP_FEED_BATCH=2", "-s", "CONCURRENT_REQUESTS=1", "-a", f"types={','.join(types)}"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(probe.read_text())
    # A batch, and at most a few others (a sitemap, the legacy links of a page): all at once,
    # the listed pages of these types are a dozen queued requests.
    assert seen["queued"] <= 2 + 3
    assert seen["waiting"] >= len(sitemap_pages(replica_site)) // 2  # the others waited as bare URLs
    stored = {row["url"] for row in sqlite_utils.Database(tmp_path / "archive.db")["articles"].rows}
    wanted = {url for url, row in rows.items() if row["type"] in types}
    assert len(wanted) > 10 and stored == wanted  # and none was lost


def test_progress_counts_listed_pages_not_yet_queued_in_the_frontier():
    from natocrawl.crawl.progress import progress_line
    from natocrawl.crawl.stats import WAITING_KEY

    stats = {"scheduler/enqueued": 200, "response_received_count": 100, WAITING_KEY: 800}
    assert "10% of the known frontier (100 of 1000 requests)" in progress_line(stats, elapsed=10.0)
