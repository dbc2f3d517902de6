"""Run the aggregation SQL files in DuckDB and validate each ``agg__`` table they create.

Each file in ``sql/`` is named after the table it creates and holds one ``select`` (no
templating), so it can be pasted into the DuckDB CLI against the warehouse. The order is
declared in :data:`ORDER`; a file not listed there is an error, so none is silently skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.store import validate_table, write_table

SQL_DIR = Path(__file__).parent / "sql"

# Aggregations in dependency order (a later one may select from an earlier one).
ORDER: tuple[str, ...] = ()


def sql_files() -> list[Path]:
    """Return the aggregation files in execution order; raise when ORDER and sql/ disagree."""
    present = {p.stem: p for p in SQL_DIR.glob("*.sql")}
    missing = [name for name in ORDER if name not in present]
    unlisted = sorted(set(present) - set(ORDER))
    if missing or unlisted:
        raise RuntimeError(
            f"sql/ en aggregate.ORDER verschillen: ontbreekt {missing}, niet in ORDER {unlisted}"
        )
    return [present[name] for name in ORDER]


def run_all(
    connection: duckdb.DuckDBPyConnection,
    defs: Definitions,
    parquet: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Create every agg__ table in ``connection``; validate it; also write it to ``parquet``.

    Returns the row count per table.
    """
    counts = {}
    for file in sql_files():
        if progress:
            progress(f"aggregatie {file.stem}")
        frame = connection.execute(file.read_text(encoding="utf-8")).df()
        if parquet is not None:
            frame = write_table(frame, file.stem, defs, parquet)
        else:
            frame = validate_table(frame, file.stem, defs)
        connection.register("_agg_frame", frame)
        connection.execute(f'create or replace table "{file.stem}" as select * from _agg_frame')
        connection.unregister("_agg_frame")
        counts[file.stem] = len(frame)
    return counts
