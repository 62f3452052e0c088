import json
import sqlite3

import pytest
import sqlite_utils

from natocrawl.archive.aliases import add_aliases, fold_duplicates, move_article
from natocrawl.archive.articles import mark_removed, rewrite_extraction, touch_article, upsert_article
from natocrawl.archive.connection import ArchiveError, open_archive, require_archive
from natocrawl.archive.fetches import load_fetches, record_fetch
from natocrawl.archive.fields import ARTICLE_COLUMNS
from natocrawl.archive.queries import alias_urls, archived_urls, find_url_by_hash
from natocrawl.archive.runs import finish_run, start_run

from archive_fixtures import NEWS_PATH, make_article, migration_steps

EN = make_article(
    NEWS_PATH.format("en"), title="Allies meet", published="2024-05-06", body="Allies discuss drones."
)
FR = make_article(
    NEWS_PATH.format("fr"), title="Réunion", published="2024-05-06", body="La sécurité des Alliés."
)


@pytest.fixture
def db(tmp_path):
    database = open_archive(tmp_path / "archive.db")
    yield database
    database.close()


def row(db, url):
    rows = list(db.query("SELECT * FROM articles WHERE url = ?", [url]))
    assert len(rows) == 1
    return rows[0]


def fts_urls(db, query):
    sql = """SELECT articles.url FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ? ORDER BY articles.url"""
    return [r[0] for r in db.execute(sql, [query]).fetchall()]


def test_schema_has_the_researcher_column_order(db):
    assert tuple(db["articles"].columns_dict) == ARTICLE_COLUMNS
    assert {tuple(index.columns) for index in db["articles"].indexes if index.unique} == {("url",)}
    assert db["aliases"].pks == ["alias"]
    indexed = {tuple(index.columns) for index in db["articles"].indexes}
    assert {("type",), ("lang",), ("year",), ("published",), ("lang", "content_hash")} <= indexed


def test_archive_is_in_wal_mode_with_a_busy_timeout(db):
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_new_then_unchanged_moves_only_last_seen(db):
    assert upsert_article(db, {**EN, "ignored_key": 1}, "2025-01-01") == "new"
    assert upsert_article(db, EN, "2025-02-01") == "unchanged"
    stored = row(db, EN["url"])
    assert (stored["first_seen"], stored["last_seen"], stored["last_changed"]) == (
        "2025-01-01",
        "2025-02-01",
        "2025-01-01",
    )
    assert stored["year"] == 2024
    assert "ignored_key" not in stored


def versions(db, url):
    return list(db.query("SELECT * FROM article_versions WHERE url = ? ORDER BY version", [url]))


def test_changed_text_is_a_new_version_with_a_readable_diff(db):
    upsert_article(db, EN, "2025-01-01")
    changed = {**EN, "body": "Allies discuss air defence.\n\nA second paragraph.", "content_hash": "other"}
    assert upsert_article(db, changed, "2025-03-01") == "changed"
    stored = row(db, EN["url"])
    assert stored["body"] == changed["body"]
    assert (stored["first_seen"], stored["last_changed"]) == ("2025-01-01", "2025-03-01")
    history = versions(db, EN["url"])
    assert [(v["version"], v["body"], v["valid_from"], v["replaced_at"]) for v in history] == [
        (1, "Allies discuss drones.", "2025-01-01", "2025-03-01"),
        (2, changed["body"], "2025-03-01", None),
    ]
    assert history[0]["diff"] is None
    diff = history[1]["diff"].splitlines()
    assert diff[:2] == ["--- version 1 (2025-01-01)", "+++ version 2 (2025-03-01)"]
    assert "-Allies discuss drones." in diff and "+Allies discuss air defence." in diff
    assert "+A second paragraph." in diff and " # Allies meet" in diff
    # the same text again is no new version
    assert upsert_article(db, changed, "2025-04-01") == "unchanged"
    assert len(versions(db, EN["url"])) == 2


def test_a_new_article_is_its_own_first_version_with_its_capture(db):
    upsert_article(
        db, {**EN, "warc_file": "a.warc.gz", "warc_offset": 12, "extractor_version": "x"}, "2025-01-01"
    )
    (first,) = versions(db, EN["url"])
    assert (first["version"], first["body"], first["replaced_at"], first["diff"]) == (
        1,
        EN["body"],
        None,
        None,
    )
    assert (first["warc_file"], first["warc_offset"], first["extractor_version"]) == ("a.warc.gz", 12, "x")


