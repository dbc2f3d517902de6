"""Charts of the bouwstenennotitie: pure functions that return a :class:`Figuur` with a chart spec.

``Figuur.figuur`` holds a plain, JSON-serialisable description of the chart (title, source line,
legend, names, axis with its ticks and tick labels, and the marks per row); nothing is drawn
here. One Typst implementation (``templates/grafieken.typ``) draws it, as vector graphics in the
PDF and as inline SVG in the HTML (see :mod:`woonzorg_analyse.report.render.pdf` and ``.svg``).
Colours are Okabe-Ito (safe for colour-blind readers) and every series also differs in hatching
or marker, so the charts stay readable in grayscale print. Axis numbers use the Dutch decimal
comma.
"""

from __future__ import annotations

import math
from typing import Any

from woonzorg_analyse.formatting import getal, is_missing
from woonzorg_analyse.report.model import Figuur
from woonzorg_analyse.report.publish import gemaskeerd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ARCERING = ["", "////", "....", "xxxx", "\\\\\\\\", "++"]
NBSP = "\u00a0"


def _colours(stijl: dict[str, Any]) -> tuple[list[str], list[str]]:
    return list(stijl.get("kleuren") or OKABE_ITO), list(stijl.get("arcering") or ARCERING)


def hatch_name(arcering: str) -> str:
    """Return the Typst hatch of a matplotlib-style hatch string ("////" -> "schuin")."""
    kinds = {"/": "schuin", "\\": "terug", "x": "kruis", "X": "kruis", ".": "punt", "o": "punt", "+": "plus"}
    kinds |= {"-": "plus", "|": "plus", "*": "kruis", "O": "punt"}
    return kinds.get((arcering or " ")[0], "")


def _num(value: Any) -> float | None:
    if is_missing(value):
        return None
    number = float(value)
    return round(number, 9) if math.isfinite(number) else None


