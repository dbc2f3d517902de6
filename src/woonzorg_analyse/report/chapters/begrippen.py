"""Verantwoording, begrippen en bronnen: the shared definitions and the sources used.

Text from the definitions (ref_ tables) and the provenance of the region's input files
(int__regio_invoerbestand); no figures.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import is_missing
from woonzorg_analyse.report.context import Context
from woonzorg_analyse.report.model import Blok, Kolom, Tabel


def build(ctx: Context) -> list[Blok]:
    """Return the definitions of the groups, woonvormen, keys, scenarios and the sources used."""
    versie = ctx.meta.get("definitieversie", ctx.defs.version)
    groepen = [
        (
            g.naam + (" (subgroep)" if g.ouder else ""),
            g.omschrijving,
            ctx.groep_eenheid(g.code),
            ", ".join(ctx.vermelding.get(b, b) for b in ctx.groep_bron.get(g.code, [])),
        )
        for g in (ctx.groep(code) for code in ctx.groepen)
    ]
    woonvormen = [(w.naam, w.omschrijving) for w in ctx.defs.woonvormen.values()]
    # per source of the region's files: any fictitious, and their distinct peildata in order
    gebruikt: dict[str, tuple[bool, str]] = {}
    for bron, files in ctx.invoerbestanden.groupby("bron_code", sort=False):
        peildata = sorted({str(p) for p in files["peildata"] if not is_missing(p)})
        gebruikt[bron] = (bool(files["fictief"].any()), "; ".join(peildata))
    bron_rows = []
    for r in ctx.q("select * from ref_bron order by bron_code").itertuples():
        if r.bron_code not in gebruikt:
            continue
        fictief, peildata = gebruikt[r.bron_code]
        bron_rows.append(
            (
                r.titel,
                r.tabel_id,
                r.producent,
                latest_periods(peildata) or "niet opgegeven",
                r.licentie,
                ("fictief voorbeeld. " if fictief else "") + (r.toelichting or ""),
            )
        )
    bron_def = f"Bron: definitions/ (definitieversie {versie})"
    blocks: list[Blok] = [
        Tabel(
            sleutel="begrip_aandachtsgroepen",
            titel="Aandachtsgroepen: gedeelde definities",
            eenheid="zie kolom Eenheid",
            bron=f"Bron: definitions/aandachtsgroepen.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {versie}",
            kolommen=[
                Kolom("naam", "Aandachtsgroep"),
                Kolom("omschrijving", "Definitie", breed=True),
                Kolom("eenheid", "Eenheid en maat"),
                Kolom("bron", "Bron"),
            ],
            rijen=groepen,
            blad="Aandachtsgroepen",
        ),
        Tabel(
            sleutel="begrip_woonvormen",
            titel="Woonvormen",
            eenheid="\u2013",
            bron=f"Bron: definitions/aandachtsgroepen.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {versie}",
            kolommen=[Kolom("naam", "Woonvorm"), Kolom("omschrijving", "Omschrijving", breed=True)],
            rijen=woonvormen,
            blad="Woonvormen",
        ),
    ]
    if len(ctx.sleutels):
        blocks.append(
            Tabel(
                sleutel="begrip_verdeelsleutels",
                titel="Verdeelsleutels voor het eerlijk aandeel",
                eenheid="\u2013",
                bron=bron_def.replace("definitions/", "definitions/verdeelsleutels.yaml"),
                peildatum=f"definitieversie {versie}",
                kolommen=[Kolom("naam", "Verdeelsleutel"), Kolom("omschrijving", "Omschrijving", breed=True)],
                rijen=[(r.naam, r.omschrijving) for r in ctx.sleutels.itertuples()],
                blad="Verdeelsleutels",
            )
        )
    if len(ctx.scenarios):
        blocks.append(
            Tabel(
                sleutel="begrip_scenarios",
                titel="Scenario's voor de groeibehoefte",
                eenheid="\u2013",
                bron=bron_def.replace("definitions/", "definitions/scenarios.yaml"),
                peildatum=f"definitieversie {versie}",
                kolommen=[
                    Kolom("naam", "Scenario"),
                    Kolom("omschrijving", "Omschrijving", breed=True),
                    Kolom("centraal", "Centraal"),
                ],
                rijen=[
                    (r.naam, r.omschrijving, "ja" if bool(r.centraal) else "nee")
                    for r in ctx.scenarios.itertuples()
                ],
                blad="Scenarios",
            )
        )
    blocks.append(
        Tabel(
            sleutel="begrip_bronnen",
            titel="Bronnen",
            eenheid="\u2013",
            bron="Bron: definitions/bronnen.yaml; int__regio_invoerbestand (invoer van deze regio)",
            peildatum="zie kolom Peildata",
            kolommen=[
                Kolom("titel", "Bron"),
                Kolom("tabel_id", "Tabel"),
                Kolom("producent", "Producent"),
                Kolom("peildata", "Peildata"),
                Kolom("licentie", "Licentie"),
                Kolom("toelichting", "Toelichting", breed=True),
            ],
            rijen=bron_rows,
            blad="Bronnen",
        )
    )
    return blocks


def latest_periods(text: str, keep: int = 4) -> str:
    """Return the distinct periods of a provenance 'peildata' text, the latest ``keep`` of them."""
    parts = sorted({p.strip() for p in text.replace(";", ",").split(",") if p.strip()})
    shown = parts[-keep:]
    return ("\u2026, " if len(parts) > keep else "") + ", ".join(shown)
