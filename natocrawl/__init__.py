"""natocrawl: a research-grade archive of NATO's public news portal."""

__version__ = "0.1.0"
