"""The replica's ground truth: what each page is, and the blocks its body is made of."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

# Whitespace that an extractor collapses; NBSP (U+00A0) is deliberately not in it.
_SPACES = re.compile(r"[ \t\r\n\f]+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Inline:
    """A run of text inside a block: plain, bold (speaker names), emphasis or a link."""

    text: str
    kind: str = "text"  # text | bold | em | link
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One body paragraph as an ideal extractor returns it."""

    kind: str  # p | heading | item | subtitle
    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return normalise("".join(part.text for part in self.inlines))

    @classmethod
    def plain(cls, kind: str, text: str) -> Block:
        return cls(kind, (Inline(text),))


class PageSource(Protocol):
    """Where a page's text comes from (natocrawl.replica.site.Site; no import back)."""

    def blocks_for(self, page: PageSpec) -> list[Block]: ...

    def title_for(self, page: PageSpec) -> str: ...

    def description_for(self, page: PageSpec) -> str: ...


@dataclass(slots=True, eq=False)
class PageSpec:
    """Light metadata of one replica page; the body is generated on demand."""

    index: int
    story: int
    path: str
    lang: str
    content_lang: str
    type: str
    published: date | None
    updated: date | None
    lastmod: date
    family: str
    chrome: str
    legacy_paths: tuple[str, ...] = ()
    in_sitemap: bool = True
    in_search: bool = False
    duplicate_of: str | None = None
    canonical: str | None = None  # what its <link rel=canonical> names: another page's path, or a URL
    near_duplicate_of: str | None = None  # the page whose text this repeats, with a note added
    disallowed: bool = False
    translation: str | None = None  # path of the same story in the other URL language
    repeated_lead: bool = False  # markup prints the lead paragraph twice
    event_month: date | None = None  # first day of the month in an event's path
    event_days: tuple[date, date] | None = None  # the event's first and last day, as the page states them
    revision: int = 0  # how many times `Site.mutate` changed the text (0: as built)
    removed: bool = False  # `Site.mutate` took it off the portal: 404, out of sitemaps and search
    site: PageSource | None = field(default=None, repr=False)

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs: every block but a transcript's subtitle, which is metadata."""
        return [block.text for block in self.blocks if block.kind != "subtitle"]

    @property
    def blocks(self) -> list[Block]:
        return self.site.blocks_for(self)

    @property
    def title(self) -> str:
        return self.site.title_for(self)

    @property
    def description(self) -> str:
        return self.site.description_for(self)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def ideal_article(self, base_url: str) -> dict:
        """The article a perfect extractor makes of this page (the store's fields), for
        archives built without a crawl (search tests and benchmarks)."""
        start, end = self.event_days or (None, None)
        published = self.published or start
        return {
            "url": base_url + self.path,
            "lang": self.lang,
            "content_lang": self.content_lang,
            "type": self.type,
            "title": self.title,
            "published": published.isoformat() if published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "event_start": start.isoformat() if start else None,
            "event_end": end.isoformat() if end else None,
            "description": self.description,
            "body": self.body,
            "word_count": len(self.body.split()),
            "content_hash": hashlib.sha256(self.body.encode("utf-8")).hexdigest(),
        }
