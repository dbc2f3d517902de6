"""Notitie, regio en afbakening: the member gemeenten with codes, and the herindelingen applied.

Numbers from rpt__regio_gemeente and rpt__regio_herindeling.
"""

from __future__ import annotations

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Minimum, Opsomming
from woonzorg_analyse.report.tabel import kolom, mart_tabel, records, value

MART = "rpt__regio_gemeente"
HERINDELING = "rpt__regio_herindeling"


def indeling(ctx: Context) -> str:
    """Return where the region's membership comes from: the shared definitions or the user's own file."""
    rows = ctx.q(
        "select bron from ref_regio where regio_type = ? and regio_code = ?", ctx.regio_type, ctx.regio_code
    )
    bron = str(rows["bron"].iloc[0]) if len(rows) and "bron" in rows and rows["bron"].iloc[0] else ""
    return bron if bron.startswith("eigen regio-indeling") else "regio-indeling van de gedeelde definities"


def build(ctx: Context) -> list[Blok]:
    """Return the members table, the memberships not counted, and the herindelingen."""
    jaar = ctx.referentiejaar
    frame = ctx.mart(MART)
    leden = [r for r in records(frame) if not r["totaalrij"]]
    zekerheden = " of ".join(ctx.defs.instellingen.lidmaatschap_zekerheid)
    zonder = [r["gebied_naam"] for r in leden if r["inwoners"] is None]
    blocks: list[Blok] = [
        Alinea(
            f"{ctx.regio_naam} telt {len(leden)} gemeente{'n' if len(leden) != 1 else ''} in de analyse "
            f"(indeling 1 januari {jaar}). Meegeteld worden lidmaatschappen met zekerheid {zekerheden}."
        ),
    ]
    if zonder:
        blocks.append(
            Alinea(
                f"Van {len(zonder)} van de {len(leden)} gemeenten ontbreken de CBS-kerncijfers "
                f"({', '.join(zonder)}). "
                "Zonder inwoners is geen eerlijk aandeel of vergelijking met de inwoners te "
                "maken: de regio wordt "
                ""
                "pas geanalyseerd als de kerncijfers van alle gemeenten er zijn. Het totaal "
                "aantal inwoners is "
                "daarom een minimum."
            )
        )
    blocks += [
        mart_tabel(
            mart=MART,
            frame=frame,
            rij_sleutel=("gebied_code",),
            rij=lambda r: (
                r["gebied_code"],
                r["gebied_naam"],
                r["provincie_naam"],
                r["deelregio"],
                r["zekerheid"],
                r["ook_in"] or "",
                r["inwoners"],
            ),
            totaal=lambda r: (
                "Totaal",
                "",
                "",
                "",
                "",
                "",
                Minimum(r["inwoners"]) if zonder else r["inwoners"],
            ),
            sleutel="regio_gemeenten",
            titel=f"Gemeenten van {ctx.regio_naam} (indeling {jaar})",
            eenheid="gemeenten; inwoners in personen",
            bron=f"Bron: {indeling(ctx)}; " + ctx.bron(KERNCIJFERS).removeprefix("Bron: "),
            peildatum=f"indeling 01-01-{jaar}; inwoners {datum(value(frame, 'peildatum'))}",
            kolommen=[
                kolom(ctx, "gebied_code", "tekst", label="Code"),
                kolom(ctx, "gebied_naam", "tekst", label=ctx.field_label("gemeente_naam"), breed=True),
                kolom(ctx, "provincie_naam", "tekst"),
                kolom(ctx, "deelregio", "tekst"),
                kolom(ctx, "zekerheid", "tekst"),
                kolom(ctx, "ook_in", "tekst", breed=True),
                kolom(ctx, "inwoners", "aantal"),
            ],
            blad="Gemeenten",
        ),
    ]
    overig = ctx.q(
        """
        select l.gemeente_code, g.gemeente_naam, l.zekerheid
        from ref_regio_lidmaatschap l
        join ref_gemeente g on g.indeling_jaar = l.indeling_jaar and g.gemeente_code = l.gemeente_code
        where l.indeling_jaar = ? and l.regio_type = ? and l.regio_code = ?
          and not list_contains(?, l.zekerheid)
        order by g.gemeente_naam, l.gemeente_code
        """,
        jaar,
        ctx.regio_type,
        ctx.regio_code,
        list(ctx.defs.instellingen.lidmaatschap_zekerheid),
    )
    if len(overig):
        notes = [
            f"{r.gemeente_naam} ({r.gemeente_code}): lidmaatschap {r.zekerheid}, niet meegeteld"
            for r in overig.itertuples()
        ]
        blocks += [Alinea("Genoemd maar niet meegeteld in de analyse:"), Opsomming(tuple(notes))]
    herindeling = ctx.mart(HERINDELING)
    if herindeling.empty:
        blocks.append(
            Alinea(
                "In deze regio zijn sinds de oudste gebruikte peildatum geen gemeenten heringedeeld; "
                "er is niets omgezet."
            )
        )
        return blocks
    blocks += [
        Alinea(
            "Cijfers met een peildatum vóór de herindeling zijn omgezet naar de opvolger; bij een "
            "opsplitsing naar rato van het aandeel adressen."
        ),
        mart_tabel(
            mart=HERINDELING,
            frame=herindeling,
            rij_sleutel=("oud_code", "nieuw_code"),
            rij=lambda r: (
                datum(r["datum"]),
                r["oud_naam"],
                r["oud_code"],
                r["nieuw_naam"],
                r["nieuw_code"],
                r["soort"],
                r["aandeel_adressen"],
            ),
            sleutel="regio_herindelingen",
            titel=f"Toegepaste herindelingen in {ctx.regio_naam}",
            eenheid="gemeentecodes; aandeel adressen als percentage",
            bron="Bron: CBS, gemeentelijke indeling (herindelingen)",
            peildatum=f"herindelingen tot en met 01-01-{jaar}",
            kolommen=[
                Kolom("datum", "Datum", veld="datum"),
                kolom(ctx, "oud_naam", "tekst", label="Opgeheven gemeente", breed=True),
                kolom(ctx, "oud_code", "tekst", label="Code"),
                kolom(ctx, "nieuw_naam", "tekst", label="Opvolger", breed=True),
                kolom(ctx, "nieuw_code", "tekst", label="Code"),
                kolom(ctx, "soort", "tekst"),
                kolom(ctx, "aandeel_adressen", "pct", decimalen=0),
            ],
            blad="Herindelingen",
        ),
    ]
    return blocks