def nice_ticks(low: float, high: float, bins: int = 6, integer: bool = False) -> list[float]:
    """Return at most ``bins`` + 1 round tick values (1, 2, 2.5, 5 x 10^k steps) within [low, high]."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / bins
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if integer:
        step = max(1.0, float(math.ceil(step)))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 12) for i in range(first, last + 1)]


def _pct_axis(low: float, high: float, label: str) -> dict[str, Any]:
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step * 100 < 1 else 0
    if any(abs(t * 100 * 10**decimals - round(t * 100 * 10**decimals)) > 1e-6 for t in ticks):
        decimals += 1  # a step of 2,5 %
    return {
        "min": low,
        "max": high,
        "ticks": [[t, f"{getal(t * 100, decimals)}{NBSP}%"] for t in ticks],
        "label": label,
    }


def _count_axis(low: float, high: float, label: str) -> dict[str, Any]:
    ticks = nice_ticks(low, high, integer=True)
    return {"min": low, "max": high, "ticks": [[t, getal(t, 0)] for t in ticks], "label": label}


def _voet(bron: str, peildatum: str, eenheid: str) -> str:
    return f"{bron} \u2013 peildatum {peildatum} \u2013 eenheid: {eenheid}"


def _masked_label(drempel: int) -> str:
    return gemaskeerd(drempel)


def aandeel_figuur(
    sleutel: str,
    titel: str,
    namen: list[str],
    reeksen: dict[str, list[float]],
    bron: str,
    peildatum: str,
    stijl: dict[str, Any],
    gemaskeerd: dict[str, list[bool]] | None = None,
    drempel: int = 10,
) -> Figuur:
    """Return paired horizontal bars of shares per gemeente (e.g. share of the group vs inhabitants).

    Bars of a masked cell (a count below the threshold) are not drawn; "< 10" is written instead.
    """
    kleuren, arcering = _colours(stijl)
    n = len(namen)
    masks = gemaskeerd or {}
    eenheid = "% van het regionale totaal"
    legenda, marks = [], []
    for j, (label, values) in enumerate(reeksen.items()):
        kleur = kleuren[j % len(kleuren)]
        hatch = hatch_name(arcering[j % len(arcering)])
        rand = "#ffffff" if j == 0 else "#333333"
        legenda.append({"label": label, "symbool": "balk", "kleur": kleur, "arcering": hatch, "rand": rand})
        mask = masks.get(label, [False] * n)
        for i, (v, m) in enumerate(zip(values, mask, strict=True)):
            if m:
                marks.append(
                    {"rij": i, "slot": j, "soort": "tekst", "x": 0.0, "tekst": _masked_label(drempel)}
                )
                continue
            value = _num(v)
            if value:
                marks.append(
                    {
                        "rij": i,
                        "slot": j,
                        "soort": "balk",
                        "van": 0.0,
                        "tot": value,
                        "kleur": kleur,
                        "arcering": hatch,
                        "rand": rand,
                    }
                )
    high = max(0.05, max((_num(v) or 0.0 for vs in reeksen.values() for v in vs), default=0.0) * 1.08)
    spec = {
        "titel": titel,
        "voet": _voet(bron, peildatum, eenheid),
        "legenda": legenda,
        "namen": list(namen),
        "sloten": max(1, len(reeksen)),
        "as": _pct_axis(0.0, high, "aandeel in het regionale totaal (%)"),
        "nullijn": False,
        "markeringen": marks,
    }
    return Figuur(
        sleutel=sleutel,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        peildatum=peildatum,
        figuur=spec,
        alt=f"{titel}. " + "; ".join(namen),
    )


def bandbreedte_figuur(
    sleutel: str,
    titel: str,
    namen: list[str],
    laag: list[float],
    midden: list[float],
    hoog: list[float],
    labels: tuple[str, str, str],
    bron: str,
    peildatum: str,
    stijl: dict[str, Any],
) -> Figuur:
    """Return a range chart: per group the growth from low to high scenario, a marker at the middle."""
    kleuren, _ = _colours(stijl)
    eenheid = "% groei ten opzichte van de basis"
    marks = []
    values = [0.0]
    for i, (lo, mid, hi) in enumerate(zip(laag, midden, hoog, strict=True)):
        lo, mid, hi = _num(lo), _num(mid), _num(hi)
        if lo is not None and hi is not None:
            marks.append({"rij": i, "slot": 0, "soort": "bereik", "van": lo, "tot": hi, "kleur": kleuren[0]})
            values += [lo, hi]
        if mid is not None:
            marks.append({"rij": i, "slot": 0, "soort": "ruit", "x": mid, "kleur": kleuren[1]})
            values.append(mid)
    low, high = min(values), max(values)
    pad = max(high - low, 0.01) * 0.05
    low = low - pad if low < 0 else 0.0
    spec = {
        "titel": titel,
        "voet": _voet(bron, peildatum, eenheid),
        "legenda": [
            {"label": f"{labels[0]} \u2013 {labels[2]}", "symbool": "bereik", "kleur": kleuren[0]},
            {"label": labels[1], "symbool": "ruit", "kleur": kleuren[1]},
        ],
        "namen": list(namen),
        "sloten": 1,
        "as": _pct_axis(low, high + pad, "groei ten opzichte van nu (%)"),
        "nullijn": True,
        "markeringen": marks,
    }
    return Figuur(sleutel, titel, eenheid, bron, peildatum, spec, alt=titel)


def vraag_aanbod_figuur(
    sleutel: str,
    titel: str,
    namen: list[str],
    vraag: list[float],
    vraag_min: list[float],
    vraag_max: list[float],
    aanbod: list[float],
    bron: str,
    peildatum: str,
    stijl: dict[str, Any],
    drempel: int = 10,
) -> Figuur:
    """Return paired bars of demand (with its scenario range) and supply per group, log-free."""
    kleuren, arcering = _colours(stijl)
    eenheid = "woningen (vraag) en woonruimten (aanbod)"
    kleur_vraag, kleur_aanbod = kleuren[5 % len(kleuren)], kleuren[4 % len(kleuren)]
    hatch = hatch_name(arcering[1 % len(arcering)])
    marks = []
    values = [0.0]
    for i, (v, lo, hi, a) in enumerate(zip(vraag, vraag_min, vraag_max, aanbod, strict=True)):
        v, lo, hi, a = _num(v) or 0.0, _num(lo), _num(hi), _num(a) or 0.0
        if v < drempel:
            marks.append({"rij": i, "slot": 0, "soort": "tekst", "x": 0.0, "tekst": _masked_label(drempel)})
        else:
            marks.append(
                {
                    "rij": i,
                    "slot": 0,
                    "soort": "balk",
                    "van": 0.0,
                    "tot": v,
                    "kleur": kleur_vraag,
                    "arcering": "",
                    "rand": "#ffffff",
                }
            )
            lo = min(v, lo if lo is not None else v)
            hi = max(v, hi if hi is not None else v)
            if hi > lo:
                marks.append({"rij": i, "slot": 0, "soort": "fout", "van": lo, "tot": hi})
            values += [v, hi]
        if a:
            marks.append(
                {
                    "rij": i,
                    "slot": 1,
                    "soort": "balk",
                    "van": 0.0,
                    "tot": a,
                    "kleur": kleur_aanbod,
                    "arcering": hatch,
                    "rand": "#333333",
                }
            )
            values.append(a)
    high = max(max(values) * 1.05, float(drempel))
    spec = {
        "titel": titel,
        "voet": _voet(bron, peildatum, eenheid),
        "legenda": [
            {
                "label": "Vraag (woningen)",
                "symbool": "balk",
                "kleur": kleur_vraag,
                "arcering": "",
                "rand": "#ffffff",
            },
            {"label": "Bandbreedte scenario's", "symbool": "fout"},
            {
                "label": "Aanbod (woonruimten)",
                "symbool": "balk",
                "kleur": kleur_aanbod,
                "arcering": hatch,
                "rand": "#333333",
            },
        ],
        "namen": list(namen),
        "sloten": 2,
        "as": _count_axis(0.0, high, "woningen / woonruimten"),
        "nullijn": False,
        "markeringen": marks,
    }
    return Figuur(sleutel, titel, eenheid, bron, peildatum, spec, alt=titel)
