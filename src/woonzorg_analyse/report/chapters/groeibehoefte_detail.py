"""Verantwoording, aannames en vraag per scenario: the scenario assumptions and the demand per group
and subgroup, in its own unit and in woningen, per prognosis year and scenario. Numbers from
rpt__groeibehoefte_aanname and rpt__groeibehoefte. The demand table and the range chart are shared
with the notitie chapter 'Groeibehoefte'.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report import charts
from woonzorg_analyse.report.context import PROGNOSE, Context
from woonzorg_analyse.report.model import Alinea, Blok, Figuur, Kolom, Minimum, Tabel
from woonzorg_analyse.report.tabel import mart_tabel, pivot, records

AANNAME = "rpt__groeibehoefte_aanname"
MART = "rpt__groeibehoefte"
DEMOGRAFIE = {
    "inwoners": "inwoners",
    "huishoudens": "huishoudens",
    "inwoners_75plus": "inwoners van 75 jaar en ouder",
    "geen": "alleen de trend",
}


def _scenarios(ctx: Context) -> tuple[list[str], dict[str, str]]:
    return list(ctx.scenarios["scenario"]), dict(
        zip(ctx.scenarios["scenario"], ctx.scenarios["naam"], strict=True)
    )


def aannames(ctx: Context) -> list[Blok]:
    """Return the assumptions per group and scenario: the population figure the demand follows, the
    weight of the national trend and the extra growth per year."""
    frame = ctx.mart(AANNAME)
    if frame.empty:
        return []
    scenarios, snamen = _scenarios(ctx)
    cel = pivot(frame, ("aandachtsgroep",), ("scenario",))
    eerste = {g: cel[(g, scenarios[0])] for g in dict.fromkeys(frame["aandachtsgroep"])}
    return [
        mart_tabel(
            mart=AANNAME,
            frame=frame.drop_duplicates("aandachtsgroep"),
            rij_sleutel=("aandachtsgroep",),
            rij=lambda r: (
                ctx.groep(r["aandachtsgroep"]).naam,
                DEMOGRAFIE.get(
                    str(eerste[r["aandachtsgroep"]]["demografie"]),
                    str(eerste[r["aandachtsgroep"]]["demografie"]),
                ),
                *[cel[(r["aandachtsgroep"], s)]["trend_gewicht"] for s in scenarios],
                *[cel[(r["aandachtsgroep"], s)]["extra_groei"] for s in scenarios],
            ),
            sleutel="aannames",
            titel="Aannames per scenario",
            eenheid="trendgewicht (deel van de landelijke trend); extra groei in % per jaar",
            bron="Bron: definitions/scenarios.yaml",
            peildatum=f"definitieversie {ctx.meta.get('definitieversie', ctx.defs.version)}",
            kolommen=[
                Kolom("groep", "Aandachtsgroep", breed=True),
                Kolom(
                    "demografie", "Groeit mee met", veld="demografie", filter=(("scenario", scenarios[0]),)
                ),
                *[
                    Kolom(
                        f"trend_{s}",
                        snamen[s],
                        "getal",
                        decimalen=1,
                        veld="trend_gewicht",
                        filter=(("scenario", s),),
                    )
                    for s in scenarios
                ],
                *[
                    Kolom(
                        f"extra_{s}",
                        snamen[s],
                        "pct",
                        decimalen=0,
                        veld="extra_groei",
                        filter=(("scenario", s),),
                    )
                    for s in scenarios
                ],
            ],
            kopgroepen=[("", 2), ("Trendgewicht", len(scenarios)), ("Extra groei per jaar", len(scenarios))],
            blad="Aannames",
        )
    ]


def vraag_tabel(ctx: Context, veld: str, groepen: list[str], *, sleutel: str) -> Tabel:
    """Return the demand of ``groepen`` per prognosis year and scenario: in the group's own unit with
    today's size (``veld`` "vraag") or in woningen ("vraag_woningen"). A group that rests on part of
    the gemeenten reads as an open range ("≥ ..., onvolledig")."""
    jaren = ctx.prognosejaren
    scenarios, snamen = _scenarios(ctx)
    data = ctx.mart(MART)
    data = data[data["aandachtsgroep"].isin(groepen)]
    cel = pivot(data, ("aandachtsgroep",), ("jaar", "scenario"))
    samenvatting = {r["aandachtsgroep"]: r for r in records(ctx.mart("rpt__samenvatting"))}
    onvolledig = {g: bool(samenvatting.get(g, {}).get("onvolledig")) for g in groepen}
    met_basis = veld == "vraag"
    kolommen = [
        Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
        Kolom("eenheid", "Eenheid"),
    ]
    kop: list[tuple[str, int]] = [("", 2)]
    if met_basis:
        kolommen.append(
            Kolom(
                "basis",
                "Nu",
                "aantal",
                personen=True,
                veld="basis",
                filter=(("jaar", jaren[0]), ("scenario", scenarios[0])),
            )
        )
        kop = [("", 3)]
    for jaar in jaren:
        kolommen += [
            Kolom(
                f"{jaar}_{s}",
                snamen[s],
                "aantal",
                personen=True,
                veld=veld,
                filter=(("jaar", jaar), ("scenario", s)),
            )
            for s in scenarios
        ]
        kop.append((str(jaar), len(scenarios)))

    def open_range(groep: str, value: Any) -> Any:
        return Minimum(value) if onvolledig[groep] and value is not None else value

    def rij(r: dict[str, Any]) -> tuple[Any, ...]:
        groep = r["aandachtsgroep"]
        g = ctx.groep(groep)
        eenheid = ctx.groep_eenheid(groep) if met_basis else ("per jaar" if g.maat == "instroom" else "stand")
        row: list[Any] = [g.naam, eenheid]
        if met_basis:
            row.append(open_range(groep, r["basis"]))
        row += [
            open_range(groep, cel.get((groep, jaar, s), {}).get(veld)) for jaar in jaren for s in scenarios
        ]
        return tuple(row)

    from woonzorg_analyse.report.chapters.samenvatting import onvolledig_noot

    eerste = data.drop_duplicates("aandachtsgroep")
    return mart_tabel(
        mart=MART,
        frame=eerste,
        rij_sleutel=("aandachtsgroep",),
        rij=rij,
        sleutel=sleutel,
        titel=(
            f"Verwachte vraag per aandachtsgroep, {ctx.regio_naam}"
            if met_basis
            else f"Verwachte vraag in woningen, {ctx.regio_naam}"
        ),
        eenheid="eenheid van de groep" if met_basis else "woningen per jaar (instroom) of woningen (stand)",
        bron=ctx.alle_groep_bronnen(PROGNOSE),
        peildatum=f"basis: laatste peildatum per groep; jaren {', '.join(map(str, jaren))}",
        kolommen=kolommen,
        kopgroepen=kop,
        noot=" ".join(
            part
            for part in (
                "Stand: op 1 januari van het jaar; instroom: in het jaar. Instroom en stand tellen niet op.",
                onvolledig_noot(ctx, [samenvatting[g] for g in groepen if g in samenvatting]),
            )
            if part
        ),
        blad="Vraag" if met_basis else "Vraag in woningen",
    )


def bandbreedte(ctx: Context, groepen: list[str]) -> Figuur | None:
    """Return the chart of the growth of the demand up to the first prognosis year per scenario."""
    jaren = ctx.prognosejaren
    scenarios, snamen = _scenarios(ctx)
    cel = pivot(ctx.mart(MART), ("aandachtsgroep",), ("jaar", "scenario"))
    jaar = jaren[0]
    namen, lo, mid, hi = [], [], [], []
    for groep in groepen:
        groei = [cel.get((groep, jaar, s), {}).get("groei_aandeel") for s in scenarios]
        if any(v is None for v in groei):
            continue
        namen.append(ctx.groep(groep).naam)
        lo.append(min(groei))
        hi.append(max(groei))
        mid.append(groei[scenarios.index(ctx.centraal)])
    if not namen:
        return None
    return charts.bandbreedte_figuur(
        sleutel="groeibehoefte_grafiek",
        titel=f"Groei van de vraag tot {jaar} per scenario, {ctx.regio_naam}",
        namen=namen,
        laag=lo,
        midden=mid,
        hoog=hi,
        labels=(snamen[scenarios[0]], snamen[ctx.centraal], snamen[scenarios[-1]]),
        bron=ctx.alle_groep_bronnen(PROGNOSE),
        peildatum=f"basis: laatste peildatum per groep; {jaar}",
        stijl=ctx.rapport.get("grafiek", {}),
    )


def build(ctx: Context) -> list[Blok]:
    """Return the assumptions and the demand of every group and subgroup, in its unit and in woningen."""
    if not ctx.has(MART):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    blocks: list[Blok] = []
    if absent := ctx.ontbreekt(PROGNOSE):
        blocks.append(Alinea(absent))
    groepen = list(dict.fromkeys(ctx.mart(MART)["aandachtsgroep"]))
    blocks += aannames(ctx)
    blocks.append(vraag_tabel(ctx, "vraag", groepen, sleutel="groeibehoefte_vraag"))
    blocks.append(vraag_tabel(ctx, "vraag_woningen", groepen, sleutel="groeibehoefte_detail_woningen"))
    return blocks
