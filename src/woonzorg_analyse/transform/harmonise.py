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


def _join(values: pd.Series) -> str:
    """The distinct texts of merged rows, in order, separated by '; '."""
    return "; ".join(dict.fromkeys(str(v) for v in values.dropna()))


def _sum_strict(values: pd.Series) -> object:
    """Sum that stays missing when any part is missing (a merged figure with an unknown part is
    unknown)."""
    return pd.NA if values.isna().any() else values.sum()


STATUS_RANK = ("geheim", "onderdrukt", "bestaat_niet", "nader_voorlopig", "voorlopig", "nihil", "definitief")


def merge_status(statuses: pd.Series) -> str:
    """Return the status of a merged figure: the most restrictive status of its parts."""
    present = set(statuses.dropna())
    return next((s for s in STATUS_RANK if s in present), "definitief")


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
    aggregations = {c: _sum_strict for c in sums}
    aggregations.update({c: "first" for c in first})
    aggregations.update({c: _join for c in joined})
    if "status" in aggregations:
        aggregations["status"] = merge_status
    merged = merged_input.groupby(keys, sort=True, dropna=False).agg(aggregations).reset_index()
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
