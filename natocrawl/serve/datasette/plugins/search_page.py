"""Datasette plugin of the archive: `/-/search`, a search page that knows two languages, and
`/-/search.json`, the same answers as data (archive/search.py does the searching)."""

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from natocrawl.archive.search import RANKED_AT_MOST, Search, run
from natocrawl.archive.search_index import text_language
from natocrawl.archive.search_query import QueryError
from natocrawl.archive.snippets import snippet
from natocrawl.serve.links import archive_database, article_href


@hookimpl
def register_routes():
    return [(r"^/-/search(?P<format>\.json)?$", search_view)]


def _search_of(request) -> Search:
    args = request.args
    try:
        page, size = int(args.get("page") or 1), int(args.get("size") or 20)
    except ValueError:
        raise QueryError("page and size must be whole numbers.") from None
    return Search(
        q=args.get("q", ""),
        lang=args.get("lang") or "both",
        type=args.get("type") or None,
        since=args.get("since") or None,
        until=args.get("until") or None,
        sort=args.get("sort") or "relevance",
        page=page,
        size=size,
    )


def _result(hit: dict, terms: list) -> dict:
    pieces = snippet(hit["body"], terms, text_language(hit["content_lang"], hit["lang"]))
    translation = hit["translation"]
    return {
        "url": hit["url"],
        "lang": hit["lang"],
        "type": hit["type"],
        "title": hit["title"],
        "published": hit["published"],
        "event_start": hit["event_start"],
        "year": hit["year"],
        "article": article_href(hit["url"]),
        "snippet": "".join(text for text, _ in pieces),
        "snippet_html": Markup("").join(
            Markup("<mark>{}</mark>").format(text) if is_match else escape(text) for text, is_match in pieces
        ),
        "removed": hit["removed_at"] is not None,
        "translation": translation and {**translation, "article": article_href(translation["url"])},
        "both_languages_matched": hit["matched_pages"] > 1,
    }


# The type filter's choices, one step of the type index per type: SELECT DISTINCT read the
# whole index, one entry per page (6 ms of every search at 100,000 pages).
TYPES_SQL = """WITH RECURSIVE types(type) AS (
    SELECT min(type) FROM articles
    UNION ALL
    SELECT (SELECT min(type) FROM articles WHERE type > types.type) FROM types WHERE type IS NOT NULL
) SELECT type FROM types WHERE type IS NOT NULL"""


async def search_view(datasette, request):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    db = archive_database(datasette)
    as_json = bool(request.url_vars.get("format"))
    error, results, search = None, None, None
    try:
        search = _search_of(request)
        if search.q.strip() or as_json:
            results = await db.execute_fn(lambda conn: run(conn, search))
    except QueryError as problem:
        error = str(problem)
    items = [_result(hit, results.terms) for hit in results.hits] if results else []
    if as_json:
        return _json(search, results, items, error)
    types = [row[0] for row in await db.execute(TYPES_SQL)]
    context = {
        "search": search,
        "results": results,
        "items": items,
        "error": error,
        "types": types,
        "ranked_at_most": RANKED_AT_MOST,
        "page_href": lambda page: (
            "?" + urlencode({**{key: request.args.get(key) for key in request.args}, "page": page})
        ),
    }
    return Response.html(await datasette.render_template("natocrawl_search.html", context, request=request))


def _json(search, results, items, error) -> Response:
    if error:
        return Response.json({"ok": False, "error": error}, status=400)
    body = {
        "ok": True,
        "q": search.q,
        "lang": search.lang,
        "sort": search.sort,
        "order": results.order,  # date when more texts match than are ranked (RANKED_AT_MOST)
        "page": search.page,
        "pages": results.pages,
        "total": results.total,
        "results": [{key: value for key, value in item.items() if key != "snippet_html"} for item in items],
    }
    return Response.json(body)
