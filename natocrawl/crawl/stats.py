"""Every stats key the crawl counts under (Scrapy's stats collector), in one table, and what
a run's crawl_runs row makes of them: its counts, and whether the run failed.

When a run fails (the rule, `failure`):
- it stopped before its end (killed, Ctrl-C, a storage error);
- the archive or the WARC files could not be written (a full disk): the crawl stops at once;
- it lost a page it asked for: no usable answer after the retries (timeouts, truncated
  bodies, 5xx, 429, 403), a redirect loop or one off the portal's origin, an error in our
  own code (spider callback, pipeline, extractor);
- or more than MAX_ERROR_RATE of its requests met server trouble.
Not losses, though counted: what the portal answered and we recorded (404/410), what we
declined by policy (robots.txt, an unusable URL, a declared type other than HTML, a page over
DOWNLOAD_MAXSIZE) and pages whose content the extractor judged unfit (no body, no title,
binary bytes…); those last and the non-HTML ones are kept in the WARC files, for `natocrawl
reprocess` to retry."""

# Keys natocrawl counts under; prefixes take a suffix.
DROPPED_PREFIX = "natocrawl/dropped/"  # + why an item was dropped (empty_body, duplicate_url…)
STORED_PREFIX = "natocrawl/articles/"  # + new / changed / updated / unchanged / removed / not_modified
FAILED_PREFIX = "natocrawl/failed/"  # + why a request got no usable answer (http_404, TimeoutError…)
SKIPPED_KEY = "natocrawl/frontier/skipped"  # known pages not requested (sitemap lastmod, search)
WAITING_KEY = "natocrawl/frontier/listed_waiting"  # listed pages not yet handed to the scheduler
UNLISTED_NOT_CHECKED_KEY = "natocrawl/frontier/unlisted_not_checked"  # removals left to `-a full=1`
SEARCH_PARTIAL_KEY = "natocrawl/search/partial"  # set when the run did not read the whole search
ALIASES_KEY = "natocrawl/aliases"
DUPLICATE_TEXT_KEY = "natocrawl/duplicate_text"  # pages whose text an archived record has already
CANONICAL_KEY = "natocrawl/canonical_aliases"  # pages naming another portal page their canonical one
REWRITTEN_KEY = "natocrawl/boilerplate/rows_rewritten"  # rows corrected at the end of the crawl
WARC_RECORDS_KEY = "natocrawl/warc/records"
BAD_SITEMAP_KEY = "natocrawl/errors/bad_sitemap"
BAD_SEARCH_KEY = "natocrawl/errors/bad_search_json"
FAILURE_KEY = "natocrawl/failure"  # set when the run failed; read by natocrawl.crawl.commands.crawl
STORAGE_ERROR_KEY = "natocrawl/storage_error"  # the first error writing the archive or the WARC files
DECLINED_PREFIX = "natocrawl/declined/"  # + why a page was not archived by our choice (not_html, too_large)
BAD_URL_KEY = DECLINED_PREFIX + "bad_url"  # unusable URLs in sitemaps, the search or links (skipped)
# Scrapy's own.
STATUS_PREFIX = "downloader/response_status_count/"
EXCEPTION_PREFIX = "downloader/exception_type_count/"

# Answers that mean the portal is refusing or failing us, not that a page is missing.
SERVER_TROUBLE = ("403", "429", "500", "502", "503", "504")
OUTCOMES = ("new", "changed", "updated", "unchanged", "removed", "not_modified")
# Failed reasons that are not losses: the portal said the page is not there, or the
# extractor found nothing fit to archive in a page the WARC files keep.
ANSWERED = frozenset({"http_404", "http_410"})
CONTENT_VERDICTS = frozenset(
    {
        "empty_body",
        "chrome_only",
        "no_title",
        "unknown_url_pattern",
        "no_date",
        "empty_page",
        "not_html",  # binary bytes served as HTML
        "unparseable_html",  # e.g. a redirect stub without a <body>
    }
)


def _suffixed(stats: dict, prefix: str) -> dict:
    return {key.removeprefix(prefix): value for key, value in stats.items() if key.startswith(prefix)}


def run_counts(stats: dict) -> dict:
    """crawl_runs figures from Scrapy's stats."""
    statuses = _suffixed(stats, STATUS_PREFIX)
    dropped = _suffixed(stats, DROPPED_PREFIX)
    # A page failed when it got no usable answer or was dropped for what it held; a second
    # copy of a page already archived (duplicate_*) is not a failure.
    failed_by_reason = {
        **_suffixed(stats, FAILED_PREFIX),
        **{f"dropped_{why}": n for why, n in dropped.items() if not why.startswith("duplicate")},
        **{f"declined_{why}": n for why, n in _suffixed(stats, DECLINED_PREFIX).items()},
    }
    return {
        **{outcome: stats.get(STORED_PREFIX + outcome, 0) for outcome in OUTCOMES},
        "skipped": stats.get(SKIPPED_KEY, 0),
        "search_complete": not stats.get(SEARCH_PARTIAL_KEY),
        "storage_error": stats.get(STORAGE_ERROR_KEY),
        "failed": sum(failed_by_reason.values()),
        "failed_by_reason": failed_by_reason,
        "http_403": statuses.get("403", 0),
        "http_429": statuses.get("429", 0),
        "aliases": stats.get(ALIASES_KEY, 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "dropped_by_reason": dropped,
        "http_errors": {status: count for status, count in statuses.items() if int(status) >= 400},
        # IgnoreRequest is our own politeness (robots.txt), not a failure of the portal.
        "download_errors": {
            name.rsplit(".", 1)[-1]: count
            for name, count in _suffixed(stats, EXCEPTION_PREFIX).items()
            if not name.endswith("IgnoreRequest")
        },
    }


def lost(counts: dict) -> dict:
    """The pages the run asked for and lost, by reason (see the module's docstring)."""
    return {
        why: n
        for why, n in counts["failed_by_reason"].items()
        if why not in ANSWERED
        and not why.startswith("declined_")
        and why.removeprefix("dropped_") not in CONTENT_VERDICTS
        and n
    }


def failure(counts: dict, reason: str, max_error_rate: float) -> str | None:
    """Why the run counts as failed, or None."""
    if storage_error := counts.get("storage_error"):
        return f"the archive could not be written ({storage_error})"
    if reason != "finished":
        return f"stopped early ({reason})"
    attempts = counts["pages_fetched"] + sum(counts["download_errors"].values())
    if attempts and not counts["pages_fetched"]:
        return "no page could be fetched"
    if pages_lost := lost(counts):
        detail = ", ".join(f"{why} {n}" for why, n in sorted(pages_lost.items()))
        return f"{sum(pages_lost.values())} pages lost ({detail})"
    errors = sum(counts["download_errors"].values()) + sum(
        count for status, count in counts["http_errors"].items() if status in SERVER_TROUBLE
    )
    if attempts and errors / attempts > max_error_rate:
        return f"error rate {errors / attempts:.0%} above {max_error_rate:.0%}"
    return None
