"""Dutch number formatting and disclosure control of published cells."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from woonzorg_analyse.formatting import bereik, datum, getal, procent
from woonzorg_analyse.report.model import Kolom, Tabel, Waarde
from woonzorg_analyse.report.publish import publish

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (2.5, 0, "3"),  # half away from zero, as readers expect
        (-2.5, 0, "\u22123"),
        (-0.04, 1, "0,0"),  # no minus sign on a rounded zero
        (0.125, 2, "0,13"),
        (None, 0, "\u2013"),
        (float("nan"), 0, "\u2013"),
        (pd.NA, 0, "\u2013"),
    ],
)
def test_getal_uses_dutch_separators(value, decimals, expected):
    assert getal(value, decimals) == expected


def test_procent_datum_and_bereik():
    assert procent(0.1234) == f"12,3{NB}%"
    assert procent(1) == f"100,0{NB}%"
    assert datum(date(2024, 12, 31)) == "31-12-2024"
    assert datum(pd.Timestamp("2024-01-01")) == "01-01-2024"
    assert bereik(1200, 1500) == f"1.200{NB}\u2013{NB}1.500"
    assert bereik(7, 7) == "7"


def tabel(rows, totaal=None) -> Tabel:
    return Tabel(
        sleutel="t",
        titel="T",
        eenheid="personen",
        bron="Bron: test",
        peildatum="01-01-2024",
        kolommen=[
            Kolom("gemeente", "Gemeente"),
            Kolom("aantal", "Aantal", "aantal", personen=True),
            Kolom("aandeel", "Aandeel", "pct", afgeleid_van=("aantal",)),
            Kolom("inwoners", "Inwoners", "aantal"),
        ],
        rijen=rows,
        totaal=totaal,
    )


def test_counts_about_persons_below_the_threshold_are_masked_and_derived_cells_hidden():
    cells = publish(
        tabel([("A", 9, 0.3, 5), ("B", 10, 0.7, 20_000), ("C", 0, 0.0, 3)], ("Totaal", 19, 1.0, 20_008)), 10
    )
    texts = [[c.tekst for c in row] for row in cells]
    assert texts[0] == ["A", f"<{NB}10", "x", "5"]  # inhabitants are not about a group: shown
    assert texts[1] == ["B", "10", f"70,0{NB}%", "20.000"]
    assert texts[2][1] == "0" and texts[2][2] == f"0,0{NB}%"  # a true zero reveals no one: published
    assert texts[3][1] == "19"
    assert cells[1][1].waarde == 10 and cells[1][1].nummerformaat == "#,##0"
    assert cells[0][1].waarde == "< 10"  # a masked cell is text in the spreadsheet as well


def test_threshold_comes_from_the_argument():
    assert publish(tabel([("A", 12, 0.5, 1)]), 15)[0][1].tekst == f"<{NB}15"
    assert publish(tabel([("A", 12, 0.5, 1)]), 5)[0][1].tekst == "12"


def test_a_table_published_again_after_a_change_is_published_anew():
    # the renderers share the cells of one table; a changed row, threshold or plan must not
    # reuse cells made before the change
    t = tabel([("A", 12, 0.5, 1)])
    assert publish(t, 10)[0][1].tekst == "12"
    assert publish(t, 10)[0][1].tekst == "12"
    t.rijen[0] = ("A", 7, 0.5, 1)
    assert publish(t, 10)[0][1].tekst == f"<{NB}10"
    assert publish(t, 5)[0][1].tekst == "7"
    t.rijen.append(("B", 3, 0.5, 1))
    assert [row[1].tekst for row in publish(t, 5)] == ["7", f"<{NB}5"]
    cells = publish(t, 5)
    cells[0][1] = None  # a caller changing its copy changes nothing kept
    assert publish(t, 5)[0][1].tekst == "7"


@pytest.mark.parametrize("value", [0, 7, -7, 1234, -1_234_567, 10**9])
def test_getal_of_a_whole_number_equals_that_of_its_float(value):
    assert getal(value) == getal(float(value))
    assert getal(value, duizendtallen=False) == getal(float(value), duizendtallen=False)


def test_typed_cells_in_a_key_value_table():
    t = Tabel(
        sleutel="kv",
        titel="KV",
        eenheid="",
        bron="",
        peildatum="",
        kolommen=[Kolom("k", "Kenmerk"), Kolom("w", "Waarde", "cel")],
        rijen=[
            ("Omvang", Waarde(8, "aantal", personen=True)),
            ("Aandeel", Waarde(0.25, "pct", decimalen=1, afgeleid=8)),
            ("Aandeel groot", Waarde(0.25, "pct", decimalen=1, afgeleid=80)),
            ("Tekort", Waarde(1234.4, "aantal")),
        ],
    )
    texts = [row[1].tekst for row in publish(t, 10)]
    assert texts == [f"<{NB}10", "x", f"25,0{NB}%", "1.234"]


def test_ranges_in_a_person_column_are_masked_when_one_end_is_small():
    t = Tabel(
        "r", "R", "", "", "", [Kolom("i", "Interval", "bereik", personen=True)], [((2, 40),), ((20, 40),)]
    )
    texts = [row[0].tekst for row in publish(t, 10)]
    assert texts == [f"<{NB}10", f"20{NB}\u2013{NB}40"]