def test_a_correction_from_the_capture_rewrites_the_current_version_in_place(db):
    upsert_article(db, EN, "2025-01-01")
    upsert_article(db, {**EN, "body": "Second text.", "content_hash": "h2"}, "2025-02-01")
    rewrite_extraction(db, EN["url"], {"body": "Second text, cleaned.", "content_hash": "h3"})
    history = versions(db, EN["url"])
    assert [v["body"] for v in history] == [EN["body"], "Second text, cleaned."]
    assert "+Second text, cleaned." in history[1]["diff"].splitlines()


def test_removed_pages_keep_their_record_until_they_come_back(db):
    upsert_article(db, EN, "2025-01-01")
    assert mark_removed(db, EN["url"], "2025-02-01") is True
    assert mark_removed(db, EN["url"], "2025-02-02") is False  # counted once
    assert row(db, EN["url"])["removed_at"] == "2025-02-01"
    assert archived_urls(db) == {EN["url"]: True}
    assert upsert_article(db, EN, "2025-03-01") == "unchanged"
    assert row(db, EN["url"])["removed_at"] is None
    mark_removed(db, EN["url"], "2025-04-01")
    assert touch_article(db, EN["url"], "2025-05-01") is True
    assert row(db, EN["url"])["removed_at"] is None and row(db, EN["url"])["last_seen"] == "2025-05-01"


def test_fetch_validators_are_kept_and_a_304_moves_only_the_check(db):
    record_fetch(
        db,
        EN["url"],
        checked_at="2025-01-01T00:00:00Z",
        etag='"a"',
        last_modified="Mon, 06 May 2024 00:00:00 GMT",
        sitemap_lastmod="2024-05-06",
    )
    record_fetch(db, EN["url"], checked_at="2025-02-01T00:00:00Z", not_modified=True)
    assert load_fetches(db) == {
        EN["url"]: ('"a"', "Mon, 06 May 2024 00:00:00 GMT", "2024-05-06", "2025-01-01T00:00:00Z")
    }
    assert db["page_fetches"].get(EN["url"])["checked_at"] == "2025-02-01T00:00:00Z"
    add_aliases(db, EN["url"], [LEGACY], "2025-01-01")
    assert alias_urls(db) == {LEGACY}


def test_metadata_change_is_updated_without_moving_last_changed(db):
    upsert_article(db, EN, "2025-01-01")
    assert upsert_article(db, {**EN, "description": "New summary"}, "2025-03-01") == "updated"
    stored = row(db, EN["url"])
    assert stored["description"] == "New summary"
    assert (stored["last_seen"], stored["last_changed"]) == ("2025-03-01", "2025-01-01")
    assert [v["description"] for v in versions(db, EN["url"])] == ["New summary"]  # in place, no new version


@pytest.mark.parametrize(
    "published, updated, year",
    [
        ("2024-05-06", None, 2024),
        (None, "2023-03-03", 2023),
        (None, None, None),
        ("2019-01-01", "2023-03-03", 2019),
    ],
)
def test_year_comes_from_published_else_updated(db, published, updated, year):
    upsert_article(db, {**EN, "published": published, "updated": updated}, "2025-01-01")
    assert row(db, EN["url"])["year"] == year


@pytest.mark.parametrize("first, second", [(EN, FR), (FR, EN)], ids=["en-first", "fr-first"])
def test_translations_are_linked_both_ways_whatever_arrives_first(db, first, second):
    upsert_article(db, first, "2025-01-01")
    assert row(db, first["url"])["translation_url"] is None
    upsert_article(db, second, "2025-01-02")
    assert row(db, EN["url"])["translation_url"] == FR["url"]
    assert row(db, FR["url"])["translation_url"] == EN["url"]
    # Later upserts, changed or not, keep the link.
    assert upsert_article(db, first, "2025-01-03") == "unchanged"
    assert upsert_article(db, {**second, "content_hash": "x"}, "2025-01-04") == "changed"
    assert row(db, EN["url"])["translation_url"] == FR["url"]
    assert row(db, FR["url"])["translation_url"] == EN["url"]


def test_article_without_archived_partner_has_no_translation(db):
    page = make_article("/fr/about-us/organization/partners", type="page")
    upsert_article(db, page, "2025-01-01")
    upsert_article(db, EN, "2025-01-01")
    assert row(db, page["url"])["translation_url"] is None


