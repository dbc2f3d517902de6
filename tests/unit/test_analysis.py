"""The analysis API on inline frames: largest remainder, keys, allocation, taakstelling."""

from __future__ import annotations

import pandas as pd
import pytest

from woonzorg_analyse import analysis
from woonzorg_analyse.errors import UsageError, WoonzorgError

A, B, C = "GM0001", "GM0002", "GM0003"


def three_gemeenten() -> pd.DataFrame:
    """The three-gemeente region of test_sql: inhabitants, social housing, uitstroom_bw today."""
    return pd.DataFrame(
        {
            "inwoners": [50000, 30000, 20000],
            "sociale_huurvoorraad": [10000.0, 2000.0, 8000.0],
            "huidig": [60.0, 10.0, 10.0],
        },
        index=[A, B, C],
    )


def test_largest_remainder_hand_computed_and_ties_by_code():
    assert analysis.largest_remainder(10, [1, 1, 1], [C, A, B]) == [3, 4, 3]  # GM0001 wins the tie
    assert analysis.largest_remainder(80, [0.5, 0.3, 0.2], [A, B, C]) == [40, 24, 16]
    assert analysis.largest_remainder(7, [0.45, 0.35, 0.2], [A, B, C]) == [3, 3, 1]  # 3.15 2.45 1.4
    assert analysis.largest_remainder(5, [0, 0], [A, B]) == [0, 0]


def test_largest_remainder_rejects_negative_input():
    with pytest.raises(ValueError):
        analysis.largest_remainder(-1, [1], [A])
    with pytest.raises(ValueError):
        analysis.largest_remainder(1, [-1, 2], [A, B])


@pytest.mark.parametrize(
    ("gewichten", "demping", "expected"),
    [
        ({"inwoners": 1.0}, None, [40, 24, 16]),
        ({"sociale_huurvoorraad": 1.0}, None, [40, 8, 32]),
        ({"inwoners": 0.5, "sociale_huurvoorraad": 0.5}, None, [40, 16, 24]),
        ({"inwoners": 0.5, "sociale_huurvoorraad": 0.5}, (1.0, 0.5), [36, 18, 26]),
    ],
)
def test_keys_and_allocation_hand_computed(gewichten, demping, expected):
    region = three_gemeenten()
    lq = (region["huidig"] / region["huidig"].sum()) / (region["inwoners"] / region["inwoners"].sum())
    drempel, exponent = demping or (None, 0.0)
    aandeel = analysis.verdeelsleutel_aandeel(region, gewichten, lq, drempel, exponent)
    assert aandeel.sum() == pytest.approx(1)
    assert analysis.largest_remainder(80, aandeel.tolist(), aandeel.index.tolist()) == expected


def test_allocate_uses_todays_total_or_the_given_one():
    frame = pd.DataFrame(
        {
            "regio_type": "koploperregio", "regio_code": "KL01", "aandachtsgroep": "uitstroom_bw",
            "verdeelsleutel": "inwoners", "gemeente_code": [A, B, C], "gemeente_naam": ["Aa", "Bee", "Cee"],
            "huidig": [60.0, 10.0, 10.0], "aandeel_sleutel": [0.5, 0.3, 0.2], "totaal_regio": 80,
        }
    )  # fmt: skip
    today = analysis.allocate(frame)
    assert today["eerlijk_aandeel"].tolist() == [40, 24, 16]
    assert today["verschil"].tolist() == [-20, 14, 6]
    other = analysis.allocate(frame, totaal=7)
    assert other["eerlijk_aandeel"].tolist() == [4, 2, 1]  # 3.5 2.1 1.4 -> 3 2 1 + A
    assert other["totaal_regio"].unique().tolist() == [7]
    with pytest.raises(UsageError):
        analysis.allocate(frame, totaal=-1)


def test_allocate_leaves_fair_share_empty_when_a_key_share_is_unknown():
    frame = pd.DataFrame(
        {
            "regio_type": "provincie", "regio_code": "PV20", "aandachtsgroep": "studenten",
            "verdeelsleutel": "sociale_huur", "gemeente_code": [A, B], "gemeente_naam": ["Aa", "Bee"],
            "huidig": [1.0, 2.0], "aandeel_sleutel": [0.5, None], "totaal_regio": 3,
        }
    )  # fmt: skip
    assert analysis.allocate(frame)["eerlijk_aandeel"].isna().all()


