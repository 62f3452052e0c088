"""Datasette plugin of the archive: a table's CSV link gives every row. Datasette 0.65 links a
table's CSV as `?_size=max`, which stops at max_returned_rows (1,000) without a word; the same
request with `_stream=on` streams the whole selection, so that is what the link is made to
mean. A CSV with a smaller explicit `_size` stays that page, as the HTML page shows it.
(Canned queries cannot stream; their descriptions say where all rows are.)"""

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl


def _table_csv(path: str) -> tuple[str, str] | None:
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[1].endswith(".csv") and not parts[0].startswith("-"):
        return parts[0], parts[1][: -len(".csv")]
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def streaming(scope, receive, send):
            if scope["type"] == "http" and (names := _table_csv(scope.get("path", ""))):
                query = parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
                keys = {key for key, _ in query}
                if ("_size", "max") in query and "_stream" not in keys and await _is_table(datasette, *names):
                    scope = {**scope, "query_string": urlencode([*query, ("_stream", "on")]).encode()}
            await app(scope, receive, send)

        return streaming

    return wrap


async def _is_table(datasette, database: str, name: str) -> bool:
    try:
        db = datasette.get_database(route=database)
    except KeyError:
        return False
    return await db.table_exists(name) or name in await db.view_names()
