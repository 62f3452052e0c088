"""Complete exports on a replica archive of 1,600 pages: every row of every kind in every
format, every column described by the codebook, removed pages marked, Parquet equal to the
CSV, the Table Schema valid for the data, the parallel corpus as JSON Lines and TMX."""

import csv
import json
import random
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from frictionless import Resource, Schema, validate
from search_fixtures import build_search_archive

from natocrawl.archive import codebook
from natocrawl.archive.articles import upsert_article
from natocrawl.archive.connection import open_archive
from natocrawl.serve.corpus import is_translation
from natocrawl.serve.export import export_command

KINDS = {"articles": [], "versions": ["--versions"], "pairs": ["--pairs"], "aligned": ["--aligned"]}
FILTERS = [[], ["--type", "news", "--since", "2020-01-01"], ["--search", "climate"]]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The replica's pages, a few changed (second versions) and a few removed."""
    path = tmp_path_factory.mktemp("complete") / "archive.db"
    build_search_archive(path)
    with open_archive(path) as db:
        rows = list(db.query("SELECT * FROM articles WHERE type = 'news' ORDER BY url LIMIT 30"))
        for row in rows[:10]:
            changed = {**row, "body": row["body"] + "\n\nA paragraph added later.", "content_hash": "changed"}
            upsert_article(db, changed, "2026-02-01T00:00:00+00:00")
        removed = [row["url"] for row in rows[10:20]]
        marks = ", ".join("?" * len(removed))
        db.execute(
            f"UPDATE articles SET removed_at = '2026-03-01T00:00:00+00:00' WHERE url IN ({marks})", removed
        )
        db.conn.commit()
    return path


def export(archive, *args) -> str:
    result = CliRunner().invoke(
        export_command, ["--db", str(archive), *map(str, args)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def expected_count(archive, kind: str, filters: list[str]) -> int:
    """The number of rows an export must have, counted here from the rows themselves."""
    joins = {
        "articles": "articles x LEFT JOIN articles y ON 0",
        "versions": "article_versions v JOIN articles x ON x.url = v.url LEFT JOIN articles y ON 0",
        "pairs": "articles x JOIN articles y ON y.url = x.translation_url "
        "AND x.lang = 'en' AND y.lang = 'fr'",
    }
    with sqlite3.connect(archive) as conn:
        rows = conn.execute(
            "SELECT x.type, coalesce(x.published, x.event_start, x.updated), "
            f"x.title || ' ' || x.body || ' ' || coalesce(y.title || ' ' || y.body, '') FROM {joins[kind]}"
        ).fetchall()
    if "--type" in filters:
        rows = [row for row in rows if row[0] == "news" and (row[1] or "") >= "2020-01-01"]
    if "--search" in filters:
        rows = [row for row in rows if "climate" in re.findall(r"[^\W_]+", row[2].lower())]
    return len(rows)


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "news-since-2020", "search"])
@pytest.mark.parametrize("kind", ["articles", "versions", "pairs"])
def test_every_format_has_every_row(archive, tmp_path, kind, filters):
    expected = expected_count(archive, kind, filters)
    assert expected
    lines = export(archive, "--format", "jsonl", *KINDS[kind], *filters).splitlines()
    rows = list(csv.DictReader(export(archive, "--format", "csv", *KINDS[kind], *filters).splitlines()))
    export(archive, "--format", "parquet", "-o", tmp_path / "out.parquet", *KINDS[kind], *filters)
    assert len(lines) == len(rows) == pq.read_table(tmp_path / "out.parquet").num_rows == expected


def test_every_column_is_in_the_codebook_and_described(archive):
    with sqlite3.connect(archive) as conn:
        for name in (
            "articles",
            "article_versions",
            "aliases",
            "near_duplicates",
            "crawl_runs",
            "page_fetches",
        ):
            dataset = codebook.dataset(name)
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
            assert set(columns) == {
                column.name for column in dataset.all_columns if not column.export_only
            }, name
    for dataset in codebook.datasets().values():
        for column in dataset.all_columns:
            assert len(column.description) >= 5 and column.type in (
                "string",
                "integer",
                "number",
                "date",
                "datetime",
                "array",
            )


def test_articles_carry_every_column_and_removed_pages_say_so(archive):
    records = [json.loads(line) for line in export(archive, "--format", "jsonl").splitlines()]
    assert all(tuple(record) == codebook.dataset("articles").names for record in records)
    removed = [record for record in records if record["removed_at"]]
    assert len(removed) == 10 and all(record["body"] for record in removed)
    assert {record["version"] for record in records} == {1, 2}
    assert sum(record["version"] == 2 for record in records) == 10


def _as_csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize("kind", ["articles", "pairs", "aligned"])
def test_parquet_read_back_equals_the_csv(archive, tmp_path, kind):
    export(archive, "--format", "parquet", "-o", tmp_path / "out.parquet", *KINDS[kind])
    export(archive, "--format", "csv", "-o", tmp_path / "out.csv", *KINDS[kind])
    table = pq.read_table(tmp_path / "out.parquet")
    assert str(table.schema.field("published" if kind == "articles" else table.schema.names[-1]).type)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    parquet_rows = [{name: _as_csv(value) for name, value in row.items()} for row in table.to_pylist()]
    # Datetimes come back as timestamps in UTC: compare them as instants.
    for row, parquet_row in zip(rows, parquet_rows):
        for column in codebook.dataset(export_dataset(kind)).columns:
            if column.type == "datetime" and row[column.name]:
                row[column.name] = _instant(row[column.name])
                parquet_row[column.name] = _instant(parquet_row[column.name])
    assert parquet_rows == rows


