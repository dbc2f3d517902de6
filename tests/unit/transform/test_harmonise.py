"""Herindeling: merges add up, splits share out by address share with whole numbers."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonzorg_analyse.errors import DefinitionError
from woonzorg_analyse.transform.allocation import largest_remainder
from woonzorg_analyse.transform.harmonise import harmonise, successors


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
