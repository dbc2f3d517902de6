"""Chapter 11, bijlagen: a factsheet per gemeente, the data dictionary and how to reproduce.
Numbers from rpt__factsheet and rpt__regio_gemeente.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import datum, getal
from woonzorg_analyse.report.context import AANBOD, KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Opsomming, Tabel
from woonzorg_analyse.report.tabel import kolom, mart_tabel, records

FACTSHEET = "rpt__factsheet"
GEMEENTE = "rpt__regio_gemeente"


def build(ctx: Context) -> list[Blok]:
    """Return the factsheets, the data dictionary and the reproduction details."""
    blocks: list[Blok] = [*factsheets(ctx)]
    blocks += [Kop("Begrippenlijst van de velden", nieuwe_pagina=True), *data_dictionary(ctx)]
    blocks += [Kop("Reproduceren", nieuwe_pagina=True), *reproduceren(ctx)]
    return blocks


def factsheets(ctx: Context) -> list[Blok]:
    """Return one compact factsheet (heading, key line, table) per gemeente."""
    if not ctx.has(FACTSHEET):
        return [Kop("Factsheets per gemeente"), Alinea(ctx.tekst("ontbreekt", tabel=FACTSHEET))]
    sleutel_naam = str(ctx.sleutels["naam"].iloc[0])
    data = ctx.mart(FACTSHEET)
    kern = {r["gebied_code"]: r for r in records(ctx.mart(GEMEENTE))}
    blocks: list[Blok] = []
    for i, (code, naam) in enumerate(
        zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True)
    ):
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
                    datum(r["peildatum"]),
                    r["aantal_schatting"],
                    r["per_1000_inwoners"],
                    r["locatiequotient"],
                    r["eerlijk_aandeel"],
                    r["verschil"],
                    r["vraag"],
                    r["tekort_doeljaar"],
                ),
                sleutel=f"h11_fs_{code}",
                titel=f"Factsheet {naam}: aandachtsgroepen",
                eenheid="eenheid van de groep; tekort in woningen",
                bron=ctx.alle_groep_bronnen(KERNCIJFERS, AANBOD),
                peildatum=f"zie kolom Peildatum; vraag en tekort {ctx.doeljaar}",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                    kolom(ctx, "peildatum", "tekst"),
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
                    kolom(ctx, "vraag", "aantal", label=f"Vraag {ctx.doeljaar}", personen=True),
                    kolom(
                        ctx,
                        "tekort_doeljaar",
                        "aantal",
                        label=f"Tekort {ctx.doeljaar}",
                        afgeleid_van=("vraag",),
                    ),
                ],
                noot=(
                    f"Eerlijk aandeel {sleutel_naam.lower()}; verschil = eerlijk aandeel min nu. "
                    f"Vraag in scenario {ctx.centraal}; tekort in woningen."
                ),
                blad=f"11 FS {i + 1:02d} {naam}"[:31],
            ),
        ]
    return blocks


def data_dictionary(ctx: Context) -> list[Blok]:
    """Return the fields of the report marts this report reads, from velden*.yaml."""
    versie = ctx.meta.get("definitieversie", ctx.defs.version)
    seen: dict[str, tuple[str, ...]] = {}
    for table in sorted(t for t in ctx.defs.tables if t.startswith("rpt__") and t in ctx.tables):
        for name in ctx.defs.tables[table].velden:
            if name in seen or name in ("regio_type", "regio_code", "volgorde", "totaalrij"):
                continue
            f = ctx.defs.fields[name]
            seen[name] = (name, f.label, f.eenheid or "", f.omschrijving, table)
    return [
        Tabel(
            sleutel="h11_velden",
            titel="Begrippenlijst: velden van de gebruikte tabellen",
            eenheid="\u2013",
            bron=f"Bron: definitions/velden*.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {versie}",
            kolommen=[
                Kolom("veld", "Veld"),
                Kolom("label", "Label"),
                Kolom("eenheid", "Eenheid"),
                Kolom("omschrijving", "Omschrijving", breed=True),
                Kolom("tabel", "Eerst in tabel"),
            ],
            rijen=list(seen.values()),
            blad="11 Velden",
        )
    ]


def reproduceren(ctx: Context) -> list[Blok]:
    """Return the software and definitions versions, the command and the input checksums."""
    files = ctx.q("select bestand, bron_code, fictief, sha256 from meta_invoerbestand order by bestand")
    return [
        Alinea(ctx.tekst("reproduceren")),
        Opsomming(
            (
                f"Softwareversie: woonzorg-analyse {ctx.meta.get('softwareversie', '')}",
                f"Definitieversie: {ctx.meta.get('definitieversie', '')}",
                f"Controlegetal definities (SHA-256): {ctx.meta.get('definities_sha256', '')}",
                f"Vingerafdruk van de build: {ctx.meta.get('vingerafdruk', '')}",
                f"Commando: {ctx.tekst('nieuwe_opdrachtregel')}",
            )
        ),
        Tabel(
            sleutel="h11_invoer",
            titel="Invoerbestanden met controlegetal",
            eenheid="SHA-256 over de bytes van het bestand",
            bron="Bron: meta_invoerbestand",
            peildatum=f"build {ctx.meta.get('vingerafdruk', '')[:12]}",
            kolommen=[
                Kolom("bestand", "Bestand", breed=True),
                Kolom("bron", "Bron"),
                Kolom("fictief", "Fictief"),
                Kolom("sha256", "SHA-256", soort="code"),
            ],
            rijen=[
                (r.bestand, r.bron_code, "ja" if r.fictief else "nee", r.sha256) for r in files.itertuples()
            ],
            blad="11 Invoer",
        ),
    ]
