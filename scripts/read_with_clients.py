#!/usr/bin/env python3
"""Reads every CSV of a built dataset with the clients analysts use, in
their defaults (pandas `read_csv`, polars `read_csv`, DuckDB
`read_csv_auto`), and checks each column's type against the Data Package.

A column with no value at all is typed by the package alone (no reader can
tell its type from nothing); a date column may read as text (pandas and
polars parse dates only when asked). Exits 1 listing every mismatch.

    cargo run --release -- build && python3 scripts/read_with_clients.py [dist]
"""
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

# What each reader may give for each Table Schema type.
ACCEPTED = {
    "pandas": {
        "number": {"float64"},
        "integer": {"int64", "float64"},  # float64 when a value is missing
        "boolean": {"bool", "object"},  # object when a value is missing
        "date": {"object", "str"},  # pandas 3 reads text as `str`
        "string": {"object", "str"},
        "object": {"object", "str"},
    },
    "polars": {
        "number": {"Float64"},
        "integer": {"Int64"},
        "boolean": {"Boolean"},
        "date": {"String", "Date"},
        "string": {"String"},
        "object": {"String"},
    },
    "duckdb": {
        "number": {"DOUBLE"},
        "integer": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"},
        "boolean": {"BOOLEAN"},
        "date": {"DATE"},
        "string": {"VARCHAR"},
        "object": {"VARCHAR"},
    },
}


def main() -> int:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    package = json.loads((dist / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    checked = 0
    for resource in package["resources"]:
        path = dist / resource["path"]
        fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        frames = {
            "pandas": {c: str(t) for c, t in pd.read_csv(path).dtypes.items()},
            "polars": {c: str(t) for c, t in pl.read_csv(path).schema.items()},
            "duckdb": dict(
                (row[0], row[1]) for row in duckdb.sql(f"DESCRIBE SELECT * FROM read_csv_auto('{path}')").fetchall()
            ),
        }
        nulls = pl.read_csv(path, infer_schema_length=0)
        empty = {c for c in fields if nulls[c].null_count() == nulls.height}
        for reader, types in frames.items():
            for column, wanted in fields.items():
                checked += 1
                got = types.get(column)
                if got is None:
                    problems.append(f"{resource['path']}: {reader} has no column {column}")
                elif column not in empty and got not in ACCEPTED[reader][wanted]:
                    problems.append(f"{resource['path']}: {reader} reads {column} ({wanted}) as {got}")
    for problem in problems:
        print(problem)
    print(f"{checked} column reads checked, {len(problems)} mismatches", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
