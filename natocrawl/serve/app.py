"""`natocrawl serve`: Datasette on the archive, with the project's checked-in metadata.

Datasette runs in-process under uvicorn, bound to 127.0.0.1 unless told otherwise.
The database file is opened mutable (not immutable) so that pages crawled while the
server runs show up without a restart; WAL mode lets the crawler write meanwhile.
"""

import asyncio
import copy
import json
from pathlib import Path

import click
import yaml
from datasette.app import Datasette

from natocrawl.archive import codebook
from natocrawl.archive.connection import require_archive

DATASETTE_DIR = Path(__file__).parent / "datasette"
METADATA_FILE = DATASETTE_DIR / "metadata.yaml"
SETTINGS_FILE = DATASETTE_DIR / "settings.json"
PLUGINS_DIR = DATASETTE_DIR / "plugins"
TEMPLATES_DIR = DATASETTE_DIR / "templates"

# The key of the database section in metadata.yaml, replaced at run time.
METADATA_DATABASE_KEY = "archive"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def load_metadata(database_name: str) -> dict:
    """The checked-in metadata, its database section keyed by `database_name`."""
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    metadata = copy.deepcopy(metadata)
    databases = metadata.get("databases", {})
    if METADATA_DATABASE_KEY in databases:
        databases[database_name] = databases.pop(METADATA_DATABASE_KEY)
        tables = databases[database_name].setdefault("tables", {})
        for name, dataset in codebook.datasets().items():
            # Column descriptions come from the codebook, as the exports' schemas do.
            if name in tables:
                tables[name]["columns"] = dataset.descriptions()
    # The home page's links name the database too.
    if "description_html" in metadata:
        metadata["description_html"] = metadata["description_html"].replace(
            f"/{METADATA_DATABASE_KEY}/", f"/{database_name}/"
        )
    return metadata


def load_settings() -> dict:
    return json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))


def build_datasette(db_path: str | Path) -> Datasette:
    """A Datasette instance on the archive at `db_path`, configured for researchers."""
    db_path = Path(db_path)
    require_archive(db_path)
    # Datasette names a database after its file's stem; the metadata must match it.
    return Datasette(
        files=[str(db_path)],
        metadata=load_metadata(db_path.stem),
        settings=load_settings(),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def serve(db_path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the archive until interrupted (used by `serve` and `demo`)."""
    import uvicorn  # only the server needs it

    datasette = build_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    click.echo(f"natocrawl: serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")


@click.command("serve")
@click.option(
    "--db",
    "db_path",
    envvar="ARCHIVE_DB",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archive to serve (env ARCHIVE_DB).",
)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Interface to bind.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
def serve_command(db_path: Path, host: str, port: int) -> None:
    """Browse, search and download the archive in Datasette."""
    serve(db_path, host, port)