def test_full_text_search_follows_updates_and_ignores_accents(db):
    upsert_article(db, EN, "2025-01-01")
    upsert_article(db, FR, "2025-01-01")
    assert fts_urls(db, "securite") == [FR["url"]]
    assert fts_urls(db, "drones") == [EN["url"]]
    upsert_article(db, {**EN, "body": "Allies discuss air defence.", "content_hash": "h2"}, "2025-02-01")
    upsert_article(db, FR, "2025-02-01")  # unchanged: the index must not gain a duplicate
    assert fts_urls(db, "drones") == []
    assert fts_urls(db, "defence") == [EN["url"]]
    assert fts_urls(db, "securite") == [FR["url"]]
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_aliases_are_counted_deduplicated_and_repointed(db):
    legacy = [
        "https://www.nato.int/cps/en/natohq/news_1.htm",
        "https://www.nato.int/cps/en/natohq/news_2.htm",
    ]
    assert add_aliases(db, EN["url"], legacy + [legacy[0], EN["url"]], "2025-01-01") == 2
    assert add_aliases(db, EN["url"], legacy, "2025-01-02") == 0
    assert add_aliases(db, FR["url"], [legacy[1]], "2025-01-03") == 1
    stored = {r["alias"]: (r["url"], r["first_seen"]) for r in db["aliases"].rows}
    assert stored == {legacy[0]: (EN["url"], "2025-01-01"), legacy[1]: (FR["url"], "2025-01-01")}


def test_find_url_by_hash_is_per_language(db):
    upsert_article(db, EN, "2025-01-01")
    assert find_url_by_hash(db, "en", EN["content_hash"]) == EN["url"]
    assert find_url_by_hash(db, "fr", EN["content_hash"]) is None
    assert find_url_by_hash(db, "en", "no-such-hash") is None


def test_reopening_is_idempotent_and_keeps_data(tmp_path):
    path = tmp_path / "archive.db"
    with open_archive(path) as db:
        upsert_article(db, EN, "2025-01-01")
        schema = db.schema
    for _ in range(2):
        with open_archive(path) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == len(migration_steps())
            assert db.schema == schema
            assert db["articles"].count == 1


