"""Libraries imported without the optional packages they pull in whenever those are
installed, for the crawl's own process: sqlite-utils without numpy and pandas (12 MB),
which it imports only to map their scalar types to columns, and itemadapter without
pydantic (7 MB), which it imports only to accept pydantic models as items. The crawl never
writes numpy values nor yields pydantic items; numpy is installed for the workers' language
model, pydantic for the release's data package.

natocrawl.settings runs this before Scrapy imports its commands (one of which imports
itemadapter); natocrawl.crawl runs it again for processes that start elsewhere; the
extraction imports Trafilatura without py3langid the same way (extract/body.py). Each
package is hidden only while that import runs: code that needs it later still finds it."""

import contextlib
import importlib
import sys
from collections.abc import Iterator

WITHOUT = {"sqlite_utils": ("numpy", "pandas"), "itemadapter": ("pydantic",)}


@contextlib.contextmanager
def _hidden(names: tuple[str, ...]) -> Iterator[None]:
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # `import numpy` fails as if it were not installed
    try:
        yield
    finally:
        for name in hidden:
            del sys.modules[name]


def import_without(package: str, optional: tuple[str, ...]):
    """`package`, imported without `optional` unless these are imported already (the
    package itself as it is, if it was imported before)."""
    with _hidden(optional):
        return importlib.import_module(package)


def import_lean() -> None:
    """Import each package of WITHOUT without the optional ones it names (a no-op for a
    package already imported, with or without them)."""
    for package, optional in WITHOUT.items():
        import_without(package, optional)
