"""Verantwoording, eerlijk aandeel per verdeelsleutel: the keys explained, then for every group and
subgroup of the evenredige verdeling the options under every key. Numbers from rpt__eerlijk_aandeel
(the same table builder as the chapter 'Bouwstenen voor afspraken').
"""

from __future__ import annotations

from woonzorg_analyse.report.chapters.bouwstenen import OPTIES, opties_tabel
from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Alinea, Blok, Kop, Opsomming
from woonzorg_analyse.report.tabel import records


def build(ctx: Context) -> list[Blok]:
    """Return the keys explained, then a table per group with every key side by side."""
    if not ctx.has(OPTIES):
        return [Alinea(ctx.tekst("ontbreekt", tabel=OPTIES))]
    snamen = dict(zip(ctx.sleutels["verdeelsleutel"], ctx.sleutels["naam"], strict=True))
    blocks: list[Blok] = [
        Opsomming(tuple(f"{r.naam}: {r.omschrijving}" for r in ctx.sleutels.itertuples())),
        Alinea(
            "Het eerlijk aandeel verdeelt het regionale totaal van nu over de gemeenten met een cijfer, naar "
            "hun aandeel in de sleutel. Afronden gebeurt zo dat de hele aantallen precies optellen tot het "
            "totaal: eerst naar beneden, daarna krijgen de gemeenten met de grootste resten er één bij."
        ),
    ]
    alle = ctx.mart(OPTIES)
    groepen = [r for r in records(ctx.mart("rpt__samenvatting")) if r["rol"] == "verdeling"]
    for r in groepen:
        tabel = opties_tabel(ctx, r, alle, snamen, sleutel="eerlijk_aandeel")
        if tabel is not None:
            blocks += [Kop(ctx.groep(r["aandachtsgroep"]).naam), tabel]
    return blocks
