"""Chapter 8, confrontatie vraag en aanbod: demand against supply in the doeljaar per group (region)
and per gemeente. Numbers from rpt__vraag_aanbod_groep and rpt__vraag_aanbod_gemeente.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report import charts
from woonzorg_analyse.report.context import AANBOD, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, records

GROEP = "rpt__vraag_aanbod_groep"
GEMEENTE = "rpt__vraag_aanbod_gemeente"


def _values(r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        r["vraag_woningen"],
        (r["vraag_woningen_min"], r["vraag_woningen_max"]),
        r["aanbod"],
        r["saldo"],
        r["tekort"],
        r["overschot"],
    )


def build(ctx: Context) -> list[Blok]:
    """Return demand and supply per group and per gemeente, and the chart per group."""
    if not (ctx.has(GROEP) and ctx.has(GEMEENTE)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=GROEP))]
    va_kolommen = [
        kolom(ctx, "vraag_woningen", "aantal", label=f"Vraag ({ctx.centraal})", personen=True),
        Kolom(
            "bandbreedte",
            "Bandbreedte",
            "bereik",
            personen=True,
            veld="vraag_woningen_min",
            veld_tot="vraag_woningen_max",
        ),
        kolom(ctx, "aanbod", "aantal"),
        kolom(ctx, "saldo", "aantal", afgeleid_van=("vraag_woningen",)),
        kolom(ctx, "tekort", "aantal", afgeleid_van=("vraag_woningen",)),
        kolom(ctx, "overschot", "aantal", afgeleid_van=("vraag_woningen",)),
    ]
    bron = ctx.alle_groep_bronnen(AANBOD)
    per_groep = ctx.mart(GROEP)
    blocks: list[Blok] = [
        mart_tabel(
            mart=GROEP,
            frame=per_groep,
            rij_sleutel=("volgorde",),
            rij=lambda r: (
                ctx.groep(r["aandachtsgroep"]).naam + (" (subgroep)" if r["subgroep"] else ""),
                *_values(r),
            ),
            totaal=lambda r: ("Totaal (zonder subgroepen)", *_values(r)),
            sleutel="h8_groep",
            titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woningen (vraag) en woonruimten (aanbod)",
            bron=bron,
            peildatum=str(ctx.doeljaar),
            kolommen=[Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"), *va_kolommen],
            noot=(
                "Saldo = aanbod min vraag, per regio verrekend; tekort en overschot zijn sommen over de "
                "gemeenten en woonvormen. Subgroepen zitten ook in hun hoofdgroep en tellen niet mee "
                "in het totaal."
            ),
            blad="8 Vraag-aanbod groep",
        ),
        mart_tabel(
            mart=GEMEENTE,
            frame=ctx.mart(GEMEENTE),
            rij_sleutel=("gebied_code",),
            rij=lambda r: (r["gebied_naam"], *_values(r), r["opgave_vraag_per_jaar"]),
            sleutel="h8_gemeente",
            titel=f"Vraag en aanbod per gemeente in {ctx.doeljaar}, alle aandachtsgroepen",
            eenheid="woningen; opgave in woningen per jaar",
            bron=bron,
            peildatum=str(ctx.doeljaar),
            kolommen=[
                gemeente_kolom(ctx),
                *va_kolommen,
                kolom(
                    ctx,
                    "opgave_vraag_per_jaar",
                    "aantal",
                    label="Opgave per jaar",
                    afgeleid_van=("vraag_woningen",),
                ),
            ],
            noot=(
                f"Som over de hoofdgroepen en woonvormen. Opgave per jaar: extra woningen per jaar tot "
                f"{ctx.doeljaar} (bovenop de plannen) om de vraag te dekken."
            ),
            blad="8 Vraag-aanbod gemeente",
        ),
    ]
    hoofd = [r for r in records(per_groep) if not r["totaalrij"] and not r["subgroep"]]
    if hoofd:
        blocks.append(
            charts.vraag_aanbod_figuur(
                sleutel="h8_grafiek",
                titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
                namen=[ctx.groep(r["aandachtsgroep"]).naam for r in hoofd],
                vraag=[r["vraag_woningen"] for r in hoofd],
                vraag_min=[r["vraag_woningen_min"] for r in hoofd],
                vraag_max=[r["vraag_woningen_max"] for r in hoofd],
                aanbod=[r["aanbod"] for r in hoofd],
                bron=bron,
                peildatum=str(ctx.doeljaar),
                stijl=ctx.rapport.get("grafiek", {}),
                drempel=ctx.drempel,
            )
        )
    return blocks
