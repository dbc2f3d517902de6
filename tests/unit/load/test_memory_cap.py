"""The build's DuckDB memory cap: a statement that cannot run within it runs again without it."""

from __future__ import annotations

import duckdb
import pytest

from woonzorg_analyse.load.warehouse import _within_memory


def test_a_statement_too_large_for_the_cap_runs_again_without_it_and_the_cap_returns(tmp_path):
    con = duckdb.connect(config={"threads": 1, "memory_limit": "2MB", "temp_directory": str(tmp_path)})
    runs = []

    def step() -> int:
        runs.append(1)
        con.execute("create or replace table t as select range as i from range(3000000) order by hash(range)")
        return con.execute("select count(*) from t").fetchall()[0][0]

    capped = con.execute("select current_setting('memory_limit')").fetchall()
    assert _within_memory(con, step, "2MB") == 3_000_000
    assert len(runs) == 2  # out of memory under the cap, then done without it
    assert con.execute("select current_setting('memory_limit')").fetchall() == capped


def test_other_errors_are_not_retried(tmp_path):
    con = duckdb.connect(config={"threads": 1, "memory_limit": "1GB", "temp_directory": str(tmp_path)})
    runs = []

    def step() -> int:
        runs.append(1)
        return con.execute("select * from missing_table").fetchall()

    with pytest.raises(duckdb.CatalogException):
        _within_memory(con, step, "1GB")
    assert len(runs) == 1
