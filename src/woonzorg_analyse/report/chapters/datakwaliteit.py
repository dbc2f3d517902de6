"""Chapter 10, datakwaliteit: suppressed and missing cells per group, the input files, and the
validated tables. Numbers from rpt__samenvatting, rpt__invoer and rpt__tabel.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop
from woonzorg_analyse.report.tabel import kolom, mart_tabel

CELLEN = "rpt__samenvatting"
INVOER = "rpt__invoer"
TABELLEN = "rpt__tabel"


def build(ctx: Context) -> list[Blok]:
    """Return the cells table, the example-data note, the inputs and the validation tables."""
    blocks: list[Blok] = []
    if ctx.has(CELLEN):
        blocks.append(
            mart_tabel(
                mart=CELLEN,
                frame=ctx.mart(CELLEN),
                rij_sleutel=("aandachtsgroep",),
                rij=lambda r: (
                    ctx.groep(r["aandachtsgroep"]).naam,
                    ", ".join(ctx.vermelding.get(b, b) for b in ctx.groep_bron.get(r["aandachtsgroep"], [])),
                    datum(r["peildatum"]),
                    r["aantal_gemeenten"],
                    r["onderdrukte_cellen"],
                    r["ontbrekende_gemeenten"],
                    r["aantal_schatting"],
                    (r["aantal_min"], r["aantal_max"]),
                ),
                sleutel="h10_cellen",
                titel=f"Onderdrukte en ontbrekende cijfers per aandachtsgroep, {ctx.regio_naam}",
                eenheid="gemeenten; aantal in de eenheid van de groep",
                bron=ctx.alle_groep_bronnen(),
                peildatum="laatste peildatum per groep",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                    Kolom("bron", "Bron"),
                    kolom(ctx, "peildatum", "tekst"),
                    kolom(ctx, "aantal_gemeenten", "aantal"),
                    kolom(ctx, "onderdrukte_cellen", "aantal", label="Onderdrukt"),
                    kolom(ctx, "ontbrekende_gemeenten", "aantal", label="Ontbreekt"),
                    kolom(ctx, "aantal_schatting", "aantal", label="Totaal", personen=True),
                    Kolom(
                        "interval",
                        "Interval",
                        "bereik",
                        personen=True,
                        veld="aantal_min",
                        veld_tot="aantal_max",
                    ),
                ],
                noot=ctx.tekst("onzeker"),
                blad="10 Cellen",
            )
        )
    bouw = ctx.meta.get("vingerafdruk", "")[:12]
    blocks += [
        Kop("Voorbeeldgegevens"),
        Alinea(
            ctx.tekst("fictief")
            if ctx.meta.get("fictief_voorbeeld") == "ja"
            else "Er zijn geen fictieve voorbeeldgegevens gebruikt."
        ),
        mart_tabel(
            mart=INVOER,
            frame=ctx.mart(INVOER),
            rij_sleutel=("bron_code",),
            rij=lambda r: (
                ctx.vermelding.get(r["bron_code"], r["bron_code"]),
                r["bestanden"],
                r["fictieve_bestanden"],
                r["rijen"],
            ),
            sleutel="h10_invoer",
            titel="Invoerbestanden per bron",
            eenheid="bestanden en gegevensrijen",
            bron="Bron: meta_invoerbestand (herkomst en controlegetallen van de invoer)",
            peildatum=f"build {bouw}",
            kolommen=[
                Kolom("bron", "Bron", breed=True, veld="bron_code"),
                kolom(ctx, "bestanden", "aantal"),
                kolom(ctx, "fictieve_bestanden", "aantal"),
                kolom(ctx, "rijen", "aantal"),
            ],
            blad="10 Invoer",
        ),
        Kop("Validatie"),
        Alinea(
            "Elke tabel van het warehouse is bij het schrijven gecontroleerd tegen de definities "
            "(kolommen, typen, sleutels, codes en bereiken); gepubliceerde CBS-totalen zijn nagerekend. "
            "Een build met één fout schrijft niets, dus alle onderstaande tabellen voldoen aan de regels."
        ),
        mart_tabel(
            mart=TABELLEN,
            frame=ctx.mart(TABELLEN),
            rij_sleutel=("tabel",),
            rij=lambda r: (r["tabel"], r["korrel"], r["rijen"]),
            sleutel="h10_validatie",
            titel="Gevalideerde tabellen van het warehouse",
            eenheid="rijen (hele warehouse, alle regio's)",
            bron="Bron: warehouse.duckdb; definitions/tabellen*.yaml",
            peildatum=f"build {bouw}",
            kolommen=[
                kolom(ctx, "tabel", "tekst"),
                kolom(ctx, "korrel", "tekst", breed=True),
                kolom(ctx, "rijen", "aantal"),
            ],
            blad="10 Validatie",
        ),
    ]
    return blocks
