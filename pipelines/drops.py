"""Dropping an item the same way everywhere: a reason, a log line, a stats counter."""

from scrapy.exceptions import DropItem

from natocrawl.crawl.stats import DROPPED_PREFIX

DETAIL_CHARS = 200  # one log line per dropped page, however long the error's text


def dropped(stats, reason: str, url: str, detail: str = "") -> DropItem:
    """The DropItem to raise, counted under `natocrawl/dropped/<reason>` for crawl_runs."""
    stats.inc_value(DROPPED_PREFIX + reason)
    detail = detail if len(detail) <= DETAIL_CHARS else detail[:DETAIL_CHARS] + "…"
    message = f"{reason}: {url}" + (f" ({detail})" if detail else "")
    return DropItem(message, log_level="INFO" if reason.startswith("duplicate") else "WARNING")