def test_taakstelling_example_of_the_domain_and_national_sum_exceeds_total():
    # 2025-II: 13,000 over 17,942,942 inhabitants on 1 January 2024; a gemeente of 50,000 gets 37
    bevolking = pd.DataFrame(
        {"gemeente_code": [A, B], "gemeente_naam": ["Aa", "Bee"], "inwoners": [50000, 17892942]}
    )
    result = analysis.taakstelling(bevolking, 13000)
    assert result["taakstelling"].tolist() == [37, 12964]
    assert result["taakstelling"].sum() > 13000
    exact = analysis.taakstelling(bevolking.assign(inwoners=[1, 1]), 4)  # no rounding when it divides
    assert exact["taakstelling"].tolist() == [2, 2]


@pytest.mark.parametrize("halfjaar", ["2025", "2025-III", "25-I", "2025-i", ""])
def test_parse_halfjaar_rejects_other_forms(halfjaar):
    with pytest.raises(UsageError):
        analysis.parse_halfjaar(halfjaar)


def test_parse_halfjaar_gives_first_day():
    assert analysis.parse_halfjaar("2025-II").begin == pd.Timestamp("2025-07-01").date()
    assert analysis.parse_halfjaar("2024-I").begin == pd.Timestamp("2024-01-01").date()


def test_connect_without_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(WoonzorgError, match="woonzorg build"):
        analysis.connect(tmp_path)


# --- what the tables and columns mean ----------------------------------------------------------


def test_describe_gives_every_column_of_a_table_its_definition(defs):
    frame = analysis.describe("agg__eerlijk_aandeel", definitions=defs)
    tabel = defs.tables["agg__eerlijk_aandeel"]
    assert frame.columns.tolist() == analysis.DESCRIBE_COLUMNS
    assert frame["veld"].tolist() == list(tabel.velden)
    assert frame.loc[frame["sleutel"], "veld"].tolist() == list(tabel.sleutel)
    assert set(frame["korrel"]) == {tabel.korrel}
    verschil = frame.set_index("veld").loc["verschil"]
    assert verschil["label"] == "Verschil"
    assert "positief: bij dit aandeel huisvest de gemeente meer dan nu" in verschil["omschrijving"]
    assert verschil["regionaal"] and verschil["leeg"]
    aandeel = frame.set_index("veld").loc["aandeel_sleutel"]
    assert (aandeel["eenheid"], aandeel["waarden"]) == ("fractie", "0 .. 1")
    assert frame.set_index("veld").loc["aandachtsgroep", "waarden"] == "codes: aandachtsgroepen"


def test_describe_covers_every_table_and_column_of_the_definitions(defs):
    frame = analysis.describe(definitions=defs)
    assert len(frame) == sum(len(t.velden) for t in defs.tables.values())
    assert frame["label"].str.len().gt(0).all() and frame["omschrijving"].str.len().gt(0).all()
    assert frame["tabel"].unique().tolist() == list(defs.tables)
    one = analysis.describe(veld="verschil", definitions=defs)
    assert set(one["tabel"]) == {n for n, t in defs.tables.items() if "verschil" in t.velden}
    assert len(one) >= 2


def test_describe_names_a_near_miss(defs):
    with pytest.raises(UsageError, match="onbekende tabel 'agg__eerlijk'; bedoelt u: agg__eerlijk_aandeel"):
        analysis.describe("agg__eerlijk", definitions=defs)
    with pytest.raises(UsageError, match="onbekende veld 'versch'; bedoelt u: verschil"):
        analysis.describe(veld="versch", definitions=defs)


def test_tables_lists_every_table_with_its_kind_grain_and_key(defs):
    from tests.conftest import ROOT

    frame = analysis.tables(ROOT)  # reads definitions/ of the project folder
    assert frame.columns.tolist() == analysis.TABLES_COLUMNS
    assert frame["tabel"].tolist() == list(defs.tables)
    assert frame["soort"].str.len().gt(0).all(), "every table has a known prefix"
    row = frame.set_index("tabel").loc["agg__eerlijk_aandeel"]
    assert row["korrel"] == defs.tables["agg__eerlijk_aandeel"].korrel
    assert row["sleutel"] == "regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code"
    assert row["soort"] == "analyse"
