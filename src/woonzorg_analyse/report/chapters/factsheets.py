"""Verantwoording, factsheets per gemeente: per gemeente the figures of every aandachtsgroep on one
page. Numbers from rpt__factsheet and rpt__regio_gemeente.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import datum, getal
from woonzorg_analyse.report.context import AANBOD, KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop
from woonzorg_analyse.report.tabel import kolom, mart_tabel, records

FACTSHEET = "rpt__factsheet"
GEMEENTE = "rpt__regio_gemeente"


def build(ctx: Context) -> list[Blok]:
    """Return one compact factsheet (heading, key line, table) per gemeente."""
    if not ctx.has(FACTSHEET):
        return [Alinea(ctx.tekst("ontbreekt", tabel=FACTSHEET))]
    sleutel_naam = str(ctx.sleutels["naam"].iloc[0])
    data = ctx.mart(FACTSHEET)
    kern = {r["gebied_code"]: r for r in records(ctx.mart(GEMEENTE))}
    blocks: list[Blok] = []
    for code, naam in zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True):
        frame = data[data["gemeente_code"] == code].sort_values("volgorde")
        k = kern.get(code)
        line = (
            f"Gemeentecode {code}. Inwoners {getal(k['inwoners'])}, huishoudens {getal(k['huishoudens'])}, "
            f"sociale huurvoorraad {getal(k['sociale_huurvoorraad'])} woningen "
            f"(peildatum {datum(k['peildatum'])})."
            if k is not None and k["inwoners"] is not None
            else f"Gemeentecode {code}."
        )
        blocks += [
            Kop(f"Factsheet {naam}", nieuwe_pagina=True),
            Alinea(line),
            mart_tabel(
                mart=FACTSHEET,
                frame=frame,
                rij_sleutel=("gemeente_code", "aandachtsgroep"),
                rij=lambda r: (
                    ctx.groep(r["aandachtsgroep"]).naam,
                    r["peildatum"],
                    r["aantal_schatting"],
                    r["per_1000_inwoners"],
                    r["locatiequotient"],
                    r["eerlijk_aandeel"],
                    r["verschil"],
                    r["vraag"],
                    r["tekort_doeljaar"],
                ),
                sleutel=f"factsheet_{code}",
                titel=f"Factsheet {naam}: aandachtsgroepen",
                eenheid="eenheid van de groep; tekort in woningen",
                bron=ctx.alle_groep_bronnen(KERNCIJFERS, AANBOD),
                peildatum=f"zie kolom Peildatum; vraag en tekort {ctx.doeljaar}",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                    kolom(ctx, "peildatum", "datum"),
                    kolom(ctx, "aantal_schatting", "aantal", label="Nu", personen=True),
                    kolom(
                        ctx,
                        "per_1000_inwoners",
                        "getal",
                        decimalen=1,
                        label="Per 1.000 inw.",
                        afgeleid_van=("aantal_schatting",),
                    ),
                    kolom(
                        ctx,
                        "locatiequotient",
                        "getal",
                        decimalen=2,
                        label="LQ",
                        afgeleid_van=("aantal_schatting",),
                    ),
                    kolom(ctx, "eerlijk_aandeel", "aantal", label="Eerlijk aandeel"),
                    kolom(ctx, "verschil", "aantal", afgeleid_van=("aantal_schatting",)),
                    # the demand is the count now times a public growth factor: masked with the count
                    kolom(
                        ctx,
                        "vraag",
                        "aantal",
                        label=f"Vraag {ctx.doeljaar}",
                        personen=True,
                        afgeleid_van=("aantal_schatting",),
                    ),
                    kolom(
                        ctx,
                        "tekort_doeljaar",
                        "aantal",
                        label=f"Tekort {ctx.doeljaar}",
                        afgeleid_van=("vraag", "aantal_schatting"),
                    ),
                ],
                noot=(
                    f"Eerlijk aandeel {sleutel_naam.lower()}; verschil = eerlijk aandeel min nu. "
                    f"Vraag in scenario {ctx.centraal}; tekort in woningen."
                ),
                blad=f"FS {naam}",
            ),
        ]
    return blocks
