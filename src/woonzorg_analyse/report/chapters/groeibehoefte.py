"""Notitie, groeibehoefte: the expected demand in woningen of the main groups per prognosis year and
scenario, by role, and the growth range chart. Numbers from rpt__groeibehoefte and rpt__samenvatting;
the assumptions and the demand in each group's own unit are in the verantwoording.
"""

from __future__ import annotations

from woonzorg_analyse.report.chapters.groeibehoefte_detail import MART, bandbreedte, vraag_tabel
from woonzorg_analyse.report.context import PROGNOSE, Context
from woonzorg_analyse.report.model import Alinea, Blok
from woonzorg_analyse.report.tabel import records


def build(ctx: Context) -> list[Blok]:
    """Return the demand in woningen of the main groups and the growth range chart."""
    if not ctx.has(MART):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    blocks: list[Blok] = []
    if absent := ctx.ontbreekt(PROGNOSE):
        blocks.append(Alinea(absent))
    hoofd = [r["aandachtsgroep"] for r in records(ctx.mart("rpt__samenvatting")) if r["hoofdgroep"]]
    blocks.append(vraag_tabel(ctx, "vraag_woningen", hoofd, sleutel="groeibehoefte_woningen"))
    if figuur := bandbreedte(ctx, hoofd):
        blocks.append(figuur)
    return blocks
