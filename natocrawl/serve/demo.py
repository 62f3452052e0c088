"""`natocrawl demo`: the whole pipeline on the bundled replica, for real.

Replica on 127.0.0.1 → `scrapy crawl nato` (a real crawl, in a child process, exactly as
an archivist runs it) → archive.db → a summary → Datasette on http://127.0.0.1:8001.
"""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import sqlite_utils


def crawl_command(base_url: str, archive: str | Path, *extra_args: str) -> list[str]:
    """The `scrapy crawl nato` command line against `base_url` into `archive`, run by this
    Python (the demo, the tests and the bench all start crawls this way)."""
    command = ["-m", "scrapy", "crawl", "nato", "-a", f"base_url={base_url}", "-s", f"ARCHIVE_DB={archive}"]
    return [sys.executable, *command, *extra_args]


def run_crawl(base_url: str, archive: Path, *extra_args: str) -> int:
    """`scrapy crawl nato` against `base_url` into `archive`; returns its exit code."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="natocrawl.settings")
    command = crawl_command(base_url, archive, "-s", "LOG_LEVEL=WARNING", *extra_args)
    return subprocess.run(command, env=env, check=False).returncode


def summarize(archive: Path) -> str:
    db = sqlite_utils.Database(archive)
    try:
        total = db["articles"].count
        by_type = db.execute(
            "select type, lang, count(*) from articles group by type, lang order by type, lang"
        ).fetchall()
        pairs = db.execute("select count(*) from articles where translation_url is not null").fetchone()[0]
        aliases = db["aliases"].count
        run = next(db.query("select * from crawl_runs order by id desc limit 1"), None)
    finally:
        db.close()
    lines = [f"archived {total} articles in {archive}:"]
    lines += [f"  {type_:<15} {lang}  {count}" for type_, lang, count in by_type]
    lines.append(
        f"  {pairs} articles linked to their translation, {aliases} aliases (legacy URLs, duplicates)"
    )
    if run:
        lines.append(
            f"last crawl: {run['finish_reason']}, {run['pages_fetched']} pages fetched, "
            f"{run['new']} new, {run['changed']} changed, {run['updated']} updated, "
            f"{run['unchanged']} unchanged, "
            f"{run['not_modified']} not modified, {run['removed']} removed, "
            f"{run['skipped']} known pages not requested, "
            f"dropped {json.loads(run['dropped_by_reason'] or '{}')}, "
            f"HTTP errors {json.loads(run['http_errors'] or '{}')}, "
            f"download errors {json.loads(run['download_errors'] or '{}')}"
        )
    return "\n".join(lines)


_port = functools.partial(click.option, type=click.IntRange(1, 65535), show_default=True)


@click.command("demo")
@click.option(
    "--db",
    "archive",
    envvar="ARCHIVE_DB",
    type=click.Path(dir_okay=False, path_type=Path),
    default="archive.db",
    show_default=True,
    help="The archive to write (env ARCHIVE_DB).",
)
@click.option(
    "--pages",
    type=click.IntRange(40, 100_000),
    default=120,
    show_default=True,
    help="Size of the replica portal.",
)
@_port("--port", default=8001, help="Datasette's port on 127.0.0.1.")
@_port(
    "--replica-port",
    default=8002,
    help="The replica's port on 127.0.0.1 (fixed, so that a second demo finds the same URLs).",
)
@click.option("--serve/--no-serve", default=True, help="Serve the archive in Datasette afterwards.")
def demo_command(archive, pages, port, replica_port, serve):
    """Crawl the bundled replica portal into an archive and serve it."""
    from natocrawl.replica import Site, start_server
    from natocrawl.serve.app import serve as serve_archive

    try:
        replica_server = start_server(Site(seed=1, pages=pages), port=replica_port)
    except OSError as error:
        raise click.ClickException(
            f"cannot start the replica on 127.0.0.1:{replica_port} ({error.strerror}); "
            "choose another with --replica-port"
        ) from error
    with replica_server as replica:
        click.echo(f"replica portal on {replica.base_url} ({pages} pages); crawling into {archive} …")
        exit_code = run_crawl(replica.base_url, archive)
    if exit_code != 0:
        raise click.ClickException(f"the crawl failed (exit code {exit_code}); see its log above")
    click.echo(summarize(archive))
    if serve:
        click.echo(f"Datasette on http://127.0.0.1:{port}/ — Ctrl-C to stop")
        serve_archive(archive, "127.0.0.1", port)