def test_an_older_archive_is_migrated_and_its_rows_indexed(tmp_path):
    path = tmp_path / "old.db"
    with sqlite_utils.Database(path) as old:
        migration_steps()[0](old)
        old.execute("PRAGMA user_version = 1")
        old["articles"].insert({"url": FR["url"], "title": "Sécurité", "body": "Défense collective"})
    with open_archive(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(migration_steps())
        assert fts_urls(db, "defense") == [FR["url"]]
        assert db["article_versions"].exists()


def test_migration_keeps_earlier_texts_and_makes_the_current_one_a_version(tmp_path):
    path = tmp_path / "v7.db"
    with sqlite_utils.Database(path) as old:
        for number, migration in enumerate(migration_steps()[:7], start=1):
            migration(old)
            old.execute(f"PRAGMA user_version = {number}")
        old["articles"].insert(
            {
                "url": EN["url"],
                "title": "T",
                "body": "Now.",
                "content_hash": "h2",
                "last_changed": "2025-02-01",
            }
        )
        old["article_versions"].insert(
            {
                "url": EN["url"],
                "title": "T",
                "body": "Before.",
                "content_hash": "h1",
                "valid_from": "2025-01-01",
                "replaced_at": "2025-02-01",
            }
        )
    with open_archive(path) as db:
        history = versions(db, EN["url"])
        assert [(v["version"], v["body"], v["replaced_at"]) for v in history] == [
            (1, "Before.", "2025-02-01"),
            (2, "Now.", None),
        ]
        assert "+Now." in history[1]["diff"].splitlines()


def test_crawl_run_round_trip(db):
    run_id = start_run(db, "2025-01-01T00:00:00Z", "https://www.nato.int", {"langs": "en,fr", "since": None})
    counts = {
        "new": 3,
        "updated": 1,
        "unchanged": 5,
        "aliases": 2,
        "pages_fetched": 12,
        "dropped_by_reason": {"duplicate": 2, "no body": 1},
        "http_errors": {404: 3, "429": 1},
    }
    finish_run(db, run_id, finished_at="2025-01-01T01:00:00Z", finish_reason="finished", counts=counts)
    run = db["crawl_runs"].get(run_id)
    assert json.loads(run["args"]) == {"langs": "en,fr", "since": None}
    assert (run["new"], run["updated"], run["unchanged"], run["aliases"]) == (3, 1, 5, 2)
    assert (run["pages_fetched"], run["items_stored"], run["dropped"]) == (12, 9, 3)
    assert json.loads(run["dropped_by_reason"]) == {"duplicate": 2, "no body": 1}
    assert json.loads(run["http_errors"]) == {"404": 3, "429": 1}
    assert (run["finished_at"], run["finish_reason"], run["base_url"]) == (
        "2025-01-01T01:00:00Z",
        "finished",
        "https://www.nato.int",
    )


def test_crawl_run_missing_counts_are_zero(db):
    run_id = start_run(db, "2025-01-01T00:00:00Z", "https://www.nato.int", {})
    assert db["crawl_runs"].get(run_id)["finished_at"] is None
    finish_run(db, run_id, finished_at="2025-01-01T00:01:00Z", finish_reason="shutdown", counts={})
    run = db["crawl_runs"].get(run_id)
    assert [run[k] for k in ("new", "updated", "unchanged", "aliases", "dropped", "pages_fetched")] == [0] * 6
    assert (run["dropped_by_reason"], run["http_errors"]) == ("{}", "{}")
    with pytest.raises(LookupError):
        finish_run(db, run_id + 1, finished_at="x", finish_reason="x", counts={})


def test_a_reader_sees_committed_rows_while_the_writer_stays_open(db, tmp_path):
    upsert_article(db, EN, "2025-01-01")
    reader = sqlite3.connect(tmp_path / "archive.db")
    try:
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        upsert_article(db, FR, "2025-01-01")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        reader.close()


def test_require_archive_names_the_problem_in_one_line(tmp_path):
    with pytest.raises(ArchiveError, match=r"^no archive at .*missing\.db: run `scrapy crawl nato`"):
        require_archive(tmp_path / "missing.db")
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("hello, this is not SQLite at all " * 10)
    with pytest.raises(ArchiveError, match="not a natocrawl archive"):
        require_archive(not_sqlite)
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["things"].insert({"a": 1})
    with pytest.raises(ArchiveError, match="not a natocrawl archive"):
        require_archive(other)
    lookalike = tmp_path / "lookalike.db"  # an articles table, but no schema version of ours
    sqlite_utils.Database(lookalike)["articles"].insert({"url": "x"})
    with pytest.raises(ArchiveError, match="not a natocrawl archive"):
        require_archive(lookalike)


def test_an_unchanged_upsert_writes_one_row_and_no_index_entries(db):
    # The FTS update trigger is narrowed to title/body: re-crawling an unchanged page
    # must not rewrite its full-text index entry.
    upsert_article(db, EN, "2025-01-01")
    before = db.conn.total_changes
    upsert_article(db, EN, "2025-02-01")
    assert db.conn.total_changes - before == 1


def test_upserts_can_be_batched_in_the_callers_transaction(db):
    with db.atomic():
        assert upsert_article(db, EN, "2025-01-01") == "new"
        assert upsert_article(db, FR, "2025-01-01") == "new"
        assert (
            add_aliases(db, EN["url"], ["https://www.nato.int/cps/en/natohq/news_1.htm"], "2025-01-01") == 1
        )
    assert row(db, FR["url"])["translation_url"] == EN["url"]
    with pytest.raises(RuntimeError), db.atomic():
        upsert_article(db, {**EN, "content_hash": "changed"}, "2025-02-01")
        raise RuntimeError("the batch fails")
    assert row(db, EN["url"])["content_hash"] == EN["content_hash"]


LEGACY = "https://www.nato.int/cps/en/natohq/news_1.htm"
LONG = EN["url"] + "-0"


def aliases(db):
    return {r["alias"]: r["url"] for r in db["aliases"].rows}


def test_an_alias_given_for_an_alias_points_at_the_record(db):
    upsert_article(db, EN, "2025-01-01")
    add_aliases(db, EN["url"], [LONG], "2025-01-01")  # LONG holds the same text as EN
    add_aliases(db, LONG, [LEGACY], "2025-01-02")  # a legacy URL that redirects to LONG
    assert aliases(db) == {LONG: EN["url"], LEGACY: EN["url"]}


def test_aliases_of_a_url_move_when_that_url_becomes_an_alias(db):
    add_aliases(db, LONG, [LEGACY], "2025-01-01")  # the legacy URL seen first, before any record
    add_aliases(db, EN["url"], [LONG], "2025-01-02")
    assert aliases(db) == {LONG: EN["url"], LEGACY: EN["url"]}


def test_move_article_rekeys_the_record_its_versions_and_aliases(db):
    upsert_article(db, {**EN, "url": LONG}, "2025-01-01")
    upsert_article(db, {**EN, "url": LONG, "body": "Changed.", "content_hash": "h2"}, "2025-01-02")
    add_aliases(db, LONG, [LEGACY], "2025-01-02")
    assert move_article(db, LONG, EN["url"], "2025-01-03") == 2  # LONG recorded, LEGACY re-pointed
    assert [r["url"] for r in db["articles"].rows] == [EN["url"]]
    assert {r["url"] for r in db["article_versions"].rows} == {EN["url"]}
    assert aliases(db) == {LEGACY: EN["url"], LONG: EN["url"]}


def test_move_article_onto_an_archived_url_keeps_one_record(db):
    upsert_article(db, EN, "2025-01-01")
    upsert_article(db, {**EN, "url": LONG}, "2025-01-01")
    move_article(db, LONG, EN["url"], "2025-01-02")
    assert [r["url"] for r in db["articles"].rows] == [EN["url"]]
    assert aliases(db) == {LONG: EN["url"]}
    assert fts_urls(db, "drones") == [EN["url"]]


def test_records_whose_texts_became_the_same_are_folded_into_the_shorter_url(db):
    upsert_article(db, EN, "2025-01-01")
    upsert_article(db, {**EN, "url": LONG, "content_hash": "other"}, "2025-01-01")
    upsert_article(db, FR, "2025-01-01")
    assert fold_duplicates(db, "2025-01-02") == 0
    rewrite_extraction(db, LONG, {"content_hash": EN["content_hash"]})  # corrected: the same text now
    assert fold_duplicates(db, "2025-01-02") == 1
    assert sorted(r["url"] for r in db["articles"].rows) == sorted([EN["url"], FR["url"]])
    assert aliases(db) == {LONG: EN["url"]}
    # the folded record's history stays, closed, under its old URL
    assert [(v["version"], v["replaced_at"]) for v in versions(db, LONG)] == [(1, "2025-01-02")]
    mark_removed(db, FR["url"], "2025-01-03")
    upsert_article(db, {**FR, "url": FR["url"] + "-moved"}, "2025-01-04")  # the same text, elsewhere
    assert fold_duplicates(db, "2025-01-05") == 0  # a removed record does not swallow the live one
    assert find_url_by_hash(db, "fr", FR["content_hash"]) == FR["url"] + "-moved"


def test_a_url_with_versions_of_a_folded_record_continues_their_numbering(db):
    upsert_article(db, {**EN, "url": LONG, "content_hash": "h0"}, "2025-01-01")
    upsert_article(db, EN, "2025-01-01")
    move_article(db, LONG, EN["url"], "2025-01-02")  # LONG's history closed under LONG
    upsert_article(db, {**EN, "url": LONG, "body": "Back on its own.", "content_hash": "h9"}, "2025-02-01")
    assert [(v["version"], v["replaced_at"] is None) for v in versions(db, LONG)] == [(1, False), (2, True)]
    assert "+Back on its own." in versions(db, LONG)[1]["diff"].splitlines()


def test_a_correction_of_the_dates_moves_the_year(db):
    upsert_article(db, {**EN, "published": "2019-01-01"}, "2025-01-01")
    rewrite_extraction(db, EN["url"], {"published": "2023-03-03"})
    assert row(db, EN["url"])["year"] == 2023


def test_a_removed_page_forgets_its_validators(db):
    upsert_article(db, EN, "2025-01-01")
    record_fetch(db, EN["url"], checked_at="2025-01-01", sitemap_lastmod="2024-05-06")
    mark_removed(db, EN["url"], "2025-02-01")
    assert load_fetches(db) == {}  # listed again with its old lastmod, it is fetched again


def test_the_same_response_extracted_differently_is_a_correction_not_a_new_version(db):
    upsert_article(db, {**EN, "warc_payload_digest": "sha1:A"}, "2025-01-01")
    better = {
        **EN,
        "body": "Allies discuss drones, cleaned.",
        "content_hash": "h2",
        "warc_payload_digest": "sha1:A",
    }
    assert upsert_article(db, better, "2025-02-01") == "updated"
    assert [v["body"] for v in versions(db, EN["url"])] == [better["body"]]
    assert row(db, EN["url"])["last_changed"] == "2025-01-01"
    edited = {**better, "body": "NATO rewrote it.", "content_hash": "h3", "warc_payload_digest": "sha1:B"}
    assert upsert_article(db, edited, "2025-03-01") == "changed"
    assert len(versions(db, EN["url"])) == 2
