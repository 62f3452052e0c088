"""`scrapy crawl`, with spider arguments checked before anything starts: a bad `-a` value
ends as one readable line and exit code 2, not a traceback from inside the engine."""

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand


class Command(ScrapyCrawlCommand):
    def run(self, args, opts):
        if len(args) == 1:
            spider_class = self.crawler_process.spider_loader.load(args[0])
            check = getattr(spider_class, "check_arguments", None)
            try:
                if check:
                    check(**opts.spargs)
            except ValueError as error:
                print(f"scrapy crawl {args[0]}: {error}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
