"""A stored page extracted again from its WARC capture, as the end-of-crawl rewrite
(natocrawl.archive.rewrite) and `natocrawl reprocess` both do. Where it cannot be done, a
NotReextracted names why (its `reason`, as counted). `extracted_fields` lets an extractor bug
through (the end-of-crawl rewrite lets it surface); `extract_job`, reprocess's worker
function, counts it as one `extract_error` row."""

from collections.abc import Mapping
from pathlib import Path

from natocrawl.archive.fields import EXTRACTED_FIELDS, stored_value
from natocrawl.archive.warc import CaptureError, read_capture
from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.pool import boilerplate_for


class NotReextracted(Exception):
    """A stored text that cannot be extracted again; `reason` is a short name, as counted."""

    reason = "not_reextracted"

    def __init__(self, detail: str = "", reason: str | None = None):
        super().__init__(detail or reason or self.reason)
        if reason:
            self.reason = reason

    def __reduce__(self):
        # Made in extraction worker processes: must cross back whole.
        return type(self), (str(self), self.reason)


class NoCapture(NotReextracted):
    reason = "no_capture"


class UnreadableCapture(NotReextracted):
    reason = "unreadable_capture"


class EmptyBody(NotReextracted):
    reason = "empty_body"


def read_html(folder: str | Path, warc_file: str | None, offset: int | None) -> bytes:
    """The page as the portal sent it."""
    if warc_file is None:
        raise NoCapture()
    try:
        return read_capture(folder, warc_file, offset)[1]
    except CaptureError as error:
        raise UnreadableCapture(str(error)) from error


def extracted_fields(html: bytes, url: str, boilerplate: Mapping[str, bool]) -> dict:
    """The article's extracted fields as the archive stores them."""
    try:
        article = extract(html, url, boilerplate=boilerplate)
    except ExtractionError as error:
        raise NotReextracted(str(error), reason=error.reason) from error
    fields = {field: stored_value(getattr(article, field)) for field in EXTRACTED_FIELDS}
    if not fields["body"]:
        raise EmptyBody()
    return fields


def extract_job(arguments: tuple) -> dict | NotReextracted:
    """In a worker process (this module imports little, so workers start fast): the fields
    of (html, url), with the boilerplate the process was given, or why there are none."""
    html, url = arguments
    try:
        return extracted_fields(html, url, boilerplate_for(url))
    except NotReextracted as reason:
        return reason
    except Exception as error:  # an extractor bug costs one row, counted
        return NotReextracted(repr(error), reason="extract_error")
