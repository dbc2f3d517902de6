"""Verantwoording, aanbod per woonvorm: existing and planned supply per group and woonvorm, and per
gemeente. Numbers from rpt__aanbod_groep_woonvorm, rpt__aanbod_gemeente(_woonvorm).
"""

from __future__ import annotations

from woonzorg_analyse.report.context import AANBOD, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, pivot

GROEP = "rpt__aanbod_groep_woonvorm"
GEMEENTE = "rpt__aanbod_gemeente"
GEMEENTE_WOONVORM = "rpt__aanbod_gemeente_woonvorm"


def build(ctx: Context) -> list[Blok]:
    """Return supply per group and woonvorm, and per gemeente and woonvorm."""
    if not ctx.has(GROEP):
        return [Alinea(ctx.tekst("ontbreekt", tabel=GROEP))]
    woonvormen = ctx.defs.woonvormen
    blocks: list[Blok] = [
        mart_tabel(
            mart=GROEP,
            frame=ctx.mart(GROEP),
            rij_sleutel=("volgorde",),
            rij=lambda r: (
                ctx.groep(r["aandachtsgroep"]).naam,
                woonvormen[r["woonvorm"]].naam if r["woonvorm"] in woonvormen else r["woonvorm"],
                r["aanbod_bestaand"],
                r["aanbod_gepland"],
                r["aanbod"],
            ),
            totaal=lambda r: (
                "Totaal (zonder subgroepen)",
                "",
                r["aanbod_bestaand"],
                r["aanbod_gepland"],
                r["aanbod"],
            ),
            sleutel="aanbod_groep_woonvorm",
            titel=f"Aanbod per aandachtsgroep en woonvorm in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woonruimten (plaatsen)",
            bron=ctx.bron(AANBOD),
            peildatum=f"bestaand: laatste opgave; gepland tot en met {ctx.doeljaar}",
            kolommen=[
                Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                Kolom("woonvorm", "Woonvorm", veld="woonvorm"),
                kolom(ctx, "aanbod_bestaand", "aantal", label="Bestaand"),
                kolom(ctx, "aanbod_gepland", "aantal", label=f"Gepland tot {ctx.doeljaar}"),
                kolom(ctx, "aanbod", "aantal", label=f"Aanbod {ctx.doeljaar}"),
            ],
            noot="Voor instroomgroepen: beschikbare woonruimten per jaar. Het totaal telt subgroepen niet "
            "mee: hun aanbod zit al in dat van de hoofdgroep.",
            blad="Aanbod groep",
        )
    ]
    per_woonvorm = pivot(ctx.mart(GEMEENTE_WOONVORM), ("gebied_code",), ("woonvorm",))
    blocks.append(
        mart_tabel(
            mart=GEMEENTE,
            frame=ctx.mart(GEMEENTE),
            rij_sleutel=("gebied_code",),
            rij=lambda r: (
                r["gebied_naam"],
                *[per_woonvorm.get((r["gebied_code"], w), {}).get("aanbod") for w in woonvormen],
                r["aanbod"],
            ),
            sleutel="aanbod_gemeente",
            titel=f"Aanbod per gemeente en woonvorm in {ctx.doeljaar}",
            eenheid="woonruimten (plaatsen)",
            bron=ctx.bron(AANBOD),
            peildatum=f"bestaand plus gepland tot en met {ctx.doeljaar}",
            kolommen=[
                gemeente_kolom(ctx),
                *[
                    Kolom(
                        w,
                        spec.naam.split()[0],
                        "aantal",
                        veld=f"{GEMEENTE_WOONVORM}.aanbod",
                        filter=(("woonvorm", w),),
                    )
                    for w, spec in woonvormen.items()
                ],
                Kolom("totaal", "Totaal", "aantal", veld="aanbod"),
            ],
            blad="Aanbod gemeente",
        )
    )
    return blocks
