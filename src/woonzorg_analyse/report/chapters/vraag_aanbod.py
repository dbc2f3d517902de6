"""Notitie, vraag en aanbod: demand against supply in the doeljaar per main group (never an inflow
added to a stock), the chart, and the shortage per gemeente per role and measure. Numbers from
rpt__vraag_aanbod_groep and rpt__vraag_aanbod_gemeente.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.report import charts
from woonzorg_analyse.report.chapters.samenvatting import MATEN, ROLLEN, onvolledig_noot
from woonzorg_analyse.report.context import AANBOD, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Minimum, Waarde
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, pivot, records

GROEP = "rpt__vraag_aanbod_groep"
GEMEENTE = "rpt__vraag_aanbod_gemeente"
MAAT_KORT = {"instroom": "per jaar", "stand": "stand"}
GEEN = "geen gegevens"


def _open(r: dict[str, Any], veld: str) -> Any:
    value = r[veld]
    return Minimum(value) if r.get("onvolledig") and value is not None else value


def rol_volgorde(rol: str) -> int:
    """The position of a role in the report (verdeling, specifiek, wonen_zorg)."""
    return list(ROLLEN).index(rol) if rol in ROLLEN else len(ROLLEN)


def build(ctx: Context) -> list[Blok]:
    """Return demand and supply per main group, the chart, and the shortage per gemeente."""
    if not (ctx.has(GROEP) and ctx.has(GEMEENTE)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=GROEP))]
    blocks: list[Blok] = []
    if absent := ctx.ontbreekt(AANBOD):
        blocks.append(Alinea(absent))
    bron = ctx.alle_groep_bronnen(AANBOD)
    groepen = ctx.mart(GROEP)
    groepen = groepen[~groepen["subgroep"]]
    groepen = groepen.assign(_r=groepen["rol"].map(rol_volgorde)).sort_values(["_r", "volgorde"])
    hoofd = records(groepen)
    if not hoofd:
        return [*blocks, Alinea("De regio heeft geen cijfers over vraag en aanbod.")]
    blocks.append(
        mart_tabel(
            mart=GROEP,
            frame=groepen,
            rij_sleutel=("aandachtsgroep",),
            rij=lambda r: (
                ctx.groep(r["aandachtsgroep"]).naam,
                MAAT_KORT[r["maat"]],
                _open(r, "vraag_woningen"),
                None if r["onvolledig"] else (r["vraag_woningen_min"], r["vraag_woningen_max"]),
                r["aanbod"],
                _open(r, "tekort"),
                r["overschot"],
            ),
            sleutel="vraag_aanbod_groep",
            titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woningen per jaar (instroom) of woningen (stand); aanbod in woonruimten",
            bron=bron,
            peildatum=f"{ctx.doeljaar}, scenario {ctx.centraal}",
            kolommen=[
                Kolom("groep", "Aandachtsgroep", breed=True, veld="aandachtsgroep"),
                Kolom("maat", "Maat", veld="maat"),
                kolom(ctx, "vraag_woningen", "aantal", label=f"Vraag ({ctx.centraal})", personen=True),
                Kolom(
                    "bandbreedte",
                    "Bandbreedte",
                    "bereik",
                    personen=True,
                    veld="vraag_woningen_min",
                    veld_tot="vraag_woningen_max",
                ),
                kolom(ctx, "aanbod", "aantal"),
                kolom(ctx, "tekort", "aantal", afgeleid_van=("vraag_woningen",)),
                kolom(ctx, "overschot", "aantal", afgeleid_van=("vraag_woningen",)),
            ],
            noot=" ".join(
                part
                for part in (
                    "Tekort en overschot zijn sommen over de gemeenten en woonvormen: een "
                    "overschot in de ene "
                    "gemeente huisvest niemand in een andere. Instroom (per jaar) en stand tellen niet op; "
                    "de totalen per soort staan in de samenvatting.",
                    onvolledig_noot(ctx, hoofd),
                )
                if part
            ),
            blad="Vraag en aanbod per groep",
        )
    )
    met_vraag = [r for r in hoofd if r["vraag_woningen"] is not None]
    if len(met_vraag) > 1:
        blocks.append(
            charts.vraag_aanbod_figuur(
                sleutel="vraag_aanbod_grafiek",
                titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
                namen=[
                    ctx.groep(r["aandachtsgroep"]).naam + (" (per jaar)" if r["maat"] == "instroom" else "")
                    for r in met_vraag
                ],
                vraag=[r["vraag_woningen"] for r in met_vraag],
                vraag_min=[r["vraag_woningen_min"] for r in met_vraag],
                vraag_max=[None if r["onvolledig"] else r["vraag_woningen_max"] for r in met_vraag],
                aanbod=[r["aanbod"] for r in met_vraag],
                bron=bron,
                peildatum=f"{ctx.doeljaar}, scenario {ctx.centraal}",
                stijl=ctx.rapport.get("grafiek", {}),
                drempel=ctx.drempel,
            )
        )
    blocks += per_gemeente(ctx, bron)
    return blocks


def per_gemeente(ctx: Context, bron: str) -> list[Blok]:
    """Return the shortage in the doeljaar per gemeente, a column per role and measure."""
    frame = ctx.mart(GEMEENTE)
    if frame.empty:
        return []
    soorten = sorted(
        {(r, m) for r, m in zip(frame["rol"], frame["maat"], strict=True)},
        key=lambda x: (rol_volgorde(x[0]), x[1]),
    )
    cel = pivot(frame, ("gebied_code",), ("rol", "maat"))
    eerste = frame[(frame["rol"] == soorten[0][0]) & (frame["maat"] == soorten[0][1])]

    def rij(x: dict[str, Any]) -> tuple[Any, ...]:
        row: list[Any] = [x["gebied_naam"]]
        for rol, maat in soorten:
            found = cel.get((x["gebied_code"], rol, maat))
            if found is None or (found["groepen_met_cijfer"] == 0 and not found["totaalrij"]):
                row.append(GEEN)
            else:
                basis = tuple(
                    (g, None if found["totaalrij"] else x["gebied_code"])
                    for g in ctx.groepen
                    if ctx.groep(g).ouder is None and ctx.groep(g).rol == rol and ctx.groep(g).maat == maat
                )  # the sum rests on the counts of those groups in the gemeente
                row.append(Waarde(_open(found, "tekort"), "aantal", personen=True, basis=basis))
        return tuple(row)

    onvolledig = bool(frame["onvolledig"].any())
    return [
        mart_tabel(
            mart=GEMEENTE,
            frame=eerste,
            rij_sleutel=("gebied_code",),
            rij=rij,
            sleutel="vraag_aanbod_gemeente",
            titel=f"Tekort per gemeente in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woningen per jaar (instroom) of woningen (stand)",
            bron=bron,
            peildatum=f"{ctx.doeljaar}, scenario {ctx.centraal}",
            kolommen=[
                gemeente_kolom(ctx),
                *[
                    Kolom(
                        f"tekort_{rol}_{maat}",
                        f"{ROLLEN[rol]}, {MATEN[maat].split(' (')[0]}",
                        "cel",
                        veld="tekort",
                        filter=(("rol", rol), ("maat", maat)),
                    )
                    for rol, maat in soorten
                ],
            ],
            noot=(
                "Het tekort is de vraag (middenscenario) die het bestaande en geplande aanbod in de gemeente "
                "niet dekt, opgeteld over de hoofdgroepen van die soort."
                + (
                    " Een gemeente die niet voor elke groep cijfers leverde, staat als minimum (≥ ...)."
                    if onvolledig
                    else ""
                )
            ),
            blad="Tekort per gemeente",
        )
    ]
