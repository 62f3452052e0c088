"""Where researchers and archivists meet the archive: Datasette (its metadata, settings and
plugins in datasette/), `export`, `status` and `demo`. It reads the archive through
natocrawl.archive and may import natocrawl.extract, urls and dates (and the replica, for the
demo); never natocrawl.crawl (the demo runs `scrapy crawl` in a child process)."""
