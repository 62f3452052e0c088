"""Datasette plugin of the archive: a cell naming an archived page links to its article page
in the archive (`/-/article/<path>`), with the live portal a small link beside it."""

from datasette import hookimpl
from markupsafe import Markup

from natocrawl.serve.links import article_href

# Columns that name an archived page: in these tables, and in any query (canned or not).
ARTICLE_COLUMNS = {
    "articles": {"url", "translation_url"},
    "aliases": {"url"},
    "article_versions": {"url"},
    None: {"url", "translation_url", "en_url", "fr_url"},
}


@hookimpl
def render_cell(value, column, table, datasette):
    if not (isinstance(value, str) and value.startswith(("http://", "https://"))):
        return None
    if column not in ARTICLE_COLUMNS.get(table, ()):
        return None
    return Markup(
        '<a class="natocrawl-article-link" href="{}">{}</a> <a href="{}" rel="nofollow" title="{}">↗</a>'
    ).format(datasette.urls.path(article_href(value)), value, value, "the page on the live portal")
