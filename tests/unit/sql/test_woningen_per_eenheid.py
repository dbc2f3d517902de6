"""int__woningen_per_eenheid and the two CBS moments in agg__groeibehoefte, on the tiny frames of
test_sql.py: Aa has CBS woonruimten for its studenten, Bee only a suppressed cell, Cee none."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.unit.sql.test_sql import A, B, C, T, frames
from tests.unit.sql.test_sql import run_sql as sql_upto
from woonzorg_analyse.load.store import validate_table


def run_sql(defs, tables: dict[str, pd.DataFrame], until: str) -> dict[str, pd.DataFrame]:
    """Run the SQL files in ORDER up to and including ``until`` on ``tables``, each validated."""
    return {name: validate_table(frame, name, defs) for name, frame in sql_upto(tables, until).items()}


def test_the_real_ratio_replaces_the_constant_where_cbs_gives_it(defs):
    result = run_sql(defs, frames(), "agg__groeibehoefte")
    ratio = result["int__woningen_per_eenheid"].set_index(["gemeente_code", "aandachtsgroep"])
    aa = ratio.loc[(A, "studenten")]
    assert aa["woningen_per_eenheid_bron"] == "cbs" and aa["woningen_per_eenheid"] == pytest.approx(0.6)
    assert aa["verhouding_peildatum"] == T("2024-01-01")  # the latest, not 45 / 90 of 2023
    assert (aa["huishoudens_per_eenheid"], aa["woningen_per_eenheid_definitie"]) == (pytest.approx(0.8), 0.5)
    for code in (B, C):  # suppressed, or no CBS figure at all: the constant of definitions/
        row = ratio.loc[(code, "studenten")]
        assert (row["woningen_per_eenheid_bron"], row["woningen_per_eenheid"]) == ("definitie", 0.5)
        assert pd.isna(row["verhouding_peildatum"])
    assert ratio.loc[(A, "uitstroom_bw"), "woningen_per_eenheid_bron"] == "definitie"
    groei = result["agg__groeibehoefte"].set_index(["gemeente_code", "aandachtsgroep", "scenario", "jaar"])
    aa_2030 = groei.loc[(A, "studenten", "midden", 2030)]
    assert aa_2030["vraag_woningen"] == pytest.approx(aa_2030["vraag"] * 0.6)
    assert aa_2030["vraag_woningen_max"] == pytest.approx(aa_2030["vraag_max"] * 0.6)
    bee = groei.loc[(B, "studenten", "midden", 2030)]
    assert bee["vraag_woningen"] == pytest.approx(bee["vraag"] * 0.5)


def test_a_stand_on_31_december_counts_for_the_next_year(defs):
    tables = frames()
    cbs = tables["stg_cbs__aandachtsgroepen"]
    cbs["peildatum"] = cbs["peildatum"].replace(T("2024-01-01"), T("2024-12-31"))
    levering = tables["stg_gemeente__aandachtsgroepen"]
    tables["stg_gemeente__aandachtsgroepen"] = levering[levering["aandachtsgroep"] != "studenten"]
    groei_aanname = tables["ref_scenario_groei"]
    groei_aanname.loc[groei_aanname["aandachtsgroep"] == "studenten", "trend_gewicht"] = 1.0
    groei = run_sql(defs, tables, "agg__groeibehoefte")["agg__groeibehoefte"]
    groei = groei.set_index(["gemeente_code", "aandachtsgroep", "scenario", "jaar"])
    # basis 31-12-2024 is the stand at the start of 2025: no growth yet in 2025
    aa = groei.loc[(A, "studenten", "midden", 2025)]
    assert aa["basis_peildatum"] == T("2024-12-31") and aa["basis"] == 100
    assert aa["groeifactor"] == pytest.approx(1.0)
    assert groei.loc[(A, "studenten", "hoog", 2025), "groeifactor"] == pytest.approx(1.0)
    # the national trend runs over two years: 1-1-2023 (Aa 90 + Bee 5) to the turn of 2024/2025
    # (Aa 100 + Bee's suppressed midpoint 2); Cee lacks a figure and is left out
    trend = ((100 + 2) / (90 + 5)) ** (1 / 2) - 1
    assert groei.loc[(A, "studenten", "midden", 2027), "groeifactor"] == pytest.approx((1 + trend) ** 2)
