"""The crawl: everything `scrapy crawl nato` needs beside the spider (spiders/nato.py, which
only navigates) and the pipelines (pipelines/). It owns the spider's `-a` arguments, the
typed items, the frontier (what earlier runs know, so a nightly run fetches only what
changed), the WARC capture middleware, the progress line, the run's stats and crawl_runs
row, the context every component shares, and the `crawl` command override. It may import
natocrawl.archive, natocrawl.extract, urls and dates; never natocrawl.serve."""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy (and pandas) whenever they are installed, only to map their
    scalar types to columns; numpy is here for the workers' language model. The crawl's
    process never writes numpy values: importing sqlite-utils without them saves it 12 MB."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import numpy` fails as if not installed
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_without_numpy()
