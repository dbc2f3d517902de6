"""Move figures from an older gemeente indeling onto the reference year's indeling.

A dissolved code is followed through ``definitions/regios/herindelingen.csv`` (possibly over
several mergers) to the codes in force in the reference year; a split is shared out by
address share. Counts that must stay whole are rounded with the largest-remainder method per
source row (sql/int/int__grootste_rest.sql, ties to the lowest code), so the parts add up to the
original exactly. An unknown or unmapped code is an
error that names the code.
"""

from __future__ import annotations

import contextlib
from datetime import date

import numpy as np
import pandas as pd

from woonzorg_analyse import memory
from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DefinitionError
from woonzorg_analyse.transform.allocation import grootste_rest


def successors(code: str, defs: Definitions, until: date) -> list[tuple[str, float]]:
    """Return the codes (with shares summing to 1) that ``code`` became by ``until``.

    A code still in force on ``until`` maps onto itself.
    """
    key = ("successors", code, until)
    if key not in defs.cache:
        defs.cache[key] = _successors(code, defs, until)
    return defs.cache[key]


def _successors(code: str, defs: Definitions, until: date) -> list[tuple[str, float]]:
    in_force = defs.gemeenten_op(until)
    if code in in_force:
        return [(code, 1.0)]
    rules = defs.herindelingen[
        (defs.herindelingen["oud_code"] == code) & (defs.herindelingen["datum"] <= pd.Timestamp(until))
    ]
    if rules.empty:
        raise DefinitionError(
            f"gemeentecode {code} bestaat niet op {until:%d-%m-%Y} en heeft geen opvolger in "
            "definitions/regios/herindelingen.csv"
        )
    total = float(rules["aandeel_adressen"].sum())
    result: dict[str, float] = {}
    for rule in rules.itertuples():
        for successor, share in successors(rule.nieuw_code, defs, until):
            result[successor] = result.get(successor, 0.0) + float(rule.aandeel_adressen) / total * share
    return sorted(result.items())


def _split_whole(
    rows: list[dict], mappings: list[list[tuple[str, float]]], whole: tuple[str, ...]
) -> dict[tuple[int, str, str], int]:
    """Return (row number, column, successor code) -> whole part, for every ``whole`` column of a
    row that is shared out over its successors: one run of the largest-remainder method."""
    te_verdelen = [
        {
            "verdeling": f"{number}/{column}",
            "code": code,
            "te_verdelen": int(row[column]),
            "verdeelgewicht": share,
        }
        for number, (row, mapping) in enumerate(zip(rows, mappings, strict=True))
        for column in whole
        if not pd.isna(row[column])
        for code, share in mapping
    ]
    if not te_verdelen:
        return {}
    result = grootste_rest(pd.DataFrame(te_verdelen))
    return {
        (int(v.split("/", 1)[0]), v.split("/", 1)[1], code): int(amount)
        for v, code, amount in zip(result["verdeling"], result["code"], result["toegewezen"], strict=True)
    }


# The statuses of a figure, most restrictive first: a merged figure has the first one of its parts
# (none known: definitief).
STATUS_RANK = ("geheim", "onderdrukt", "bestaat_niet", "nader_voorlopig", "voorlopig", "nihil", "definitief")


def harmonise(
    frame: pd.DataFrame,
    defs: Definitions,
    *,
    keys: list[str],
    sums: list[str],
    whole: tuple[str, ...] = (),
    first: tuple[str, ...] = (),
    joined: tuple[str, ...] = (),
    jaar: int | None = None,
) -> pd.DataFrame:
    """Return ``frame`` with every gemeente_code on the indeling of 1 January ``jaar``.

    ``keys`` (including gemeente_code) identify a row after harmonisation; ``sums`` are added
    up when codes merge and shared out when a code splits (``whole`` ones with the largest
    remainder); ``first`` columns keep the first value of the merged rows; ``joined`` text columns
    (the place of a row in its raw file) list the distinct values of all merged rows. Adds the boolean
    column ``herindeling_toegepast``. Rows already on the target indeling pass unchanged.
    """
    for column in sums:
        if column not in whole and pd.api.types.is_integer_dtype(frame[column].dtype):
            # a share of a split is a fraction: a whole number must be split as one (``whole``)
            raise ValueError(f"harmonise: {column} holds whole numbers but is not in whole")
    jaar = defs.referentiejaar if jaar is None else jaar
    target = date(jaar, 1, 1)
    in_force = defs.gemeenten_op(target)
    moved = ~frame["gemeente_code"].isin(in_force).to_numpy(dtype=bool)
    if not moved.any():
        return frame.assign(herindeling_toegepast=False).reset_index(drop=True)
    rows = frame[moved].to_dict("records")
    mappings = [successors(row["gemeente_code"], defs, target) for row in rows]
    whole_parts = _split_whole(rows, mappings, whole)
    parts = []
    for number, (row, mapping) in enumerate(zip(rows, mappings, strict=True)):
        for code, share in mapping:
            part = dict(row)
            part["gemeente_code"] = code
            for column in sums:
                if (number, column, code) in whole_parts:
                    part[column] = whole_parts[(number, column, code)]
                elif not pd.isna(row[column]):
                    part[column] = row[column] * share
            parts.append(part)
    moved_frame = pd.DataFrame(parts)
    # A successor may also have rows of its own for the same key (a gemeente that absorbed
    # another): add those into the merge. Only a successor's rows can share a key with a moved
    # row, so only they are indexed, and the rows that stay are copied once: with a million
    # delivery rows each extra copy or index was hundreds of megabytes of the staging's peak.
    key_index = pd.MultiIndex.from_frame(moved_frame[keys].drop_duplicates())
    joins = ~moved & frame["gemeente_code"].isin(moved_frame["gemeente_code"].unique()).to_numpy(dtype=bool)
    joins[joins] = pd.MultiIndex.from_frame(frame.loc[joins, keys]).isin(key_index)
    merged_input = pd.concat([frame[joins], moved_frame])
    merged = _merge(merged_input, keys, sums, first, joined)
    merged["herindeling_toegepast"] = True
    del rows, parts, moved_frame, merged_input
    result = pd.concat(
        [frame[~moved & ~joins].assign(herindeling_toegepast=False), merged], ignore_index=True
    )
    del merged
    for column in frame.columns:
        if column in result.columns:
            with contextlib.suppress(TypeError, ValueError):
                result[column] = result[column].astype(frame[column].dtype)
    order = [c for c in frame.columns if c in result.columns] + ["herindeling_toegepast"]
    result = result[order]  # (no other reference: _sorted lets each column go)
    return _sorted(result, keys)


