"""Datasette plugin of the archive: `/-/article/<portal path>`, a page to read one archived
page (serve/article_page.py reads it): `?version=N` for an earlier text, `?with=fr` (or en)
for its translation side by side, and how to cite it."""

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from natocrawl.serve.article_page import NotArchived, read_article
from natocrawl.serve.cite import cite
from natocrawl.serve.links import archive_database, article_href, path_of_href


@hookimpl
def register_routes():
    return [(r"^/-/article/(?P<path>.+)$", article_view)]


def _version_asked(request) -> int | None:
    value = request.args.get("version")
    if value is None:
        return None
    if not value.isdecimal() or not value.isascii():
        raise NotFound("version must be a number (1 for the first text archived)")
    return int(value)


async def article_view(datasette, request):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    db = archive_database(datasette)
    path = path_of_href(request.url_vars["path"])
    version, beside = _version_asked(request), request.args.get("with") in ("en", "fr")
    try:
        view = await db.execute_fn(lambda conn: read_article(conn, path, version, beside))
    except NotArchived:
        raise NotFound(f"Nothing archived at /{path}") from None
    except KeyError:
        raise NotFound(f"/{path} has no version {version}") from None
    if isinstance(view, str):  # an alias: the page is archived under another URL
        return Response.redirect(datasette.urls.path(article_href(view)), status=301)
    permalink = datasette.absolute_url(
        request, article_href(view.article["url"], version=str(view.version["version"]))
    )
    context = {
        "view": view,
        "database": db.name,
        "citation": cite(view.article, view.version, permalink),
        "article_href": article_href,
        "beside": beside,
    }
    return Response.html(await datasette.render_template("natocrawl_article.html", context, request=request))
