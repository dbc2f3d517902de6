"""The key messages on the first page of the notitie: sentences written from the rows of
rpt__kernboodschap by the rules and texts of definitions/rapport.yaml.

Every number in a sentence is a value of its mart row (formatted the Dutch way); every sentence
names the table it rests on ("tabel 3.1"), found by the table's key in the built report. A rule
without rows writes nothing. Nothing here calculates.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.formatting import getal, procent
from woonzorg_analyse.report.context import Context, fill
from woonzorg_analyse.report.tabel import records

MART = "rpt__kernboodschap"


def tabel_sleutels(regel: str, groep: str | None) -> tuple[str, ...]:
    """Return the keys of the report tables a rule's sentence may rest on, the first present wins
    (a main group's table in the notitie, a subgroup's in the verantwoording)."""
    return {
        "concentratie": (f"verdeling_{groep}", f"verdeling_detail_{groep}"),
        "kloof": (f"bouwsteen_{groep}", f"eerlijk_aandeel_{groep}"),
        "tekort_instroom": ("vraag_aanbod_groep",),
        "tekort_stand": ("vraag_aanbod_groep",),
        # the growth is vraag / nu - 1 of a main group: both stand in the samenvatting's table
        "groei": ("samenvatting_verdeling", "groeibehoefte_woningen", "groeibehoefte_detail_woningen"),
        "druk": ("druk",),
        "onvolledig": ("cellen",),
        "bron_ontbreekt": ("cellen",),
    }[regel]


def groepsnaam(ctx: Context, code: str) -> str:
    """Return a group's name as it reads inside a sentence: "uitstromers uit beschermd wonen"."""
    naam = ctx.groep(code).naam
    return naam if naam[:2].isupper() else naam[0].lower() + naam[1:]


def zinnen(ctx: Context, nummers: dict[str, str]) -> list[str]:
    """Return the key messages of the region, in the order of the rules; ``nummers`` maps a table
    key to its printed number ("3.1"). A sentence whose table is not in the report is left out."""
    if not ctx.has(MART):
        return []
    teksten = {k["regel"]: k["tekst"] for k in ctx.rapport.get("kernboodschappen", [])}
    volgorde = list(teksten)
    eerste_naam = ctx.defs.verdeelsleutels[0].naam  # the key of the 'kloof' rule (eerste_verdeelsleutel)
    rows = sorted(records(ctx.mart(MART)), key=lambda r: (volgorde.index(r["regel"]), r["volgorde"]))
    codes = dict(zip(ctx.gemeenten["gemeente_naam"], ctx.gemeenten["gemeente_code"], strict=True))
    result = []
    for r in rows:
        gemeente = codes.get(r["gebied_naam"]) if r["gebied_naam"] else None
        if r["aandachtsgroep"] and ctx.gemaskeerd(r["aandachtsgroep"], gemeente):
            continue  # never a sentence about a count the tables mask
        nummer = next(
            (nummers[k] for k in tabel_sleutels(r["regel"], r["aandachtsgroep"]) if k in nummers), None
        )
        if nummer is None:
            continue
        result.append(fill(teksten[r["regel"]], ctx.placeholders(**waarden(ctx, r, nummer, eerste_naam))))
    return result


def waarden(ctx: Context, r: dict[str, Any], nummer: str, sleutel_naam: str) -> dict[str, Any]:
    """Return the placeholder values of one sentence, formatted for print."""
    groep = r["aandachtsgroep"]
    instroom = groep is not None and ctx.groep(groep).maat == "instroom"
    onvolledig = (
        ", " + ctx.tekst("onvolledig", k=r["gemeenten_met_cijfer"], n=r["aantal_gemeenten"])
        if r["gemeenten_met_cijfer"] is not None
        and r["aantal_gemeenten"] is not None
        and r["gemeenten_met_cijfer"] < r["aantal_gemeenten"]
        else ""
    )
    bron = r["bron_code"]
    return {
        "tabel": f"tabel {nummer}" if nummer[0].isdigit() else f"verantwoording, tabel {nummer}",
        "gemeente": r["gebied_naam"] or "",
        "groep": groepsnaam(ctx, groep) if groep else "",
        "per_jaar": " per jaar" if instroom else "",
        "aandeel_groep": procent(r["aandeel_groep"], 0),
        "aandeel_inwoners": procent(r["aandeel_inwoners"], 0),
        "verschil": getal(r["verschil"], 0) if r["verschil"] is not None else "",
        "richting": r["richting"] or "",
        "tekort": getal(r["tekort"], 0) if r["tekort"] is not None else "",
        "groei": procent(r["groei_aandeel"], 0),
        "druk": procent(r["druk"], 0),
        "drukdrempel": procent(r["drukdrempel"], 0),
        "aantal_groepen": r["aantal_groepen"] or "",
        "k": r["gemeenten_met_cijfer"] or "",
        "n": r["aantal_gemeenten"] or "",
        "onvolledig": onvolledig,
        "sleutel": sleutel_naam.lower(),
        "bron": ctx.vermelding.get(bron, bron) if bron else "",
        "gevolg": ctx.rapport.get("bron_ontbreekt", {}).get(bron, "") if bron else "",
    }
