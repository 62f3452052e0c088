"""Scrapy's log lines about items, one short line each. Scrapy's own print the whole item
after the reason: a dropped page's HTML, 100 KB on one log line, and a run that drops every
page (a full disk) writes its whole download into the log."""

from itemadapter import ItemAdapter, is_item
from scrapy import logformatter


def _url(item) -> str:
    """What names an item in a log line: its URL (or the first of its URLs)."""
    if is_item(item):
        adapter = ItemAdapter(item)
        if url := adapter.get("url"):
            return str(url)
        if urls := adapter.get("urls"):
            return f"{urls[0]} and {len(urls) - 1} more"
    return type(item).__name__


class OneLineLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped %(exception)s", "args": {"exception": exception}}

    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        return {**entry, "msg": "Error processing %(url)s", "args": {"url": _url(item)}}

    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        return {**entry, "msg": "Scraped %(url)s", "args": {"url": _url(item)}}
