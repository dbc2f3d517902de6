"""Generate pandera schemas from the definitions (velden.yaml and tabellen.yaml).

No schema in this project is written by hand: a table's columns, dtypes, ranges, allowed
values, patterns and primary key all come from ``definitions/``.
"""

from __future__ import annotations

import pandera.pandas as pa

from woonzorg_analyse.definitions import Definitions, Veld
from woonzorg_analyse.formatting import kaal

PANDAS_DTYPES = {
    "str": "str",
    "Int64": "Int64",
    "Float64": "Float64",
    "bool": "boolean",
    "date": "datetime64[us]",
}


def field_checks(item: Veld, defs: Definitions) -> list[pa.Check]:
    """Return the value checks of one field: range, allowed values and pattern."""
    checks: list[pa.Check] = []
    if item.min is not None:
        checks.append(pa.Check.ge(item.min, error=f"moet {kaal(item.min)} of groter zijn"))
    if item.max is not None:
        checks.append(pa.Check.le(item.max, error=f"moet {kaal(item.max)} of kleiner zijn"))
    allowed = item.waarden or (defs.code_lists[item.codes] if item.codes else None)
    if allowed:
        shown = ", ".join(allowed) if len(allowed) <= 20 else f"zie definitions/ ({item.codes})"
        checks.append(pa.Check.isin(list(allowed), error=f"onbekende waarde (toegestaan: {shown})"))
    if item.patroon:
        checks.append(
            pa.Check.str_matches(item.patroon, error=f"voldoet niet aan het patroon {item.patroon}")
        )
    return checks


def column_for(item: Veld, defs: Definitions, key: bool = False, leeg: bool = False) -> pa.Column:
    """Return the pandera column of one field; key columns are never null; ``leeg`` allows empty
    values in this table for a field that is not empty in general."""
    return pa.Column(
        PANDAS_DTYPES[item.type],
        checks=field_checks(item, defs),
        nullable=(item.leeg or leeg) and not key,
        title=item.label,
        description=item.omschrijving,
    )


def value_schema(columns: list[str], defs: Definitions) -> pa.DataFrameSchema:
    """Return a schema that checks only the values (ranges, codes, patterns) of ``columns``.

    Used on raw deliveries before they are typed into a table, so that every value problem
    can be reported with the row it came from.
    """
    return pa.DataFrameSchema(
        {
            name: pa.Column(None, checks=field_checks(defs.fields[name], defs), nullable=True)
            for name in columns
        },
        strict=False,
    )


def schema_columns(table: str, defs: Definitions) -> dict[str, pa.Column]:
    """Return the columns of the generated schema of ``table`` (:func:`schema_for`), in order,
    without building the schema (pandera copies every column into it: the SQL checks of
    load.store need only the columns, 46 times a build)."""
    spec = defs.tables[table]
    return {
        name: column_for(defs.fields[name], defs, key=name in spec.sleutel, leeg=name in spec.leeg)
        for name in spec.velden
    }


def schema_for(table: str, defs: Definitions) -> pa.DataFrameSchema:
    """Return the generated schema of ``table``: strict columns in order, unique key."""
    spec = defs.tables[table]
    columns = schema_columns(table, defs)
    return pa.DataFrameSchema(
        columns,
        strict=True,
        ordered=True,
        unique=list(spec.sleutel),
        report_duplicates="all",
        name=table,
        title=spec.omschrijving,
        description=spec.korrel,
    )


def empty_frame(table: str, defs: Definitions):
    """Return an empty DataFrame with the columns and dtypes of ``table``."""
    import pandas as pd

    spec = defs.tables[table]
    return pd.DataFrame(
        {name: pd.Series([], dtype=PANDAS_DTYPES[defs.fields[name].type]) for name in spec.velden}
    )


def conform(frame, table: str, defs: Definitions):
    """Return ``frame`` with exactly the columns of ``table``, in order, cast to their dtypes.

    Casting is where a loader's typed output meets the definitions; a value that cannot be
    cast is left to the validator to report.
    """
    import pandas as pd

    spec = defs.tables[table]
    result = pd.DataFrame(index=frame.index)
    for name in spec.velden:
        dtype = PANDAS_DTYPES[defs.fields[name].type]
        column = frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index)
        try:
            result[name] = column.astype(dtype)
        except (TypeError, ValueError):
            result[name] = column
    return result.reset_index(drop=True)
