"""Every stats key the crawl counts under (Scrapy's stats collector), in one table, and what
a run's crawl_runs row makes of them: its counts, and whether the run failed."""

# Keys natocrawl counts under; prefixes take a suffix.
DROPPED_PREFIX = "natocrawl/dropped/"  # + why an item was dropped (empty_body, duplicate_url…)
STORED_PREFIX = "natocrawl/articles/"  # + new / changed / updated / unchanged / removed / not_modified
FAILED_PREFIX = "natocrawl/failed/"  # + why a request got no usable answer (http_404, TimeoutError…)
SKIPPED_KEY = "natocrawl/frontier/skipped"  # known pages not requested (sitemap lastmod, search)
UNLISTED_NOT_CHECKED_KEY = "natocrawl/frontier/unlisted_not_checked"  # removals left to `-a full=1`
SEARCH_PARTIAL_KEY = "natocrawl/search/partial"  # set when the run did not read the whole search
ALIASES_KEY = "natocrawl/aliases"
DUPLICATE_TEXT_KEY = "natocrawl/duplicate_text"  # pages whose text an archived record has already
REWRITTEN_KEY = "natocrawl/boilerplate/rows_rewritten"  # rows corrected at the end of the crawl
WARC_RECORDS_KEY = "natocrawl/warc/records"
BAD_SITEMAP_KEY = "natocrawl/errors/bad_sitemap"
BAD_SEARCH_KEY = "natocrawl/errors/bad_search_json"
FAILURE_KEY = "natocrawl/failure"  # set when the run failed; read by natocrawl.crawl.commands.crawl
# Scrapy's own.
STATUS_PREFIX = "downloader/response_status_count/"
EXCEPTION_PREFIX = "downloader/exception_type_count/"

# Answers that mean the portal is refusing or failing us, not that a page is missing.
SERVER_TROUBLE = ("403", "429", "500", "502", "503", "504")
OUTCOMES = ("new", "changed", "updated", "unchanged", "removed", "not_modified")


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
    }
    return {
        **{outcome: stats.get(STORED_PREFIX + outcome, 0) for outcome in OUTCOMES},
        "skipped": stats.get(SKIPPED_KEY, 0),
        "search_complete": not stats.get(SEARCH_PARTIAL_KEY),
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


def failure(counts: dict, reason: str, max_error_rate: float) -> str | None:
    """Why the run counts as failed, or None."""
    if reason != "finished":
        return f"stopped early ({reason})"
    attempts = counts["pages_fetched"] + sum(counts["download_errors"].values())
    if not attempts:
        return None  # nothing was left to ask for: a JOBDIR resumed after its last request
    if not counts["pages_fetched"]:
        return "no page could be fetched"
    errors = sum(counts["download_errors"].values()) + sum(
        count for status, count in counts["http_errors"].items() if status in SERVER_TROUBLE
    )
    if errors / attempts > max_error_rate:
        return f"error rate {errors / attempts:.0%} above {max_error_rate:.0%}"
    return None
