"""Herindeling: merges add up, splits share out by address share with whole numbers."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg_analyse.errors import DefinitionError
from woonzorg_analyse.transform.allocation import largest_remainder
from woonzorg_analyse.transform.harmonise import STATUS_RANK, _merge, harmonise, successors


def test_merger_maps_onto_the_new_code(defs):
    assert successors("GM0501", defs, date(2025, 1, 1)) == [("GM1992", 1.0)]
    assert successors("GM0457", defs, date(2025, 1, 1)) == [("GM0363", 1.0)]
    assert successors("GM0363", defs, date(2025, 1, 1)) == [("GM0363", 1.0)]


def test_split_follows_address_shares(defs):
    haaren = dict(successors("GM0788", defs, date(2025, 1, 1)))
    assert set(haaren) == {"GM0757", "GM0824", "GM0855", "GM0865"}
    assert haaren["GM0824"] == pytest.approx(0.4235, abs=1e-4)
    assert sum(haaren.values()) == pytest.approx(1.0)


def test_unknown_code_is_an_error_naming_the_code(defs):
    with pytest.raises(DefinitionError, match="GM9999 bestaat niet op 01-01-2025 en heeft geen opvolger"):
        successors("GM9999", defs, date(2025, 1, 1))


def test_voorne_aan_zee_parts_are_added_to_one_row(defs):
    frame = pd.DataFrame(
        {
            "gemeente_code": ["GM0501", "GM0530", "GM0614", "GM0014"],
            "peildatum": pd.to_datetime(["2022-12-31"] * 4),
            "aantal": pd.array([2.0, 5.0, None, 7.0], dtype="Float64"),
            "aantal_min": pd.array([2.0, 5.0, 0.0, 7.0], dtype="Float64"),
            "aantal_max": pd.array([2.0, 5.0, 4.0, 7.0], dtype="Float64"),
            "status": ["definitief", "definitief", "onderdrukt", "definitief"],
        }
    )
    result = harmonise(
        frame,
        defs,
        keys=["gemeente_code", "peildatum"],
        sums=["aantal", "aantal_min", "aantal_max"],
        first=("status",),
    )
    voorne = result[result["gemeente_code"] == "GM1992"].iloc[0]
    assert pd.isna(voorne["aantal"])  # one part unknown: the sum is unknown, never silently 5+2
    assert (voorne["aantal_min"], voorne["aantal_max"]) == (7.0, 11.0)
    assert voorne["status"] == "onderdrukt"
    assert bool(voorne["herindeling_toegepast"])
    groningen = result[result["gemeente_code"] == "GM0014"].iloc[0]
    assert groningen["aantal"] == 7.0 and not bool(groningen["herindeling_toegepast"])


def test_split_of_whole_numbers_keeps_the_total(defs):
    frame = pd.DataFrame(
        {
            "gemeente_code": ["GM0788", "GM0855"],
            "peildatum": pd.to_datetime(["2020-01-01"] * 2),
            "inwoners": pd.array([14_000, 200_000], dtype="Int64"),
        }
    )
    result = harmonise(
        frame, defs, keys=["gemeente_code", "peildatum"], sums=["inwoners"], whole=("inwoners",)
    )
    assert int(result["inwoners"].sum()) == 214_000
    tilburg = result.loc[result["gemeente_code"] == "GM0855", "inwoners"].item()
    assert tilburg == 200_000 + round(14_000 * 0.0838)


@given(st.integers(0, 10_000), st.lists(st.floats(0.01, 1.0), min_size=1, max_size=8))
def test_largest_remainder_sums_exactly(total, weights):
    parts = largest_remainder(total, weights, [f"GM{i:04d}" for i in range(len(weights))])
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    exact = [total * w / sum(weights) for w in weights]
    assert all(abs(p - x) < 1 for p, x in zip(parts, exact, strict=True))


def test_largest_remainder_breaks_ties_by_the_lowest_code_not_the_position():
    assert largest_remainder(1, [1.0, 1.0, 1.0], ["GM0003", "GM0001", "GM0002"]) == [0, 1, 0]
    assert largest_remainder(2, [1.0, 1.0, 1.0], ["GM0003", "GM0001", "GM0002"]) == [0, 1, 1]


# The merge of rows that land on one key, written the plain way: a Python function per group
# (what harmonise did before it was vectorised). harmonise._merge must give the same rows.
def _sum_strict(values: pd.Series) -> object:
    return pd.NA if values.isna().any() else values.sum()


def _join(values: pd.Series) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values.dropna()))


def _status(statuses: pd.Series) -> str:
    present = set(statuses.dropna())
    return next((s for s in STATUS_RANK if s in present), "definitief")


def _plain_merge(frame, keys, sums, first, joined):
    aggregations = {c: _sum_strict for c in sums}
    aggregations.update({c: "first" for c in first})
    aggregations.update({c: _join for c in joined})
    if "status" in aggregations:
        aggregations["status"] = _status
    return frame.groupby(keys, sort=True, dropna=False).agg(aggregations).reset_index()


def _cells(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The rows as plain Python values, every kind of missing as None."""
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in frame[columns].astype(object).itertuples(index=False)
    ]


