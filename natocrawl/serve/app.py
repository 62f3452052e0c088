"""`natocrawl serve`: Datasette on the archive, with the project's checked-in metadata.

Datasette runs in-process under uvicorn, bound to 127.0.0.1 unless told otherwise.
The database file is opened mutable (not immutable) so that pages crawled while the
server runs show up without a restart; WAL mode lets the crawler write meanwhile.
"""

import asyncio
import copy
import html
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


def build_datasette(db_path: str | Path, release: Path | None = None) -> Datasette:
    """A Datasette instance on the archive at `db_path`, configured for researchers; or, given
    a release folder (`natocrawl release`), on its copy, immutable, with its citation."""
    if release is not None:
        return _release_datasette(release)
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


def _release_datasette(release: Path) -> Datasette:
    snapshot, inspect = release / "archive.db", release / "inspect-data.json"
    if not (snapshot.is_file() and inspect.is_file()):
        raise click.ClickException(f"no release in {release}: it has no archive.db and inspect-data.json")
    require_archive(snapshot, migrate=False)
    metadata = load_metadata(snapshot.stem)
    citation = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    metadata["description_html"] = _citation_html(citation) + metadata.get("description_html", "")
    return Datasette(
        immutables=[str(snapshot)],
        inspect_data=json.loads(inspect.read_text(encoding="utf-8")),
        metadata=metadata,
        settings=load_settings(),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def _citation_html(citation: dict) -> str:
    """The release's citation, APA-like, from its CITATION.cff."""
    authors = ", ".join(
        author.get("name") or author.get("family-names", "") for author in citation["authors"]
    )
    year = f" ({citation['date-released'][:4]})" if citation.get("date-released") else ""
    text = (
        f"{authors}{year}. {citation['title']} (Version {citation['version']}) [Data set]. {citation['url']}"
    )
    return (
        f'<p class="release-citation"><strong>Release {html.escape(str(citation["version"]))}</strong>, '
        f"frozen: cite it as <q>{html.escape(text)}</q> (CITATION.cff in the release).</p>"
    )


def serve(
    db_path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, release: Path | None = None
) -> None:
    """Serve the archive (or a release) until interrupted (used by `serve` and `demo`)."""
    import uvicorn  # only the server needs it

    datasette = build_datasette(db_path, release)
    asyncio.run(datasette.invoke_startup())
    served = f"release {release}" if release else db_path
    click.echo(f"natocrawl: serving {served} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
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
@click.option(
    "--release",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Serve this release folder (natocrawl release) instead, immutable, with its citation.",
)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Interface to bind.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
def serve_command(db_path: Path, release: Path | None, host: str, port: int) -> None:
    """Browse, search and download the archive (or a release of it) in Datasette."""
    serve(db_path, host, port, release)
