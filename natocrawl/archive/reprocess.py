"""`natocrawl reprocess`: extract the whole archive again from its WARC captures, offline.

After the extractor improves, every stored text can be redone from what the portal sent,
with no request to it: each article's current row from its own capture, and each earlier
version from its capture. Only rows whose extraction changed are written (a correction,
not a new version of NATO's text: versions and last_changed stay), and they are counted.
It ends as a crawl does (natocrawl.archive.rewrite): identical records are folded.
"""

import contextlib
import time
from collections import Counter
from dataclasses import dataclass

import click
import sqlite_utils

from natocrawl.archive.articles import rewrite_extraction, rewrite_version
from natocrawl.archive.config import ArchiveConfig, project_settings
from natocrawl.archive.connection import open_archive, require_archive
from natocrawl.archive.fields import EXTRACTED_FIELDS, VERSION_FIELDS
from natocrawl.archive.lock import CrawlLock, LockHeld
from natocrawl.archive.reextract import NotReextracted, extract_job, read_html
from natocrawl.archive.rewrite import settle
from natocrawl.extract.pool import use_boilerplate, worker_pool
from natocrawl.extract.version import extractor_version

# Captures read and extracted at a time: memory stays flat whatever the archive's size.
BATCH = 64


@dataclass
class Job:
    """One stored text to redo: an article's current row or an earlier version's."""

    table: str  # articles | article_versions
    key: str | int  # url or version id
    url: str
    lang: str | None
    warc_file: str | None
    warc_offset: int | None


def jobs(db: sqlite_utils.Database, with_versions: bool) -> list[Job]:
    """Every stored text, by its pointer only (texts are read batch by batch)."""
    found = [
        Job("articles", url, url, lang, warc_file, warc_offset)
        for url, lang, warc_file, warc_offset in db.execute(
            "SELECT url, lang, warc_file, warc_offset FROM articles ORDER BY rowid"
        )
    ]
    if with_versions:
        rows = db.execute("""SELECT v.id, v.url, a.lang, v.warc_file, v.warc_offset
                             FROM article_versions v LEFT JOIN articles a ON a.url = v.url
                             WHERE v.replaced_at IS NOT NULL ORDER BY v.id""")
        found += [Job("article_versions", *row) for row in rows]
    return found


def stored_fields(db: sqlite_utils.Database, job: Job) -> dict:
    """The job's fields as the archive holds them now."""
    fields, where = (EXTRACTED_FIELDS, "url") if job.table == "articles" else (VERSION_FIELDS, "id")
    sql = f"SELECT {', '.join(fields)} FROM {job.table} WHERE {where} = ?"
    return next(db.query(sql, [job.key]), {})


def changes(stored: dict, fields: dict) -> dict:
    """The fields whose extraction differs from what is stored."""
    return {field: value for field, value in fields.items() if field in stored and stored[field] != value}


class Reprocessor:
    def __init__(self, db: sqlite_utils.Database, config: ArchiveConfig, frequent_lines: dict, workers: int):
        self.db = db
        self.warc_dir = config.warc_dir
        self.frequent_lines = frequent_lines
        self.workers = workers
        self.counts: Counter = Counter()
        self.failures: Counter = Counter()

    def run(self, todo: list[Job], progress) -> None:
        pool = worker_pool(self.workers, self.frequent_lines) if self.workers > 1 else None
        if pool is None:
            use_boilerplate(self.frequent_lines)
        with pool or contextlib.nullcontext():
            for start in range(0, len(todo), BATCH):
                batch = todo[start : start + BATCH]
                readable = [(job, arguments) for job in batch if (arguments := self._arguments(job))]
                calls = [arguments for _job, arguments in readable]
                results = pool.map(extract_job, calls, chunksize=4) if pool else map(extract_job, calls)
                for (job, _arguments), outcome in zip(readable, results):
                    self._apply(job, outcome)
                progress.update(len(batch))

    def _arguments(self, job: Job) -> tuple | None:
        try:
            html = read_html(self.warc_dir, job.warc_file, job.warc_offset)
        except NotReextracted as reason:
            self.failures[reason.reason] += 1
            return None
        return html, job.url

    def _apply(self, job: Job, outcome: dict | NotReextracted) -> None:
        if isinstance(outcome, NotReextracted):
            self.failures[outcome.reason] += 1
            return
        changed = changes(stored_fields(self.db, job), outcome)
        if not changed:
            self.counts["unchanged"] += 1
            return
        changed["extractor_version"] = extractor_version()
        if job.table == "articles":
            rewrite_extraction(self.db, job.key, changed)
        else:
            rewrite_version(self.db, job.key, changed)
        self.counts["changed"] += 1


