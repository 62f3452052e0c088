"""`natocrawl replica`: serve the offline portal replica on 127.0.0.1 until Ctrl-C."""

import threading

import click


@click.command("replica")
@click.option("--port", default=8002, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1.")
@click.option("--pages", default=120, show_default=True, type=click.IntRange(1), help="Number of article pages.")
@click.option("--seed", default=1, show_default=True, type=int, help="Seed: same seed, same site.")
def replica_command(port: int, pages: int, seed: int):
    """Serve a deterministic replica of the NATO portal (127.0.0.1 only)."""
    from natocrawl.replica import Site, start_server

    site = Site(seed=seed, pages=pages)
    try:
        server = start_server(site, port)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}")
    click.echo(f"Replica of {len(site.pages)} pages (seed {seed}) at {server.base_url}  (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
