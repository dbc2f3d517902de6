"""The chapters of the bouwstenennotitie and its verantwoording, one module each, in the order of
definitions/rapport.yaml (``document: notitie | verantwoording``).

Each module has ``build(ctx) -> list[Blok]``: it selects from its report marts (``rpt__``),
labels with the definitions and returns tables, figures and text. No arithmetic happens here:
every number is a value of a mart row. :func:`build_report` numbers the chapters (1, 2, ... in
the notitie; A, B, ... in the verantwoording) and the tables ("Tabel 2.3", "Tabel B.1"), names
the workbook sheets after those numbers and writes the key messages.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from woonzorg_analyse.formatting import datum
from woonzorg_analyse.report import kernboodschappen
from woonzorg_analyse.report.chapters import (
    aanbod,
    begrippen,
    bouwstenen,
    datakwaliteit,
    demografie,
    eerlijk_aandeel,
    factsheets,
    groeibehoefte,
    groeibehoefte_detail,
    regio,
    reproduceren,
    samenvatting,
    velden,
    verdeling,
    verdeling_detail,
    vraag_aanbod,
)
from woonzorg_analyse.report.context import Context, fill
from woonzorg_analyse.report.model import Alinea, Blok, Hoofdstuk, Rapport, Tabel
from woonzorg_analyse.report.tabel import records

CHAPTERS: dict[str, Callable[[Context], list[Blok]]] = {
    "samenvatting": samenvatting.build,
    "bouwstenen": bouwstenen.build,
    "regio": regio.build,
    "verdeling": verdeling.build,
    "groeibehoefte": groeibehoefte.build,
    "vraag_aanbod": vraag_aanbod.build,
    "datakwaliteit": datakwaliteit.build,
    "begrippen": begrippen.build,
    "demografie": demografie.build,
    "verdeling_detail": verdeling_detail.build,
    "eerlijk_aandeel": eerlijk_aandeel.build,
    "groeibehoefte_detail": groeibehoefte_detail.build,
    "aanbod": aanbod.build,
    "factsheets": factsheets.build,
    "velden": velden.build,
    "reproduceren": reproduceren.build,
}


def chapter_number(document: str, index: int) -> str:
    """Return the printed number of the index-th chapter (0-based): "1" or "A"."""
    return str(index + 1) if document == "notitie" else string.ascii_uppercase[index]


def build_report(ctx: Context) -> Rapport:
    """Return the notitie and the verantwoording of the context's region."""
    documenten: dict[str, list[Hoofdstuk]] = {"notitie": [], "verantwoording": []}
    for spec in ctx.rapport["hoofdstukken"]:
        chapters = documenten[spec.get("document", "notitie")]
        inleiding = spec.get("inleiding", "")
        if ctx.een_gemeente and spec.get("inleiding_een_gemeente"):
            inleiding = spec["inleiding_een_gemeente"]
        blocks: list[Blok] = [Alinea(fill(inleiding, ctx.placeholders()))]
        blocks += [leeg(b) for b in CHAPTERS[spec["code"]](ctx)]
        nummer = chapter_number(spec.get("document", "notitie"), len(chapters))
        chapters.append(Hoofdstuk(nummer=nummer, titel=spec["titel"], blokken=blocks, code=spec["code"]))
    tables = number_tables([*documenten["notitie"], *documenten["verantwoording"]])
    for table in tables:  # one masking plan for every table of the region
        table.afscherming = ctx.afscherming
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
        vingerafdruk=ctx.versie,
        fictief=ctx.fictief,
        drempel=ctx.drempel,
        teksten={k: fill(v, ctx.placeholders()) for k, v in ctx.rapport["teksten"].items()},
        hoofdstukken=documenten["notitie"],
        verantwoording=documenten["verantwoording"],
        kernboodschappen=kernboodschappen.zinnen(ctx, {t.sleutel: t.nummer for t in tables}),
        kerncijfers=headline(ctx, regio),
        bronnen=[ctx.vermelding.get(code, code) for code in sorted(ctx.bronnen)],
        titel_verantwoording=ctx.rapport.get("titel_verantwoording", "Verantwoording"),
        ondertitel_verantwoording=ctx.rapport.get("ondertitel_verantwoording", ""),
    )


