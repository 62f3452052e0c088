"""What every part of one crawl shares, built once from the crawl's settings: where the
archive is and how it is written (natocrawl.archive.config), the crawl's own limits, one
connection to the archive and the boilerplate model as earlier crawls left it.

Scrapy builds the spider, extensions, middlewares and pipelines each through its own
`from_crawler`; each asks `CrawlContext.of(crawler)` and gets the same object. The archive is
opened when first needed and closed once the engine has stopped (after the run's row is
completed on spider_closed)."""

import weakref
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from scrapy import signals

from natocrawl.archive.config import ArchiveConfig
from natocrawl.archive.connection import open_archive
from natocrawl.extract.boilerplate import BoilerplateModel
from natocrawl.extract.pool import keep_heap_flat

_CONTEXTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def jobdir_key(jobdir: str | None) -> str | None:
    """A JOBDIR as crawl_runs records it (absolute), to find the runs that used it."""
    return str(Path(jobdir).resolve()) if jobdir else None


@dataclass
class CrawlContext:
    archive: ArchiveConfig
    max_error_rate: float
    progress_interval: float
    jobdir: str | None  # absolute (jobdir_key), or None
    _db: sqlite_utils.Database | None = field(default=None, repr=False)
    _model: BoilerplateModel | None = field(default=None, repr=False)

    @classmethod
    def of(cls, crawler) -> "CrawlContext":
        """The crawl's context, built on first use from its settings as they are then (the
        spider's from_crawler asks first, after the replica's overrides are in)."""
        context = _CONTEXTS.get(crawler)
        if context is None:
            context = _CONTEXTS[crawler] = cls.from_crawler(crawler)
        return context

    @classmethod
    def from_crawler(cls, crawler) -> "CrawlContext":
        keep_heap_flat()
        settings = crawler.settings
        context = cls(
            archive=ArchiveConfig.from_settings(settings),
            max_error_rate=settings.getfloat("MAX_ERROR_RATE"),
            progress_interval=settings.getfloat("PROGRESS_INTERVAL"),
            jobdir=jobdir_key(settings.get("JOBDIR")),
        )
        crawler.signals.connect(context.close, signal=signals.engine_stopped)
        return context

    @property
    def db(self) -> sqlite_utils.Database:
        """The crawl's one connection to the archive."""
        if self._db is None:
            self._db = open_archive(self.archive.archive_path)
        return self._db

    @property
    def model(self) -> BoilerplateModel:
        """The boilerplate counts, loaded once: extraction reads what earlier crawls learned,
        and this crawl's pages are added to the same counts."""
        if self._model is None:
            self._model = self.archive.load_model(self.db)
        return self._model

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
