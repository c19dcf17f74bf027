#!/usr/bin/env python3
"""Reads every file of a built dataset with the clients analysts use and
checks each column's type against the Data Package, and the Parquet files'
values against the CSV's.

- CSV: pandas `read_csv`, polars `read_csv`, DuckDB `read_csv_auto`, in
  their defaults. polars guesses types from the first 100 rows, so a column
  empty there (a sparse one: `active_parameters`, `data_seen`) reads as
  text: the default read must not fail, and the types are checked with
  `infer_schema_length=None` (the whole file), the documented way.
- JSON (`models.json`): pandas `read_json`; polars `read_json` with
  `infer_schema_length=None` (its default guesses from 100 rows too).
- Parquet (every `*.parquet`): pyarrow's schema, pandas and polars
  `read_parquet`, DuckDB; and every value equal to the CSV's (numbers as
  numbers, lists item by item).

A column with no value at all is typed by the package alone (no reader can
tell its type from nothing); a date column may read as text where a reader
parses dates only when asked. Prints every mismatch and exits 1 if any.

    cargo run --release -- build && python3 scripts/read_with_clients.py dist
"""
import csv
import json
import math
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

INTEGERS = {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"}
TEXT = {"object", "str", "string"}
# What each reader may give for each Table Schema type. A list column's
# Table Schema type is string (its CSV text); its Parquet and JSON form is
# a list, told apart by the field's description.
ACCEPTED = {
    "pandas": {
        "number": {"float64"},
        "integer": {"int64", "float64"},  # float64 when a value is missing
        "boolean": {"bool", "object"},  # object when a value is missing
        "date": TEXT,
        "datetime": TEXT,
        "string": TEXT,
        "object": TEXT,
    },
    "polars": {
        "number": {"Float64"},
        "integer": {"Int64"},
        "boolean": {"Boolean"},
        "date": {"String", "Date"},
        "datetime": {"String"},
        "string": {"String"},
        "object": {"String"},
    },
    "duckdb": {
        "number": {"DOUBLE"},
        "integer": INTEGERS,
        "boolean": {"BOOLEAN"},
        "date": {"DATE"},
        "datetime": {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "VARCHAR"},
        "string": {"VARCHAR"},
        "object": {"VARCHAR"},
    },
    "pandas json": {
        "number": {"float64"},
        "integer": {"int64", "float64"},
        "boolean": {"bool", "object", "float64"},  # float64 when a value is missing
        "date": TEXT,
        "datetime": TEXT,
        "string": TEXT,
        "object": {"object"},
        "list": {"object"},
    },
    "polars json": {
        "number": {"Float64"},
        "integer": {"Int64"},
        "boolean": {"Boolean"},
        "date": {"String"},
        "datetime": {"String"},
        "string": {"String"},
        "object": {"Struct"},
        "list": {"List(String)"},
    },
    "pyarrow": {
        "number": {"double"},
        "integer": {"int64"},
        "boolean": {"bool"},
        "date": {"date32[day]"},
        "datetime": {"string"},
        "string": {"string"},
        "object": {"string"},
        "list": {"list<element: string not null>"},
    },
    "polars parquet": {
        "number": {"Float64"},
        "integer": {"Int64"},
        "boolean": {"Boolean"},
        "date": {"Date"},
        "datetime": {"String"},
        "string": {"String"},
        "object": {"String"},
        "list": {"List(String)"},
    },
    "duckdb parquet": {
        "number": {"DOUBLE"},
        "integer": {"BIGINT"},
        "boolean": {"BOOLEAN"},
        "date": {"DATE"},
        "datetime": {"VARCHAR"},
        "string": {"VARCHAR"},
        "object": {"VARCHAR"},
        "list": {"VARCHAR[]"},
    },
}


def kind(field):
    """The field's type, `list` for a list column (a string in Table Schema)."""
    if field["type"] == "string" and "A list: items are separated by" in field.get("description", ""):
        return "list"
    return field["type"]


def split_list(text):
    """A list cell back into its items: `; ` separates, `\\` escapes."""
    items, item, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            item.append(text[i + 1])
            i += 2
        elif text.startswith("; ", i):
            items.append("".join(item))
            item = []
            i += 2
        else:
            item.append(c)
            i += 1
    items.append("".join(item))
    return items


def same_value(csv_text, value, field_kind):
    if csv_text == "":
        return value is None or value == []
    if value is None:
        return False
    if field_kind in ("number", "integer"):
        return math.isclose(float(csv_text), float(value), rel_tol=1e-15)
    if field_kind == "boolean":
        return csv_text == ("true" if value else "false")
    if field_kind == "date":
        return csv_text == value.isoformat()
    if field_kind == "list":
        return split_list(csv_text) == list(value)
    if field_kind == "object":
        return json.loads(csv_text) == json.loads(value)
    # A text that would run as a formula in a spreadsheet has a `'` before it in CSV.
    return csv_text == value or csv_text == "'" + value


def check_types(problems, where, reader, types, fields, empty):
    for column, wanted in fields.items():
        got = types.get(column)
        if got is None:
            problems.append(f"{where}: {reader} has no column {column}")
            continue
        accepted = ACCEPTED[reader].get(wanted, ACCEPTED[reader].get("string"))
        if column not in empty and got not in accepted and not got.startswith(tuple(a for a in accepted if a == "Struct")):
            problems.append(f"{where}: {reader} reads {column} ({wanted}) as {got}")


def main() -> int:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    package = json.loads((dist / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    checked = 0
    for resource in package["resources"]:
        path = dist / resource["path"]
        schema_fields = resource["schema"]["fields"]
        fields = {f["name"]: f["type"] for f in schema_fields}
        kinds = {f["name"]: kind(f) for f in schema_fields}
        text = pl.read_csv(path, infer_schema_length=0)
        empty = {c for c in fields if text[c].null_count() == text.height}
        pl.read_csv(path)  # the default read must not fail
        readers = {
            "pandas": {c: str(t) for c, t in pd.read_csv(path).dtypes.items()},
            "polars": {c: str(t) for c, t in pl.read_csv(path, infer_schema_length=None).schema.items()},
            "duckdb": dict(duckdb.sql(f"DESCRIBE SELECT * FROM read_csv_auto('{path}')").fetchall()[i][:2] for i in range(len(fields))),
        }
        for reader, types in readers.items():
            check_types(problems, resource["path"], reader, types, fields, empty)
            checked += len(fields)

        stem = Path(resource["path"]).stem
        if stem == "models" and (dist / "models.json").exists():
            where = "models.json"
            json_path = dist / "models.json"
            readers = {
                "pandas json": {c: str(t) for c, t in pd.read_json(json_path).dtypes.items()},
                "polars json": {c: str(t) for c, t in pl.read_json(json_path, infer_schema_length=None).schema.items()},
            }
            for reader, types in readers.items():
                check_types(problems, where, reader, types, kinds, empty)
                checked += len(fields)

        parquet = dist / f"{stem}.parquet"
        if not parquet.exists():
            continue
        where = parquet.name
        arrow = pq.read_table(parquet)
        metadata = json.loads(arrow.schema.metadata[b"flopdb.schema"])
        if [f["name"] for f in metadata["fields"]] != list(fields):
            problems.append(f"{where}: the schema metadata does not list the package's columns")
        readers = {
            "pyarrow": {f.name: str(f.type) for f in arrow.schema},
            "polars parquet": {c: str(t) for c, t in pl.read_parquet(parquet).schema.items()},
            "duckdb parquet": dict(row[:2] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()),
        }
        pd.read_parquet(parquet)  # pandas reads it through pyarrow
        for reader, types in readers.items():
            check_types(problems, where, reader, types, kinds, set())
            checked += len(fields)
        # Every value as in the CSV.
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        columns = arrow.to_pydict()
        if len(rows) != arrow.num_rows:
            problems.append(f"{where}: {arrow.num_rows} rows, the CSV has {len(rows)}")
        for column, values in columns.items():
            differing = [i for i, (row, value) in enumerate(zip(rows, values)) if not same_value(row[column], value, kinds[column])]
            if differing:
                i = differing[0]
                problems.append(
                    f"{where}: {len(differing)} values of {column} differ from the CSV's, first row {i + 1}: {values[i]!r} vs {rows[i][column]!r}"
                )
    for problem in problems:
        print(problem)
    print(f"{checked} column reads checked, {len(problems)} mismatches", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
