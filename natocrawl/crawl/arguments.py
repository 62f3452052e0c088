"""The `nato` spider's `-a` arguments, and the `-s` settings it reads itself: each checked, with one
readable line for a bad value."""

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from natocrawl.urls import LANGS, TYPES

SPIDER_ARGUMENTS = ("base_url", "langs", "types", "since", "until", "full")
DEFAULT_BASE_URL = "https://www.nato.int"


@dataclass(frozen=True)
class SpiderArguments:
    base_url: str  # scheme://host[:port], where discovery starts (its /robots.txt)
    langs: tuple[str, ...]
    types: tuple[str, ...]
    since: date | None
    until: date | None
    full: bool  # fetch everything again, skipping nothing the archive knows

    @classmethod
    def parse(cls, arguments: Mapping[str, str]) -> "SpiderArguments":
        """The `-a` values checked; ValueError with one readable line for a bad one."""
        if unknown := sorted(set(arguments) - set(SPIDER_ARGUMENTS)):
            raise ValueError(
                f"unknown argument -a {unknown[0]} (known: {', '.join(sorted(SPIDER_ARGUMENTS))})"
            )
        base_url = arguments.get("base_url", DEFAULT_BASE_URL)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"-a base_url={base_url!r} is not an http(s) URL")
        since, until = iso_date(arguments.get("since"), "since"), iso_date(arguments.get("until"), "until")
        if since and until and since > until:
            raise ValueError("-a since must not be after -a until")
        return cls(
            base_url=f"{parts.scheme}://{parts.netloc}",
            langs=csv_choice(arguments.get("langs"), LANGS, "langs"),
            types=csv_choice(arguments.get("types"), TYPES, "types"),
            since=since,
            until=until,
            full=flag(arguments.get("full"), "full"),
        )


def csv_choice(value: str | None, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    if not value:
        return allowed
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    if not chosen:
        raise ValueError(f"-a {name}: empty selection (choose from {', '.join(allowed)})")
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise ValueError(f"-a {name}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return chosen


def iso_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"-a {name}={value!r} is not a date in the form YYYY-MM-DD") from None


def flag(value: str | None, name: str) -> bool:
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"-a {name}={value!r}: use 1 or 0")


# The numeric `-s` values of the project: (type, least). Below one, SITEMAP_FEED_BATCH would
# never hand listed pages to the scheduler, and the crawl would never end.
_NUMBERS = {"SITEMAP_FEED_BATCH": (int, 1), "STORE_BATCH_ITEMS": (int, 1), "STORE_BATCH_SECONDS": (float, 0)}


def check_settings(settings) -> None:
    """The project's numeric `-s` values; ValueError with one readable line for a bad one."""
    for name, (kind, least) in _NUMBERS.items():
        value = settings.get(name)
        try:
            number = kind(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number < least:
            what = "a whole number" if kind is int else "a number"
            raise ValueError(f"-s {name}={value!r}: use {what} of at least {least}")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
