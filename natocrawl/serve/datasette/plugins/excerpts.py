"""Datasette plugin of the archive: `natocrawl_excerpt(body, q, lang)`, the passage of a text
that shows why it matched `q`, its matches in [brackets], for SQL that has no full-text
cursor to call FTS5's snippet() on: the canned `search` lists matches newest first by the
date index, and ranks none (see metadata.yaml)."""

from datasette import hookimpl

from natocrawl.archive.snippets import excerpt


@hookimpl
def prepare_connection(conn):
    conn.create_function("natocrawl_excerpt", 3, excerpt, deterministic=True)
