"""Which extractor produced a row: the package version, a digest of the extraction code
and Trafilatura's version. Any edit to the extractor changes it, so `natocrawl reprocess`
and researchers can tell rows extracted by different code apart."""

import hashlib
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from natocrawl import __version__


@lru_cache(maxsize=1)
def extractor_version() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return f"natocrawl {__version__}+{digest.hexdigest()[:10]}, trafilatura {version('trafilatura')}"
