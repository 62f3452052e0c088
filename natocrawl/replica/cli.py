"""`natocrawl replica`: serve the offline portal replica on 127.0.0.1 until Ctrl-C.

`--change/--add/--remove` serve the site as it is after one `Site.mutate`: crawl, restart the
replica with `--change 3 --add 2 --remove 1`, crawl again.
"""

import functools
import threading

import click

# How many pages one kind of change touches.
_page_count = functools.partial(click.option, default=0, show_default=True, type=click.IntRange(0))


@click.command("replica")
@click.option(
    "--port", default=8002, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1."
)
@click.option(
    "--pages", default=120, show_default=True, type=click.IntRange(1), help="Number of article pages."
)
@click.option("--seed", default=1, show_default=True, type=int, help="Seed: same seed, same site.")
@_page_count(
    "--change", help="Pages whose text changes (reworded, with an editor's note), as of the mutation day."
)
@_page_count("--add", help="New pages, published on the mutation day.")
@_page_count("--remove", help="Pages taken off the portal (404, gone from sitemaps and search).")
@click.option(
    "--mutation-day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Day of the changes, YYYY-MM-DD.  [default: today, UTC]",
)
def replica_command(port: int, pages: int, seed: int, change: int, add: int, remove: int, mutation_day):
    """Serve a deterministic replica of the NATO portal (127.0.0.1 only)."""
    from natocrawl.replica import Site, start_server

    site = Site(seed=seed, pages=pages)
    mutation = None
    if change or add or remove:
        try:
            mutation = site.mutate(
                change=change, add=add, remove=remove, day=mutation_day.date() if mutation_day else None
            )
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    try:
        server = start_server(site, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    served = len(site.served_pages())
    click.echo(f"Replica of {served} pages (seed {seed}) at {server.base_url}  (Ctrl-C to stop)")
    if mutation is not None:
        click.echo(
            f"Changes of {mutation.day.isoformat()}: {len(mutation.changed)} changed, "
            f"{len(mutation.added)} added, {len(mutation.removed)} removed"
        )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
