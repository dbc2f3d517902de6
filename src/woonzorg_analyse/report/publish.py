"""The publication layer: what leaves the program about persons passes through here.

Every renderer (PDF, HTML, XLSX) takes its cell texts from :func:`publish`, so that a masked
cell reads the same everywhere: a count about persons of 1 to 9 shows as "< 10", a count masked
to protect another (the region's plan, :mod:`woonzorg_analyse.report.afscherming`) and a cell
that would reveal a masked count (a difference with it, say) show as "x". Numbers in the
workbook are the rounded values the reader sees. Charts and maps take their masks from the same
plan (``Context.gemaskeerd``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from woonzorg_analyse.formatting import LEEG, MINUS, NBSP, bereik, datum, getal, is_missing, procent
from woonzorg_analyse.report.afscherming import PRIMAIR, SECUNDAIR
from woonzorg_analyse.report.model import Kolom, Minimum, Tabel, Waarde

GEHEIM = "x"  # CBS symbol for a secret cell; here: would reveal a masked count


def gemaskeerd(drempel: int) -> str:
    """Return the text of a masked cell: "< 10"."""
    return f"<{NBSP}{drempel}"


@dataclass(frozen=True)
class Cel:
    """One published cell: its text, and its number for a spreadsheet (None when not a number)."""

    tekst: str
    waarde: float | int | str | date | None
    rechts: bool = False
    nummerformaat: str | None = None


def _excel_format(kolom: Kolom) -> str | None:
    digits = kolom.cijfers
    if kolom.soort == "pct":
        return "0%" if digits == 0 else "0." + "0" * digits + "%"
    if kolom.soort in ("aantal", "getal"):
        return "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return None


def onvolledig(value: Minimum, kolom: Kolom, drempel: int) -> Cel:
    """Return an open range: "≥ 4.791, onvolledig" (below the threshold only "onvolledig")."""
    if is_missing(value.waarde) or abs(float(value.waarde)) < drempel:
        return Cel("onvolledig", "onvolledig", True)
    text = f"\u2265{NBSP}{getal(value.waarde, kolom.cijfers)}, onvolledig"
    return Cel(text, text.replace(NBSP, " "), True)


def cel(value: Any, kolom: Kolom) -> Cel:
    """Return one unmasked cell of ``kolom``."""
    if kolom.soort in ("tekst", "code"):
        text = "" if is_missing(value) else str(value)
        return Cel(text, text)
    if is_missing(value):
        return Cel(LEEG, None, rechts=True)
    if kolom.soort == "datum":
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        day = day.date() if hasattr(day, "date") and callable(day.date) else day
        return Cel(datum(day), day, False, "dd-mm-yyyy")
    if isinstance(value, str):  # a word in a number column: "geen gegevens"
        return Cel(value, value, rechts=True)
    fmt = _excel_format(kolom)
    digits = kolom.cijfers
    if kolom.soort == "pct":  # the workbook holds the rounded share the reader sees, never the exact one
        text = procent(value, digits)
        shown = float(
            text.replace(NBSP, "").rstrip("%").replace(".", "").replace(",", ".").replace(MINUS, "-")
        )
        return Cel(text, round(shown / 100, digits + 2), True, fmt)
    if kolom.soort == "bereik":
        laag, hoog = value
        return Cel(bereik(laag, hoog, digits), bereik(laag, hoog, digits), True)
    text = getal(value, digits)
    number = float(text.replace(".", "").replace(",", ".").replace(MINUS, "-"))
    return Cel(text, int(number) if digits == 0 else number, True, fmt)


def _below(value: Any, drempel: int) -> bool:
    """Return True for a count of persons that is masked by itself: 1 to drempel − 1 (a true zero
    is published: it reveals no one); a range when one end is."""
    if isinstance(value, Minimum | str):
        return False
    if is_missing(value):
        return False
    if isinstance(value, tuple):
        return any(_below(v, drempel) for v in value)
    return 0 < abs(float(value)) < drempel


# the fields that hold a count now of a group in a gemeente (or its regional total): the masking
# plan of the report decides about them; other person columns follow their own value and what they
# are derived from
BASIS = frozenset({"aantal_schatting", "huidig", "basis", "aantal_min", "aantal_max"})


# mart fields that do not rest on the counts of a group: they stay when the group's regional total
# is masked (see _klein_in_regio)
OPENBAAR = frozenset(
    {
        "inwoners",
        "aandeel_sleutel",
        "aandeel_inwoners",
        "vrijkomende_woningen",
        "aanbod",
        "aanbod_bestaand",
        "aanbod_gepland",
        "groeifactor",
        "woningen_per_eenheid",
        "drukdrempel",
        "gemeenten_met_cijfer",
        "aantal_gemeenten",
        "onderdrukte_cellen",
        "ontbrekende_gemeenten",
    }
)
NUMBER_KINDS = frozenset({"aantal", "getal", "pct", "bereik", "cel"})


def _klein_in_regio(tabel: Tabel, i: int, kolom: Kolom, value: Any) -> bool:
    """True for a number about a group whose regional total the plan masks: its fair shares,
    demand, shortage and every other figure resting on its counts would give the total away (the
    fair shares add up to it, the demand is the total times a public factor)."""
    plan = tabel.afscherming
    if plan is None or kolom.soort not in NUMBER_KINDS:
        return False
    veld = value.veld if isinstance(value, Waarde) and value.veld else kolom.veld
    if veld is None or veld.split(".")[-1] in OPENBAAR or veld in BASIS:
        return False
    groep, _ = _ident(tabel, i, kolom)
    return groep is not None and plan.gemaskeerd(groep, None)


def _ident(tabel: Tabel, i: int, kolom: Kolom) -> tuple[str | None, str | None]:
    """Return (aandachtsgroep, gebied) of the count in row ``i`` and column ``kolom``: from the row's
    mart key and the column's filter (which wins); (None, None) when the table does not say."""
    key = tabel.sleutels[i] if i < len(tabel.sleutels) else {}
    if kolom.filter:
        key = {**key, **dict(kolom.filter)}
    return key.get("aandachtsgroep"), key.get("gebied_code", key.get("gemeente_code"))


