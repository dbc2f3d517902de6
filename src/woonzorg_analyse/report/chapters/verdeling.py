"""Notitie, huidige verdeling: for each main group of the evenredige verdeling its spread over the
gemeenten (table and chart), and one compact table of the other main groups. Numbers from
rpt__verdeling_gemeente and rpt__samenvatting; the detail per subgroup is in the verantwoording.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report.chapters.verdeling_detail import (
    GEEN,
    MART,
    REGIO,
    groep_figuur,
    groep_kaart,
    groep_tabel,
    spreiding,
)
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Minimum
from woonzorg_analyse.report.tabel import gemeente_kolom, mart_tabel, pivot, records


def build(ctx: Context) -> list[Blok]:
    """Return per verdeel-groep its spread, table and chart, then the other groups in one table."""
    if not (ctx.has(MART) and ctx.has(REGIO)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    alle = ctx.mart(MART)
    hoofd = [r for r in records(ctx.mart(REGIO)) if r["hoofdgroep"]]
    blocks: list[Blok] = []
    if ctx.een_gemeente:  # its figures are the region's (the samenvatting)
        return [
            Alinea(
                f"{ctx.regio_naam} bestaat uit één gemeente: er is geen verdeling over gemeenten. De "
                "omvang van elke groep staat in de samenvatting; de details in de verantwoording."
            )
        ]
    for r in (r for r in hoofd if r["rol"] == "verdeling"):
        groep = r["aandachtsgroep"]
        frame = alle[alle["aandachtsgroep"] == groep]
        if frame.empty:
            continue
        blocks += [
            Kop(ctx.groep(groep).naam),
            Alinea(spreiding(ctx, r, frame)),
            groep_tabel(ctx, groep, frame, r, detail=False),
        ]
        figuur = (
            groep_kaart(ctx, groep, frame, r)
            if ctx.kaartbasis() is not None
            else groep_figuur(ctx, groep, frame, r)
        )
        if figuur is not None:
            blocks.append(figuur)
    overig = [r for r in hoofd if r["rol"] != "verdeling"]
    if overig:
        blocks += [Kop("Overige groepen"), *overige_groepen(ctx, alle, overig)]
    return blocks


def overige_groepen(ctx: Context, alle: Any, groepen: list[dict[str, Any]]) -> list[Blok]:
    """Return one table of the main groups without a regional verdeling: their size per gemeente."""
    codes = [r["aandachtsgroep"] for r in groepen]
    onvolledig = {r["aandachtsgroep"]: r["onvolledig"] for r in groepen}
    frame = alle[alle["aandachtsgroep"].isin(codes)]
    cel = pivot(frame, ("gebied_code",), ("aandachtsgroep",))
    eerste = frame[frame["aandachtsgroep"] == codes[0]]

    def rij(x: dict[str, Any]) -> tuple[Any, ...]:
        row: list[Any] = [x["gebied_naam"]]
        for g in codes:
            found = cel.get((x["gebied_code"], g), {})
            value = found.get("aantal_schatting")
            if x["totaalrij"]:
                row.append(Minimum(value) if onvolledig[g] and value is not None else value)
            else:
                row.append(GEEN if value is None else value)
        return tuple(row)

    from woonzorg_analyse.report.chapters.samenvatting import onvolledig_noot

    return [
        Alinea(
            "Voor deze groepen maken de gemeenten geen afspraken over een evenredige verdeling; ze krijgen "
            "in deze notitie vraag en aanbod (hoofdstuk Vraag en aanbod). Hieronder hun omvang "
            "nu per gemeente."
        ),
        mart_tabel(
            mart=MART,
            frame=eerste,
            rij_sleutel=("gebied_code",),
            rij=rij,
            sleutel="verdeling_overig",
            titel=f"Overige groepen: omvang per gemeente, {ctx.regio_naam}",
            eenheid="; ".join(f"{ctx.groep(g).naam.split(' (')[0]}: {ctx.groep_eenheid(g)}" for g in codes),
            bron=ctx.bron(*sorted({b for g in codes for b in ctx.groep_bron.get(g, [])}), KERNCIJFERS),
            peildatum="laatste peildatum per groep (zie Datakwaliteit)",
            kolommen=[
                gemeente_kolom(ctx),
                *[
                    Kolom(
                        g,
                        ctx.groep_kort(g),
                        "aantal",
                        personen=True,
                        veld="aantal_schatting",
                        filter=(("aandachtsgroep", g),),
                    )
                    for g in codes
                ],
            ],
            noot=onvolledig_noot(ctx, groepen),
            blad="Verdeling overige groepen",
        ),
    ]
