"""Scrapy extensions for tests (loaded with `-s EXTENSIONS=…`), each writing what it saw to
the JSON file PROBE_FILE when the spider closes. SchedulerProbe: the most requests the
scheduler held at once, and the most listed pages the spider held back as URLs."""

import json
import sys
from pathlib import Path

from scrapy import signals


class SchedulerProbe:
    def __init__(self, crawler):
        self.crawler, self.path = crawler, Path(crawler.settings.get("PROBE_FILE"))
        self.queued = self.waiting = 0
        crawler.signals.connect(self.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def scheduled(self, request, spider):
        # The engine's scheduler has no public handle: a test's look inside.
        self.queued = max(self.queued, len(self.crawler.engine._slot.scheduler))
        self.waiting = max(self.waiting, len(spider.unrequested))

    def closed(self, spider):
        self.path.write_text(json.dumps({"queued": self.queued, "waiting": self.waiting}))


class ModulesProbe:
    """Which of the modules PROBE_MODULES (comma-separated) the crawl's process has loaded
    when the spider closes: {name: bool}, to PROBE_FILE."""

    def __init__(self, crawler):
        self.path = Path(crawler.settings.get("PROBE_FILE"))
        self.names = crawler.settings.getlist("PROBE_MODULES")
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def closed(self, spider):
        self.path.write_text(json.dumps({name: name in sys.modules for name in self.names}))
