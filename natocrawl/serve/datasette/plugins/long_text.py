"""Datasette plugin of the archive: a long text makes a page of bounded size, with a link to
the whole of it as plain text.

A row page shows the first ROW_PAGE_CHARS characters of a text (most pages whole; one 62 MB
body would otherwise make a 62 MB page), other pages as many as Datasette's
truncate_cells_html; both say how much is left out and link to
`<row>/<column>.txt`, which serves the whole text. Diffs are cut by history.py, which
draws them."""

import contextvars

from datasette import hookimpl
from datasette.utils import escape_sqlite, path_from_row_pks, tilde_decode, tilde_encode, urlsafe_components
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

ROW_PAGE_CHARS = 20_000
# render_cell is not told which page it draws; the request's path is, and the hook runs in
# the request's own task.
_path = contextvars.ContextVar("natocrawl_request_path", default="")
# What a request's cells ask of their table (how much of a text its page shows, its primary
# keys), answered once per request rather than once per cell: each asking of the keys is a
# round trip to Datasette's database thread, and 50 rows of long bodies made the table page
# wait on 50 of them.
_asked = contextvars.ContextVar("natocrawl_request_answers", default=None)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def remembering_path(scope, receive, send):
            token = _path.set(scope.get("path", "") if scope["type"] == "http" else "")
            # Per request: the lifespan "connection" lasts as long as the server.
            answers_token = _asked.set({} if scope["type"] == "http" else None)
            try:
                await app(scope, receive, send)
            finally:
                _asked.reset(answers_token)
                _path.reset(token)

        return remembering_path

    return wrap


def shown_chars(datasette, database, table) -> int:
    answers = _asked.get()
    if answers is None:
        return _shown_chars(datasette, database, table)
    if ("shown", database, table) not in answers:
        answers[("shown", database, table)] = _shown_chars(datasette, database, table)
    return answers[("shown", database, table)]


def _shown_chars(datasette, database, table) -> int:
    if table:
        row_prefix = datasette.urls.table(database, table) + "/"
        path = _path.get()
        if path.startswith(row_prefix) and "/" not in path[len(row_prefix) :]:
            return ROW_PAGE_CHARS
    return datasette.setting("truncate_cells_html") or ROW_PAGE_CHARS


@hookimpl(tryfirst=True)
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str) or column == "diff":
        return None
    # Most cells are shorter than any page shows: no need to ask which page this is.
    if len(value) <= min(datasette.setting("truncate_cells_html") or ROW_PAGE_CHARS, ROW_PAGE_CHARS):
        return None
    shown = shown_chars(datasette, database, table)
    if len(value) <= shown:
        return None

    async def truncated():
        link = await full_text_url(datasette, database, table, row, column)
        note = f"… truncated: {len(value) - shown:,} characters more"
        if link:
            note = Markup('{} — <a href="{}">full text</a>').format(note, link)
        return Markup('{}<br><em class="natocrawl-truncated">{}</em>').format(value[:shown], note)

    return truncated


async def full_text_url(datasette, database, table, row, column) -> str | None:
    """Where the whole text of `column` in `row` is, if the row is one of a table's."""
    if not table:
        return None
    pks = await _primary_keys(datasette, database, table)
    try:
        row_path = path_from_row_pks(row, pks, not pks)
    except (IndexError, KeyError):
        return None  # a view's row, or a query's
    return f"{datasette.urls.row(database, table, row_path)}/{tilde_encode(column)}.txt"


async def _primary_keys(datasette, database: str, table: str) -> list[str]:
    answers = _asked.get()
    if answers is None:  # outside a request (a plugin's own call)
        return await datasette.get_database(database).primary_keys(table)
    if ("keys", database, table) not in answers:
        answers[("keys", database, table)] = await datasette.get_database(database).primary_keys(table)
    return answers[("keys", database, table)]


@hookimpl
def register_routes(datasette):
    return [
        (r"^/(?!-/)(?P<database>[^/]+)/(?P<table>[^/]+)/(?P<pks>[^/]+)/(?P<column>[^/]+)\.txt$", full_text)
    ]


async def full_text(datasette, request):
    """The whole text of one column of one row, as text/plain."""
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("Database not found") from None
    table, column = (tilde_decode(request.url_vars[name]) for name in ("table", "column"))
    await datasette.ensure_permissions(
        request.actor, [("view-table", (db.name, table)), ("view-database", db.name), "view-instance"]
    )
    if not await db.table_exists(table) or column not in await db.table_columns(table):
        raise NotFound("No such column")
    keys = await db.primary_keys(table) or ["rowid"]
    values = urlsafe_components(request.url_vars["pks"])
    if len(values) != len(keys):
        raise NotFound("No such row")
    where = " and ".join(f"{escape_sqlite(key)} = :p{index}" for index, key in enumerate(keys))
    sql = f"select {escape_sqlite(column)} from {escape_sqlite(table)} where {where}"
    rows = (await db.execute(sql, {f"p{index}": value for index, value in enumerate(values)})).rows
    if not rows or rows[0][0] is None or isinstance(rows[0][0], bytes):
        raise NotFound("No text in that row and column")
    return Response.text(str(rows[0][0]))
