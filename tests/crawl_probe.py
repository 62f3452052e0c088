"""A Scrapy extension for tests (loaded with `-s EXTENSIONS=…`): the most requests the
scheduler held at once, and the most listed pages the spider held back as URLs. Written to
the JSON file PROBE_FILE when the spider closes."""

import json
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
