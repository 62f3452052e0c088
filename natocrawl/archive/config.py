"""The settings that say where an archive is and how it is written, read once from Scrapy's
settings (natocrawl.settings with `-s` overrides): by the crawl (natocrawl.crawl.context) and
by `natocrawl reprocess`, so that both see the same archive the same way."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from scrapy.settings import BaseSettings, Settings

from natocrawl.archive.boilerplate import load_model
from natocrawl.archive.warc import warc_dir_for
from natocrawl.extract.boilerplate import BoilerplateModel

SETTINGS_MODULE = "natocrawl.settings"


def project_settings(overrides: Mapping[str, str] = ()) -> Settings:
    """The project's settings with command-line overrides, as `scrapy crawl -s` gives them."""
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    settings.update(dict(overrides), priority="cmdline")
    return settings


@dataclass(frozen=True)
class ArchiveConfig:
    archive_path: Path
    warc_dir: Path
    warc_max_bytes: int
    boilerplate_min_pages: int
    boilerplate_share: float
    extract_workers: int  # processes; 0: extract in the calling process

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> "ArchiveConfig":
        archive_path = Path(settings.get("ARCHIVE_DB"))
        workers = settings.getint("EXTRACT_WORKERS")
        return cls(
            archive_path=archive_path,
            warc_dir=warc_dir_for(archive_path, settings.get("WARC_DIR")),
            warc_max_bytes=settings.getint("WARC_MAX_BYTES"),
            boilerplate_min_pages=settings.getint("BOILERPLATE_MIN_PAGES"),
            boilerplate_share=settings.getfloat("BOILERPLATE_SHARE"),
            extract_workers=(os.cpu_count() or 1) if workers < 0 else workers,
        )

    def load_model(self, db: sqlite_utils.Database) -> BoilerplateModel:
        return load_model(db, self.boilerplate_min_pages, self.boilerplate_share)
