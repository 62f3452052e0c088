"""The typed result of extraction."""

import hashlib
from dataclasses import asdict, dataclass


def body_hash(body: str) -> str:
    """The content hash of a body: equal hashes, equal texts."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class ExtractionError(ValueError):
    """A page that cannot be turned into an article; `reason` is a short stats key."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):
        # Raised in extraction worker processes: must cross back whole.
        return type(self), (self.reason, self.detail)


@dataclass(frozen=True)
class Article:
    url: str
    lang: str | None  # from the URL
    content_lang: str | None  # detected from the body
    type: str | None
    title: str
    published: str | None  # YYYY-MM-DD
    updated: str | None  # YYYY-MM-DD
    description: str
    body: str  # paragraphs joined by a blank line
    word_count: int
    content_hash: str
    chrome_removed: int  # chrome blocks taken out of the page before extraction
    subtitle: str | None = None  # a transcript's line under the title (still the body's first line)
    speakers: tuple[str, ...] = ()  # a transcript's speaker labels, first appearance first, no "Q" markers
    image_url: str | None = None  # the page's main image, absolute
    event_start: str | None = None  # an event page's first day as it states it (YYYY-MM-DD)
    event_end: str | None = None  # and its last (the same for a one-day event)

    def to_dict(self) -> dict:
        record = asdict(self)
        record["speakers"] = list(self.speakers)  # JSON's shape (stored as JSON text), as annotated
        return record

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []
