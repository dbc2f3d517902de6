"""write_query: a table computed by DuckDB goes through the same choke point as a frame.

It must give the table write_table gives (columns, types, order, rows), accept what pandera
accepts and reject what pandera rejects, with pandera's messages.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from woonzorg_analyse.errors import DataError
from woonzorg_analyse.load.store import read_table, validate_table, write_query, write_table

TABLE = "rpt__regio"  # regio_type, regio_code, regio_naam, aantal_gemeenten, inwoners, ...
GOOD = """
select * from (values
    ('woondealregio', 'WD02', 'Twee', 3, 2000, timestamp '2024-01-01', timestamp '2024-01-01'),
    ('koploperregio', 'KL07', 'Hart van Brabant', 9::integer, null, timestamp '2024-01-01', null),
    ('woondealregio', 'WD01', 'Een', 2, 1500, timestamp '2024-01-01', timestamp '2023-12-31')
) as t(regio_type, regio_code, regio_naam, aantal_gemeenten, inwoners, peildatum_laatste, inwoners_peildatum)
"""


@pytest.fixture
def con():
    connection = duckdb.connect(config={"threads": 1})
    yield connection
    connection.close()


def test_the_table_and_its_parquet_are_those_of_write_table(con, defs, tmp_path):
    rows = write_query(con, GOOD, TABLE, defs, tmp_path / "sql")
    frame = con.sql(GOOD).to_arrow_table().to_pandas()
    expected = write_table(frame, TABLE, defs, tmp_path / "pandas")
    assert rows == 3
    # the warehouse table: the definition's columns in order, its types, rows by primary key
    columns = con.execute(
        "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index",
        [TABLE],
    ).fetchall()
    assert [c for c, _ in columns] == list(defs.tables[TABLE].velden)
    assert dict(columns)["aantal_gemeenten"] == "BIGINT" and dict(columns)["peildatum_laatste"] == "TIMESTAMP"
    assert con.execute(f"select regio_code from {TABLE}").fetchall() == [("KL07",), ("WD01",), ("WD02",)]
    # the Parquet reads back as the same validated frame as the one write_table wrote
    pd.testing.assert_frame_equal(
        validate_table(read_table(TABLE, tmp_path / "sql"), TABLE, defs),
        validate_table(read_table(TABLE, tmp_path / "pandas"), TABLE, defs),
    )
    pd.testing.assert_frame_equal(validate_table(read_table(TABLE, tmp_path / "sql"), TABLE, defs), expected)


def test_a_final_order_of_the_query_is_replaced_by_the_key_order(con, defs, tmp_path):
    # a model's own final "order by" is dropped (the table is sorted by its key once, not twice);
    # an "order by" inside the query is left alone
    reversed_order = GOOD + "order by regio_code desc\n"
    inner = f"with t as ({GOOD}\norder by regio_code desc\nlimit 2\n)\nselect * from t"
    write_query(con, reversed_order, TABLE, defs, tmp_path)
    assert con.execute(f"select regio_code from {TABLE}").fetchall() == [("KL07",), ("WD01",), ("WD02",)]
    write_query(con, inner, TABLE, defs, tmp_path)
    assert con.execute(f"select regio_code from {TABLE}").fetchall() == [("WD01",), ("WD02",)]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ("'WD01' as regio_code, 'Een' as regio_naam", "multiple_fields_uniqueness"),  # repeated key
        ("'wd1' as regio_code, 'Een' as regio_naam", "voldoet niet aan het patroon"),  # pattern
        ("null as regio_code, 'Een' as regio_naam", "not_nullable"),  # key without a value
        ("'WD09' as regio_code, 'Negen' as regio_naam, -1 as aantal_gemeenten", "moet 0 of groter zijn"),
    ],
)
def test_a_broken_rule_is_named_as_pandera_names_it_and_no_table_is_left(con, defs, tmp_path, change, rule):
    names = [n.split(" as ")[-1].strip() for n in change.split(", ")]
    kept = ", ".join(
        c
        for c in (
            "regio_type",
            "regio_code",
            "regio_naam",
            "aantal_gemeenten",
            "inwoners",
            "peildatum_laatste",
            "inwoners_peildatum",
        )
        if c not in names
    )
    sql = f"select {kept}, {change} from ({GOOD}) where regio_code = 'WD02' union all by name {GOOD}"
    with pytest.raises(DataError) as sql_error:
        write_query(con, sql, TABLE, defs, tmp_path)
    with pytest.raises(DataError) as pandas_error:
        validate_table(con.sql(sql).to_arrow_table().to_pandas(), TABLE, defs)
    assert any(rule in p.regel for p in sql_error.value.problems)
    assert {(p.kolom, p.regel, p.waarde) for p in sql_error.value.problems} == {
        (p.kolom, p.regel, p.waarde) for p in pandas_error.value.problems
    }
    assert not con.execute("select * from duckdb_tables() where table_name = ?", [TABLE]).fetchall()
    assert not (tmp_path / f"{TABLE}.parquet").exists()


def test_a_fraction_for_a_whole_number_goes_through_pandas_and_is_refused(con, defs, tmp_path):
    sql = GOOD.replace("9::integer", "9.5")  # DECIMAL: no safe cast to BIGINT, pandas decides
    with pytest.raises(DataError):
        write_query(con, sql, TABLE, defs, tmp_path)
    assert not (tmp_path / f"{TABLE}.parquet").exists()
    ok = GOOD.replace("9::integer", "9.0")  # a whole number as a fraction: pandas accepts it
    assert write_query(con, ok, TABLE, defs, tmp_path) == 3
    assert con.execute(f"select aantal_gemeenten from {TABLE} where regio_code = 'KL07'").fetchall() == [(9,)]


def test_a_missing_column_is_empty_and_a_rule_decides(con, defs, tmp_path):
    without = "select * exclude (inwoners) from (" + GOOD + ")"
    assert write_query(con, without, TABLE, defs, tmp_path) == 3  # inwoners may be empty
    assert con.execute(f"select count(inwoners) from {TABLE}").fetchall() == [(0,)]
    no_count = "select * exclude (aantal_gemeenten) from (" + GOOD + ")"
    with pytest.raises(DataError) as error:
        write_query(con, no_count, TABLE, defs, tmp_path)
    assert {p.kolom for p in error.value.problems} == {"aantal_gemeenten"}
