"""The codebook (codebook.yaml next to this file): each table's and export's columns, with
their types, descriptions and the meaning of an empty value, as Datasette's column
descriptions, Frictionless Table Schemas and Markdown tables."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

CODEBOOK_FILE = Path(__file__).with_name("codebook.yaml")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    empty: str | None = None
    values: tuple[str, ...] | None = None
    items: str = "string"  # the type of an array's items
    export_only: bool = False  # computed by the export, not a column of the table
    not_exported: bool = False

    def text(self) -> str:
        """The description, with the values it takes when they are few and what empty means."""
        text = f"{self.description}."
        if self.values:
            text += f" One of {', '.join(self.values)}."
        return f"{text} Empty: {self.empty}." if self.empty else text

    def field(self) -> dict:
        """This column as a Frictionless Table Schema field."""
        field = {"name": self.name, "type": self.type, "description": self.text()}
        constraints = {} if self.empty else {"required": True}
        if self.values:
            constraints["enum"] = list(self.values)
        return {**field, "constraints": constraints} if constraints else field


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    primary_key: tuple[str, ...]
    all_columns: tuple[Column, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns an export writes, in order."""
        return tuple(column for column in self.all_columns if not column.not_exported)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def table_schema(self) -> dict:
        """The Frictionless Table Schema of this dataset as exported."""
        return {
            "fields": [column.field() for column in self.columns],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }

    def descriptions(self) -> dict[str, str]:
        """Column descriptions for Datasette: the table's own columns."""
        return {column.name: column.text() for column in self.all_columns if not column.export_only}

    def markdown(self) -> str:
        """A Markdown table of the exported columns: name, type, description."""
        rows = [f"| `{column.name}` | {column.type} | {column.text()} |" for column in self.columns]
        return "\n".join(["| column | type | description |", "|---|---|---|", *rows])


@functools.cache
def datasets() -> dict[str, Dataset]:
    raw = yaml.safe_load(CODEBOOK_FILE.read_text(encoding="utf-8"))
    return {name: _dataset(name, entry) for name, entry in raw.items()}


def dataset(name: str) -> Dataset:
    return datasets()[name]


def _dataset(name: str, entry: dict) -> Dataset:
    key = entry["primary_key"]
    columns = tuple(
        Column(
            name=column,
            type=spec["type"],
            description=spec["description"].rstrip("."),
            empty=spec.get("empty"),
            values=tuple(spec["values"]) if "values" in spec else None,
            items=spec.get("items", "string"),
            export_only=spec.get("export_only", False),
            not_exported=spec.get("not_exported", False),
        )
        for column, spec in entry["columns"].items()
    )
    return Dataset(
        name, entry["title"], entry["description"], tuple([key] if isinstance(key, str) else key), columns
    )


# The datasets a researcher takes out, in the order the README's data section lists them.
EXPORTED = ("articles", "article_versions", "pairs", "aligned")


def readme_section() -> str:
    """The README's codebook section (`python -m natocrawl.archive.codebook` prints it)."""
    parts = []
    for name in EXPORTED:
        data = dataset(name)
        parts += [
            f"#### {data.title} (`{name}`)\n",
            " ".join(data.description.split()) + "\n",
            data.markdown() + "\n",
        ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(readme_section(), end="")
