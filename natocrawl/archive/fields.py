"""The archive's vocabulary: which fields an article row, a version and a capture have, the
outcomes of storing an article, and how values are written (lists as JSON text)."""

import json

# Provenance of a row: the WARC record it was extracted from and the extractor that did it.
CAPTURE_FIELDS = (
    "warc_file", "warc_offset", "warc_record_id", "warc_payload_digest", "captured_at", "extractor_version",
)  # fmt: skip

# Researcher-facing order: what an article is first, then its text, then bookkeeping (columns
# added by later migrations follow, in the order they were added).
ARTICLE_COLUMNS = (
    "url", "title", "type", "lang", "content_lang", "published", "updated", "year",
    "description", "body", "word_count", "translation_url", "content_hash",
    "first_seen", "last_seen", "last_changed", "subtitle", "speakers", "image_url", *CAPTURE_FIELDS,
    "removed_at", "event_start", "event_end",
)  # fmt: skip

# Fields the extractor provides; a difference in any of them makes an upsert "updated".
EXTRACTED_FIELDS = (
    "lang", "content_lang", "type", "title", "subtitle", "published", "updated",
    "description", "speakers", "image_url", "body", "word_count", "content_hash",
    "event_start", "event_end",
)  # fmt: skip

# A change in these is a change of the text itself: it moves last_changed and starts a
# new row in article_versions (with a diff against the one before).
TEXT_FIELDS = ("content_hash", "title")

# The fields that make up one version of an article (article_versions keeps them all).
VERSION_FIELDS = ("title", "description", "body", "word_count", "content_hash", "published", "updated")

# Outcomes of storing an article, as counted in crawl_runs.
NEW, CHANGED, UPDATED, UNCHANGED = "new", "changed", "updated", "unchanged"

# Counts added to crawl_runs with incremental crawling.
RUN_COUNT_COLUMNS = ("changed", "removed", "not_modified", "skipped", "failed", "http_403", "http_429")


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def stored_value(value):
    """Lists (speakers) are kept as JSON text, compared in that form too."""
    return json_text(list(value)) if isinstance(value, (list, tuple)) else value
