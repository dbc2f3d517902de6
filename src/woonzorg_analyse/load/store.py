"""The one choke point through which every table is written.

:func:`write_table` conforms a frame to its definition, validates it lazily against the
generated schema (all failures at once), and only then writes Parquet atomically
(:mod:`woonzorg_analyse.load.files`). Steps never write files themselves.

:func:`write_query` does the same for a table that DuckDB computes (the SQL tiers), without a
round trip through pandas: the query's result is conformed in SQL (the columns of the
definition, in order, cast to their types), the generated schema's rules are checked in one SQL
query, and DuckDB writes the Parquet. The rules are those of the same generated pandera schema
(:func:`definitions.schemas.schema_for`), translated check by check; a table with a check or a
type that has no translation goes through :func:`write_table` instead, and a table that breaks
a rule is validated by pandera itself, so that the messages are the same on both paths.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow as pyarrow
import pyarrow.parquet as pq

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.definitions.schemas import conform, schema_columns, schema_for
from woonzorg_analyse.errors import DataError, Problem
from woonzorg_analyse.load.files import atomic_write

# The DuckDB type of each field type of velden.yaml: the types a table has in the warehouse
# when pandas writes it (definitions.schemas.PANDAS_DTYPES) and DuckDB reads it back.
SQL_TYPES = {"str": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "bool": "BOOLEAN", "date": "TIMESTAMP"}
# The result types that cast to each of them without losing or inventing a value, as pandas'
# astype would: a whole number never comes from a fraction (that would round it).
_SAFE_CASTS = {
    "VARCHAR": {"VARCHAR"},
    "BIGINT": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
               "UTINYINT"},
    "DOUBLE": {"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "DECIMAL"},
    "BOOLEAN": {"BOOLEAN"},
    "TIMESTAMP": {"TIMESTAMP", "DATE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"},
    "NULL": set(),
}  # fmt: skip


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _check_sql(check: pa.Check, column: str) -> str | None:
    """Return a SQL condition that is true where a non-null value of ``column`` breaks ``check``,
    or None when the check has no translation (the table then goes through pandas)."""
    c, stats = column, check.statistics or {}
    if check.name == "greater_than_or_equal_to":
        return f"{c} < {_literal(stats['min_value'])}"
    if check.name == "less_than_or_equal_to":
        return f"{c} > {_literal(stats['max_value'])}"
    if check.name == "greater_than":
        return f"{c} <= {_literal(stats['min_value'])}"
    if check.name == "less_than":
        return f"{c} >= {_literal(stats['max_value'])}"
    if check.name == "in_range":
        low = "<" if stats.get("include_min", True) else "<="
        high = ">" if stats.get("include_max", True) else ">="
        return f"({c} {low} {_literal(stats['min_value'])} or {c} {high} {_literal(stats['max_value'])})"
    if check.name == "isin":
        allowed = ", ".join(_literal(v) for v in stats["allowed_values"])
        return f"{c} not in ({allowed})"
    if check.name == "str_matches":
        # pandera matches at the start of the value (re.match); the patterns are RE2-compatible
        return f"not regexp_matches({c}, {_literal('^(?:' + str(stats['pattern']) + ')')})"
    return None


def _conformed_select(relation, table: str, defs: Definitions) -> str | None:
    """Return the select list that conforms a query result to ``table`` (its columns in order,
    cast to their types; a column the query lacks is empty), or None when a column's type does
    not cast safely."""
    spec = defs.tables[table]
    have = {
        name: str(kind).split("(")[0] for name, kind in zip(relation.columns, relation.types, strict=True)
    }
    select = []
    for name in spec.velden:
        target = SQL_TYPES[defs.fields[name].type]
        if name not in have:
            select.append(f"cast(null as {target}) as {_quote(name)}")
        elif have[name] == target:
            select.append(_quote(name))
        elif have[name] in _SAFE_CASTS[target]:
            select.append(f"cast({_quote(name)} as {target}) as {_quote(name)}")
        else:
            return None
    return ", ".join(select)


def _failures_sql(table: str, defs: Definitions) -> str | None:
    """Return one query giving a number above zero when a row of ``table`` (in the warehouse)
    breaks a rule of its generated schema: a null where none is allowed, a value check, a repeated
    primary key (it counts the rows, or for a column with a pattern the distinct texts, that break
    one). None when a check has no SQL translation."""
    columns = schema_columns(table, defs)  # those of schema_for, without building the schema
    conditions = []
    for name, column in columns.items():
        q = _quote(name)
        double = SQL_TYPES[defs.fields[name].type] == "DOUBLE"
        missing = f"({q} is null or isnan({q}))" if double else f"{q} is null"
        if not column.nullable:
            conditions.append(f"count_if({missing})")
        if any(check.name == "str_matches" for check in column.checks):
            # a pattern is tested once per distinct text, not per row (a code column of millions
            # of rows holds a few hundred codes): counts the distinct texts that break a check
            tests = [_check_sql(check, "v") for check in column.checks]
            if None in tests:
                return None
            conditions.append(
                f"(select count(*) from (select distinct {q} as v from {_quote(table)}) "
                f"where v is not null and ({' or '.join(tests)}))"
            )
        else:
            for check in column.checks:
                condition = _check_sql(check, q)
                if condition is None:
                    return None
                # NaN compares as the largest number in SQL but is missing to pandera: count it
                # as a failure, so that pandera decides
                nan = f"isnan({q})" if double else "false"
                conditions.append(f"count_if(not ({q} is null) and ({condition} or {nan}))")
        if column.unique:
            conditions.append(f"count(*) - count(distinct {q})")
    key = ", ".join(_quote(k) for k in defs.tables[table].sleutel)  # schema_for's unique
    if key:
        # a repeated key gives a repeated hash of the key: the rows less the distinct hashes, in
        # the same scan (grouping by every key column took two to three times as long: 1,0-1,8
        # against 0,6 CPU s for 3,5 million rows). Two keys with one hash (about 1 in 40 million
        # for a million rows) only send the table to pandera, which finds no repeat. A NaN in a
        # key is a missing value: counted above, pandera decides.
        conditions.append(f"count(*) - count(distinct hash({key}))")
    counts = " + ".join(conditions) if conditions else "0"
    return f"select {counts} from {_quote(table)}"


_FINAL_ORDER = re.compile(r"\norder by [^\n;]*;?\s*$", re.IGNORECASE)


def _unordered(sql: str) -> str:
    """Return ``sql`` without its final ``order by`` line: the table is sorted by its key anyway,
    and sorting every model twice cost the build about half a CPU second."""
    return _FINAL_ORDER.sub("\n", sql)


def write_query(connection, sql: str, table: str, defs: Definitions, folder: Path | None) -> int:
    """Create ``table`` in ``connection`` from the query ``sql``, validated against the generated
    schema of ``table``, and write ``folder/<table>.parquet`` atomically (when ``folder`` is
    given); return its row count.

    The table holds the columns of the definition in order, cast to their types, its rows in
    primary key order, as :func:`write_table` writes them. Raises DataError with every failure
    (the messages of pandera) and leaves no table behind on failure.
    """
    relation = connection.sql(sql)
    select = _conformed_select(relation, table, defs)
    failures = _failures_sql(table, defs) if select is not None else None
    if select is None or failures is None:
        # a type or check without a SQL translation: the pandas path, with the same rules
        frame = relation.to_arrow_table().to_pandas()
        frame = (
            write_table(frame, table, defs, folder)
            if folder is not None
            else validate_table(frame, table, defs)
        )
        connection.register("_store_frame", frame)
        try:
            connection.execute(f"create or replace table {_quote(table)} as select * from _store_frame")
        finally:
            connection.unregister("_store_frame")
        return len(frame)
    key = ", ".join(_quote(k) for k in defs.tables[table].sleutel)
    connection.execute(
        f"create or replace table {_quote(table)} as select {select} from ({_unordered(sql)}) order by {key}"
    )
    if connection.execute(failures).fetchall()[0][0]:
        # pandera decides and names every failure (the SQL counts a NaN as one; pandera may not)
        try:
            validate_table(
                connection.sql(f"select * from {_quote(table)}").to_arrow_table().to_pandas(), table, defs
            )
        except DataError:
            connection.execute(f"drop table {_quote(table)}")
            raise
    if folder is not None:
        metadata = {"woonzorg.definitions_version": defs.version, "woonzorg.table": table}
        options = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in metadata.items())

        def copy(temporary: Path) -> None:
            connection.execute(
                f"copy {_quote(table)} to {_literal(str(temporary))} "
                f"(format parquet, compression zstd, compression_level 1, kv_metadata {{{options}}})"
            )

        atomic_write(Path(folder) / f"{table}.parquet", copy)
    return connection.execute(f"select count(*) from {_quote(table)}").fetchall()[0][0]
