"""Every Scrapy default of the project, in one place. Polite for the live portal;
`spiders.nato.NatoSpider.from_crawler` lifts the politeness only for a loopback replica."""

from scrapy.settings import default_settings

from natocrawl import __version__
from natocrawl.lean_imports import import_lean

# Scrapy reads this module before it imports its commands: the crawl's process imports
# sqlite-utils and itemadapter without numpy and pydantic (natocrawl.lean_imports).
import_lean()

BOT_NAME = "natocrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "natocrawl.crawl.commands"

# Honest identification, with where to read about us and whom to tell.
USER_AGENT = f"natocrawl/{__version__} (research archive; +https://github.com/natocrawl/natocrawl)"

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 2.0  # Scrapy's default jitter (±50 %) keeps requests off a regular rhythm
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
# 429 and 5xx are retried (Scrapy's RETRY_HTTP_CODES) a few times, AutoThrottle meanwhile
# stretching the delay as the portal slows down; 403/429/5xx counts go into crawl_runs, and
# past MAX_ERROR_RATE the run is recorded as failed.
RETRY_TIMES = 3
# A Retry-After is honoured up to this many seconds (natocrawl.crawl.retry); longer, the page
# is given up for this run.
RETRY_AFTER_MAX = 600
DOWNLOAD_TIMEOUT = 60
# A portal page is a few hundred KB: one over this is given up and counted (declined_too_large),
# never held in memory or archived. Sitemaps may reach the sitemaps.org limit (spiders.discovery).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
# The pages the sitemaps list are handed to the scheduler this many at a time, as it empties
# (spiders.discovery): memory stays flat whatever the size of the site.
SITEMAP_FEED_BATCH = 200

# No listening sockets in the crawler: no telnet console, no RemoteControl (Scrapy 2.19
# runs a code-executing HTTP server by default). Left out of the base list, not only set to
# None: Scrapy imports every extension either list names, disabled or not, to compare their
# names, and RemoteControl's module brings aiohttp's server in (10 MB of the crawl's process).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
_listening = ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")
EXTENSIONS_BASE = {
    name: order for name, order in default_settings.EXTENSIONS_BASE.items() if name not in _listening
}
EXTENSIONS = {
    "natocrawl.crawl.recorder.CrawlRunRecorder": 500,
    "natocrawl.crawl.progress.ProgressLog": 510,
}
# Seconds between progress lines (share of the known frontier, rate, ETA); 0: none.
PROGRESS_INTERVAL = 60

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100) is looked up for a request, and before RedirectMiddleware (600)
    # follows a response: the crawl stays on the portal's origin (natocrawl.crawl.origin).
    "natocrawl.crawl.origin.OriginGuardMiddleware": 50,
    "natocrawl.crawl.origin.RedirectGuardMiddleware": 610,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "natocrawl.crawl.retry.PoliteRetryMiddleware": 550,
    "natocrawl.crawl.capture.WarcCaptureMiddleware": 580,
}

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.boilerplate.BoilerplatePipeline": 150,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}

# A run whose share of failed requests (no answer, 403, 429, 5xx) passes this is recorded
# as failed, and `scrapy crawl` exits 1.
MAX_ERROR_RATE = 0.2

# Boilerplate learned from the crawl: a line on at least this many pages, and on this share
# of the pages of its language, is the site's furniture (see natocrawl.extract.boilerplate).
BOILERPLATE_MIN_PAGES = 10
BOILERPLATE_SHARE = 0.3

# Every response is kept as a WARC record, in gzip files rotated past WARC_MAX_BYTES, in
# WARC_DIR (default: next to the archive, `archive.db` → `archive.warc/`).
WARC_DIR = ""
WARC_MAX_BYTES = 1_000_000_000

# Worker processes for extraction (-1: one per core; 0: in the crawler process itself).
EXTRACT_WORKERS = -1

# The store writes what reaches it in one transaction every STORE_BATCH_SECONDS, or as soon as
# STORE_BATCH_ITEMS are waiting: one commit and one update of the search indexes for many pages.
STORE_BATCH_ITEMS = 100
STORE_BATCH_SECONDS = 0.25

# Where the archive lives; `-s ARCHIVE_DB=PATH` to change.
ARCHIVE_DB = "archive.db"

# Settings only for the offline replica on 127.0.0.1 (see spiders.nato).
REPLICA_OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY_JITTER": 0,
    "PROGRESS_INTERVAL": 5,
}

LOG_LEVEL = "INFO"
# Item log lines name the page, never print it (natocrawl.crawl.logformatter).
LOG_FORMATTER = "natocrawl.crawl.logformatter.OneLineLogFormatter"
