"""Datasette plugin of the archive: no page shows where the server keeps its files.

Datasette 0.65 lists each database's absolute path in /-/databases, and its asyncio tasks,
with the source files they run, in /-/threads. Both pages stay, without the paths. (The
database_list pragma, which shows the path too, is refused by sql_limits.py.)"""

import asyncio
import functools
import threading

from datasette import hookimpl
from datasette.views.special import JsonDataView


def databases(datasette) -> list[dict]:
    return [
        {
            "name": database.name,
            "route": database.route,
            "size": database.size,
            "is_mutable": database.is_mutable,
            "is_memory": database.is_memory,
            "hash": database.hash,
        }
        for name, database in datasette.databases.items()
        if name != "_internal"
    ]


def threads(datasette) -> dict:
    running = threading.enumerate()
    return {
        "num_threads": len(running),
        "threads": [{"name": t.name, "ident": t.ident, "daemon": t.daemon} for t in running],
        "num_tasks": len(asyncio.all_tasks()),
    }


@hookimpl
def register_routes(datasette):
    # Routes of plugins come before Datasette's own, so these replace the two pages.
    return [
        (
            rf"^/-/{name}(\.(?P<format>json))?$",
            JsonDataView.as_view(datasette, f"{name}.json", functools.partial(data, datasette)),
        )
        for name, data in (("databases", databases), ("threads", threads))
    ]
