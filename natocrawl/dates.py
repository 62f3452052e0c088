"""Dates as the portal prints them, in English and French ("03 March 2023", "31 Mar. 2017 11:35",
"04 juil. 2022", "Mis à jour le : 03 mars 2023").

Our own few regular expressions, not dateparser or htmldate: the portal prints a handful of
forms in two languages, read from short lines on every page at crawl speed, where a general
parser costs milliseconds a call and guesses at forms the portal never uses."""

import re
from datetime import UTC, date, datetime

MONTH_NAMES = _MONTHS = {
    "january": 1,
    "jan": 1,
    "janvier": 1,
    "janv": 1,
    "february": 2,
    "feb": 2,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fév": 2,
    "march": 3,
    "mar": 3,
    "mars": 3,
    "april": 4,
    "apr": 4,
    "avril": 4,
    "avr": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "jun": 6,
    "juin": 6,
    "july": 7,
    "jul": 7,
    "juillet": 7,
    "juil": 7,
    "august": 8,
    "aug": 8,
    "août": 8,
    "aout": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "septembre": 9,
    "october": 10,
    "oct": 10,
    "octobre": 10,
    "november": 11,
    "nov": 11,
    "novembre": 11,
    "december": 12,
    "dec": 12,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:er)?\s+([A-Za-zÀ-ÿ]+)\.?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
# Numeric dates are day first on this portal (print layouts: "Published: 20/02/2025").
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")

UPDATED_LINE = re.compile(
    r"(?:^|\s)(?:Last\s+updated|Updated|Mis\s+à\s+jour\s+le|Dernière\s+mise\s+à\s+jour)\s*:\s*(.+)$",
    re.IGNORECASE,
)


_DATE_ONLY = re.compile(
    r"^(?:(?:Published|Publié\s+le|Date)\s*:?\s*)?"
    r"(?:(?:\d{1,2}(?:er)?\s+)?([A-Za-zÀ-ÿ]+)\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
    r"(?:,?\s+\d{1,2}[:h]\d{2})?\s*[-–]?$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """A line that is nothing but a date ("13 Feb. 2014 -", "janvier 2022", "2025-06-25",
    "Published: 20/02/2025")."""
    text = text.strip()
    match = _DATE_ONLY.match(text)
    if match:
        return match[1] is None or match[1].lower() in _MONTHS
    return _is_span_line(text)


def parse_date(text: str) -> date | None:
    """The first day-month-year or ISO date in `text`."""
    if match := _ISO.search(text):
        return safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.search(text):
        return safe_date(int(match[3]), int(match[2]), int(match[1]))
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = _MONTHS.get(match[2].lower())
        if month:
            return safe_date(int(match[3]), month, int(match[1]))
    return None


def utc_now() -> str:
    """Now, as stored in the archive: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def display_time(value: str | None) -> str:
    """A stored time as people read it: `2026-11-23T03:00:00Z`; `-` when there is none."""
    if not value:
        return "-"
    return value[: -len("+00:00")] + "Z" if value.endswith("+00:00") else value


def parse_instant(value: str | None) -> datetime | None:
    """An ISO 8601 time (or date) as an aware datetime, UTC when it names no zone; None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def duration(seconds: float | None) -> str:
    """`1h02m05s`, `12m31s`, `5s`; `-` when unknown."""
    if seconds is None or seconds < 0:
        return "-"
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{seconds:02d}s"
    if minutes:
        return f"{minutes}m{seconds:02d}s"
    return f"{seconds}s"


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def updated_from_line(text: str) -> date | None:
    """The date of an `Updated: …` line, also at the end of a legacy dateline block."""
    match = UPDATED_LINE.search(text) if len(text) < 120 else None
    return parse_date(match[1]) if match else None


# "12-13 June 2024", "du 12 au 13 juin 2024", "12 et 13 juin 2024", "30 June - 2 July 2024",
# "30 June 2024 – 2 July 2024", "Monday 30 June - Wednesday 2 July 2025".
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
)
_DAY = rf"(?:{_WEEKDAY}\.?,?\s+)?(\d{{1,2}})(?:er)?"
_MONTH_WORD = r"([A-Za-zÀ-ÿ]+)\.?"
_TO = r"\s*(?:[-–—]|au|to|until|et|and)\s*"
_SPAN = re.compile(
    rf"(?<!\d){_DAY}(?:\s+{_MONTH_WORD}(?:\s+(\d{{4}}))?)?{_TO}{_DAY}\s+{_MONTH_WORD}\s+(\d{{4}})\b",
    re.IGNORECASE,
)
# A capitalised word just before the first number owns it ("Article 5 – 12 September 2001",
# "Session 2 - 14 June"): then it is no first day.
_OWNER = re.compile(r"\b([A-ZÀ-Ý][^\W\d_]*)\s+$")
_LEAD_IN = re.compile(rf"^(?:(?:du|from|between|entre|dates?\s*:)\s*)?(?={_DAY})", re.IGNORECASE)
MAX_SPAN_DAYS = 62


def _span(match: re.Match) -> tuple[date, date] | None:
    last_month = _MONTHS.get(match[5].lower())
    first_month = _MONTHS.get(match[2].lower()) if match[2] else last_month
    if not (first_month and last_month):
        return None
    last_year = int(match[6])
    first_year = int(match[3]) if match[3] else last_year - (first_month > last_month)
    start = safe_date(first_year, first_month, int(match[1]))
    end = safe_date(last_year, last_month, int(match[4]))
    if start and end and 0 <= (end - start).days <= MAX_SPAN_DAYS:
        return start, end
    return None


def parse_date_range(text: str) -> tuple[date, date] | None:
    """The first span of days `text` states (start, end); else its first date, as both."""
    for match in _SPAN.finditer(text):
        owner = _OWNER.search(text, 0, match.start())
        if owner and not re.fullmatch(_WEEKDAY, owner[1], re.IGNORECASE):
            continue
        if span := _span(match):
            return span
    day = parse_date(text)
    return (day, day) if day else None


def _is_span_line(text: str) -> bool:
    """A line that is nothing but a span of days ("12-13 June 2024", "du 12 au 13 juin 2024")."""
    text = _LEAD_IN.sub("", text.strip()).rstrip(" -–")
    match = _SPAN.fullmatch(text)
    return match is not None and _span(match) is not None