def reprocess(config: ArchiveConfig, versions: bool, workers: int) -> tuple[Reprocessor, int, float]:
    """Every stored text of the archive extracted again; (the counts, texts, seconds)."""
    with contextlib.closing(open_archive(config.archive_path)) as db:
        model = config.load_model(db)
        todo = jobs(db, versions)
        reprocessor = Reprocessor(db, config, model.frequent_by_lang(), workers)
        started = time.monotonic()
        with click.progressbar(
            length=len(todo), label="re-extracting", file=click.get_text_stream("stderr")
        ) as bar:
            reprocessor.run(todo, bar)
        settled = settle(db, model, config.warc_dir)
        reprocessor.counts.update(cleaned=settled.rewritten, folded=settled.folded)
        return reprocessor, len(todo), time.monotonic() - started


def _setting(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, equals, setting = value.partition("=")
        if not equals or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", ctx=ctx, param=param)
        pairs[name] = setting
    return pairs


@click.command("reprocess")
@click.option(
    "--db",
    "db_path",
    envvar="ARCHIVE_DB",
    default=None,
    type=click.Path(dir_okay=False),
    help="The archive to re-extract (env ARCHIVE_DB; default: the ARCHIVE_DB setting, archive.db).",
)
@click.option(
    "--warc-dir",
    default=None,
    help="Folder of the WARC captures (default: the WARC_DIR setting, else next to the archive).",
)
@click.option(
    "--versions/--no-versions",
    default=True,
    show_default=True,
    help="Also re-extract earlier versions from their captures.",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1),
    help="Extraction processes (default: the EXTRACT_WORKERS setting, one per core).",
)
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    callback=_setting,
    metavar="NAME=VALUE",
    help="A setting, as `scrapy crawl -s` takes it (repeatable).",
)
def reprocess_command(db_path, warc_dir, versions: bool, workers: int | None, overrides: dict):
    """Re-extract every stored text from its WARC capture (no network); write only what changed."""
    settings = project_settings(overrides)
    for name, value in (("ARCHIVE_DB", db_path), ("WARC_DIR", warc_dir)):
        if value is not None:
            settings.set(name, value, priority="cmdline")
    config = ArchiveConfig.from_settings(settings)
    require_archive(config.archive_path)
    if not config.warc_dir.is_dir():
        raise click.ClickException(
            f"no WARC folder at {config.warc_dir}: the archive has no captures to re-extract"
        )
    try:
        # The crawl's lock: a crawl would write rows this run is rewriting.
        with CrawlLock(config.archive_path):
            reprocessor, total, elapsed = reprocess(config, versions, workers or config.extract_workers or 1)
    except LockHeld as held:
        raise click.ClickException(f"{held}; reprocess when it has finished") from None
    counts, failures = reprocessor.counts, reprocessor.failures
    rate = total / elapsed if elapsed else 0.0
    cleaned = (
        f"{counts['cleaned']} without a capture cleaned of learned furniture, " if counts["cleaned"] else ""
    )
    click.echo(
        f"re-extracted {total} stored texts in {elapsed:.1f} s ({rate:.1f} pages/s): "
        f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
        f"{counts['folded']} folded into an identical record, {cleaned}"
        f"{sum(failures.values())} not re-extracted {dict(sorted(failures.items()))}"
    )
