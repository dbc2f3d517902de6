"""Run the aggregation SQL files in DuckDB and validate each ``agg__`` table they create.

Each file in ``sql/`` is named after the table it creates and holds one ``select`` (no
templating), so it can be pasted into the DuckDB CLI against the warehouse. The order is
declared in :data:`ORDER`; a file not listed there is an error, so none is silently skipped.

The SQL holds no constants: before it runs, the settings, verdeelsleutels and scenario
assumptions of ``definitions/`` are written as ``ref_`` tables (see staging_analysis.py)
through the same choke point as every other table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from woonzorg_analyse.errors import WoonzorgError
from woonzorg_analyse.sql import PYTHON_MODELS, SQL_DIR, TIERS

if TYPE_CHECKING:
    from woonzorg_analyse.definitions import Definitions

# The schemas, the choke point (pandera, pyarrow) and the seeds are imported by the functions that
# build: a command that only reads the warehouse (the reports, an unchanged rerun) never loads them.

# The SQL models in execution order (a later one may select from any earlier one). The folder of
# a file is its tier: int/ building blocks, agg/ the analysis, rpt/ the published tables.
ORDER: tuple[str, ...] = (
    "int__regio_gemeente",
    "int__regio_invoerbestand",
    "int__aandachtsgroep_gemeente",
    "int__woningen_per_eenheid",
    "int__regio_aandachtsgroep",
    "agg__verdeling_gemeente",
    "agg__verdeling_regio",
    "int__afscherming",
    "int__taakstelling",
    "int__eerlijk_aandeel_sleutel",
    "agg__groeibehoefte",
    "agg__groeibehoefte_regio",
    "int__ingroeipad",
    "int__te_verdelen",
    "int__grootste_rest",
    "agg__eerlijk_aandeel",
    "agg__ingroeipad",
    "agg__vraag_aanbod",
    "agg__vraag_aanbod_regio",
    "agg__opgave",
    "int__vrijkomende_woningen",
    "agg__druk_sociale_voorraad",
    "agg__druk_sociale_voorraad_regio",
    "rpt__samenvatting",
    "rpt__regio",
    "rpt__kerncijfer_rol",
    "rpt__regio_gemeente",
    "rpt__regio_herindeling",
    "rpt__prognose_regio",
    "rpt__verdeling_gemeente",
    "rpt__groeibehoefte_aanname",
    "rpt__groeibehoefte",
    "rpt__aanbod_groep_woonvorm",
    "rpt__aanbod_gemeente_woonvorm",
    "rpt__aanbod_gemeente",
    "rpt__vraag_aanbod_groep",
    "rpt__vraag_aanbod_gemeente",
    "rpt__eerlijk_aandeel",
    "rpt__ingroeipad",
    "rpt__uitruil",
    "rpt__uitruil_saldo",
    "rpt__druk",
    "rpt__factsheet",
    "rpt__invoer",
    "rpt__versie",
    "rpt__tabel",
    "rpt__kernboodschap",
)


# DuckDB may hold this much before it spills a sort, join or aggregate to the scratch folder of
# the build. Without a cap it takes what a statement wants (1,5 GB for the distribution with 100x
# the deliveries: the build's peak); spilling costs little CPU. A statement that cannot run within
# the cap runs again without it (:func:`_within_memory`), so the cap never fails a build.
MEMORY_LIMIT = "1GB"


def make_warehouse(
    parquet: Path, target: Path, defs: Definitions, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Create the DuckDB warehouse at ``target`` from the Parquet tables, then aggregate.

    Returns the row count of every table the aggregation step added.
    """
    # One thread: a parallel sum of doubles adds in a varying order, so the last bits of a
    # share (and with them a largest-remainder tie) could differ between two identical builds.
    connection = duckdb.connect(
        str(target),
        config={
            "threads": 1,
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": str(Path(target).parent / ".duckdb-tmp"),
        },
    )
    try:
        for file in sorted(parquet.glob("*.parquet")):
            connection.execute(f'create table "{file.stem}" as select * from read_parquet(?)', [str(file)])
        return run_all(connection, defs, parquet, progress=progress)
    finally:
        connection.close()


def connect(paths, read_only: bool = True, threads: int | None = 1):
    """Return a connection to the built warehouse of ``paths`` (read-only by default).

    One thread by default: the same query then gives the same bits every time. Raises
    WoonzorgError, with the command to run, when the warehouse has not been built.
    """
    import duckdb

    warehouse = paths.warehouse
    if not warehouse.is_file():
        raise WoonzorgError(f"het warehouse ontbreekt ({warehouse}); bouw het eerst met 'woonzorg build'")
    config = {"threads": threads} if threads else {}
    return duckdb.connect(str(warehouse), read_only=read_only, config=config)


def sql_files() -> list[Path]:
    """Return the models in execution order: their SQL file, or for a Python model (PYTHON_MODELS)
    a bare path of its name (no suffix); raise when ORDER and sql/ disagree or a file sits in the
    folder of another tier."""
    present = {p.stem: p for p in SQL_DIR.glob("*/*.sql")}
    missing = [name for name in ORDER if name not in present and name not in PYTHON_MODELS]
    unlisted = sorted(set(present) - set(ORDER))
    misplaced = sorted(
        name for name, p in present.items() if not name.startswith(TIERS.get(p.parent.name, "?"))
    )
    if missing or unlisted or misplaced:
        raise RuntimeError(
            f"sql/ en warehouse.ORDER verschillen: ontbreekt {missing}, niet in ORDER {unlisted}, "
            f"in de verkeerde map {misplaced}"
        )
    return [present.get(name, Path(name)) for name in ORDER]


