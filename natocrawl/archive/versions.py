"""Readable differences between two versions of an article's text.

A version's text is its title and its paragraphs; the diff is a unified diff over those
lines (a paragraph is one line), so a researcher sees which paragraphs NATO rewrote, added
or removed, with one paragraph of context."""

import difflib
from collections.abc import Mapping

# The fields that make up one version of an article (article_versions keeps them all).
VERSION_FIELDS = ("title", "description", "body", "word_count", "content_hash", "published", "updated")


def version_lines(version: Mapping) -> list[str]:
    paragraphs = [p for p in (version.get("body") or "").split("\n\n") if p]
    return [f"# {version.get('title') or ''}", *paragraphs]


def text_diff(before: Mapping, after: Mapping) -> str:
    """`before` → `after` as a unified diff; labels name each version and when it was stored."""
    return "\n".join(difflib.unified_diff(
        version_lines(before), version_lines(after),
        fromfile=_label(before), tofile=_label(after), lineterm="", n=1))


def _label(version: Mapping) -> str:
    return f"version {version.get('version')} ({version.get('valid_from')})"
