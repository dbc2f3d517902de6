"""The notitie a regiegroep decides from: key messages from the data, each citing a table; the
bouwstenen add up per option; no regional figure adds a yearly inflow to a stock."""

from __future__ import annotations

import re

import duckdb
import pytest

from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.report.chapters import build_report
from woonzorg_analyse.report.context import korte_naam, make_context
from woonzorg_analyse.report.model import Minimum

pytestmark = pytest.mark.integration
CITATION = re.compile(r"\((?:verantwoording, )?tabel ([0-9A-Z]+\.\d+)\)\.$")
# the fields that count demand or shortage; a table that sums them over groups keeps maat in its key
DEMAND = {
    "vraag",
    "vraag_woningen",
    "vraag_woningen_min",
    "vraag_woningen_max",
    "tekort",
    "overschot",
    "saldo",
}


def report(root):
    paths = Paths.from_root(root)
    defs = load_definitions(paths.definitions)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return build_report(make_context(con, defs, "koploperregio", "KL07"))


@pytest.fixture(scope="module")
def rapporten(mini_built, partial_built):
    return report(mini_built), report(partial_built)


def test_key_messages_each_cite_a_table_of_the_report_and_follow_the_data(rapporten):
    complete, partial = rapporten
    for rapport in (complete, partial):
        assert 5 <= len(rapport.kernboodschappen) <= 8
        numbers = {t.nummer for t in rapport.tabellen()}
        for zin in rapport.kernboodschappen:
            cited = CITATION.search(zin)
            assert cited and cited.group(1) in numbers, zin
            assert "$" not in zin and "None" not in zin and "nan" not in zin
    # fewer deliveries: other figures, and the rule on incomplete data speaks up
    assert complete.kernboodschappen != partial.kernboodschappen
    assert not any("leverde niet elke gemeente" in z for z in complete.kernboodschappen)
    assert any("leverde niet elke gemeente" in z and "4 van de 9" in z for z in partial.kernboodschappen)


def test_a_group_name_is_shortened_only_by_a_closing_remark_in_brackets(rapporten):
    assert korte_naam("Statushouders (vergunninghouders)") == "Statushouders"
    assert korte_naam("Ouderen (75 jaar en ouder)") == "Ouderen"
    full = "Uitstromers uit een intramurale (zorg)instelling"
    assert korte_naam(full) == full  # the brackets inside the name are part of it
    complete, _ = rapporten
    uitruil = next(t for t in complete.tabellen() if t.sleutel == "uitruil")
    assert full in [k.label for k in uitruil.kolommen]
    assert "Statushouders" in [k.label for k in uitruil.kolommen]


def test_each_option_of_the_bouwstenen_adds_up_to_the_regional_total(rapporten):
    for rapport in rapporten:
        tables = [t for t in rapport.tabellen() if t.sleutel.startswith("bouwsteen_")]
        assert len(tables) >= 3
        for tabel in tables:
            doelen = [j for j, k in enumerate(tabel.kolommen) if k.naam.startswith("doel_")]
            assert doelen
            total_now = tabel.totaal[1]
            for j in doelen:
                values = [row[j] for row in tabel.rijen if isinstance(row[j], int | float)]
                total = tabel.totaal[j]
                if isinstance(total, Minimum):  # part of the gemeenten: their own total, an open range
                    assert isinstance(total_now, Minimum)
                    total, now = total.waarde, total_now.waarde
                else:
                    now = total_now
                assert sum(values) == total == now, (tabel.titel, tabel.kolommen[j].naam)


def test_no_table_adds_instroom_to_stand(defs):
    for name, spec in defs.tables.items():
        if not (name.startswith("rpt__") or name.startswith("agg__")):
            continue
        if not DEMAND & set(spec.velden) or "aandachtsgroep" in spec.velden:  # a row about one group
            continue
        assert "maat" in spec.sleutel, (
            f"{name} telt vraag of tekort op over groepen zonder maat in de sleutel"
        )


def test_headlines_per_role_and_measure_are_sums_within_that_measure_only(mini_built):
    paths = Paths.from_root(mini_built)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select k.rol, k.maat, k.tekort, sum(s.tekort), count(distinct s.maat)
            from rpt__kerncijfer_rol k
            join rpt__samenvatting s using (regio_type, regio_code, rol, maat)
            where k.regio_code = 'KL07' and s.hoofdgroep
            group by all
            """
        ).fetchall()
        measures = con.execute(
            "select count(distinct maat) from rpt__samenvatting where regio_code = 'KL07' and rol = 'verdeling'"
        ).fetchall()[0][0]
    assert measures == 2  # the verdeel-groepen mix instroom and stand: the case that matters
    assert rows and all(n == 1 and tekort == pytest.approx(som) for _, _, tekort, som, n in rows)


def test_the_notitie_has_its_maps_and_the_pressure_on_the_social_stock(rapporten):
    complete, _ = rapporten
    kaarten = [f for f in complete.figuren() if f.figuur and f.figuur.get("soort") == "kaart"]
    assert "kaart_druk" in {f.sleutel for f in kaarten}
    assert any(f.sleutel.startswith("kaart_verdeling_") for f in kaarten)
    for kaart in kaarten:
        assert "Bron: CBS, Kadaster" in kaart.bron and kaart.alt.startswith("Kaart: ")
        # a masked gemeente is hatched and never coloured or labelled with a value
        for vlak in kaart.figuur["vlakken"]:
            if vlak["arcering"]:
                assert vlak["kleur"] == "#ffffff" and vlak["waarde"] == ""
    druk = next(t for t in complete.tabellen() if t.sleutel == "druk")
    labels = [k.label for k in druk.kolommen]
    assert labels[:3] == ["Gemeente", "Vrijkomende woningen per jaar", "Nu"] and labels[-1].startswith(
        "Ingroeipad"
    )
    assert "Naar rato inwoners" in labels


def test_the_growth_message_cites_the_table_that_holds_its_two_figures(rapporten):
    """'De vraag groeit het snelst bij X: 20 % meer in 2030 dan nu' is vraag / nu - 1 of X: the
    cited table shows both (the chapter on growth shows the demand in woningen, not today's count)."""
    zinnen = [(r, z) for r in rapporten for z in r.kernboodschappen if "groeit het snelst" in z]
    assert zinnen  # the complete mini project has one
    for rapport, zin in zinnen:
        nummer = CITATION.search(zin).group(1)
        [tabel] = [t for t in rapport.tabellen() if t.nummer == nummer]
        namen = [k.naam for k in tabel.kolommen]
        [rij] = [r for r in tabel.rijen if str(r[0]).lower() in zin.lower()]
        nu, vraag = rij[namen.index("nu")], rij[namen.index("vraag")]
        percent = int(re.search(r": (\d+)\s%", zin).group(1))
        assert round(100 * (float(vraag) / float(nu) - 1)) == percent, (zin, nu, vraag)


def test_the_uitruil_explains_an_empty_cell_only_when_it_has_one(rapporten):
    for rapport, leeg in zip(rapporten, (False, True), strict=True):  # complete, four gemeenten
        [tabel] = [t for t in rapport.tabellen() if t.sleutel == "uitruil"]
        assert any(c is None for row in tabel.rijen for c in row[1:-1]) is leeg
        assert ("Leeg: de gemeente heeft voor die groep geen cijfer" in tabel.noot) is leeg
