"""What makes an extracted article fit to archive. Used by the validate pipeline and by
`natocrawl extract`, so that both say the same about a page."""

from collections.abc import Mapping

# Types whose URL carries the publication day: a missing date there means a broken page.
DATED_TYPES = frozenset({"news", "transcript", "media-advisory", "official-text"})


def rejection(article: Mapping) -> str | None:
    """The reason an extracted article must not be stored, or None."""
    if not article.get("body"):
        return "chrome_only" if article.get("chrome_removed") else "empty_body"
    if not article.get("title"):
        return "no_title"
    if not article.get("lang") or not article.get("type"):
        return "unknown_url_pattern"
    if article["type"] in DATED_TYPES and not article.get("published"):
        return "no_date"
    return None
