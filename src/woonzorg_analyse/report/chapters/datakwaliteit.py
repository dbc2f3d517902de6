"""Notitie, datakwaliteit en kleine aantallen: per group its source, peildatum and how many gemeenten
delivered a figure, the sources absent from the analysis, the protection of small counts and
whether example data were used. Numbers from rpt__samenvatting; the input files and their
checksums are in the verantwoording (chapter 'Versie en herkomst van de berekening').
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report.chapters.samenvatting import omvang
from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Opsomming
from woonzorg_analyse.report.tabel import kolom, mart_tabel

CELLEN = "rpt__samenvatting"


def afscherming_tekst(ctx: Context) -> str:
    """Return how many counts the report masks, and how many of them only to protect others."""
    plan = ctx.afscherming
    klein, extra = len(plan.primair), plan.extra
    if not klein:
        return f"In deze regio is geen aantal kleiner dan {ctx.drempel}; er is niets afgeschermd."
    return (
        f"In deze notitie en de verantwoording staan {klein} aantallen per gemeente of regio als "
        f'"< {ctx.drempel}". Om te voorkomen dat ze uit totalen zijn terug te rekenen, zijn daarnaast '
        f'{extra} grotere aantallen afgeschermd ("x"), met alle cijfers die daaruit volgen.'
    )


def build(ctx: Context) -> list[Blok]:
    """Return the cells table, the absent sources, the small-count rule and the example-data note."""
    blocks: list[Blok] = []
    if ctx.has(CELLEN):

        def rij(r: dict[str, Any]) -> tuple[Any, ...]:
            return (
                ctx.groep(r["aandachtsgroep"]).naam,
                ", ".join(ctx.vermelding.get(b, b) for b in ctx.groep_bron.get(r["aandachtsgroep"], [])),
                r["peildatum"],
                r["gemeenten_met_cijfer"],
                r["aantal_gemeenten"],
                r["onderdrukte_cellen"],
                omvang(r),
                None if r["onvolledig"] or not r["onzeker"] else (r["aantal_min"], r["aantal_max"]),
            )

        blocks.append(
            mart_tabel(
                mart=CELLEN,
                frame=ctx.mart(CELLEN),
                rij_sleutel=("aandachtsgroep",),
                rij=rij,
                sleutel="cellen",
                titel=f"Volledigheid van de cijfers per aandachtsgroep, {ctx.regio_naam}",
                eenheid="gemeenten; omvang in de eenheid van de groep",
                bron=ctx.alle_groep_bronnen(),
                peildatum="laatste peildatum per groep",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                    Kolom("bron", "Bron"),
                    kolom(ctx, "peildatum", "datum"),
                    kolom(ctx, "gemeenten_met_cijfer", "aantal", label="Gemeenten met cijfer"),
                    kolom(ctx, "aantal_gemeenten", "aantal", label="Van"),
                    kolom(ctx, "onderdrukte_cellen", "aantal", label="Door CBS afgeschermd"),
                    kolom(ctx, "aantal_schatting", "aantal", label="Omvang nu", personen=True),
                    Kolom(
                        "interval",
                        "Bandbreedte",
                        "bereik",
                        personen=True,
                        veld="aantal_min",
                        veld_tot="aantal_max",
                    ),
                ],
                noot=f"{ctx.tekst('onzeker')} {ctx.tekst('onvolledig_noot')}",
                blad="Volledigheid",
            )
        )
    # the sources whose absence matters (rapport.yaml, bron_ontbreekt); others are supplementary
    absent = [text for code in ctx.rapport.get("bron_ontbreekt", {}) if (text := ctx.ontbreekt(code))]
    blocks += [
        Kop("Ontbrekende bronnen"),
        Opsomming(tuple(absent)) if absent else Alinea("Alle bronnen waarop de notitie rust zijn gebruikt."),
        Kop("Kleine aantallen"),
        Alinea(ctx.tekst("kleine_aantallen")),
        Alinea(afscherming_tekst(ctx)),
        Kop("Voorbeeldgegevens"),
        Alinea(ctx.tekst("fictief") if ctx.fictief else "Er zijn geen fictieve voorbeeldgegevens gebruikt."),
        Alinea(ctx.tekst("verantwoording")),
    ]
    return blocks
