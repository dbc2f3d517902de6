"""The rows of a mart selection as the report builders read them (report.tabel.records)."""

from __future__ import annotations

import pandas as pd

from woonzorg_analyse.report.tabel import records


def test_records_give_python_values_and_none_for_every_kind_of_missing():
    frame = pd.DataFrame(
        {
            "gemeente_code": pd.array(["GM0001", None], dtype="string"),
            "aantal": [12.5, float("nan")],
            "rijen": [3, 4],
            "klein": pd.array([1, None], dtype="Int64"),
            "peildatum": pd.to_datetime(["2024-01-01", None]),
            "onzeker": [True, False],
        }
    )
    first, second = records(frame)
    assert first == {
        "gemeente_code": "GM0001",
        "aantal": 12.5,
        "rijen": 3,
        "klein": 1,
        "peildatum": pd.Timestamp("2024-01-01"),
        "onzeker": True,
    }
    assert second["gemeente_code"] is None and second["aantal"] is None and second["klein"] is None
    assert second["peildatum"] is None and second["rijen"] == 4 and second["onzeker"] is False


def test_records_of_an_empty_selection_are_empty():
    assert records(pd.DataFrame({"a": []})) == []
