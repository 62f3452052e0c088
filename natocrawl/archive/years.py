"""The year an archived page is filed under (the `year` column, its facet and filters)."""

from collections.abc import Mapping

from natocrawl.urls import url_info


def year_of(article: Mapping) -> int | None:
    """The year a page is filed under: of its publication, its last update or its event's
    first day, else the year its URL names (an event page that states no day)."""
    for field in ("published", "updated", "event_start"):
        value = article.get(field)
        if value:
            try:
                return int(str(value)[:4])
            except ValueError:
                continue
    info = url_info(article.get("url") or "")
    return info.month.year if info and info.month else None
