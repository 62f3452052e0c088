"""`natocrawl export` on a real archive: formats, filters, errors."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from natocrawl.archive import codebook
from natocrawl.serve.export import export_command, iter_records

from archive_fixtures import SAMPLE_ARTICLES, archive_path, make_article, write_changed_archive  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
RECORD_FIELDS = codebook.dataset("articles").names
VERSION_RECORD_FIELDS = codebook.dataset("article_versions").names


def run_export(*args):
    return CliRunner().invoke(export_command, [str(arg) for arg in args], catch_exceptions=False)


def jsonl_records(archive, *filters):
    result = run_export("--db", archive, "--format", "jsonl", *filters)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def paths(records):
    return [record["url"].removeprefix("https://www.nato.int") for record in records]


def test_jsonl_has_every_article_with_the_documented_keys_in_order(archive_path):  # noqa: F811
    records = jsonl_records(archive_path)
    assert len(records) == len(SAMPLE_ARTICLES)
    assert all(tuple(record) == RECORD_FIELDS for record in records)
    # Ordered by published then URL; undated pages (NULL) come first.
    keys = [(record["published"] or "", record["url"]) for record in records]
    assert keys == sorted(keys)


def test_jsonl_keeps_accents_and_store_columns(archive_path):  # noqa: F811
    result = run_export("--db", archive_path, "--format", "jsonl", "--lang", "fr", "--type", "news")
    assert "Les Alliés discutent des drones" in result.stdout  # ensure_ascii=False
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["translation_url"].endswith(
        "/en/news-and-events/articles/news/2024/05/06/allies-discuss-drones"
    )
    assert record["first_seen"] == record["last_changed"] == "2025-01-01T00:00:00Z"
    assert record["word_count"] == 11


def test_csv_round_trips_the_same_records_as_jsonl(archive_path, tmp_path):  # noqa: F811
    out = tmp_path / "export.csv"
    result = run_export("--db", archive_path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    with open(out, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == RECORD_FIELDS
    expected = [
        [
            "" if value is None else json.dumps(value) if isinstance(value, list) else str(value)
            for value in record.values()
        ]
        for record in jsonl_records(archive_path)
    ]
    assert rows[1:] == expected


def test_csv_to_stdout_is_utf8(archive_path):  # noqa: F811
    result = run_export("--db", archive_path, "--format", "csv", "--lang", "fr", "--search", "securite")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"))))
    assert [row["title"] for row in rows] == ["Les Alliés discutent des drones"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (["--lang", "fr"], {
            "/fr/about-us/organization/partners",
            "/fr/news-and-events/events/transcripts/2023/02/14/press-point",
            "/fr/news-and-events/articles/news/2024/05/06/allies-discuss-drones",
        }),
        (["--type", "official-text", "--type", "event"], {
            "/en/about-us/official-texts-and-resources/official-texts/2022/06/29/madrid-summit-declaration",
            "/en/news-and-events/events/2025/06/the-hague-summit",
        }),
        (["--since", "2023-02-14", "--until", "2023-12-31"], {
            "/en/news-and-events/events/transcripts/2023/02/14/press-point",
            "/fr/news-and-events/events/transcripts/2023/02/14/press-point",
            "/fr/about-us/organization/partners",  # undated, updated 2023-03-03
        }),
        (["--until", "2022-12-31"], {
            "/en/about-us/official-texts-and-resources/official-texts/2022/06/29/madrid-summit-declaration",
        }),
        (["--search", "drones"], {
            "/en/news-and-events/articles/news/2024/05/06/allies-discuss-drones",
            "/fr/news-and-events/articles/news/2024/05/06/allies-discuss-drones",
        }),
        (["--search", "cyber defence", "--lang", "en"], {
            "/en/news-and-events/events/transcripts/2023/02/14/press-point",
        }),
        (["--search", '"defence and support"'], {
            "/en/news-and-events/events/transcripts/2023/02/14/press-point",
            "/fr/news-and-events/events/transcripts/2023/02/14/press-point",
        }),
        (["--search", "NATO-Russia"], set()),
        (["--type", "news", "--since", "2025-01-01"], set()),
    ],
)  # fmt: skip
def test_filters_select_the_right_articles(archive_path, filters, expected):  # noqa: F811
    assert set(paths(jsonl_records(archive_path, *filters))) == expected


def test_iter_records_is_usable_from_python(archive_path):  # noqa: F811
    records = iter_records(archive_path, lang="en", types=["transcript", "news"], since="2024-01-01")
    assert not isinstance(records, list)  # streamed, not materialised
    assert paths(records) == ["/en/news-and-events/articles/news/2024/05/06/allies-discuss-drones"]


@pytest.mark.parametrize(
    "terms, found",
    [("drones", 2), ("air  defence", 1), ('"air defence" NATO', 1), ('"defence air"', 0), ('drones "air', 1),
     ("NATO-Russia", 0), ("drones OR ukraine", 0), ("C++ drones", 0)],
)  # fmt: skip
def test_search_terms_are_words_and_phrases_never_fts_operators(archive_path, terms, found):  # noqa: F811
    # Every word must occur and "quoted phrases" in that order; OR, -, + are plain words.
    assert len(list(iter_records(archive_path, search=terms))) == found


@pytest.mark.parametrize(
    "option, value", [("--since", "2024-13-01"), ("--until", "yesterday"), ("--since", "2024/01/01")]
)
def test_a_bad_date_is_a_usage_error(archive_path, option, value):  # noqa: F811
    result = run_export("--db", archive_path, "--format", "csv", option, value)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_a_missing_archive_is_one_clean_error(tmp_path):
    result = run_export("--db", tmp_path / "none.db", "--format", "csv")
    assert result.exit_code == 1
    assert "no archive at" in result.output
    assert not (tmp_path / "none.db").exists()  # a reader never creates an archive


def test_an_empty_search_is_a_usage_error(archive_path):  # noqa: F811
    result = run_export("--db", archive_path, "--format", "csv", "--search", '  ""  ')
    assert result.exit_code == 2


# --- through the real entry point, as a user runs it ---


def run_cli(*args, cwd):
    env = {key: value for key, value in os.environ.items() if key != "ARCHIVE_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", "from natocrawl.cli import main; main()", *map(str, args)],
        capture_output=True, cwd=cwd, env=env, timeout=60,
    )  # fmt: skip


def test_cli_export_writes_utf8_jsonl_to_stdout(archive_path, tmp_path):  # noqa: F811
    done = run_cli("export", "--db", archive_path, "--format", "jsonl", "--lang", "fr", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    titles = [json.loads(line)["title"] for line in done.stdout.decode("utf-8").splitlines()]
    assert "Les Alliés discutent des drones" in titles


@pytest.mark.parametrize(
    "args, message",
    [
        (["--db", "missing.db", "--format", "csv"], "no archive at missing.db"),
        (["--format", "csv"], "no archive at archive.db"),
        (["--db", "{archive}", "--format", "csv", "--since", "2024-02-30"], "YYYY-MM-DD"),
        (["--db", "{archive}", "--format", "xml"], "xml"),
    ],
)
def test_cli_export_errors_are_one_line_and_non_zero(archive_path, tmp_path, args, message):  # noqa: F811
    args = [arg.format(archive=archive_path) for arg in args]
    done = run_cli("export", *args, cwd=tmp_path)
    assert done.returncode != 0
    lines = done.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("natocrawl: ") and message in lines[0]
    assert done.stdout == b""


def test_versions_export_every_text_of_the_selected_pages_with_its_diff(tmp_path):
    archive = tmp_path / "history.db"
    article = write_changed_archive(archive)
    result = run_export("--db", archive, "--format", "csv", "--versions", "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == VERSION_RECORD_FIELDS
    assert [(row["url"], row["version"], row["replaced_at"]) for row in rows] == [
        (article["url"], "1", "2025-02-01T00:00:00+00:00"),
        (article["url"], "2", ""),
    ]
    assert rows[0]["body"] == article["body"] and rows[0]["diff"] == ""
    assert "+Allies discuss air defence." in rows[1]["diff"].splitlines()
    assert (rows[1]["lang"], rows[1]["type"], rows[1]["published"]) == ("en", "news", "2024-05-06")
    lines = run_export("--db", archive, "--format", "jsonl", "--versions").stdout.splitlines()
    assert [tuple(json.loads(line)) for line in lines] == [VERSION_RECORD_FIELDS] * 2
    assert run_export("--db", archive, "--format", "jsonl", "--versions", "--lang", "fr").stdout == ""
    assert (
        "exported 2 versions"
        in run_export("--db", archive, "--format", "csv", "--versions", "-o", tmp_path / "v.csv").stderr
    )


def test_each_version_keeps_its_own_dates(tmp_path):
    from natocrawl.archive.articles import upsert_article
    from natocrawl.archive.connection import open_archive

    archive = tmp_path / "dates.db"
    article = make_article("/en/about-us/organization/structure", type="page", updated="2024-05-06")
    with open_archive(archive) as db:
        upsert_article(db, article, "2025-01-01")
        upsert_article(
            db, {**article, "updated": "2024-06-01", "body": "New.", "content_hash": "h2"}, "2025-02-01"
        )
    records = jsonl_records(archive, "--versions")
    assert [record["updated"] for record in records] == ["2024-05-06", "2024-06-01"]
