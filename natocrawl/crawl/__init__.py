"""The crawl: everything `scrapy crawl nato` needs beside the spider (spiders/nato.py, which
only navigates) and the pipelines (pipelines/). It owns the spider's `-a` arguments, the
typed items, the frontier (what earlier runs know, so a nightly run fetches only what
changed), the WARC capture middleware, the progress line, the run's stats and crawl_runs
row, the context every component shares, and the `crawl` command override. It may import
natocrawl.archive, natocrawl.extract, urls and dates; never natocrawl.serve."""

from natocrawl.lean_imports import import_lean

import_lean()  # before anything here imports sqlite-utils or itemadapter
