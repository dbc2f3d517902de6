"""Verantwoording, inwoners, huishoudens en woningvoorraad: inhabitants, households and housing
stock per gemeente, and the prognosis. Numbers from rpt__regio_gemeente and rpt__prognose_regio.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report.context import KERNCIJFERS, PROGNOSE, Context
from woonzorg_analyse.report.model import Blok, Kolom
from woonzorg_analyse.report.tabel import gemeente_kolom, kolom, mart_tabel, value

MART = "rpt__regio_gemeente"
PROGNOSE_MART = "rpt__prognose_regio"


def build(ctx: Context) -> list[Blok]:
    """Return the kerncijfers per gemeente and the regional prognosis."""
    frame = ctx.mart(MART)
    blocks: list[Blok] = [
        mart_tabel(
            mart=MART,
            frame=frame,
            rij_sleutel=("gebied_code",),
            rij=lambda r: (
                r["gebied_naam"],
                r["inwoners"],
                r["huishoudens"],
                r["woningvoorraad"],
                r["koopwoningen_aandeel"],
                r["corporatie_aandeel"],
                r["sociale_huurvoorraad"],
            ),
            sleutel="demografie_kerncijfers",
            titel=f"Inwoners, huishoudens en woningvoorraad per gemeente, {ctx.regio_naam}",
            eenheid="personen, huishoudens, woningen; aandelen in % van de woningvoorraad",
            bron=ctx.bron(KERNCIJFERS),
            peildatum=datum(value(frame, "peildatum")) if len(frame) else "",
            kolommen=[
                gemeente_kolom(ctx),
                kolom(ctx, "inwoners", "aantal"),
                kolom(ctx, "huishoudens", "aantal"),
                kolom(ctx, "woningvoorraad", "aantal"),
                kolom(ctx, "koopwoningen_aandeel", "pct", decimalen=0),
                kolom(ctx, "corporatie_aandeel", "pct", decimalen=0),
                kolom(ctx, "sociale_huurvoorraad", "aantal", label="Sociale huur"),
            ],
            noot="Sociale huur = woningvoorraad x aandeel corporatiebezit (een benadering).",
            blad="Kerncijfers gemeenten",
        )
    ]
    prognose = ctx.mart(PROGNOSE_MART)
    if len(prognose):
        jaren = [str(j) for j in prognose["jaar"]]
        blocks.append(
            mart_tabel(
                mart=PROGNOSE_MART,
                frame=prognose,
                rij_sleutel=("jaar",),
                rij=lambda r: (
                    str(r["jaar"]),
                    r["prognose_inwoners"],
                    _range(r, "prognose_inwoners"),
                    r["prognose_huishoudens"],
                    _range(r, "prognose_huishoudens"),
                    r["prognose_inwoners_75plus"],
                    _range(r, "prognose_inwoners_75plus"),
                ),
                sleutel="demografie_prognose",
                titel=f"Prognose inwoners, huishoudens en 75-plussers, {ctx.regio_naam}",
                eenheid="personen, huishoudens; prognose-interval 67 %",
                bron=ctx.bron(PROGNOSE),
                peildatum=f"prognosejaren {', '.join(jaren)} (1 januari)",
                kolommen=[
                    Kolom("jaar", "Jaar", veld="jaar"),
                    *[
                        column
                        for naam, label in (
                            ("prognose_inwoners", "Inwoners"),
                            ("prognose_huishoudens", "Huishoudens"),
                            ("prognose_inwoners_75plus", "75-plussers"),
                        )
                        for column in (
                            Kolom(naam, label, "aantal", veld=naam),
                            Kolom(
                                f"{naam}_i", "Interval", "bereik", veld=f"{naam}_min", veld_tot=f"{naam}_max"
                            ),
                        )
                    ],
                ],
                noot="Som van de gemeenten; de intervallen van gemeenten zijn opgeteld en daardoor ruim.",
                blad="Prognose",
            )
        )
    return blocks


def _range(r: dict, naam: str):
    low, high = r[f"{naam}_min"], r[f"{naam}_max"]
    return None if low is None and high is None else (low, high)
