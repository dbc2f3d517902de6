"""Chapter 5, huidige verdeling: per aandachtsgroep its distribution over the gemeenten (table and
share chart). Numbers from rpt__verdeling_gemeente and rpt__samenvatting.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.formatting import datum, procent
from woonzorg_analyse.report import charts
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, records, short

MART = "rpt__verdeling_gemeente"
REGIO = "rpt__samenvatting"


def build(ctx: Context) -> list[Blok]:
    """Return per group a paragraph, the table over the gemeenten and the share chart."""
    if not (ctx.has(MART) and ctx.has(REGIO)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    alle = ctx.mart(MART)
    regio = {r["aandachtsgroep"]: r for r in records(ctx.mart(REGIO))}
    blocks: list[Blok] = [Alinea(ctx.tekst("onzeker"))]
    stijl = ctx.rapport.get("grafiek", {})
    for groep in ctx.groepen:
        frame = alle[alle["aandachtsgroep"] == groep]
        r = regio.get(groep)
        if frame.empty or r is None:
            continue
        g = ctx.groep(groep)
        peil = datum(r["peildatum"])
        personen = True
        rows = [x for x in records(frame) if not x["totaalrij"]]
        any_uncertain = any(x["onzeker"] for x in rows)
        kolommen = [
            gemeente_kolom(ctx),
            kolom(ctx, "aantal_schatting", "aantal", personen=personen),
            kolom(ctx, "aandeel_regio", "pct", afgeleid_van=("aantal_schatting",)),
            kolom(ctx, "per_1000_inwoners", "getal", decimalen=1, afgeleid_van=("aantal_schatting",)),
            kolom(ctx, "locatiequotient", "getal", decimalen=2, afgeleid_van=("aantal_schatting",)),
        ]
        if any_uncertain:
            kolommen.insert(
                2, Kolom("interval", "Interval", "bereik", veld="aantal_min", veld_tot="aantal_max")
            )

        def rij(x: dict[str, Any], uncertain: bool = any_uncertain) -> tuple[Any, ...]:
            row: list[Any] = [
                x["gebied_naam"],
                x["aantal_schatting"],
                x["aandeel_regio"],
                x["per_1000_inwoners"],
                x["locatiequotient"],
            ]
            if uncertain:
                row.insert(2, (x["aantal_min"], x["aantal_max"]) if x["onzeker"] else None)
            return tuple(row)

        tekst = (
            f"Peildatum {peil}. De dissimilariteitsindex is {procent(r['dissimilariteitsindex'])}. "
            f"{r['grootste_gemeente_naam']}, de grootste gemeente, heeft "
            f"{procent(r['inwoneraandeel_grootste_gemeente'])} van de inwoners en "
            f"{procent(r['aandeel_grootste_gemeente'])} van de groep."
        )
        if personen and r["aantal_schatting"] is not None and r["aantal_schatting"] < ctx.drempel:
            tekst = (
                f"Peildatum {peil}. De groep is in deze regio kleiner dan {ctx.drempel}; "
                "details zijn afgeschermd."
            )
        if r["onderdrukte_cellen"] or r["ontbrekende_gemeenten"]:
            tekst += (
                f" Onderdrukte cellen: {r['onderdrukte_cellen']}; gemeenten zonder cijfer: "
                f"{r['ontbrekende_gemeenten']}."
            )
        blocks += [
            Kop(g.naam),
            Alinea(tekst),
            mart_tabel(
                mart=MART,
                frame=frame,
                rij_sleutel=("aandachtsgroep", "gebied_code"),
                rij=rij,
                sleutel=f"h5_{groep}",
                titel=f"{g.naam}: verdeling over de gemeenten",
                eenheid=ctx.groep_eenheid(groep),
                bron=ctx.groep_bronnen(groep, KERNCIJFERS),
                peildatum=peil,
                kolommen=kolommen,
                blad=f"5 {short(groep)}",
            ),
        ]
        if len(rows) > 1:
            blocks.append(
                charts.aandeel_figuur(
                    sleutel=f"h5_{groep}_grafiek",
                    titel=f"{g.naam}: aandeel in de groep en in de inwoners per gemeente",
                    namen=[x["gebied_naam"] for x in rows],
                    reeksen={
                        "Aandeel in de groep": [x["aandeel_regio"] for x in rows],
                        "Aandeel in de inwoners": [x["aandeel_inwoners"] for x in rows],
                    },
                    bron=ctx.groep_bronnen(groep, KERNCIJFERS),
                    peildatum=peil,
                    stijl=stijl,
                    gemaskeerd={
                        "Aandeel in de groep": [
                            personen
                            and x["aantal_schatting"] is not None
                            and x["aantal_schatting"] < ctx.drempel
                            for x in rows
                        ]
                    },
                    drempel=ctx.drempel,
                )
            )
    return blocks
