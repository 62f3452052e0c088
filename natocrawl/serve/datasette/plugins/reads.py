"""Datasette plugin of the archive: its connections read the file through a memory map.

A search on a 100,000-page archive looks up tens of thousands of rows by rowid (Datasette's
count and facets of a `_search`, the search page's result keys); read through SQLite's page
cache and `read()` calls, each costs a system call, and those queries took twice as long as
they do from the mapped file (bench/serve.py). The map is of the file as the operating
system already caches it: no memory of the process's own, and writers are unaffected (in
WAL mode, a reader maps the database file and reads newer pages from the WAL as before).
"""

from datasette import hookimpl

# SQLite caps this at its compile-time limit (2 GB in the usual builds); a bigger archive is
# mapped that far and read beyond it as before.
MMAP_BYTES = 1 << 40


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
