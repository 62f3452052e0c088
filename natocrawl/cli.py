"""The `natocrawl` command: one group, one module per subcommand.

Errors that a user can cause (bad argument, missing file) end as one readable line on
stderr and a non-zero exit, never a traceback.
"""

import sys

import click

from natocrawl import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="natocrawl")
def cli():
    """Archive NATO's public news portal: crawl, extract, store, search, export."""


def _register_commands():
    # Imported here so that `natocrawl --help` lists commands without one of them
    # dragging the whole Scrapy/Datasette import graph into every other command.
    from natocrawl.archive.reprocess import reprocess_command
    from natocrawl.extract.command import extract_command
    from natocrawl.extract.evaluate_report import evaluate_command
    from natocrawl.replica.cli import replica_command
    from natocrawl.serve.app import serve_command
    from natocrawl.serve.demo import demo_command
    from natocrawl.serve.export import export_command
    from natocrawl.serve.release import release_command
    from natocrawl.serve.status import status_command

    for command in (
        extract_command,
        evaluate_command,
        export_command,
        release_command,
        serve_command,
        demo_command,
        replica_command,
        status_command,
        reprocess_command,
    ):
        cli.add_command(command)


def main(argv=None):
    _register_commands()
    try:
        cli.main(args=argv, prog_name="natocrawl", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("natocrawl: aborted", err=True)
        sys.exit(1)
    except click.ClickException as error:
        click.echo(f"natocrawl: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
