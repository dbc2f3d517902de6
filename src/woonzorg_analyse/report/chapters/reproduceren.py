"""Verantwoording, versie en herkomst van de berekening: the versions, the command, every input file
of the region with its checksum, the files per source and the validated tables of the warehouse.
Numbers from rpt__invoer and rpt__tabel; the version from rpt__versie (via the context); the file
list from int__regio_invoerbestand: every file but the supply and mutatiegraad deliveries of other
regions, so that such a delivery leaves this report unchanged.
"""

from __future__ import annotations

from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Opsomming, Tabel
from woonzorg_analyse.report.tabel import kolom, mart_tabel

INVOER = "rpt__invoer"
TABELLEN = "rpt__tabel"


def build(ctx: Context) -> list[Blok]:
    """Return the versions and command, the input files with their checksums, the files per source
    and the validated tables."""
    versie = ctx.versie
    files = ctx.invoerbestanden
    return [
        Alinea(ctx.tekst("reproduceren")),
        Opsomming(
            (
                f"Softwareversie: woonzorg-analyse {ctx.meta.get('softwareversie', '')}",
                f"Definitieversie: {ctx.meta.get('definitieversie', '')}",
                f"Controlegetal van de definities (SHA-256): {ctx.meta.get('definities_sha256', '')}",
                "Versie van de berekening (controlegetal over software, definities en de invoerbestanden "
                f"van deze regio): {versie}",
                f"Commando: {ctx.tekst('nieuwe_opdrachtregel')}",
            )
        ),
        Kop("Invoerbestanden"),
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
            sleutel="invoer_bron",
            titel="Invoerbestanden per bron",
            eenheid="bestanden en gegevensrijen",
            bron="Bron: de invoerbestanden van deze regio",
            peildatum=f"versie van de berekening {versie[:12]}",
            kolommen=[
                Kolom("bron", "Bron", breed=True, veld="bron_code"),
                kolom(ctx, "bestanden", "aantal"),
                kolom(ctx, "fictieve_bestanden", "aantal"),
                kolom(ctx, "rijen", "aantal"),
            ],
            blad="Invoer per bron",
        ),
        Tabel(
            sleutel="invoer",
            titel="Invoerbestanden met controlegetal",
            eenheid="SHA-256 over de bytes van het bestand",
            bron="Bron: de invoerbestanden van deze regio",
            peildatum=f"versie van de berekening {versie[:12]}",
            kolommen=[
                Kolom("bestand", "Bestand", breed=True),
                Kolom("bron", "Bron"),
                Kolom("fictief", "Fictief"),
                Kolom("sha256", "SHA-256", soort="code"),
            ],
            rijen=[
                (r.bestand, r.bron_code, "ja" if r.fictief else "nee", r.sha256) for r in files.itertuples()
            ],
            blad="Invoerbestanden",
        ),
        Kop("Controle van de tabellen"),
        Alinea(
            "Elke tabel van de berekening is bij het schrijven gecontroleerd tegen de definities "
            "(kolommen, typen, sleutels, codes en bereiken); gepubliceerde CBS-totalen zijn nagerekend. "
            "Een berekening met één fout schrijft niets, dus alle onderstaande tabellen voldoen "
            "aan de regels."
        ),
        mart_tabel(
            mart=TABELLEN,
            frame=ctx.mart(TABELLEN),
            rij_sleutel=("tabel",),
            rij=lambda r: (r["tabel"], r["korrel"]),
            sleutel="tabellen",
            titel="Gecontroleerde tabellen van de berekening",
            eenheid="tabellen van het warehouse (het aantal rijen staat in meta_tabel)",
            bron="Bron: warehouse.duckdb; definitions/tabellen*.yaml",
            peildatum=f"versie van de berekening {versie[:12]}",
            kolommen=[
                kolom(ctx, "tabel", "tekst"),
                kolom(ctx, "korrel", "tekst", breed=True),
            ],
            blad="Tabellen",
        ),
    ]
