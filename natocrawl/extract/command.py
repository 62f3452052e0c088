"""`natocrawl extract FILE|- --url URL`: one page through the extractor, as JSON."""

import json
from urllib.parse import urlsplit

import click

from natocrawl.extract import ExtractionError, extract
from natocrawl.extract.validation import rejection
from natocrawl.urls import url_info


def _parsable(ctx, param, url: str) -> str:
    """A URL urllib cannot parse would fail deep in the extractor, with a traceback."""
    try:
        _ = urlsplit(url).port  # .port raises on a port that is out of range or not a number
    except ValueError as error:
        raise click.BadParameter(f"{url!r} is not a URL ({error})", ctx, param) from error
    return url


@click.command("extract")
@click.argument("source", type=click.File("rb"), metavar="FILE|-")
@click.option(
    "--url",
    required=True,
    callback=_parsable,
    help="The page's portal URL: language, type and date are read from it.",
)
def extract_command(source, url):
    """Extract one saved page and print the article as one JSON object."""
    if url_info(url) is None and "/cps/" not in url:
        click.echo(
            f"natocrawl: warning: {url} is not a known portal URL pattern; "
            "lang, type and published may be null",
            err=True,
        )
    try:
        article = extract(source.read(), url)
    except ExtractionError as error:
        raise click.ClickException(f"cannot extract {source.name}: {error}") from error
    record = article.to_dict()
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    if reason := rejection(record):
        # The JSON is still shown: it is what the maintainer came to look at.
        raise click.ClickException(f"a crawl would drop this page: {reason}")