def _planned(tabel: Tabel, i: int, kolom: Kolom) -> str | None:
    """Return the masking plan's status of a base-count cell, or None."""
    plan = tabel.afscherming
    if plan is None or kolom.veld not in BASIS:
        return None
    groep, gebied = _ident(tabel, i, kolom)
    return plan.status(groep, gebied)


def _masked_cel(status: str, drempel: int) -> Cel:
    if status == SECUNDAIR:
        return Cel(GEHEIM, GEHEIM, True)
    return Cel(gemaskeerd(drempel), gemaskeerd(drempel).replace(NBSP, " "), True)


def _rests_on_masked(value: Waarde, plan: Any) -> bool:
    return plan is not None and any(plan.gemaskeerd(g, m) for g, m in value.basis)


def _typed(value: Waarde, drempel: int, plan: Any = None) -> Cel:
    # derived from a small count: "x" before its own value's "< 10", which would bound the count
    if value.afgeleid is not None and _below(value.afgeleid, drempel):
        return Cel(GEHEIM, GEHEIM, True)
    if value.personen and _below(value.waarde, drempel):
        return _masked_cel(PRIMAIR, drempel)
    if _rests_on_masked(value, plan):
        return Cel(GEHEIM, GEHEIM, True)
    return cel(value.waarde, Kolom("waarde", "", soort=value.soort, decimalen=value.decimalen))


def publish(tabel: Tabel, drempel: int) -> list[list[Cel]]:
    """Return every row of ``tabel`` (totaal last) as published cells, with disclosure control.

    The PDF, the HTML and the workbook each ask for the same table: the cells are made once and
    kept on the table for as long as what they are made from is the same (the same row, column,
    key and plan objects; a changed table is published anew).

    A count now of a group (a column showing a base field) follows the region's masking plan
    (``tabel.afscherming``): "< drempel" for a primary masked count, "x" for a secondary one. Any
    other column about persons is masked by its own value (1 to drempel − 1). A cell of a column
    ``afgeleid_van`` a masked cell of the same row, or a typed cell derived from a masked count,
    becomes "x".
    """
    made_from = (
        drempel,
        tabel.afscherming,
        *tabel.kolommen,
        None,
        *tabel.rijen,
        None,
        tabel.totaal,
        *(tuple(key.items()) for key in tabel.sleutels),
    )
    kept = tabel.__dict__.get("_gepubliceerd")
    if kept is not None and _same(kept[0], made_from):
        return [list(row) for row in kept[1]]
    published = _publish(tabel, drempel)
    tabel.__dict__["_gepubliceerd"] = (made_from, tuple(tuple(row) for row in published))
    return published


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two sources of published cells are the same: identical objects, equal keys."""
    if len(a) != len(b):
        return False
    return all(x is y or (type(x) is tuple and x == y) for x, y in zip(a, b, strict=True))


def _publish(tabel: Tabel, drempel: int) -> list[list[Cel]]:
    rows = [*tabel.rijen, *([tabel.totaal] if tabel.totaal is not None else [])]
    published = []
    for i, row in enumerate(rows):
        status: dict[str, str] = {}
        for k, v in zip(tabel.kolommen, row, strict=True):
            if not k.personen or isinstance(v, Minimum | Waarde):
                continue
            planned = _planned(tabel, i, k)
            if planned is not None:
                status[k.naam] = planned
        for k, v in zip(tabel.kolommen, row, strict=True):
            if not k.personen or isinstance(v, Minimum | Waarde) or k.naam in status:
                continue
            if any(bron in status for bron in k.afgeleid_van) or _klein_in_regio(tabel, i, k, v):
                # derived from a masked count: "x", even when small itself ("< 10" would bound the count)
                status[k.naam] = SECUNDAIR
            elif _below(v, drempel):
                status[k.naam] = PRIMAIR
        cells = []
        for kolom, value in zip(tabel.kolommen, row, strict=True):
            shown = not isinstance(value, str) and not (not isinstance(value, Waarde) and is_missing(value))
            if kolom.naam not in status and shown and _klein_in_regio(tabel, i, kolom, value):
                cells.append(Cel(GEHEIM, GEHEIM, True))
            elif isinstance(value, Minimum):
                cells.append(onvolledig(value, kolom, drempel))
            elif isinstance(value, Waarde) and _rests_on_masked(value, tabel.afscherming):
                cells.append(Cel(GEHEIM, GEHEIM, True))
            elif isinstance(value, Waarde) and isinstance(value.waarde, Minimum):
                cells.append(onvolledig(value.waarde, kolom, drempel))
            elif isinstance(value, Waarde):
                cells.append(_typed(value, drempel, tabel.afscherming))
            elif kolom.naam in status:
                cells.append(_masked_cel(status[kolom.naam], drempel))
            elif any(bron in status for bron in kolom.afgeleid_van):
                cells.append(Cel(GEHEIM, GEHEIM, True))
            else:
                cells.append(cel(value, kolom))
        published.append(cells)
    return published