def export_dataset(kind: str) -> str:
    return {"articles": "articles", "pairs": "pairs", "aligned": "aligned"}[kind]


def _instant(text: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(text).isoformat()


@pytest.mark.parametrize("kind", ["articles", "versions", "pairs", "aligned"])
def test_the_table_schema_beside_the_csv_validates_it(archive, tmp_path, kind):
    export(archive, "--format", "csv", "-o", tmp_path / f"{kind}.csv", *KINDS[kind])
    schema = json.loads((tmp_path / f"{kind}.schema.json").read_text())
    resource = Resource(path=f"{kind}.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema))
    report = validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_parallel_corpus_covers_every_paragraph_in_order_and_tmx_holds_its_pairs(archive, tmp_path):
    pairs = [json.loads(line) for line in export(archive, "--format", "jsonl", "--pairs").splitlines()]
    beads = [json.loads(line) for line in export(archive, "--format", "jsonl", "--aligned").splitlines()]
    translated = [
        pair for pair in pairs if pair["fr_content_lang"] != "en" and pair["en_content_lang"] != "fr"
    ]
    assert len({bead["en_url"] for bead in beads}) == len(translated) < len(pairs)
    by_pair = {}
    for bead in beads:
        by_pair.setdefault(bead["en_url"], []).append(bead)
    for pair in translated:
        got = by_pair[pair["en_url"]]
        for side in ("en", "fr"):
            numbers = [number for bead in got for number in bead[f"{side}_paragraphs"]]
            assert numbers == list(range(1, len(numbers) + 1))
            assert "\n\n".join(bead[side] for bead in got if bead[side]) == pair[f"{side}_body"]
    export(archive, "--format", "tmx", "--aligned", "-o", tmp_path / "corpus.tmx")
    units = ET.parse(tmp_path / "corpus.tmx").getroot().findall("./body/tu")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    got = [{tuv.get(lang): tuv.findtext("seg") for tuv in unit.findall("tuv")} for unit in units]
    assert got == [{"en": bead["en"], "fr": bead["fr"]} for bead in beads if bead["en"] and bead["fr"]]
    props = {prop.get("type"): prop.text for prop in units[0].findall("prop")}
    assert props["x-en-url"] == beads[0]["en_url"] and props["x-fr-url"] == beads[0]["fr_url"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "tmx"], "tmx is the format of --aligned"),
        (["--format", "parquet"], "give -o FILE"),
        (["--format", "csv", "--pairs", "--lang", "fr"], "both languages"),
    ],
)
def test_arguments_that_do_not_go_together_are_one_line(archive, args, message):
    result = CliRunner().invoke(export_command, ["--db", str(archive), *args])
    assert result.exit_code == 2 and message in result.output


def test_aligned_paragraph_pairs_match_the_replicas_pairing_when_a_side_has_one_added(archive, tmp_path):
    """The replica's translations pair paragraph i with paragraph i. Half the pairs get one
    paragraph (of another page) added to one side at a random place; the truth shifts
    past it. Precision and recall of the aligned paragraph pairs, over all pairs."""
    copy, rng = tmp_path / "added.db", random.Random(5)
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    pairs = [json.loads(line) for line in export(copy, "--format", "jsonl", "--pairs").splitlines()]
    spare = [pair["fr_body"].split("\n\n")[0] for pair in pairs] + [
        pair["en_body"].split("\n\n")[0] for pair in pairs
    ]
    truth = set()
    with open_archive(copy) as db:
        for number, pair in enumerate(pairs):
            english, french = pair["en_body"].split("\n\n"), pair["fr_body"].split("\n\n")
            if len(english) != len(french) or not is_translation(pair):
                continue
            links = [(i, i) for i in range(len(english))]
            if number % 2:
                side, at = rng.choice(["en", "fr"]), rng.randrange(len(english) + 1)
                paragraphs = english if side == "en" else french
                paragraphs.insert(at, rng.choice(spare))
                links = [(i + (i >= at), j) if side == "en" else (i, j + (j >= at)) for i, j in links]
                url, body = pair[f"{side}_url"], "\n\n".join(paragraphs)
                db.execute("UPDATE articles SET body = ? WHERE url = ?", [body, url])
            truth |= {(pair["en_url"], i + 1, j + 1) for i, j in links}
        db.conn.commit()
    beads = [json.loads(line) for line in export(copy, "--format", "jsonl", "--aligned").splitlines()]
    got = {
        (bead["en_url"], i, j)
        for bead in beads
        for i in bead["en_paragraphs"]
        for j in bead["fr_paragraphs"]
        if bead["en_url"] in {url for url, _i, _j in truth}
    }
    precision, recall = len(got & truth) / len(got), len(got & truth) / len(truth)
    print(f"aligned paragraph pairs: precision {precision:.4f}, recall {recall:.4f}, {len(truth)} true pairs")
    assert precision >= 0.97 and recall >= 0.97


def test_parquet_without_pyarrow_is_one_line_naming_the_extra(archive, tmp_path):
    hide = "import sys; sys.modules['pyarrow'] = None; from natocrawl.cli import main; main()"
    args = ["export", "--db", archive, "--format", "parquet", "-o", tmp_path / "x.parquet"]
    done = subprocess.run([sys.executable, "-c", hide, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "natocrawl: Parquet needs pyarrow: pip install 'natocrawl[parquet]'"
    ]
