"""Datasette plugin of the archive: `_col` and `_nocol` work on every table, whatever its sort.

Datasette 0.65 pages a sorted table by the sort column's value in the last row, and when a
visitor leaves that column out (`articles?_nocol=published`, `articles.json?_col=title`) it
looks the value up by primary key; a table without one (articles: its key is the rowid)
gets `select published from articles where ` and a 400. So the sort column is always
selected, and taken out of the page again (HTML, JSON and CSV alike) when the visitor left
it out. A key column in `_nocol` is ignored, as `_col` always keeps keys: they are the link
to each row."""

import functools

from datasette.utils import tilde_decode
from datasette.views.base import DatasetteError
from datasette.views.table import Row, TableView

# Where columns_to_select leaves the column it added, for data() to take out again: the
# request's scope is the one object both see, and it lives exactly as long as the request.
HIDDEN = "natocrawl.hidden_column"


class ShownRow(tuple):
    """A row without the hidden column, read by position (JSON, CSV) or by name (links)."""

    def __new__(cls, columns, values):
        row = super().__new__(cls, values)
        row.names = {name: index for index, name in enumerate(columns)}
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self.names:
                raise IndexError(key)
            key = self.names[key]
        return super().__getitem__(key)

    def keys(self):
        return list(self.names)


def sort_column(datasette, request) -> str | None:
    """The column the table page is sorted by, as Datasette decides it."""
    sort = request.args.get("_sort") or request.args.get("_sort_desc")
    if sort:
        return sort
    database = datasette.get_database(route=tilde_decode(request.url_vars["database"])).name
    metadata = datasette.table_metadata(database, tilde_decode(request.url_vars["table"]))
    return metadata.get("sort") or metadata.get("sort_desc")


async def columns_to_select(self, table_columns, pks, request):
    """Datasette's own choice of columns (same errors), keys kept, the sort column added."""
    chosen, left_out = request.args.getlist("_col"), request.args.getlist("_nocol")
    for name, asked in (("_col", chosen), ("_nocol", left_out)):
        bad = [column for column in asked if column not in table_columns]
        if bad:
            raise DatasetteError(f"{name}={', '.join(bad)} - invalid columns", status=400)
    columns = list(dict.fromkeys([*pks, *chosen])) if "_col" in request.args else list(table_columns)
    columns = [column for column in columns if column in pks or column not in left_out]
    sort = sort_column(self.ds, request)
    if sort in table_columns and sort not in columns:
        request.scope[HIDDEN] = sort
        columns.append(sort)
    return columns


def _without(hidden, columns, rows):
    shown = [column for column in columns if column != hidden]
    return shown, [ShownRow(shown, [row[column] for column in shown]) for row in rows]


def _hide_in_template(hidden, extra_template):
    async def without_hidden():
        context = await extra_template()
        context["display_columns"] = [c for c in context["display_columns"] if c["name"] != hidden]
        context["display_rows"] = [
            Row([cell for cell in row.cells if cell["column"] != hidden]) for row in context["display_rows"]
        ]
        return context

    return without_hidden


def hiding_data(data):
    @functools.wraps(data)
    async def data_without_hidden(self, request, *args, **kwargs):
        result = await data(self, request, *args, **kwargs)
        hidden = request.scope.get(HIDDEN)
        if not hidden or not isinstance(result, tuple):
            return result
        page, extra_template, templates = result
        page["columns"], page["rows"] = _without(hidden, page["columns"], page["rows"])
        return page, _hide_in_template(hidden, extra_template), templates

    data_without_hidden.natocrawl = True
    return data_without_hidden


# Datasette runs this file again for each instance it builds: patch the view once.
if not getattr(TableView.data, "natocrawl", False):
    TableView.columns_to_select = columns_to_select
    TableView.data = hiding_data(TableView.data)
