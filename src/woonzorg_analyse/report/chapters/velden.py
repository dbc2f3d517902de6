"""Verantwoording, begrippenlijst: what every column of the report tables means, from velden*.yaml."""

from __future__ import annotations

from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Blok, Kolom, Tabel


def build(ctx: Context) -> list[Blok]:
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
            sleutel="velden",
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
            blad="Velden",
        )
    ]
