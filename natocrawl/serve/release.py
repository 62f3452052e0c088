"""`natocrawl release`: a frozen, citable snapshot of the archive in a folder of its own.

    DIR/archive.db          the archive as it stood (SQLite's VACUUM INTO: one consistent
                            read, safe while a crawl writes), for `natocrawl serve --release`
    DIR/data/*.csv, *.jsonl every export, made from that copy (so they agree with it), and
    DIR/data/*.parquet      Parquet too when pyarrow is installed
    DIR/data/aligned.tmx    the parallel corpus as TMX
    DIR/datapackage.json    Frictionless Data Package: resources, Table Schemas, checksums
    DIR/CITATION.cff        how to cite the release
    DIR/README.md           what it covers, the codebook, the files
    DIR/inspect-data.json   Datasette's inspect data, to serve the copy immutable
    DIR/SHA256SUMS          every file's SHA-256

Nothing in it depends on the time it was made: releasing the same archive twice under the
same name gives the same bytes.
"""

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click

from natocrawl.archive import codebook
from natocrawl.archive.connection import connect_read_only, require_archive
from natocrawl.serve import release_docs
from natocrawl.serve.export import DATASETS, iter_records, write
from natocrawl.serve.release_docs import SNAPSHOT, sha256
from natocrawl.serve.writers import MissingExtra

# Each dataset of a release, and its formats (Parquet added when pyarrow is installed).
CONTENTS = {
    "articles": ("csv", "jsonl"),
    "versions": ("csv", "jsonl"),
    "pairs": ("csv", "jsonl"),
    "aligned": ("jsonl", "csv", "tmx"),  # JSON Lines first: the others are read from it
    "aliases": ("csv", "jsonl"),
    "crawl_runs": ("csv", "jsonl"),
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def make_release(db_path: Path, out: Path, name: str) -> dict[str, int]:
    """Write the release `name` of the archive at `db_path` into the new folder `out`; the
    number of records of each dataset."""
    require_archive(db_path)
    out.mkdir(parents=True)
    snapshot = out / SNAPSHOT
    _snapshot(db_path, snapshot)
    (out / "data").mkdir()
    counts, files = {}, []
    parquet = ("parquet",) if _has_pyarrow() else ()
    for kind, formats in CONTENTS.items():
        for fmt in (*formats, *parquet):
            path = out / "data" / f"{kind}.{fmt}"
            dataset = codebook.dataset(DATASETS[kind])
            jsonl = out / "data" / f"{kind}.jsonl"
            records = _records(snapshot, kind, jsonl if fmt != "jsonl" else None)
            counts[kind] = write(records, fmt, dataset, path)
            files.append(path)
    facts = release_docs.facts(snapshot, name, counts)
    release_docs.write_documents(out, facts, files)
    _write_inspect_data(snapshot, out / "inspect-data.json")
    _write_checksums(out)
    return counts


def _records(snapshot: Path, kind: str, jsonl: Path | None) -> Iterator[dict]:
    """The records of `kind`; the aligned ones from their JSON Lines `jsonl` once written, as
    the alignment is the one export that costs more than reading the archive."""
    if kind != "aligned" or jsonl is None:
        yield from iter_records(snapshot, kind=kind)
        return
    with open(jsonl, encoding="utf-8") as lines:
        yield from map(json.loads, lines)


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _snapshot(db_path: Path, snapshot: Path) -> None:
    """A copy of the archive as one read transaction saw it, in rollback-journal mode (a
    read-only copy needs no -wal file)."""
    with contextlib.closing(connect_read_only(db_path)) as conn:
        conn.execute("VACUUM INTO ?", [str(snapshot)])
    with contextlib.closing(sqlite3.connect(snapshot)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")


def _write_inspect_data(snapshot: Path, path: Path) -> None:
    """What `datasette inspect` says of the copy: Datasette serves it immutable without
    counting its tables again."""
    with contextlib.closing(connect_read_only(snapshot)) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        counts = {table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] for table in tables}
    inspect = {
        snapshot.stem: {
            "hash": sha256(snapshot),
            "size": snapshot.stat().st_size,
            "file": snapshot.name,
            "tables": {table: {"count": count} for table, count in counts.items()},
        }
    }
    path.write_text(json.dumps(inspect, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _write_checksums(out: Path) -> None:
    files = sorted(path for path in out.rglob("*") if path.is_file() and path.name != "SHA256SUMS")
    lines = [f"{sha256(path)}  {path.relative_to(out).as_posix()}" for path in files]
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _check_name(ctx, param, value: str | None) -> str:
    if value is None:
        return datetime.now(UTC).date().isoformat()
    if not _NAME.fullmatch(value):
        raise click.BadParameter(
            "letters, digits, '.', '_' and '-' only (e.g. 2026-12-01)", ctx=ctx, param=param
        )
    return value


@click.command("release")
@click.option(
    "--db", "db_path", envvar="ARCHIVE_DB", default="archive.db", show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="Archive to release (env ARCHIVE_DB).",
)  # fmt: skip
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="New folder to write the release into (must not exist).",
)  # fmt: skip
@click.option("--name", callback=_check_name, help="Release name, its version (default: today's date, UTC).")
def release_command(db_path: Path, out: Path, name: str) -> None:
    """Write a frozen, citable snapshot: the SQLite copy, every export, datapackage.json,
    CITATION.cff, a README for the data and SHA256SUMS."""
    if out.exists():
        raise click.ClickException(f"{out} exists: a release goes into a new folder")
    try:
        counts = make_release(db_path, out, name)
    except MissingExtra as missing:
        raise click.ClickException(str(missing)) from None
    except sqlite3.Error as error:
        raise click.ClickException(f"cannot read {db_path}: {error}") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from None
    summary = ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
    click.echo(f"natocrawl: release {name} in {out}: {summary}", err=True)
