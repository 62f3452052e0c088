"""The archive: one SQLite file and its WARC captures. It owns the schema and its migrations,
writing articles and their versions, aliases and folding, what the portal said of each page
(validators, sitemap listings), crawl_runs, the boilerplate counts, the WARC files, the crawl
lock, re-extraction from captures and `natocrawl reprocess`. It may import natocrawl.extract,
urls and dates; never natocrawl.crawl or natocrawl.serve."""
