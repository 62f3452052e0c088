"""The `nato` spider's `-a` arguments: each checked, with one readable line for a bad value."""

import ipaddress
from datetime import date
from urllib.parse import urlsplit

SPIDER_ARGUMENTS = ("base_url", "langs", "types", "since", "until", "full")


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


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
