"""A stored page extracted again from its WARC capture, as the end-of-crawl rewrite
(pipelines.boilerplate) and `natocrawl reprocess` both do: where something goes wrong, the
answer is the reason (a short name, as counted), not an exception."""

from natocrawl.archive import store
from natocrawl.extract import ExtractionError, extract
from natocrawl.archive.warc import CaptureError, read_capture


def read_html(folder, warc_file: str | None, offset: int | None) -> bytes | str:
    """The page as the portal sent it, or why it cannot be had."""
    if warc_file is None:
        return "no_capture"
    try:
        return read_capture(folder, warc_file, offset)[1]
    except CaptureError:
        return "unreadable_capture"


def extracted_fields(html: bytes, url: str, boilerplate: dict) -> dict | str:
    """The article's extracted fields as the archive stores them, or why there are none.
    An extractor bug is not caught here: the caller decides what it costs."""
    try:
        article = extract(html, url, boilerplate=boilerplate)
    except ExtractionError as error:
        return error.reason
    fields = {field: store.stored_value(getattr(article, field)) for field in store.EXTRACTED_FIELDS}
    return fields if fields["body"] else "empty_body"
