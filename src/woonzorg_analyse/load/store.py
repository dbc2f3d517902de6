"""The one choke point through which every table is written.

:func:`write_table` conforms a frame to its definition, validates it lazily against the
generated schema (all failures at once), and only then writes Parquet atomically
(:mod:`woonzorg_analyse.load.files`). Steps never write files themselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow
import pyarrow.parquet as pq

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.schemas import conform, schema_for
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.load.files import atomic_write


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
    atomic_write(
        Path(folder) / f"{table}.parquet",
        lambda temporary: pq.write_table(arrow, temporary, compression="zstd"),
    )
    return ordered


def read_table(table: str, folder: Path) -> pd.DataFrame:
    """Return a written table from ``folder/<table>.parquet``."""
    return pq.read_table(folder / f"{table}.parquet").to_pandas()
