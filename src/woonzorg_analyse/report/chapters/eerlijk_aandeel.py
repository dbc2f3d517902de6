"""Chapter 9, eerlijk aandeel per verdeelsleutel: per group the fair share per key side by side with
the yearly effort. Numbers from rpt__eerlijk_aandeel.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Opsomming
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, pivot, short, value

MART = "rpt__eerlijk_aandeel"


def build(ctx: Context) -> list[Blok]:
    """Return the keys explained, then a table per group with every key side by side."""
    if not ctx.has(MART):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    sleutels = list(ctx.sleutels["verdeelsleutel"])
    snamen = dict(zip(ctx.sleutels["verdeelsleutel"], ctx.sleutels["naam"], strict=True))
    blocks: list[Blok] = [Opsomming(tuple(f"{r.naam}: {r.omschrijving}" for r in ctx.sleutels.itertuples()))]
    alle = ctx.mart(MART)
    for groep in ctx.groepen:
        frame = alle[alle["aandachtsgroep"] == groep]
        if frame.empty:
            continue
        g = ctx.groep(groep)
        cel = pivot(frame, ("gebied_code",), ("verdeelsleutel",))
        eerste = frame[frame["verdeelsleutel"] == sleutels[0]]

        def rij(r: dict[str, Any], cel: dict = cel) -> tuple[Any, ...]:
            row: list[Any] = [r["gebied_naam"], r["huidig"]]
            for s in sleutels:
                found = cel.get((r["gebied_code"], s), {})
                row += [found.get("eerlijk_aandeel"), found.get("opgave_eerlijk_aandeel_per_jaar")]
            return tuple(row)

        kolommen = [
            gemeente_kolom(ctx),
            kolom(
                ctx, "huidig", "aantal", label="Nu", personen=True, filter=(("verdeelsleutel", sleutels[0]),)
            ),
        ]
        for s in sleutels:
            kolommen += [
                Kolom(
                    f"ea_{s}", "Aandeel", "aantal", veld="eerlijk_aandeel", filter=(("verdeelsleutel", s),)
                ),
                Kolom(
                    f"opgave_{s}",
                    "Per jaar",
                    "getal",
                    decimalen=1,
                    afgeleid_van=("huidig",),
                    eenheid="woningen per jaar",
                    veld="opgave_eerlijk_aandeel_per_jaar",
                    filter=(("verdeelsleutel", s),),
                ),
            ]
        blocks += [
            Kop(g.naam, nieuwe_pagina=False),
            mart_tabel(
                mart=MART,
                frame=eerste,
                rij_sleutel=("aandachtsgroep", "gebied_code"),
                rij=rij,
                sleutel=f"h9_{groep}",
                titel=(
                    f"{g.naam}: eerlijk aandeel per verdeelsleutel en inspanning per jaar tot {ctx.doeljaar}"
                ),
                eenheid=f"{ctx.groep_eenheid(groep)}; per jaar in woningen",
                bron=ctx.groep_bronnen(groep, KERNCIJFERS),
                peildatum=datum(value(frame, "peildatum")),
                kolommen=kolommen,
                kopgroepen=[("", 2), *[(snamen[s], 2) for s in sleutels]],
                noot=(
                    "Aandeel: eerlijk aandeel in het huidige regionale totaal (grootste-restmethode). "
                    "Per jaar: woningen per jaar om het aandeel te bereiken; negatief = de gemeente "
                    "huisvest nu meer."
                ),
                blad=f"9 {short(groep)}",
            ),
        ]
    return blocks
