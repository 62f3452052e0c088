"""Writing records of a codebook dataset (archive/codebook.py) as CSV, JSON Lines or Parquet,
one record at a time (Parquet: a batch of BATCH_ROWS at a time), so that memory stays flat
whatever the size of the export.

Values are written as the codebook types them: in JSON Lines, an array is a list and an
integer a number; in CSV, an array is its JSON text (as a Frictionless Table Schema reads
it); in Parquet, dates are dates, datetimes UTC timestamps and arrays lists.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from natocrawl.archive.codebook import Dataset

BATCH_ROWS = 2_000
PARQUET_HINT = "Parquet needs pyarrow: pip install 'natocrawl[parquet]'"


class MissingExtra(RuntimeError):
    """An optional package a format needs is not installed; the message says how to get it."""


def _array(value) -> list | None:
    return json.loads(value) if isinstance(value, str) else value


def _rows(records: Iterable[dict], dataset: Dataset) -> Iterator[list]:
    arrays = {index for index, column in enumerate(dataset.columns) if column.type == "array"}
    for record in records:
        row = [record[name] for name in dataset.names]
        for index in arrays:
            row[index] = _array(row[index])
        yield row


def _csv_cell(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def write_csv(records: Iterable[dict], out: io.TextIOBase, dataset: Dataset) -> int:
    writer = csv.writer(out)
    writer.writerow(dataset.names)
    count = 0
    for row in _rows(records, dataset):
        writer.writerow(
            [json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value for value in row]
        )
        count += 1
    return count


def write_jsonl(records: Iterable[dict], out: io.TextIOBase, dataset: Dataset) -> int:
    count = 0
    for row in _rows(records, dataset):
        out.write(json.dumps(dict(zip(dataset.names, row)), ensure_ascii=False) + "\n")
        count += 1
    return count


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra(PARQUET_HINT) from None
    return pyarrow, pyarrow.parquet


def _arrow_type(pa, column):
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s", tz="UTC"),
        "array": pa.list_(pa.int64() if column.items == "integer" else pa.string()),
    }[column.type]


def _typed(column, value):
    if value is None or column.type not in ("date", "datetime"):
        return value
    return date.fromisoformat(value) if column.type == "date" else datetime.fromisoformat(value)


def write_parquet(records: Iterable[dict], path: Path, dataset: Dataset) -> int:
    """A Parquet file at `path` (not a stream: Parquet writes its index at the end)."""
    pa, pq = _pyarrow()
    schema = pa.schema([pa.field(column.name, _arrow_type(pa, column)) for column in dataset.columns])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[list] = []
        for row in _rows(records, dataset):
            batch.append([_typed(column, value) for column, value in zip(dataset.columns, row)])
            if len(batch) == BATCH_ROWS:
                count += _write_batch(pa, writer, schema, batch)
                batch = []
        count += _write_batch(pa, writer, schema, batch)
    return count


def _write_batch(pa, writer, schema, batch: list[list]) -> int:
    if batch:
        columns = [list(values) for values in zip(*batch)]
        writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=schema))
    return len(batch)


TEXT_WRITERS = {"csv": write_csv, "jsonl": write_jsonl}
