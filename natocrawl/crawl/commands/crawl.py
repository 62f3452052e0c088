"""`scrapy crawl`, with its inputs checked before anything starts and its outcome in the
exit code: a bad `-a` value or an unusable archive ends as one readable line and exit
code 2, not a traceback from inside the engine; a failed run (see natocrawl.crawl.recorder)
exits 1; a run that finds another crawl holding the archive's lock (see
natocrawl.archive.lock) does not start, and exits 75."""

import contextlib
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from natocrawl.archive import runs
from natocrawl.archive.connection import open_archive
from natocrawl.archive.lock import EX_TEMPFAIL, CrawlLock, LockHeld
from natocrawl.crawl.arguments import check_settings
from natocrawl.crawl.context import jobdir_key
from natocrawl.crawl.stats import FAILURE_KEY

EXIT_FAILED = 1  # the run was recorded as failed
EXIT_BAD_INPUT = 2  # a bad -a or -s value or an unusable archive; nothing started


class Command(ScrapyCrawlCommand):
    crawl_lock: CrawlLock | None = None

    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)
        spider_name = args[0]
        if error := self._input_error(spider_name, opts):
            return self._refuse(spider_name, error, EXIT_BAD_INPUT)
        archive = self.settings.get("ARCHIVE_DB")
        try:
            # Kept on the command, so held until this process ends, however it ends.
            self.crawl_lock = CrawlLock(archive).acquire()
        except LockHeld as held:
            return self._refuse(spider_name, f"{held}; this run did not start", EX_TEMPFAIL)
        except OSError as error:
            return self._refuse(
                spider_name, f"cannot lock the archive {archive!r}: {error.strerror or error}", EXIT_BAD_INPUT
            )
        self._set_aside_a_killed_jobdir(archive)
        crawler = self._create_crawler(spider_name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats.get_value(FAILURE_KEY):
            self.exitcode = EXIT_FAILED
        return None

    def _set_aside_a_killed_jobdir(self, archive: str) -> None:
        """JOBDIR resumes a run that was paused (one Ctrl-C or SIGTERM). A run killed outright
        left a JOBDIR whose seen-requests file and queues disagree, and resuming it would
        skip pages for good; it is moved aside, and this run starts afresh (the archive
        itself needs nothing: see natocrawl.crawl.frontier)."""
        jobdir = self.settings.get("JOBDIR")
        if not jobdir or not Path(jobdir).exists():
            return
        with contextlib.closing(open_archive(archive)) as db:
            killed = runs.jobdir_run_was_killed(db, jobdir_key(jobdir))
        if killed:
            aside = Path(f"{jobdir}.killed-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
            Path(jobdir).rename(aside)
            print(
                f"scrapy crawl: the last run was killed, so its JOBDIR cannot be resumed; "
                f"moved it to {aside} and starting afresh",
                file=sys.stderr,
            )

    def _refuse(self, spider_name: str, message: str, exitcode: int) -> None:
        print(f"scrapy crawl {spider_name}: {message}", file=sys.stderr)
        self.exitcode = exitcode
        return None

    def _input_error(self, spider_name: str, opts) -> str | None:
        spider_class = self.crawler_process.spider_loader.load(spider_name)
        try:
            if check := getattr(spider_class, "check_arguments", None):
                check(**opts.spargs)
            check_settings(self.settings)
            open_archive(self.settings.get("ARCHIVE_DB")).close()
        except ValueError as error:
            return str(error)
        except sqlite3.DatabaseError as error:
            return f"cannot open the archive {self.settings.get('ARCHIVE_DB')!r}: {error}"
        return None