def leeg(block: Blok) -> Blok:
    """Return the block, or for a table without rows the sentence that there are no figures for it."""
    if isinstance(block, Tabel) and not block.rijen and block.totaal is None:
        return Alinea(f"{block.titel}: geen cijfers.")
    return block


SHEET_CHARS = 31  # the longest sheet name Excel allows


def number_tables(hoofdstukken: list[Hoofdstuk]) -> list[Tabel]:
    """Number the tables per chapter ("2.3", "B.1"), name each sheet after its number and return them.

    Sheet names are at most 31 characters, unique, without []:*?/\\; table keys must be unique.
    """
    tables: list[Tabel] = []
    used: set[str] = set()
    for h in hoofdstukken:
        in_chapter = [b for b in h.blokken if isinstance(b, Tabel)]
        for i, table in enumerate(in_chapter, start=1):
            table.nummer = f"{h.nummer}.{i}"
            name = "".join(
                ch for ch in f"{table.nummer} {table.blad or table.sleutel}" if ch not in "[]:*?/\\"
            )
            candidate, n = name[:SHEET_CHARS].strip(), 2
            while candidate.lower() in used:
                suffix = f" ({n})"
                candidate = name[: SHEET_CHARS - len(suffix)].strip() + suffix
                n += 1
            used.add(candidate.lower())
            table.blad = candidate
        tables += in_chapter
    keys = [t.sleutel for t in tables]
    if len(set(keys)) != len(keys):
        raise ValueError(f"tabelsleutels dubbel: {sorted({k for k in keys if keys.count(k) > 1})}")
    return tables


def headline(ctx: Context, regio: dict[str, Any]) -> dict[str, Any]:
    """Return the headline figures of the region for the index page: gemeenten and inhabitants
    (rpt__regio) and the columns rapport.yaml lists under ``overzicht``: a group's size now
    (rpt__samenvatting) or the shortage of a role and measure (rpt__kerncijfer_rol), each with
    whether it rests on part of the gemeenten."""
    groepen = {r["aandachtsgroep"]: r for r in records(ctx.mart("rpt__samenvatting"))}
    rollen = {(r["rol"], r["maat"]): r for r in records(ctx.mart("rpt__kerncijfer_rol"))}
    result: dict[str, Any] = {"gemeenten": regio.get("aantal_gemeenten"), "inwoners": regio.get("inwoners")}
    for kolom in ctx.defs.rapport.overzicht:
        if kolom.groep:
            row = groepen.get(kolom.groep, {})
            waarde = row.get("aantal_schatting")
            status = ctx.afscherming.status(kolom.groep, None)
            if status is not None:  # never the number itself: kerncijfers.json is published too
                result[kolom.sleutel] = {"waarde": None, "gemaskeerd": status, "onvolledig": False}
                continue
        else:
            row = rollen.get((kolom.rol, kolom.maat), {})
            waarde = row.get("tekort")
        result[kolom.sleutel] = {"waarde": waarde, "onvolledig": bool(row.get("onvolledig"))}
    # the pressure now on the vrijkomende sociale huurwoningen (the national map of index.html)
    druk = next((r for r in records(ctx.mart("rpt__druk", optie="nu")) if r["totaalrij"]), {})
    groepen_met_cijfer, aantal_groepen = druk.get("groepen_met_cijfer"), druk.get("aantal_groepen")
    result["druk"] = {
        "waarde": druk.get("druk"),
        "onvolledig": groepen_met_cijfer is not None and groepen_met_cijfer < aantal_groepen,
    }
    return result
