"""Properties of the allocation, the taakstelling and the suppression intervals (hypothesis)."""

from __future__ import annotations

import math
from fractions import Fraction

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from woonzorg_analyse import analysis
from woonzorg_analyse.sql import sql_file

weights = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=25)
float_weights = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=25
)
totals = st.integers(min_value=0, max_value=100_000)


def codes(n: int) -> list[str]:
    return [f"GM{i:04d}" for i in range(n)]


@given(float_weights, totals)
def test_allocation_sums_to_total_and_is_non_negative(gewichten, totaal):
    result = analysis.largest_remainder(totaal, gewichten, codes(len(gewichten)))
    if sum(gewichten) == 0:
        assert result == [0] * len(gewichten)
        return
    assert sum(result) == totaal
    assert all(r >= 0 for r in result)
    som = sum(Fraction(w) for w in gewichten)
    for r, w in zip(result, gewichten, strict=True):  # within one of the exact quota
        quota = totaal * Fraction(w) / som
        assert math.floor(quota) <= r <= math.ceil(quota)


@given(weights, totals, st.data())
def test_allocation_does_not_decrease_when_a_gemeente_key_grows(gewichten, totaal, data):
    i = data.draw(st.integers(min_value=0, max_value=len(gewichten) - 1))
    extra = data.draw(st.integers(min_value=1, max_value=10_000))
    grown = list(gewichten)
    grown[i] += extra
    names = codes(len(gewichten))
    before = analysis.largest_remainder(totaal, gewichten, names)
    after = analysis.largest_remainder(totaal, grown, names)
    assert after[i] >= before[i]


@given(weights, totals, st.permutations(range(25)))
def test_allocation_ties_are_broken_by_code_not_by_position(gewichten, totaal, order):
    names = codes(len(gewichten))
    order = [j for j in order if j < len(gewichten)]
    direct = dict(zip(names, analysis.largest_remainder(totaal, gewichten, names), strict=True))
    shuffled = analysis.largest_remainder(totaal, [gewichten[j] for j in order], [names[j] for j in order])
    assert dict(zip([names[j] for j in order], shuffled, strict=True)) == direct


@given(st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=40), totals)
def test_taakstelling_equals_the_ceil_formula_in_exact_fractions(inwoners, totaal):
    nl = sum(inwoners)
    bevolking = pd.DataFrame({"gemeente_code": codes(len(inwoners)), "inwoners": inwoners})
    if nl == 0:
        return
    result = analysis.taakstelling(bevolking, totaal)["taakstelling"].tolist()
    assert result == [math.ceil(Fraction(totaal * v, nl)) for v in inwoners]
    assert sum(result) >= totaal


# --- intervals of suppressed cells through the SQL ----------------------------------------------


def _interval_tables(cells: list[tuple[int, bool]]) -> pd.Series:
    """Run int__aandachtsgroep_gemeente .. agg__verdeling_regio on one region with ``cells``
    (published value, suppressed?) and return the region's row."""
    names = codes(len(cells))
    connection = duckdb.connect()
    frames = {
        "ref_analyse_instelling": pd.DataFrame(
            [
                {
                    "referentiejaar": 2025,
                    "lidmaatschap_zekerheid": "bevestigd",
                    "doeljaar": 2030,
                    "horizonjaar": 2035,
                }
            ]
        ),
        "ref_gemeente": pd.DataFrame({"indeling_jaar": 2025, "gemeente_code": names, "gemeente_naam": names}),
        "ref_regio": pd.DataFrame(
            {"regio_type": ["provincie"], "regio_code": ["PV99"], "regio_naam": ["Proef"]}
        ),
        "ref_regio_lidmaatschap": pd.DataFrame(
            {
                "indeling_jaar": 2025,
                "regio_type": "provincie",
                "regio_code": "PV99",
                "gemeente_code": names,
                "zekerheid": "bevestigd",
                "hoofdregio": True,
            }
        ),
        "ref_aandachtsgroep": pd.DataFrame(
            {"aandachtsgroep": ["studenten"], "hoofdlaag": ["populatie"], "eenheid": ["personen"]}
        ),
        "stg_cbs__kerncijfers": pd.DataFrame(
            {"gemeente_code": names, "peildatum": pd.Timestamp("2024-01-01"), "inwoners": 1000}
        ),
        "stg_eigen__regio_gemeente": pd.DataFrame(
            {"regio_type": [], "regio_code": [], "regio_naam": [], "gemeente_code": []}, dtype="str"
        ),
        "stg_gemeente__aandachtsgroepen": pd.DataFrame(
            {
                "gemeente_code": pd.Series([], dtype="str"),
                "peildatum": pd.Series([], dtype="datetime64[us]"),
                "aandachtsgroep": pd.Series([], dtype="str"),
                "laag": pd.Series([], dtype="str"),
                "aantal": pd.Series([], dtype="float"),
                "aantal_min": pd.Series([], dtype="float"),
                "aantal_max": pd.Series([], dtype="float"),
            }
        ),
        "stg_cbs__aandachtsgroepen": pd.DataFrame(
            {
                "gemeente_code": names,
                "peildatum": pd.Timestamp("2024-01-01"),
                "aandachtsgroep": "studenten",
                "laag": "populatie",
                "aantal": pd.array([None if s else float(v) for v, s in cells], dtype="Float64"),
                "aantal_min": [0.0 if s else float(v) for v, s in cells],
                "aantal_max": [4.0 if s else float(v) for v, s in cells],
            }
        ),
    }
    for name, frame in frames.items():
        connection.register(f"_{name}", frame)
        connection.execute(f"create table {name} as select * from _{name}")
    for name in ("int__regio_gemeente", "int__aandachtsgroep_gemeente", "agg__verdeling_gemeente"):
        connection.execute(f"create table {name} as {sql_file(name).read_text()}")
    regio = connection.sql(sql_file("agg__verdeling_regio").read_text()).df()
    return regio.iloc[0]


cell = st.tuples(st.integers(min_value=0, max_value=200).map(lambda v: v * 5), st.booleans())


@settings(max_examples=40, deadline=None)
@given(st.lists(cell, min_size=1, max_size=8), st.data())
def test_interval_bounds_contain_the_true_total(cells, data):
    truth = sum(data.draw(st.integers(min_value=0, max_value=4)) if s else v for v, s in cells)
    regio = _interval_tables(cells)
    assert regio["aantal_min"] <= truth <= regio["aantal_max"]
    suppressed = sum(s for _, s in cells)
    assert bool(regio["onzeker"]) == (suppressed > 0)
    assert regio["onderdrukte_cellen"] == suppressed
    # the point value counts a suppressed cell as 2, never as a silent 0
    assert regio["aantal_schatting"] == sum(2 if s else v for v, s in cells)
