"""Chapter 6, groeibehoefte: the scenario assumptions and the demand per group per scenario in the
prognosis years. Numbers from rpt__groeibehoefte_aanname and rpt__groeibehoefte.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report import charts
from woonzorg_analyse.report.context import PROGNOSE, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom
from woonzorg_analyse.report.tabel import mart_tabel, pivot, records

AANNAME = "rpt__groeibehoefte_aanname"
MART = "rpt__groeibehoefte"


def build(ctx: Context) -> list[Blok]:
    """Return the assumptions table, the demand tables (unit and woningen) and the range chart."""
    if not ctx.has(MART):
        return [Alinea(ctx.tekst("ontbreekt", tabel=MART))]
    jaren = ctx.prognosejaren
    scenarios = list(ctx.scenarios["scenario"])
    snamen = dict(zip(ctx.scenarios["scenario"], ctx.scenarios["naam"], strict=True))
    blocks: list[Blok] = []
    aannames = ctx.mart(AANNAME)
    if len(aannames):
        cel = pivot(aannames, ("aandachtsgroep",), ("scenario",))
        groepen = list(dict.fromkeys(aannames["aandachtsgroep"]))
        eerste = {g: cel[(g, scenarios[0])] for g in groepen}
        blocks.append(
            mart_tabel(
                mart=AANNAME,
                frame=aannames.drop_duplicates("aandachtsgroep"),
                rij_sleutel=("aandachtsgroep",),
                rij=lambda r: (
                    ctx.groep(r["aandachtsgroep"]).naam,
                    str(eerste[r["aandachtsgroep"]]["demografie"]).replace("_", " "),
                    *[cel[(r["aandachtsgroep"], s)]["trend_gewicht"] for s in scenarios],
                    *[cel[(r["aandachtsgroep"], s)]["extra_groei"] for s in scenarios],
                ),
                sleutel="h6_aannames",
                titel="Aannames per scenario",
                eenheid="trendgewicht (deel van de landelijke trend); extra groei in % per jaar",
                bron="Bron: definitions/scenarios.yaml",
                peildatum=f"definitieversie {ctx.meta.get('definitieversie', ctx.defs.version)}",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True),
                    Kolom("demografie", "Drijver", veld="demografie", filter=(("scenario", scenarios[0]),)),
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
                kopgroepen=[
                    ("", 2),
                    ("Trendgewicht", len(scenarios)),
                    ("Extra groei per jaar", len(scenarios)),
                ],
                blad="6 Aannames",
            )
        )
    data = ctx.mart(MART)
    cel = pivot(data, ("aandachtsgroep",), ("jaar", "scenario"))
    eerste_rij = data.drop_duplicates("aandachtsgroep")
    basis = {r["aandachtsgroep"]: r["basis"] for r in records(eerste_rij)}
    for veld, titel, eenheid, key in (
        ("vraag", "Verwachte vraag per aandachtsgroep", "eenheid van de groep", "h6_vraag"),
        ("vraag_woningen", "Verwachte vraag in woningen per aandachtsgroep", "woningen", "h6_woningen"),
    ):
        met_basis = veld == "vraag"
        kolommen = [Kolom("groep", "Aandachtsgroep", breed=True)]
        kop: list[tuple[str, int]] = [("", 1)]
        if met_basis:
            kolommen += [
                Kolom("eenheid", "Eenheid"),
                Kolom(
                    "basis",
                    "Nu",
                    "aantal",
                    personen=True,
                    veld="basis",
                    filter=(("jaar", jaren[0]), ("scenario", scenarios[0])),
                ),
            ]
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

        def rij(r: dict[str, Any], veld: str = veld, met_basis: bool = met_basis) -> tuple[Any, ...]:
            groep = r["aandachtsgroep"]
            row: list[Any] = [ctx.groep(groep).naam]
            if met_basis:
                row += [ctx.groep_eenheid(groep), basis[groep]]
            row += [cel.get((groep, jaar, s), {}).get(veld) for jaar in jaren for s in scenarios]
            return tuple(row)

        blocks.append(
            mart_tabel(
                mart=MART,
                frame=eerste_rij,
                rij_sleutel=("aandachtsgroep",),
                rij=rij,
                sleutel=key,
                titel=f"{titel}, {ctx.regio_naam}",
                eenheid=eenheid,
                bron=ctx.alle_groep_bronnen(PROGNOSE),
                peildatum=f"basis: laatste peildatum per groep; jaren {', '.join(map(str, jaren))}",
                kolommen=kolommen,
                kopgroepen=kop,
                noot="Stand-groepen: stand op 1 januari van het jaar; instroomgroepen: instroom in het jaar.",
                blad="6 Vraag" if veld == "vraag" else "6 Vraag woningen",
            )
        )
    # chart: growth range per group in the first prognosis year
    jaar = jaren[0]
    namen, lo, mid, hi = [], [], [], []
    for groep in basis:
        groei = [cel.get((groep, jaar, s), {}).get("groei_aandeel") for s in scenarios]
        if any(v is None for v in groei):
            continue
        namen.append(ctx.groep(groep).naam)
        lo.append(min(groei))
        hi.append(max(groei))
        mid.append(groei[scenarios.index(ctx.centraal)])
    if namen:
        blocks.append(
            charts.bandbreedte_figuur(
                sleutel="h6_grafiek",
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
        )
    return blocks
