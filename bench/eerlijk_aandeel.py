"""The fair share (agg__eerlijk_aandeel) two ways in one process, on a built project:

- the project's step: every SQL model that agg__eerlijk_aandeel rests on, in the order of
  load/warehouse.ORDER, each validated against its schema, written as Parquet and kept as a
  table, exactly as the build runs them;
- plain DuckDB: the same SQL files as one statement (each model a CTE), its result fetched,
  with no validation and nothing written.

Both start from the same tables (the staged ``stg_``, ``ref_`` and ``meta_`` tables of the
build, loaded from its Parquet into an in-memory DuckDB with one thread, as the build runs).
Each is run three times; the best CPU time counts (process time: DuckDB's threads included).
The results must be equal row for row. Prints one JSON line.

    python bench/eerlijk_aandeel.py <processed folder> <definitions folder>
"""

from __future__ import annotations

import json
import math
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import duckdb

from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.load import warehouse
from woonzorg_analyse.sql import PYTHON_MODELS, model_sql

TARGET = "agg__eerlijk_aandeel"
RUNS = 3


def chain(target: str = TARGET) -> list[str]:
    """Return the SQL models ``target`` rests on (itself included), in execution order. A Python
    model (sql.PYTHON_MODELS, the masking plan) is no SQL: both ways read its table as an input."""
    files = {p.stem: model_sql(p.stem) for p in warehouse.sql_files() if p.stem not in PYTHON_MODELS}
    needed, todo = set(), [target]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo += [other for other in files if other != name and re.search(rf"\b{other}\b", files[name])]
    return [name for name in warehouse.ORDER if name in needed]


def plain_sql(models: list[str]) -> str:
    """Return one statement computing the last of ``models`` with every model as a CTE."""
    sql = {p.stem: model_sql(p.stem) for p in warehouse.sql_files() if p.stem not in PYTHON_MODELS}
    ctes = ",\n".join(f"{name} as (\n{sql[name]}\n)" for name in models)
    return f"with {ctes}\nselect * from {models[-1]}"


def base_connection(parquet: Path) -> duckdb.DuckDBPyConnection:
    """Return an in-memory connection (one thread) with the build's input tables of the SQL (the
    staged, reference and meta tables, and the tables of the Python models)."""
    con = duckdb.connect(config={"threads": 1})
    for file in sorted(parquet.glob("*.parquet")):
        if (file.stem not in warehouse.ORDER or file.stem in PYTHON_MODELS) and file.stem != "meta_tabel":
            con.execute(f'create table "{file.stem}" as select * from read_parquet(?)', [str(file)])
    return con


def run_models(con, defs, models: list[str], parquet: Path) -> None:
    """Run ``models`` as the build does (before 0.3 the build had no run_models: each model's
    result went to pandas and through write_table, then back into DuckDB from its Parquet)."""
    if hasattr(warehouse, "run_models"):
        warehouse.run_models(con, defs, models, parquet)
        return
    sql = {p.stem: p for p in warehouse.sql_files()}
    for name in models:
        frame = con.sql(sql[name].read_text(encoding="utf-8")).to_arrow_table().to_pandas()
        warehouse._store(con, name, frame, defs, parquet)


def same(left: list, right: list) -> bool:
    """Return whether two results are equal row for row (numbers compared as floats)."""
    if len(left) != len(right):
        return False
    for a_row, b_row in zip(left, right, strict=True):
        for a, b in zip(a_row, b_row, strict=True):
            numbers = isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal)
            if numbers and not isinstance(a, bool):
                if not math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12):
                    return False
            elif a != b:
                return False
    return True


def project_step(parquet: Path, defs, models: list[str]) -> tuple[float, list]:
    """Return the CPU seconds of the project's step and its result rows."""
    con = base_connection(parquet)
    with tempfile.TemporaryDirectory(prefix="eerlijk-") as folder:
        start = time.process_time()
        run_models(con, defs, models, Path(folder))
        seconds = time.process_time() - start
    rows = con.execute(f"select * from {TARGET} order by all").fetchall()
    con.close()
    return seconds, rows


def plain(parquet: Path, sql: str) -> tuple[float, list, int]:
    """Return the CPU seconds of the plain statement, its rows (sorted) and row count."""
    con = base_connection(parquet)
    start = time.process_time()
    table = con.sql(sql).to_arrow_table()
    seconds = time.process_time() - start
    con.register("_plain", table)
    rows = con.execute("select * from _plain order by all").fetchall()
    con.close()
    return seconds, rows, table.num_rows


def main(argv: list[str]) -> int:
    """Measure both; print the JSON line."""
    processed, definitions = Path(argv[0]), Path(argv[1])
    defs = load_definitions(definitions)
    parquet = processed / "parquet"
    models = chain()
    sql = plain_sql(models)
    step_times, plain_times = [], []
    for _ in range(RUNS):
        seconds, plain_rows, count = plain(parquet, sql)
        plain_times.append(seconds)
        seconds, step_rows = project_step(parquet, defs, models)
        step_times.append(seconds)
    if not same(plain_rows, step_rows):
        raise SystemExit("het resultaat van de stap en van de kale SQL verschillen")
    result = {
        "modellen": len(models),
        "rijen": count,
        "stap_cpu_s": round(min(step_times), 3),
        "kaal_duckdb_cpu_s": round(min(plain_times), 3),
        "verhouding": round(min(step_times) / max(min(plain_times), 1e-6), 2),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
