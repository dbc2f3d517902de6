"""The one choke point through which every table is written.

:func:`write_table` conforms a frame to its definition, validates it lazily against the
generated schema (all failures at once), and only then writes Parquet atomically: to a
temporary file beside the target, then renamed. Steps never write files themselves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow
import pyarrow.parquet as pq

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.schemas import conform, schema_for
from woonzorg_analyse.errors import DataError, Problem


def validate_table(frame: pd.DataFrame, table: str, defs: Definitions) -> pd.DataFrame:
    """Return ``frame`` conformed to ``table`` and validated; raise DataError with every failure."""
    conformed = conform(frame, table, defs)
    try:
        return schema_for(table, defs).validate(conformed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.head(200).to_dict("records"):
            index = case.get("index")
            place = f"rij {int(index) + 1}" if index is not None and not pd.isna(index) else ""
            value = case.get("failure_case")
            problems.append(
                Problem(
                    f"tabel {table}",
                    place,
                    str(case.get("column") or ""),
                    str(case.get("check")),
                    "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value),
                )
            )
        raise DataError(problems) from None


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_table(frame: pd.DataFrame, table: str, defs: Definitions, folder: Path) -> pd.DataFrame:
    """Validate ``frame`` as ``table`` and write ``folder/<table>.parquet`` atomically.

    Returns the validated frame. Nothing is written when validation fails. The file is
    deterministic: same rows, same bytes (rows sorted by the primary key, no index).
    """
    validated = validate_table(frame, table, defs)
    key = list(defs.tables[table].sleutel)
    ordered = validated.sort_values(key, kind="stable").reset_index(drop=True)
    arrow = pyarrow.Table.from_pandas(ordered, preserve_index=False)
    arrow = arrow.replace_schema_metadata(
        {
            **(arrow.schema.metadata or {}),
            b"woonzorg.definitions_version": defs.version.encode(),
            b"woonzorg.table": table.encode(),
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{table}.parquet"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{table}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(arrow, temporary, compression="zstd")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ordered


def read_table(table: str, folder: Path) -> pd.DataFrame:
    """Return a written table from ``folder/<table>.parquet``."""
    return pq.read_table(folder / f"{table}.parquet").to_pandas()


def swap_folder(new: Path, target: Path) -> None:
    """Replace folder ``target`` by ``new`` with two renames; the old one is removed last."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