def python_model(connection: duckdb.DuckDBPyConnection, name: str, defs: Definitions):
    """Return the table of the Python model ``name`` (sql.PYTHON_MODELS) made on ``connection``."""
    import importlib

    return importlib.import_module(PYTHON_MODELS[name]).tabel(connection, defs)


def create_model(connection: duckdb.DuckDBPyConnection, file: Path, defs: Definitions) -> None:
    """Create the table of one model of :func:`sql_files` in ``connection`` (no validation)."""
    if file.stem in PYTHON_MODELS:
        connection.register("_python_model", python_model(connection, file.stem, defs))
        connection.execute(f'create table "{file.stem}" as select * from _python_model')
        connection.unregister("_python_model")
    else:
        connection.execute(f'create table "{file.stem}" as {file.read_text(encoding="utf-8")}')


def run_all(
    connection: duckdb.DuckDBPyConnection,
    defs: Definitions,
    parquet: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Create the analysis ref_ tables and every agg__ table in ``connection``; validate each;
    also write each to ``parquet``.

    Returns the row count per table.
    """
    from woonzorg_analyse.definitions.schemas import empty_frame
    from woonzorg_analyse.transform.seeds import analysis_tables

    counts = {}
    for name, frame in analysis_tables(defs).items():
        counts[name] = _store(connection, name, frame, defs, parquet)
    present = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
    # A build without some source (e.g. no aanbod delivered yet) still aggregates: the missing
    # stg_ tables stand in empty, as temporary views that are not stored in the warehouse.
    absent = [name for name in defs.tables if name.startswith("stg_") and name not in present]
    for name in absent:
        connection.register(name, empty_frame(name, defs))
    try:
        counts.update(run_models(connection, defs, ORDER, parquet, progress=progress))
    finally:
        for name in absent:
            connection.unregister(name)
    return counts


def run_models(
    connection: duckdb.DuckDBPyConnection,
    defs: Definitions,
    names: tuple[str, ...] | list[str],
    parquet: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Run the SQL models ``names`` (in :data:`ORDER`), each through the choke point
    (:func:`load.store.write_query`: conformed, validated, written to ``parquet``); before the
    first report mart, meta_tabel. Returns the row count per table."""
    from woonzorg_analyse.load.store import write_query

    counts: dict[str, int] = {}
    wanted = set(names)
    for file in sql_files():
        if file.stem not in wanted:
            continue
        if file.stem.startswith(TIERS["rpt"]) and "meta_tabel" not in counts:
            counts["meta_tabel"] = _store(
                connection, "meta_tabel", meta_tabel(connection, defs), defs, parquet
            )
        if progress:
            progress(f"aggregatie {file.stem}")
        if file.stem in PYTHON_MODELS:
            frame = python_model(connection, file.stem, defs)
            counts[file.stem] = _store(connection, file.stem, frame, defs, parquet)
            continue
        sql = file.read_text(encoding="utf-8")
        counts[file.stem] = _within_memory(
            connection, lambda sql=sql, name=file.stem: write_query(connection, sql, name, defs, parquet)
        )
    return counts


def _within_memory(
    connection: duckdb.DuckDBPyConnection, step: Callable[[], int], limit: str = MEMORY_LIMIT
) -> int:
    """Run ``step``; when DuckDB cannot do it within its memory cap ``limit``, run it again
    without the cap (the step replaces its table), then set the cap again."""
    try:
        return step()
    except duckdb.OutOfMemoryException:
        connection.execute("reset memory_limit")
        try:
            return step()
        finally:
            connection.execute(f"set memory_limit = '{limit}'")


def meta_tabel(connection: duckdb.DuckDBPyConnection, defs: Definitions):
    """Return every staged, intermediate and analysis table made so far with its grain and rows."""
    import pandas as pd

    present = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
    present |= {row[0] for row in connection.execute("select view_name from duckdb_views()").fetchall()}
    rows = [
        {
            "tabel": name,
            "korrel": defs.tables[name].korrel,
            "rijen": connection.execute(f'select count(*) from "{name}"').fetchall()[0][0],
        }
        for name in sorted(defs.tables)
        if name.startswith(("stg_", "int__", "agg__")) and name in present
    ]
    return pd.DataFrame(rows, columns=["tabel", "korrel", "rijen"])


def _store(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    frame,
    defs: Definitions,
    parquet: Path | None,
) -> int:
    """Validate ``frame`` as ``table`` (and write its Parquet); (re)create it in ``connection``.

    With a Parquet folder the warehouse table is read back from the written file, so that the
    warehouse and the Parquet hold the same validated rows and types.
    """
    from woonzorg_analyse.load.store import validate_table, write_table

    if parquet is not None:
        frame = write_table(frame, table, defs, parquet)
        connection.execute(
            f'create or replace table "{table}" as select * from read_parquet(?)',
            [str(parquet / f"{table}.parquet")],
        )
        return len(frame)
    frame = validate_table(frame, table, defs)
    connection.register("_agg_frame", frame)
    connection.execute(f'create or replace table "{table}" as select * from _agg_frame')
    connection.unregister("_agg_frame")
    return len(frame)
