"""Items that travel from the spider through the pipelines."""

from dataclasses import dataclass, field


@dataclass
class PageCapture:
    """One fetched portal page, as the spider saw it (no extraction yet)."""

    url: str  # canonical URL of the page that answered
    html: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    aliases: list[str] = field(default_factory=list)  # canonical URLs that redirected here
    capture: dict | None = None  # where the response is kept (natocrawl.warc.CaptureRef)


@dataclass
class AliasItem:
    """Other URLs under which an archived page is known (legacy links, duplicates)."""

    url: str
    aliases: list[str]
    seen_at: str
