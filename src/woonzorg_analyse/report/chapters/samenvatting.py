"""Chapter 1, samenvatting: one overview table and a table of key figures per aandachtsgroep.

Every number comes from rpt__samenvatting (one row per region and group).
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.formatting import bereik, datum, getal
from woonzorg_analyse.report.context import AANBOD, KERNCIJFERS, PROGNOSE, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Tabel, Waarde
from woonzorg_analyse.report.tabel import mart_tabel, records, short

MART = "rpt__samenvatting"


def _cell(value: Any, soort: str, veld: str, personen: bool = False, afgeleid: Any = None) -> Waarde:
    """A typed cell of a key-value table, with the mart field it shows."""
    return Waarde(
        value, soort, decimalen=1 if soort == "pct" else 0, personen=personen, afgeleid=afgeleid, veld=veld
    )


def build(ctx: Context) -> list[Blok]:
    """Return the reading guide, the disclosure rule, the overview and a table per group."""
    blocks: list[Blok] = [Alinea(ctx.tekst("leeswijzer")), Alinea(ctx.tekst("onthullingsregel"))]
    frame = ctx.mart(MART)
    if not ctx.has(MART):
        return [*blocks, Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    sleutel_naam = str(ctx.sleutels["naam"].iloc[0]).lower() if len(ctx.sleutels) else ""
    laag = str(ctx.scenarios["scenario"].iloc[0]) if len(ctx.scenarios) else ctx.centraal
    hoog = str(ctx.scenarios["scenario"].iloc[-1]) if len(ctx.scenarios) else ctx.centraal
    overzicht = mart_tabel(
        mart=MART,
        frame=frame,
        rij_sleutel=("aandachtsgroep",),
        rij=lambda r: (
            ctx.groep(r["aandachtsgroep"]).naam,
            ctx.groep_eenheid(r["aandachtsgroep"]),
            r["aantal_schatting"],
            r["vraag"],
            r["vraag_woningen"],
            r["aanbod"],
            r["tekort"],
        ),
        sleutel="h1_overzicht",
        titel=f"Overzicht aandachtsgroepen {ctx.regio_naam}",
        eenheid="zie kolom Eenheid; vraag, aanbod en tekort in woningen (woonruimten)",
        bron=ctx.alle_groep_bronnen(AANBOD),
        peildatum=f"laatste peildatum per groep; vraag en aanbod {ctx.doeljaar}",
        kolommen=[
            Kolom("aandachtsgroep", "Aandachtsgroep", breed=True),
            Kolom("eenheid", "Eenheid"),
            Kolom("nu", "Omvang nu", "aantal", personen=True, veld="aantal_schatting"),
            Kolom("vraag", f"Vraag {ctx.doeljaar}", "aantal", personen=True, veld="vraag"),
            Kolom(
                "vraag_woningen",
                f"Vraag {ctx.doeljaar} (woningen)",
                "aantal",
                personen=True,
                veld="vraag_woningen",
            ),
            Kolom("aanbod", f"Aanbod {ctx.doeljaar}", "aantal", veld="aanbod"),
            Kolom(
                "tekort", f"Tekort {ctx.doeljaar}", "aantal", afgeleid_van=("vraag_woningen",), veld="tekort"
            ),
        ],
        noot=f"Vraag in scenario {ctx.centraal}. {ctx.tekst('getallen')}",
        blad="1 Overzicht",
    )
    group_blocks: list[Blok] = []
    for r in records(frame):
        groep = r["aandachtsgroep"]
        nu = r["aantal_schatting"]
        interval = bereik(r["aantal_min"], r["aantal_max"]) if r["onzeker"] else ""
        rows: list[tuple[Any, ...]] = [
            (
                f"Omvang nu ({datum(r['peildatum'])})",
                _cell(nu, "aantal", "aantal_schatting", personen=True),
                interval,
            ),
            (
                f"Aandeel {r['grootste_gemeente_naam']} nu",
                _cell(r["aandeel_grootste_gemeente"], "pct", "aandeel_grootste_gemeente", afgeleid=nu),
                "aandeel in de groep",
            ),
            (
                f"Eerlijk aandeel {r['grootste_gemeente_naam']} ({sleutel_naam})",
                _cell(r["inwoneraandeel_grootste_gemeente"], "pct", "inwoneraandeel_grootste_gemeente"),
                "aandeel in de inwoners",
            ),
            (
                "Spreiding (dissimilariteitsindex)",
                _cell(r["dissimilariteitsindex"], "pct", "dissimilariteitsindex", afgeleid=nu),
                "deel dat zou moeten verhuizen",
            ),
            (
                "Gemeenten boven hun eerlijk aandeel",
                _cell(r["gemeenten_boven_eerlijk_aandeel"], "aantal", "gemeenten_boven_eerlijk_aandeel"),
                f"van {getal(r['aantal_gemeenten'])} gemeenten ({sleutel_naam})",
            ),
            (
                f"Vraag in {ctx.doeljaar} ({ctx.centraal})",
                _cell(r["vraag"], "aantal", "vraag", personen=True),
                f"{laag}\u2013{hoog}: {bereik(r['vraag_laag'], r['vraag_hoog'])}",
            ),
            (
                f"Vraag in woningen {ctx.doeljaar}",
                _cell(r["vraag_woningen"], "aantal", "vraag_woningen", personen=True),
                "woningen",
            ),
            (
                f"Aanbod {ctx.doeljaar}",
                _cell(r["aanbod"], "aantal", "aanbod"),
                "woonruimten, bestaand en gepland",
            ),
            (
                f"Tekort {ctx.doeljaar}",
                _cell(r["tekort"], "aantal", "tekort", afgeleid=r["vraag_woningen"]),
                "woningen, som van de tekorten per gemeente",
            ),
        ]
        group_blocks.append(
            Tabel(
                sleutel=f"h1_{groep}",
                titel=f"{ctx.groep(groep).naam}: kerncijfers",
                eenheid=ctx.groep_eenheid(groep),
                bron=ctx.groep_bronnen(groep, KERNCIJFERS, PROGNOSE, AANBOD),
                peildatum=datum(r["peildatum"]),
                kolommen=[
                    Kolom("kenmerk", "Kenmerk", breed=True),
                    Kolom("waarde", "Waarde", soort="cel"),
                    Kolom("toelichting", "Toelichting"),
                ],
                rijen=rows,
                blad=f"1 {short(groep)}",
                mart=MART,
                sleutels=[{"aandachtsgroep": groep}] * len(rows),
            )
        )
    return [*blocks, overzicht, *group_blocks]
