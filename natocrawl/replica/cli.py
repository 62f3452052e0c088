"""`natocrawl replica`: serve the offline portal replica on 127.0.0.1 until Ctrl-C.

`--change/--add/--remove` serve the site as it is after one `Site.mutate`: crawl, restart the
replica with `--change 3 --add 2 --remove 1`, crawl again.

`--faults 5xx=0.1,timeout=0.05,badloc=1,pdf=1 --fault-seed 7` serves it with seeded faults: the
kinds and what each does are in natocrawl/replica/faults.py.
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
@click.option(
    "--faults",
    "fault_spec",
    default=None,
    metavar="KIND=N,…",
    help="Seeded faults: shares of pages (5xx, timeout, truncate, 429, loop, offorigin) and counts "
    "(badloc, pdf, nul, latin1, deep, huge), e.g. 5xx=0.1,pdf=1.  [default: none]",
)
@click.option(
    "--fault-seed", default=1, show_default=True, type=int, help="Seed of which page gets which fault."
)
def replica_command(
    port: int, pages: int, seed: int, change: int, add: int, remove: int, mutation_day, fault_spec, fault_seed
):
    """Serve a deterministic replica of the NATO portal (127.0.0.1 only)."""
    from natocrawl.replica import Faults, Site, start_server

    faults = None
    if fault_spec is not None:
        try:
            faults = Faults.parse(fault_spec, seed=fault_seed)
        except ValueError as error:
            raise click.ClickException(f"--faults: {error}") from None
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
        # Without faults, called as it always was (a test stands in for start_server).
        server = start_server(site, port) if faults is None else start_server(site, port, faults)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    except ValueError as error:  # more faulted pages than the site has
        raise click.ClickException(f"--faults: {error}") from None
    served = len(site.served_pages())
    click.echo(f"Replica of {served} pages (seed {seed}) at {server.base_url}  (Ctrl-C to stop)")
    if faults is not None:
        _echo_faults(faults, site, server.base_url)
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


def _echo_faults(faults, site, base: str) -> None:
    counts = [f"{kind} {len(paths)}" for kind, paths in faults.plan(site).items()]
    if faults.spec.get("badloc"):
        counts.append(f"badloc {len(faults.bad_locs(base))} per child sitemap")
    click.echo(f"Faults (seed {faults.seed}): " + (", ".join(counts) or "none"))
