"""A region of one gemeente: nothing to divide, so its notitie shows no options of a verdeling
(they would all equal today's figure) and no ingroeipad, only the pressure now and in the doeljaar."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import make_mini_project
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.report.chapters import build_report
from woonzorg_analyse.report.context import make_context
from woonzorg_analyse.report.model import Alinea, Tabel

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def rapporten(tmp_path_factory):
    """The reports of two regions of one gemeente each: Tilburg, and Dongen (one dakloos gezin)."""
    root = make_mini_project(tmp_path_factory.mktemp("een") / "project")
    (root / "data" / "raw" / "regios").mkdir()
    (root / "data" / "raw" / "regios" / "regios.csv").write_text(
        "regio_type;regio_code;regio_naam;gemeente_code\n"
        "gemeente;EG01;Tilburg alleen;GM0855\n"
        "gemeente;EG02;Dongen alleen;GM0766\n",
        encoding="utf-8",
    )
    paths = Paths.from_root(root)
    build(paths)
    defs = load_definitions(paths.definitions)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return {code: build_report(make_context(con, defs, "gemeente", code)) for code in ("EG01", "EG02")}


@pytest.fixture(scope="module")
def rapport(rapporten):
    return rapporten["EG01"]


def test_the_pressure_of_one_gemeente_is_shown_now_and_in_the_doeljaar_only(rapport):
    [hoofdstuk] = [h for h in rapport.hoofdstukken if h.code == "bouwstenen"]
    [druk] = [b for b in hoofdstuk.blokken if isinstance(b, Tabel) and b.sleutel == "druk"]
    assert [k.label for k in druk.kolommen] == ["Gemeente", "Vrijkomende woningen per jaar", "Nu", "In 2030"]
    tekst = " ".join(b.tekst for b in hoofdstuk.blokken if isinstance(b, Alinea))
    assert "bestaat uit één gemeente" in tekst and "Nu en in 2030." in tekst
    assert "bij elke keuze" not in tekst and "ingroeipad in" not in tekst


def test_the_headline_table_names_a_group_it_leaves_out_for_its_masked_total(rapporten):
    """Dongen has one dakloos gezin: the region's total is masked, so the headline per role counts
    one group fewer; its note says which group and why."""
    for code, weggelaten in (("EG01", False), ("EG02", True)):
        [kern] = [t for t in rapporten[code].tabellen() if t.sleutel == "kerncijfers"]
        said = "Niet meegeteld, omdat het regionale totaal is afgeschermd" in kern.noot
        assert said is weggelaten, code
    [kern] = [t for t in rapporten["EG02"].tabellen() if t.sleutel == "kerncijfers"]
    assert "Dakloze gezinnen met kinderen" in kern.noot
