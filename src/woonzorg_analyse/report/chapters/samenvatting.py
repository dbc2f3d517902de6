"""Notitie, samenvatting: the headline per role and measure (never an inflow added to a stock) and
a table per role of its main groups. Numbers from rpt__kerncijfer_rol and rpt__samenvatting.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report.context import AANBOD, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Minimum
from woonzorg_analyse.report.tabel import mart_tabel, records

MART = "rpt__samenvatting"
KERNCIJFERS = "rpt__kerncijfer_rol"
ROLLEN = {
    "verdeling": "Aandachtsgroepen voor de evenredige verdeling",
    "specifiek": "Groepen met een specifieke woonbehoefte",
    "wonen_zorg": "Wonen en zorg",
}
MATEN = {"instroom": "instroom (woningen per jaar)", "stand": "stand (woningen)"}


def onvolledig_noot(ctx: Context, rows: list[dict[str, Any]]) -> str:
    """Return 'Cijfers van X: op basis van K van N gemeenten.' for the groups that rest on part of
    the gemeenten, or ''."""
    parts = [
        f"{ctx.groep(r['aandachtsgroep']).naam}: "
        + ctx.tekst("onvolledig", k=r["gemeenten_met_cijfer"], n=r["aantal_gemeenten"])
        for r in rows
        if r.get("onvolledig")
    ]
    return ("Regionale cijfers " + "; ".join(parts) + ". " + ctx.tekst("onvolledig_noot")) if parts else ""


def omvang(r: dict[str, Any], veld: str = "aantal_schatting") -> Any:
    """The regional figure of a group: an open range when it rests on part of the gemeenten."""
    return Minimum(r[veld]) if r.get("onvolledig") and r[veld] is not None else r[veld]


def build(ctx: Context) -> list[Blok]:
    """Return the reading guide, the headline per role and measure, and a table per role."""
    blocks: list[Blok] = [Alinea(ctx.tekst("leeswijzer"))]
    if not ctx.has(MART):
        return [*blocks, Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    kern = ctx.mart(KERNCIJFERS)
    rollen = [r for r in ROLLEN if r in set(kern.get("rol", []))]
    onvolledig_rollen = {(r["rol"], r["maat"]) for r in records(kern) if r["onvolledig"]}
    # rpt__kerncijfer_rol leaves out a group whose regional total the report masks: say which
    weggelaten = [
        ctx.groep_kort(r["aandachtsgroep"])
        for r in records(ctx.mart(MART))
        if r["hoofdgroep"] and ctx.gemaskeerd(r["aandachtsgroep"], None)
    ]
    blocks.append(
        mart_tabel(
            mart=KERNCIJFERS,
            frame=kern.assign(_o=kern["rol"].map(list(ROLLEN).index)).sort_values(
                ["_o", "maat"], ascending=[True, False]
            ),
            rij_sleutel=("rol", "maat"),
            rij=lambda r: (
                ROLLEN[r["rol"]],
                MATEN[r["maat"]],
                r["aantal_groepen"],
                Minimum(r["vraag_woningen"]) if r["onvolledig"] else r["vraag_woningen"],
                r["aanbod"],
                Minimum(r["tekort"]) if r["onvolledig"] else r["tekort"],
            ),
            sleutel="kerncijfers",
            titel=f"Kerncijfers {ctx.regio_naam} in {ctx.doeljaar}",
            eenheid="woningen per jaar (instroom) of woningen (stand); hoofdgroepen, zonder subgroepen",
            bron=ctx.alle_groep_bronnen(AANBOD),
            peildatum=f"vraag en aanbod {ctx.doeljaar}, scenario {ctx.centraal}",
            kolommen=[
                Kolom("rol", "Groepen", breed=True),
                Kolom("maat", "Maat"),
                Kolom("aantal_groepen", "Aantal groepen", "aantal", veld="aantal_groepen"),
                Kolom("vraag", f"Vraag {ctx.doeljaar}", "aantal", veld="vraag_woningen"),
                Kolom("aanbod", f"Aanbod {ctx.doeljaar}", "aantal", veld="aanbod"),
                Kolom("tekort", f"Tekort {ctx.doeljaar}", "aantal", veld="tekort"),
            ],
            noot=(
                "Instroom (woningen per jaar) en stand (woningen) staan apart: ze zijn niet op te tellen. "
                + (
                    "Een deel rust op een deel van de gemeenten (zie hieronder). "
                    if onvolledig_rollen
                    else ""
                )
                + (
                    f"Niet meegeteld, omdat het regionale totaal is afgeschermd om kleine aantallen te "
                    f"beschermen: {', '.join(weggelaten)}. "
                    if weggelaten
                    else ""
                )
                + ctx.tekst("getallen")
            ),
            blad="Kerncijfers",
        )
    )
    alle = records(ctx.mart(MART))
    for rol in rollen:
        rows = [r for r in alle if r["rol"] == rol and r["hoofdgroep"]]
        if not rows:
            continue
        frame = ctx.mart(MART, rol=rol, hoofdgroep=True)
        blocks.append(
            mart_tabel(
                mart=MART,
                frame=frame,
                rij_sleutel=("aandachtsgroep",),
                rij=lambda r: (
                    ctx.groep(r["aandachtsgroep"]).naam,
                    ctx.groep(r["aandachtsgroep"]).eenheid,
                    "per jaar" if r["maat"] == "instroom" else "stand",
                    omvang(r),
                    Minimum(r["vraag"]) if r["onvolledig"] and r["vraag"] is not None else r["vraag"],
                    Minimum(r["vraag_woningen"])
                    if r["onvolledig"] and r["vraag_woningen"] is not None
                    else r["vraag_woningen"],
                    r["aanbod"],
                    Minimum(r["tekort"]) if r["onvolledig"] and r["tekort"] is not None else r["tekort"],
                ),
                sleutel=f"samenvatting_{rol}",
                titel=f"{ROLLEN[rol]}, {ctx.regio_naam}",
                eenheid="zie kolom Eenheid; vraag in woningen, aanbod en tekort in woningen (woonruimten)",
                bron=ctx.alle_groep_bronnen(AANBOD),
                peildatum=f"laatste peildatum per groep; vraag en aanbod {ctx.doeljaar}",
                kolommen=[
                    Kolom("aandachtsgroep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                    Kolom("eenheid", "Eenheid"),
                    Kolom("maat", "Maat", veld="maat"),
                    Kolom("nu", "Nu", "aantal", personen=True, veld="aantal_schatting"),
                    Kolom(
                        "vraag",
                        f"Vraag {ctx.doeljaar}",
                        "aantal",
                        personen=True,
                        afgeleid_van=("nu",),
                        veld="vraag",
                    ),
                    Kolom(
                        "vraag_woningen",
                        f"Vraag {ctx.doeljaar} in woningen",
                        "aantal",
                        personen=True,
                        afgeleid_van=("nu",),
                        veld="vraag_woningen",
                    ),
                    Kolom("aanbod", f"Aanbod {ctx.doeljaar}", "aantal", veld="aanbod"),
                    Kolom(
                        "tekort",
                        f"Tekort {ctx.doeljaar}",
                        "aantal",
                        afgeleid_van=("vraag_woningen", "nu"),
                        veld="tekort",
                    ),
                ],
                noot=" ".join(
                    part
                    for part in (
                        f"Vraag in scenario {ctx.centraal}. Een instroomgroep telt per jaar, een "
                        "stand op één moment.",
                        onvolledig_noot(ctx, rows),
                    )
                    if part
                ),
                blad=f"Samenvatting {rol}",
            )
        )
    return blocks
