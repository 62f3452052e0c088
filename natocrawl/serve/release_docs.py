"""The documents of a release (serve/release.py): datapackage.json, CITATION.cff and the
data's README.md, made from facts read off the release's own copy of the archive."""

import contextlib
import hashlib
import json
from pathlib import Path

import yaml

from natocrawl import __version__
from natocrawl.archive import codebook
from natocrawl.archive.connection import connect_read_only
from natocrawl.serve.export import DATASETS

SNAPSHOT = "archive.db"  # the release's copy of the archive
PORTAL = "https://www.nato.int/"
TITLE = "NATO news portal archive (natocrawl)"
LICENCE = "Texts: NATO's, under the nato.int terms of use"
MEDIA_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/jsonl",
    "parquet": "application/vnd.apache.parquet",
    "tmx": "application/x-tmx+xml",
    "db": "application/vnd.sqlite3",
}
KNOWN_LIMITS = """\
- Only what the portal serves as HTML pages: PDFs, images and videos are linked, not archived.
- Texts are as extracted from each page; the WARC records hold the pages as fetched, so any text
  can be checked against its source (`warc_file`, `warc_offset`).
- `published` comes from the page's URL; a page whose URL names no date has none.
- A page archived in one language only has no pair; a French URL that serves the English text
  (not translated yet) is a pair but not part of the aligned corpus.
- The paragraph alignment is automatic (Gale and Church, by length, with shared names and numbers);
  on the replica's pairs with a paragraph added to one side, 99 % of its paragraph pairs are right.
"""


def facts(snapshot: Path, name: str, counts: dict[str, int]) -> dict:
    """What the release's README and metadata say, read from the release's copy."""
    with contextlib.closing(connect_read_only(snapshot)) as conn:
        one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
        first, last = one("SELECT min(published), max(published) FROM articles")
        coverage = conn.execute(
            "SELECT coalesce(year, 'undated'), type, sum(lang = 'en'), sum(lang = 'fr') "
            "FROM articles GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        runs = conn.execute(
            "SELECT id, started_at, finished_at, finish_reason, new, changed, removed, failed "
            "FROM crawl_runs ORDER BY id"
        ).fetchall()
        extractors = conn.execute(
            "SELECT coalesce(extractor_version, 'not recorded'), count(*) FROM articles GROUP BY 1 ORDER BY 1"
        ).fetchall()
        (removed,) = one("SELECT count(*) FROM articles WHERE removed_at IS NOT NULL")
    created = max((run[2] or run[1] for run in runs), default=None)
    return {
        "name": name,
        "created": created,
        "span": (first, last),
        "counts": counts,
        "coverage": coverage,
        "runs": runs,
        "extractors": extractors,
        "removed": removed,
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_documents(out: Path, facts: dict, files: list[Path]) -> None:
    resources = [_resource(path, out, sha256(path)) for path in [*files, out / SNAPSHOT]]
    package = {
        "name": "natocrawl-nato-portal-archive",
        "title": f"{TITLE}, release {facts['name']}",
        "description": _summary(facts),
        "version": facts["name"],
        **({"created": facts["created"]} if facts["created"] else {}),
        "homepage": PORTAL,
        "sources": [{"title": "NATO, www.nato.int (English and French)", "path": PORTAL}],
        "licenses": [
            {"name": "NATO-terms", "title": "Texts: NATO's, under the nato.int terms of use", "path": PORTAL}
        ],
        "contributors": [{"title": f"natocrawl {__version__}", "role": "author"}],
        "resources": resources,
    }
    (out / "datapackage.json").write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "CITATION.cff").write_text(_citation(facts), encoding="utf-8")
    (out / "README.md").write_text(_readme(facts, resources), encoding="utf-8")


def _resource(path: Path, out: Path, digest: str) -> dict:
    kind, fmt = path.stem, path.suffix.lstrip(".")
    resource = {
        "name": f"{kind}-{fmt}".replace("_", "-"),
        "path": path.relative_to(out).as_posix(),
        "format": "sqlite" if fmt == "db" else fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "bytes": path.stat().st_size,
        "hash": f"sha256:{digest}",
    }
    if fmt == "db":
        return {**resource, "type": "file", "description": "The archive as released (SQLite), every table"}
    dataset = codebook.dataset(DATASETS[kind])
    resource["description"] = dataset.description
    if fmt != "csv":
        return {**resource, "type": "file"}  # the same records as the CSV beside it
    return {**resource, "type": "table", "encoding": "utf-8", "schema": dataset.table_schema()}


def _summary(facts: dict) -> str:
    first, last = facts["span"]
    counts = facts["counts"]
    return (
        f"{counts['articles']:,} pages of NATO's public news portal (news, transcripts, media advisories, "
        f"official texts, events, reference pages) in English and French, published {first} to {last}, "
        f"with {counts['versions']:,} versions, {counts['pairs']:,} translation pairs and their "
        "paragraphs aligned."
    )


def _citation(facts: dict) -> str:
    name = facts["name"]
    released = (facts["created"] or "")[:10] or None
    citation = {
        "cff-version": "1.2.0",
        "message": "If you use these data, please cite this release.",
        "type": "dataset",
        "title": f"{TITLE}, release {name}",
        "version": name,
        **({"date-released": released} if released else {}),
        "authors": [{"name": "natocrawl"}],
        "abstract": _summary(facts),
        "url": PORTAL,
        "keywords": ["NATO", "international relations", "political communication", "parallel corpus"],
        "references": [
            {
                "type": "website",
                "title": "NATO, www.nato.int",
                "url": PORTAL,
                "authors": [{"name": "North Atlantic Treaty Organization"}],
            }
        ],
    }
    return yaml.safe_dump(citation, sort_keys=False, allow_unicode=True)


def _readme(facts: dict, resources: list[dict]) -> str:
    from natocrawl.serve.release_readme import readme

    return readme(facts, resources, KNOWN_LIMITS)
