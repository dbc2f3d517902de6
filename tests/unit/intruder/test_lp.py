"""The intruder's machinery on tiny hand-made tables: reading published cells, the linear
programme (scipy HiGHS) and the check that a masked count is not narrowed below its label."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.intruder.indringer import controleer, ondergrens_uit_regel
from tests.intruder.lp import Gelijk, Relatie, Stelsel, Tegenspraak, Term, gelijk_aan
from tests.intruder.openbaar import Openbaar
from tests.intruder.publicatie import Publicatie, lees_cel, tabel_waarnemingen
from tests.intruder.relaties import V, ongedekt
from woonzorg_analyse.report.model import Kolom, Tabel

REGIO = "KL99"


def _som(stelsel: Stelsel, cellen: dict[str, tuple[float, float]], totaal: tuple[float, float]) -> None:
    """A column of cells (name -> published interval) next to its total."""
    for naam, (lo, hi) in cellen.items():
        stelsel.begrens(naam, lo, hi)
    stelsel.begrens("totaal", *totaal)
    stelsel.voeg_toe([gelijk_aan("som", [Term("totaal")], [Term(n) for n in cellen])])


def test_one_masked_cell_next_to_an_exact_total_is_pinned_exactly():
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (20, 20), "c": (30, 30)}, (57, 57))
    lo, hi = s.bereik(["a"])["a"]
    assert lo == pytest.approx(7) and hi == pytest.approx(7)
    assert s.vernauwd({"a": (0, 9)}) == {"a": (pytest.approx(7), pytest.approx(7))}


def test_rounding_slack_of_the_published_numbers_widens_the_range():
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (19.5, 20.5), "c": (29.5, 30.5)}, (56.5, 57.5))
    assert s.bereik(["a"])["a"] == (pytest.approx(5.5), pytest.approx(8.5))


def test_two_masked_cells_next_to_a_total_are_not_narrowed():
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (0, 10), "c": (29.5, 30.5)}, (38.5, 39.5))
    lo, hi = s.bereik(["a"])["a"]
    assert lo == pytest.approx(0) and hi >= 9
    assert s.vernauwd({"a": (0, 9), "b": (0, 9)}) == {}


def test_one_solution_witnesses_many_unknowns_and_each_range_stays_exact():
    # a + b + c = 15: no single solution puts all three at 9, yet each can reach 0 and 9
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (0, 10), "c": (0, 10)}, (15, 15))
    assert s.vernauwd({n: (0, 9) for n in "abc"}) == {}
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (0, 10), "c": (0, 10)}, (25, 25))  # now each is at least 5
    assert s.vernauwd({n: (0, 9) for n in "abc"}) == {n: (pytest.approx(5), pytest.approx(10)) for n in "abc"}


def test_a_share_times_a_published_total_is_an_interval_coefficient():
    # aantal = aandeel x totaal with aandeel 8,5 % (0,0845..0,0855) and totaal 100 (99,5..100,5)
    s = Stelsel()
    s.begrens("aantal", 0, 10)
    s.begrens("aandeel", 0.0845, 0.0855)
    s.begrens("totaal", 99.5, 100.5)
    s.voeg_toe([gelijk_aan("aandeel", [Term("aantal")], [Term("totaal", 1.0, (("aandeel", 1),))])])
    lo, hi = s.bereik(["aantal"])["aantal"]
    assert lo == pytest.approx(0.0845 * 99.5) and hi == pytest.approx(0.0855 * 100.5)


def test_a_masked_factor_gives_no_relation():
    s = Stelsel()
    s.begrens("aantal", 0, 10)
    s.begrens("totaal", 99.5, 100.5)  # the share is "x": no bounds
    s.voeg_toe([gelijk_aan("aandeel", [Term("aantal")], [Term("totaal", 1.0, (("aandeel", 1),))])])
    assert s.bereik(["aantal"])["aantal"] == (0, 10)
    assert [r.familie for r in s.overgeslagen] == ["aandeel"]


def test_one_count_in_two_tables_is_one_unknown():
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (0, 10)}, (11.5, 12.5))
    s.begrens("a_elders", 2.5, 3.5)  # the same count, printed in another table
    s.voeg_toe([Gelijk("zelfde", "a", "a_elders")])
    assert s.bereik(["b"])["b"] == (pytest.approx(8), pytest.approx(10))


def test_contradicting_cells_and_an_impossible_relation_are_named():
    s = Stelsel()
    s.begrens("a", 0, 10, "blad 1")
    s.begrens("a", 12, 13, "blad 2")
    with pytest.raises(Tegenspraak, match=r"blad 1.*blad 2"):
        s.bereik(["a"])
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (0, 10)}, (30, 31))
    with pytest.raises(Tegenspraak, match="som"):
        s.bereik(["a"])


def test_schendingen_names_what_the_exact_figures_break():
    s = Stelsel()
    _som(s, {"a": (0, 10), "b": (20, 20)}, (27, 27))
    assert s.schendingen({"a": 7, "b": 20, "totaal": 27}) == []
    broken = s.schendingen({"a": 6, "b": 20, "totaal": 27})
    assert len(broken) == 1 and broken[0].startswith("som")
    assert Relatie("x", (Term("a"),), 0, 0).familie == "x"


@pytest.mark.parametrize(
    ("value", "decimals", "soort", "interval"),
    [
        (24, 0, "getal", (23.5, 24.5)),
        (0.9, 1, "getal", (0.85, 0.95)),
        (2.0, 1, "getal", (1.95, 2.05)),  # the column's format: 1 decimal, though stored as 2
        (0.025613660618996798, 2, "getal", (0.02561361, 0.02561371)),  # an exact share: read to 7 decimals
        ("< 10", 0, "gemaskeerd", (-math.inf, 10)),
        ("<\u00a010", 0, "gemaskeerd", (-math.inf, 10)),
        ("x", 0, "geheim", (-math.inf, math.inf)),
        ("geen gegevens", 0, "geen", (-math.inf, math.inf)),
        ("\u2265\u00a04.791, onvolledig", 0, "getal", (4790.5, 4791.5)),
        ("onvolledig", 0, "onvolledig", (-math.inf, math.inf)),
        (float("nan"), 0, "leeg", (-math.inf, math.inf)),
    ],
)
def test_lees_cel_reads_a_cell_as_the_reader_sees_it(value, decimals, soort, interval):
    lezing, tweede = lees_cel(value, decimals)
    assert lezing.soort == soort and tweede is None
    assert lezing.laag == pytest.approx(interval[0], abs=1e-9) and lezing.hoog == pytest.approx(
        interval[1], abs=1e-9
    )


def test_lees_cel_reads_both_ends_of_a_range():
    lo, hi = lees_cel("5.975\u00a0\u2013\u00a06.972")
    assert (lo.laag, lo.hoog, hi.laag, hi.hoog) == (5974.5, 5975.5, 6971.5, 6972.5)
    lo, hi = lees_cel("12")  # a range whose ends are equal
    assert (lo.laag, hi.hoog) == (11.5, 12.5)


def test_the_lower_end_of_a_mask_follows_the_published_rule():
    assert ondergrens_uit_regel('een aantal onder de 10 staat als "< 10"') == 0
    assert ondergrens_uit_regel('een aantal van 1 tot en met 9 staat als "< 10"; 0 staat als 0') == 1
    assert ondergrens_uit_regel("1\u20139 personen") == 1
    assert ondergrens_uit_regel("niets", standaard=1) == 1


# --- a hand-made published table, read and checked like a report's ----------------------------


def _tabel(nu: list, mart: str = V) -> tuple[Tabel, pd.DataFrame]:
    gemeenten = ["GM0001", "GM0002", "GM0003"]
    kolommen = [
        Kolom("gebied_naam", "Gemeente", veld="gebied_naam"),
        Kolom("aantal_schatting", "Nu", "aantal", personen=True, veld="aantal_schatting"),
    ]
    tabel = Tabel(
        sleutel="verdeling_x",
        titel="X",
        eenheid="personen",
        bron="Bron: test",
        peildatum="2024",
        kolommen=kolommen,
        rijen=[(g, None) for g in gemeenten],
        totaal=("Totaal regio", None),
        blad="4.1 Verdeling x",
        mart=mart,
        sleutels=[{"aandachtsgroep": "x", "gebied_code": c} for c in [*gemeenten, REGIO]],
    )
    frame = pd.DataFrame({"Gemeente": ["A", "B", "C", "Totaal regio"], "Nu": nu}, dtype=object)
    return tabel, frame


def _controleer(nu: list) -> list:
    tabel, frame = _tabel(nu)
    publicatie = Publicatie("koploperregio", REGIO, tabel_waarnemingen(tabel, frame), [tabel], "")
    openbaar = Openbaar(REGIO, {}, {}, {}, ["midden"], "midden", 2025, 2030, "inwoners", "inwoners", {})
    return controleer(publicatie, openbaar, drempel=10).onthullingen


def test_a_table_with_one_masked_gemeente_next_to_its_total_gives_it_away():
    found = _controleer(["< 10", 20, 30, 57])
    assert len(found) == 1
    assert (found[0].plaatsen[0].rij, found[0].plaatsen[0].kolom) == ("A", "Nu")
    assert found[0].geheel == (6, 8) and found[0].label_bereik == (0, 9)
    assert "terug te rekenen tot 6..8" in str(found[0])


def test_a_table_with_two_masked_gemeenten_next_to_its_total_passes():
    assert _controleer(["< 10", "< 10", 30, 39]) == []
    assert _controleer(["< 10", "x", 30, 57]) == []  # the second gemeente withheld as "x"


def test_a_column_about_persons_that_no_relation_family_covers_fails_the_test():
    tabel, _ = _tabel(["< 10", 20, 30, 57], mart="rpt__nieuwe_tabel")
    assert ongedekt([tabel]) == ["blad '4.1 Verdeling x', kolom 'Nu' (rpt__nieuwe_tabel.aantal_schatting)"]
    publicatie = Publicatie("koploperregio", REGIO, [], [tabel], "")
    openbaar = Openbaar(REGIO, {}, {}, {}, ["midden"], "midden", 2025, 2030, "inwoners", "inwoners", {})
    with pytest.raises(AssertionError, match="zonder relatiefamilie"):
        controleer(publicatie, openbaar, drempel=10)
