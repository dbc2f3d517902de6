"""The chapters of the bouwstenennotitie, one module each, in the order of definitions/rapport.yaml.

Each module has ``build(ctx) -> list[Blok]``: it selects from its report marts (``rpt__``),
labels with the definitions and returns tables, figures and text. No arithmetic happens here:
every number is a value of a mart row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report.chapters import (
    aanbod,
    begrippen,
    bijlagen,
    confrontatie,
    datakwaliteit,
    demografie,
    eerlijk_aandeel,
    groeibehoefte,
    regio,
    samenvatting,
    verdeling,
)
from woonzorg_analyse.report.context import Context, fill
from woonzorg_analyse.report.model import Alinea, Blok, Hoofdstuk, Rapport, Tabel
from woonzorg_analyse.report.tabel import records

CHAPTERS: dict[str, Callable[[Context], list[Blok]]] = {
    "samenvatting": samenvatting.build,
    "regio": regio.build,
    "begrippen": begrippen.build,
    "demografie": demografie.build,
    "verdeling": verdeling.build,
    "groeibehoefte": groeibehoefte.build,
    "aanbod": aanbod.build,
    "confrontatie": confrontatie.build,
    "eerlijk_aandeel": eerlijk_aandeel.build,
    "datakwaliteit": datakwaliteit.build,
    "bijlagen": bijlagen.build,
}


def build_report(ctx: Context) -> Rapport:
    """Return the whole bouwstenennotitie of the context's region."""
    hoofdstukken = []
    for nummer, spec in enumerate(ctx.rapport["hoofdstukken"], start=1):
        blocks: list[Blok] = [Alinea(fill(spec.get("inleiding", ""), ctx.placeholders()))]
        blocks += CHAPTERS[spec["code"]](ctx)
        hoofdstukken.append(Hoofdstuk(nummer=nummer, titel=spec["titel"], blokken=blocks))
    _unique_sheets([b for h in hoofdstukken for b in h.blokken if isinstance(b, Tabel)])
    regio = next(iter(records(ctx.mart("rpt__regio"))), {})
    return Rapport(
        regio_type=ctx.regio_type,
        regio_type_naam=ctx.rapport["regio_types"].get(ctx.regio_type, ctx.regio_type),
        regio_code=ctx.regio_code,
        regio_naam=ctx.regio_naam,
        titel=ctx.rapport.get("titel", "Bouwstenennotitie"),
        ondertitel=ctx.rapport.get("ondertitel", ""),
        peildatum=datum(regio.get("peildatum_laatste")),
        softwareversie=ctx.meta.get("softwareversie", ""),
        definitieversie=ctx.meta.get("definitieversie", ""),
        vingerafdruk=ctx.meta.get("vingerafdruk", ""),
        fictief=ctx.meta.get("fictief_voorbeeld") == "ja",
        drempel=ctx.drempel,
        teksten={k: fill(v, ctx.placeholders()) for k, v in ctx.rapport["teksten"].items()},
        hoofdstukken=hoofdstukken,
        kerncijfers=headline(ctx, regio),
    )


def headline(ctx: Context, regio: dict[str, Any]) -> dict[str, Any]:
    """Return the headline figures of the region for the index page (rpt__regio and, for the
    groups rapport.yaml lists under ``overzicht``, rpt__samenvatting)."""
    result: dict[str, Any] = {
        "gemeenten": regio.get("aantal_gemeenten"),
        "inwoners": regio.get("inwoners"),
        "tekort": regio.get("tekort"),
    }
    groepen = {r["aandachtsgroep"]: r for r in records(ctx.mart("rpt__samenvatting"))}
    for groep in ctx.rapport.get("overzicht", []):
        result[groep] = groepen.get(groep, {}).get("aantal_schatting")
    return result


def _unique_sheets(tables: list[Tabel]) -> None:
    """Give every table a unique sheet name of at most 31 characters without []:*?/\\."""
    used: set[str] = set()
    for table in tables:
        name = "".join(ch for ch in (table.blad or table.sleutel) if ch not in "[]:*?/\\")[:31].strip()
        candidate, n = name, 2
        while candidate.lower() in used:
            suffix = f" ({n})"
            candidate = name[: 31 - len(suffix)] + suffix
            n += 1
        used.add(candidate.lower())
        table.blad = candidate