def _merge(
    frame: pd.DataFrame, keys: list[str], sums: list[str], first: tuple[str, ...], joined: tuple[str, ...]
) -> pd.DataFrame:
    """Return one row per ``keys`` of ``frame`` (sorted by them, NA keys kept): each of ``sums``
    added up, missing when any part is missing (a merged figure with an unknown part is unknown);
    each of ``first`` its first non-missing value; each of ``joined`` the distinct texts of the
    rows in order, '; ' between them; and ``status``, when listed, the most restrictive status of
    the parts (:data:`STATUS_RANK`).

    Vectorised per column instead of a ``groupby().agg`` that called Python for every group (with
    100 times the delivery rounds the staging took 4,3 CPU s with it, 3,4-4,0 s without).
    """
    grouped = frame.groupby(keys, sort=True, dropna=False)
    group = grouped.ngroup().to_numpy()
    merged = grouped.size().reset_index()[keys]
    for column in [*sums, *first, *joined]:
        if column in merged.columns:
            continue
        values = frame[column]
        if column == "status":
            merged[column] = _merge_status(values, group, grouped.ngroups)
        elif column in sums:
            merged[column] = _strict_sums(values, group, grouped.ngroups)
        elif column in first:
            merged[column] = values.groupby(group, sort=True).first().to_numpy()
        else:
            merged[column] = _joined(values, group, grouped.ngroups)
    return merged


def _strict_sums(values: pd.Series, group: np.ndarray, groups: int) -> pd.api.extensions.ExtensionArray:
    """The sum of every group (Int64 for whole numbers, else Float64), missing when a part is
    missing. Whole numbers are added per group at once (exact in any order); fractions group by
    group with numpy over the group's values in row order, which gives the bits ``Series.sum``
    gives (a grouped sum adds with compensation and may differ in the last bit: byte-identical
    tables would then change with the code, not the data)."""
    unknown = values.isna().groupby(group, sort=True).any().to_numpy()
    if pd.api.types.is_integer_dtype(values.dtype):
        totals = values.groupby(group, sort=True).sum().tolist()
        return pd.array(
            [pd.NA if u else t for u, t in zip(unknown.tolist(), totals, strict=True)], dtype="Int64"
        )
    order = np.argsort(group, kind="stable")
    ordered = values.to_numpy(dtype=object if values.dtype == object else "float64", na_value=np.nan)[order]
    bounds = np.searchsorted(group[order], np.arange(groups + 1)).tolist()
    sums = [pd.NA if unknown[g] else ordered[bounds[g] : bounds[g + 1]].sum() for g in range(groups)]
    return pd.array(sums, dtype="Float64")


def _merge_status(statuses: pd.Series, group, groups: int) -> list[str]:
    """The merged status of every group: the lowest rank in :data:`STATUS_RANK` of its statuses
    (an unknown or missing status does not count; none known: definitief)."""
    ranks = statuses.map({s: float(i) for i, s in enumerate(STATUS_RANK)}).astype("float64")
    lowest = ranks.groupby(group, sort=True).min().reindex(range(groups))
    return [STATUS_RANK[int(r)] if r == r else "definitief" for r in lowest.to_numpy()]


def _joined(values: pd.Series, group, groups: int) -> list[str]:
    """The distinct texts of every group's rows, in order of the rows, '; ' between them."""
    texts: list[dict[str, None]] = [{} for _ in range(groups)]
    for number, value in zip(group.tolist(), values.tolist(), strict=True):
        if not (value is None or value is pd.NA or (isinstance(value, float) and value != value)):
            texts[number][str(value)] = None
    return ["; ".join(distinct) for distinct in texts]


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return ``frame`` sorted by ``keys`` (as ``sort_values``, with a fresh index), made column
    by column, each column taken out of ``frame`` (which ends empty) once sorted: a million rows
    are then held once and a column, not twice."""
    positions = frame[keys].sort_values(keys).index.to_numpy()
    columns = list(frame.columns)
    data = {}
    for column in columns:
        values = frame.pop(column)
        data[column] = pd.Series(values.array.take(positions), dtype=values.dtype, copy=False)
        del values
        memory.release()  # the unsorted column, for the next one
    return pd.DataFrame(data, columns=columns)
