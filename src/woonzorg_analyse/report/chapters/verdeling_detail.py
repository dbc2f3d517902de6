"""Verantwoording, verdeling per aandachtsgroep: every group and subgroup over the gemeenten with its
interval, per 1.000 inwoners and location quotient. Numbers from rpt__verdeling_gemeente and
rpt__samenvatting. The table builder is shared with the notitie chapter 'Huidige verdeling'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from woonzorg_analyse.formatting import datum, procent
from woonzorg_analyse.report import charts
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Figuur, Kolom, Kop, Tabel
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, records

if TYPE_CHECKING:
    import pandas as pd

MART = "rpt__verdeling_gemeente"
REGIO = "rpt__samenvatting"
GEEN = "geen gegevens"


def groep_tabel(ctx: Context, groep: str, frame: Any, r: dict[str, Any], *, detail: bool) -> Tabel:
    """Return the table of one group over the gemeenten: count and shares (notitie), plus interval,
    per 1.000 inwoners and location quotient (``detail``, verantwoording). A gemeente without a
    figure reads "geen gegevens"; a total over part of the gemeenten is an open range."""
    from woonzorg_analyse.report.chapters.samenvatting import omvang, onvolledig_noot

    g = ctx.groep(groep)
    rows = [x for x in records(frame) if not x["totaalrij"]]
    interval = detail and any(x["onzeker"] for x in rows)
    kolommen = [
        gemeente_kolom(ctx),
        kolom(ctx, "aantal_schatting", "aantal", label="Nu", personen=True),
        kolom(ctx, "aandeel_regio", "pct", decimalen=0, afgeleid_van=("aantal_schatting",)),
        kolom(ctx, "aandeel_inwoners", "pct", decimalen=0),
    ]
    if detail:
        kolommen += [
            kolom(ctx, "per_1000_inwoners", "getal", decimalen=1, afgeleid_van=("aantal_schatting",)),
            kolom(ctx, "locatiequotient", "getal", decimalen=2, afgeleid_van=("aantal_schatting",)),
        ]
    if interval:
        kolommen.insert(2, Kolom("interval", "Interval", "bereik", veld="aantal_min", veld_tot="aantal_max"))

    def rij(x: dict[str, Any]) -> tuple[Any, ...]:
        if x["aantal_schatting"] is None and not x["totaalrij"]:
            return (x["gebied_naam"], GEEN, *([None] * (len(kolommen) - 2)))
        row: list[Any] = [
            x["gebied_naam"],
            omvang({**x, "onvolledig": x["totaalrij"] and r["onvolledig"]}),
            x["aandeel_regio"],
            x["aandeel_inwoners"],
        ]
        if detail:
            row += [x["per_1000_inwoners"], x["locatiequotient"]]
        if interval:
            row.insert(2, (x["aantal_min"], x["aantal_max"]) if x["onzeker"] else None)
        return tuple(row)

    noot = onvolledig_noot(ctx, [r]) or ""
    if detail and interval:
        noot = f"{ctx.tekst('onzeker')} {noot}".strip()
    return mart_tabel(
        mart=MART,
        frame=frame,
        rij_sleutel=("aandachtsgroep", "gebied_code"),
        rij=rij,
        sleutel=f"{'verdeling_detail' if detail else 'verdeling'}_{groep}",
        titel=f"{g.naam}: verdeling over de gemeenten",
        eenheid=f"{ctx.groep_eenheid(groep)}; aandelen in %",
        bron=ctx.groep_bronnen(groep, KERNCIJFERS),
        peildatum=datum(r["peildatum"]),
        kolommen=kolommen,
        noot=noot,
        blad=f"Verdeling {groep}",
    )


def groep_kaart(ctx: Context, groep: str, frame: Any, r: dict[str, Any]) -> Figuur | None:
    """Return the map of a group's share against its share of the inhabitants per gemeente (the
    location quotient as a percentage: 100 % is naar rato inwoners); a masked count is hatched,
    a gemeente without a figure dotted. None without boundaries."""
    basis = ctx.kaartbasis()
    if basis is None:
        return None
    from woonzorg_analyse.report import maps

    rows = [x for x in records(frame) if not x["totaalrij"]]
    gebieden = [
        maps.Gebied(
            x["gebied_code"],
            x["gebied_naam"],
            x["locatiequotient"] if x["aantal_schatting"] is not None else None,
            gemaskeerd=ctx.gemaskeerd(groep, x["gebied_code"]),
        )
        for x in rows
    ]
    shown = sum(g.waarde is not None and not g.gemaskeerd for g in gebieden)
    if shown * 2 < len(gebieden):  # mostly hatched: the table says it better
        return None
    naam = ctx.groep(groep).naam
    return maps.regiokaart(
        f"kaart_verdeling_{groep}",
        f"{naam}: aandeel in de groep ten opzichte van het aandeel in de inwoners",
        gebieden,
        basis,
        maps.klassen(
            [0.8, 0.95, 1.05, 1.25],
            palet="divergerend",
            opmaak="pct",
            titel="Aandeel groep / aandeel inwoners (100 % = naar rato)",
        ),
        bron=ctx.groep_bronnen(groep, KERNCIJFERS),
        peildatum=datum(r["peildatum"]),
        eenheid="% (aandeel in de groep gedeeld door aandeel in de inwoners)",
        drempel=ctx.drempel,
        stijl=maps.Kaartstijl(max_hoogte_cm=7.5),
    )


def groep_figuur(ctx: Context, groep: str, frame: Any, r: dict[str, Any]) -> Figuur | None:
    """Return the chart of a group's share against the inhabitants' share per gemeente with a figure;
    none when fewer than half of them could be shown (small counts are masked)."""
    rows = [x for x in records(frame) if not x["totaalrij"] and x["aantal_schatting"] is not None]
    shown = sum(not ctx.gemaskeerd(groep, x["gebied_code"]) for x in rows)
    if len(rows) < 2 or shown * 2 < len(rows):
        return None
    return charts.aandeel_figuur(
        sleutel=f"verdeling_{groep}_grafiek",
        titel=f"{ctx.groep(groep).naam}: aandeel in de groep en in de inwoners",
        namen=[x["gebied_naam"] for x in rows],
        reeksen={
            "Aandeel in de groep": [x["aandeel_regio"] for x in rows],
            "Aandeel in de inwoners": [x["aandeel_inwoners"] for x in rows],
        },
        bron=ctx.groep_bronnen(groep, KERNCIJFERS),
        peildatum=datum(r["peildatum"]),
        stijl=ctx.rapport.get("grafiek", {}),
        gemaskeerd={"Aandeel in de groep": [ctx.gemaskeerd(groep, x["gebied_code"]) for x in rows]},
        drempel=ctx.drempel,
    )


def spreiding(ctx: Context, r: dict[str, Any], frame: pd.DataFrame) -> str:
    """Return the sentence on how concentrated a group is (rpt__samenvatting), or the small-group
    text; ``frame``: the group's rows of rpt__verdeling_gemeente."""
    peil = datum(r["peildatum"])
    status = ctx.afscherming.status(r["aandachtsgroep"], None)
    if status == "primair":
        return (
            f"Peildatum {peil}. De groep is in deze regio kleiner dan {ctx.drempel}; "
            "details zijn afgeschermd."
        )
    if status is not None:
        return (
            f"Peildatum {peil}. De omvang van de groep in de regio is afgeschermd om kleine "
            "aantallen te beschermen."
        )
    if r["dissimilariteitsindex"] is None:
        return f"Peildatum {peil}."
    met_cijfer = frame.loc[~frame["totaalrij"] & frame["aantal_schatting"].notna(), "gebied_code"]
    if len(met_cijfer) and all(ctx.gemaskeerd(r["aandachtsgroep"], code) for code in met_cijfer):
        # the regional figures count every masked count at its share by inhabitants: with all of
        # them masked the index would read 0 % (exactly naar rato), which the data do not say
        return (
            f"Peildatum {peil}. De spreidingsindex is niet te berekenen: de aantallen van alle "
            "gemeenten zijn afgeschermd om kleine aantallen te beschermen."
        )
    basis = (
        " " + ctx.tekst("onvolledig", k=r["gemeenten_met_cijfer"], n=r["aantal_gemeenten"]).capitalize() + "."
        if r["onvolledig"]
        else ""
    )
    grootste = (
        ""
        if ctx.gemaskeerd(r["aandachtsgroep"], r["grootste_gemeente_code"])
        else (
            f" {r['grootste_gemeente_naam']}, de grootste gemeente, heeft "
            f"{procent(r['inwoneraandeel_grootste_gemeente'], 0)} van de inwoners en "
            f"{procent(r['aandeel_grootste_gemeente'], 0)} van de groep."
        )
    )
    return f"Peildatum {peil}. Spreidingsindex {procent(r['dissimilariteitsindex'], 0)}.{grootste}{basis}"


def build(ctx: Context) -> list[Blok]:
    """Return per group and subgroup a line on its spread and the detailed table."""
    if not (ctx.has(MART) and ctx.has(REGIO)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    alle = ctx.mart(MART)
    regio = {r["aandachtsgroep"]: r for r in records(ctx.mart(REGIO))}
    blocks: list[Blok] = []
    for groep in ctx.groepen:
        frame = alle[alle["aandachtsgroep"] == groep]
        r = regio.get(groep)
        if frame.empty or r is None:
            continue
        blocks += [
            Kop(ctx.groep(groep).naam),
            Alinea(spreiding(ctx, r, frame)),
            groep_tabel(ctx, groep, frame, r, detail=True),
        ]
    return blocks
