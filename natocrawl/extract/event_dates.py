"""The days an event page says its event takes place: from its JSON-LD Event
(startDate, endDate), else the first span of days a short line states ("12-13 June 2024",
"du 12 au 13 juin 2024"; lines that are only a date first), else its <time datetime>
values. Where the URL names the event's month, a span in that month is preferred over others
the page mentions."""

from datetime import date

from natocrawl.dates import is_date_line, parse_date, parse_date_range
from natocrawl.extract.metadata import json_ld_items


def json_ld_event_days(tree) -> tuple[date, date] | None:
    """Read before scripts are pruned."""
    for item in json_ld_items(tree):
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(kind, str) and kind.endswith("Event") for kind in kinds):
            start = parse_date(str(item.get("startDate") or ""))
            end = parse_date(str(item.get("endDate") or "")) or start
            if start and end and start <= end:
                return start, end
    return None


def _in_month(span: tuple[date, date], month: date | None) -> bool:
    return month is None or (span[0].year, span[0].month) == (month.year, month.month)


def find_event_days(tree, short_lines: list[str], month: date | None, json_ld=None) -> tuple[str, str] | None:
    """(start, end) as ISO dates, or None when the page states no day."""
    spans = [json_ld] if json_ld else []
    # A line that is only a date is the page's dateline; a date inside a sentence may be another day.
    lines = sorted(short_lines, key=lambda text: not is_date_line(text))
    spans += [span for text in lines if (span := parse_date_range(text))]
    days = sorted(day for value in tree.xpath("//time/@datetime") if (day := parse_date(value)))
    if days:
        spans.append((days[0], days[-1]))
    if not spans:
        return None
    start, end = next((span for span in spans if _in_month(span, month)), spans[0])
    return start.isoformat(), end.isoformat()
