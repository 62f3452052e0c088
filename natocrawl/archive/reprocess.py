"""`natocrawl reprocess`: extract the whole archive again from its WARC captures, offline.

After the extractor improves, every stored text can be redone from what the portal sent,
with no request to it: each article's current row from its own capture, and each earlier
version from its capture. Only rows whose extraction changed are written (a correction,
not a new version of NATO's text: versions and last_changed stay), and they are counted.
"""

import contextlib
import os
import time
from collections import Counter
from dataclasses import dataclass

import click

from natocrawl import settings
from natocrawl.archive import store
from natocrawl.extract.boilerplate import load_model
from natocrawl.dates import utc_now
from natocrawl.extract.version import extractor_version
from natocrawl.archive.lock import CrawlLock, LockHeld
from natocrawl.archive.reextract import extracted_fields, read_html
from natocrawl.archive.versions import VERSION_FIELDS
from natocrawl.archive.warc import warc_dir_for
from natocrawl.extract.pool import worker_pool


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


def jobs(db, with_versions: bool) -> list[Job]:
    """Every stored text, by its pointer only (texts are read batch by batch)."""
    found = [Job("articles", url, url, lang, warc_file, warc_offset) for url, lang, warc_file, warc_offset
             in db.execute("SELECT url, lang, warc_file, warc_offset FROM articles ORDER BY rowid")]
    if with_versions:
        rows = db.execute("""SELECT v.id, v.url, a.lang, v.warc_file, v.warc_offset
                             FROM article_versions v LEFT JOIN articles a ON a.url = v.url
                             WHERE v.replaced_at IS NOT NULL ORDER BY v.id""")
        found += [Job("article_versions", *row) for row in rows]
    return found


def stored_fields(db, job: Job) -> dict:
    """The job's fields as the archive holds them now."""
    if job.table == "articles":
        fields, where = store.EXTRACTED_FIELDS, "url"
    else:
        fields, where = VERSION_FIELDS, "id"
    row = db.execute(f"SELECT {', '.join(fields)} FROM {job.table} WHERE {where} = ?", [job.key]).fetchone()
    return dict(zip(fields, row)) if row else {}


def changes(stored: dict, fields: dict) -> dict:
    """The fields whose extraction differs from what is stored."""
    return {field: value for field, value in fields.items() if field in stored and stored[field] != value}


class Reprocessor:
    def __init__(self, db, warc_dir: str, frequent_lines: dict, workers: int):
        self.db = db
        self.warc_dir = warc_dir
        self.frequent_lines = frequent_lines
        self.workers = workers
        self.counts: Counter = Counter()
        self.failures: Counter = Counter()

    def run(self, todo: list[Job], progress) -> None:
        pool = worker_pool(self.workers) if self.workers > 1 else None
        with pool or contextlib.nullcontext():
            for start in range(0, len(todo), BATCH):
                batch = todo[start:start + BATCH]
                arguments = [self._arguments(job) for job in batch]
                results = pool.map(_safe_extract, arguments, chunksize=4) if pool else map(_safe_extract, arguments)
                for job, outcome in zip(batch, results):
                    self._apply(job, outcome)
                    progress.update(1)

    def _arguments(self, job: Job):
        html = read_html(self.warc_dir, job.warc_file, job.warc_offset)
        return html if isinstance(html, str) else (html, job.url, self.frequent_lines.get(job.lang, {}))

    def _apply(self, job: Job, outcome) -> None:
        if isinstance(outcome, str):
            self.failures[outcome] += 1
            return
        changed = changes(stored_fields(self.db, job), outcome)
        if not changed:
            self.counts["unchanged"] += 1
            return
        changed["extractor_version"] = extractor_version()
        if job.table == "articles":
            store.rewrite_extraction(self.db, job.key, changed)
        else:
            store.rewrite_version(self.db, job.key, changed)
        self.counts["changed"] += 1


def _safe_extract(arguments) -> dict | str:
    """Runs in a worker: the fields, or why there are none (a reason name)."""
    if isinstance(arguments, str):  # why there is no capture to extract
        return arguments
    try:
        return extracted_fields(*arguments)
    except Exception:  # an extractor bug costs one row, counted
        return "extract_error"


@click.command("reprocess")
@click.option("--db", "db_path", default="archive.db", show_default=True, type=click.Path(dir_okay=False),
              help="The archive to re-extract.")
@click.option("--warc-dir", default="", help="Folder of the WARC captures (default: next to the archive).")
@click.option("--versions/--no-versions", default=True, show_default=True,
              help="Also re-extract earlier versions from their captures.")
@click.option("--workers", default=os.cpu_count() or 1, show_default="one per core", type=click.IntRange(1),
              help="Extraction processes.")
def reprocess_command(db_path: str, warc_dir: str, versions: bool, workers: int):
    """Re-extract every stored text from its WARC capture (no network); write only what changed."""
    try:
        store.require_archive(db_path)
    except store.ArchiveError as error:
        raise click.ClickException(str(error)) from None
    folder = warc_dir_for(db_path, warc_dir)
    if not os.path.isdir(folder):
        raise click.ClickException(f"no WARC folder at {folder}: the archive has no captures to re-extract")
    lock = CrawlLock(db_path)
    try:
        # The crawl's lock: a crawl would write rows this run is rewriting.
        lock.acquire()
    except LockHeld as held:
        raise click.ClickException(f"{held}; reprocess when it has finished") from None
    try:
        reprocessor, total, elapsed = _reprocess(db_path, folder, versions, workers)
    finally:
        lock.release()
    counts, failures = reprocessor.counts, reprocessor.failures
    rate = total / elapsed if elapsed else 0.0
    click.echo(f"re-extracted {total} stored texts in {elapsed:.1f} s ({rate:.1f} pages/s): "
               f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
               f"{counts['folded']} folded into an identical record, "
               f"{sum(failures.values())} not re-extracted {dict(sorted(failures.items()))}")


def _reprocess(db_path: str, folder, versions: bool, workers: int) -> tuple[Reprocessor, int, float]:
    with contextlib.closing(store.open_archive(db_path)) as db:
        model = load_model(db, settings.BOILERPLATE_MIN_PAGES, settings.BOILERPLATE_SHARE)
        frequent = {lang: model.frequent_lines(lang) for lang in model.pages}
        todo = jobs(db, versions)
        reprocessor = Reprocessor(db, folder, frequent, workers)
        started = time.monotonic()
        with click.progressbar(length=len(todo), label="re-extracting", file=click.get_text_stream("stderr")) as bar:
            reprocessor.run(todo, bar)
        reprocessor.counts["folded"] = store.fold_duplicates(db, utc_now())
        return reprocessor, len(todo), time.monotonic() - started
