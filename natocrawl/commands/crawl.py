"""`scrapy crawl`, with its inputs checked before anything starts and its outcome in the
exit code: a bad `-a` value or an unusable archive ends as one readable line and exit
code 2, not a traceback from inside the engine; a failed run (see natocrawl.runlog) exits 1."""

import sqlite3
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from natocrawl import store
from natocrawl.runlog import FAILURE_KEY


class Command(ScrapyCrawlCommand):
    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)
        spider_name = args[0]
        if error := self._input_error(spider_name, opts):
            print(f"scrapy crawl {spider_name}: {error}", file=sys.stderr)
            self.exitcode = 2
            return None
        crawler = self._create_crawler(spider_name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats.get_value(FAILURE_KEY):
            self.exitcode = 1
        return None

    def _input_error(self, spider_name: str, opts) -> str | None:
        spider_class = self.crawler_process.spider_loader.load(spider_name)
        try:
            if check := getattr(spider_class, "check_arguments", None):
                check(**opts.spargs)
            store.open_archive(self.settings.get("ARCHIVE_DB")).close()
        except ValueError as error:
            return str(error)
        except sqlite3.DatabaseError as error:
            return f"cannot open the archive {self.settings.get('ARCHIVE_DB')!r}: {error}"
        return None