_rows = st.lists(
    st.tuples(
        st.sampled_from(["GM0001", "GM0002", "GM0003", None]),
        st.sampled_from([2023, 2024]),
        # fractions (a share of a split) whose sum of three or more depends on how it is added
        st.one_of(st.none(), st.integers(0, 50).map(float), st.integers(0, 10**6).map(lambda x: x / 3)),
        st.one_of(st.none(), st.integers(0, 50)),
        st.sampled_from([*STATUS_RANK, "onbekend", None]),
        st.sampled_from(["a.csv", "b.xlsx", None]),
        st.sampled_from(["rij 2", "rij 3", "blad x rij 4", None]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300)
@given(_rows)
def test_the_vectorised_merge_gives_what_a_function_per_group_gives(rows):
    frame = pd.DataFrame(
        rows, columns=["gemeente_code", "jaar", "aantal", "inwoners", "status", "bestand", "plaats"]
    )
    # as the merge gets it when a moved row lacks a figure: the parts of a split in an object column
    frame["gedeeld"] = frame["aantal"].astype(object).where(frame["aantal"].notna(), None)
    frame = frame.astype({"gemeente_code": "str", "aantal": "Float64", "inwoners": "Int64", "status": "str",
              "bestand": "str", "plaats": "str"})  # fmt: skip
    keys, first, joined = ["gemeente_code", "jaar"], ("status", "bestand"), ("plaats",)
    sums = ["aantal", "inwoners", "gedeeld"]
    columns = [*keys, *sums, *first, *joined]
    merged = _merge(frame, keys, sums, first, joined)
    # exactly: a sum that differs in its last bit would change the byte-identical tables
    assert _cells(merged, columns) == _cells(_plain_merge(frame, keys, sums, first, joined), columns)
    assert [str(merged[c].dtype) for c in sums] == ["Float64", "Int64", "Float64"]


@pytest.mark.parametrize("size", [3, 9, 130])
def test_merged_fractions_are_added_as_series_sum_adds_them(size):
    # numpy adds up to 7 numbers one by one and more in eight running sums: the same bits either way
    values = [((7 * i) % 11 + 0.1) / 3 for i in range(size)]
    frame = pd.DataFrame(
        {
            "gemeente_code": ["GM0001"] * size,
            "jaar": [2024] * size,
            "aantal": pd.array(values, dtype="Float64"),
        }
    )
    merged = _merge(frame, ["gemeente_code", "jaar"], ["aantal"], (), ())
    assert merged["aantal"].tolist() == [pd.Series(values, dtype="Float64").sum()]


def test_a_whole_number_that_is_not_split_as_whole_is_refused(defs):
    frame = pd.DataFrame(
        {
            "gemeente_code": ["GM0788"],
            "peildatum": pd.to_datetime(["2020-01-01"]),
            "inwoners": pd.array([14_000], dtype="Int64"),
        }
    )
    with pytest.raises(ValueError, match="inwoners holds whole numbers but is not in whole"):
        harmonise(frame, defs, keys=["gemeente_code", "peildatum"], sums=["inwoners"])


def test_merged_fractions_are_added_in_row_order_as_a_plain_sum():
    # 0.1 + 0.2 + 0.3 is 0.6000000000000001 added left to right, 0.6 with a compensated sum
    frame = pd.DataFrame(
        {
            "gemeente_code": ["GM0001"] * 3,
            "jaar": [2024] * 3,
            "aantal": pd.array([0.1, 0.2, 0.3], dtype="Float64"),
        }
    )
    merged = _merge(frame, ["gemeente_code", "jaar"], ["aantal"], (), ())
    assert merged["aantal"].tolist() == [0.1 + 0.2 + 0.3]
