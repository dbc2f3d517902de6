"""Charts of the bouwstenennotitie: functions that return a :class:`Figuur` with a matplotlib Figure.

Nothing is saved here (the writer turns figures into PNG once). Colours are Okabe-Ito (safe
for colour-blind readers) and every series also differs in hatching or marker, so the charts
stay readable in grayscale print. Axis numbers use the Dutch decimal comma.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from woonzorg_analyse.report.formatting import gemaskeerd, getal
from woonzorg_analyse.report.model import Figuur

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ARCERING = ["", "////", "....", "xxxx", "\\\\\\\\", "++"]
BREEDTE_INCH = 6.3  # 16 cm: the text width of the A4 page
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "hatch.linewidth": 0.6,
    "svg.hashsalt": "woonzorg",
}


def _colours(stijl: dict[str, Any]) -> tuple[list[str], list[str]]:
    return list(stijl.get("kleuren") or OKABE_ITO), list(stijl.get("arcering") or ARCERING)


def _pct_axis(ax, axis: str = "x", decimals: int = 0) -> None:
    formatter = FuncFormatter(lambda v, _pos: f"{getal(v * 100, decimals)}\u00a0%")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _count_axis(ax, axis: str = "x") -> None:
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=6, integer=True))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: getal(v, 0)))


def _frame(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#d0d0d0", linewidth=0.5)
    ax.set_axisbelow(True)


LINE_TITLE_INCH = 0.19  # one line of the 9 pt title
LINE_FOOT_INCH = 0.13  # one line of the 6.5 pt source line
LEGEND_INCH = 0.3
AXIS_LABEL_INCH = 0.42  # tick labels and axis label below the axes


def _new_axes(hoogte: float, namen: list[str], titel: str, voet: str):
    """Return a figure with its title, legend row and source line, and its axes.

    Fixed margins (no layout engine: one draw, fast). The title and the source line wrap; the
    left margin fits the longest name at the tick label size.
    """
    title_lines = textwrap.wrap(titel, 78)
    foot_lines = textwrap.wrap(voet, 118)
    top = 0.08 + len(title_lines) * LINE_TITLE_INCH + LEGEND_INCH
    bottom = AXIS_LABEL_INCH + len(foot_lines) * LINE_FOOT_INCH + 0.06
    total = hoogte + top + bottom
    figure = Figure(figsize=(BREEDTE_INCH, total))
    left = min(0.45, (max((len(n) for n in namen), default=4) * 7.5 * 0.6 / 72 + 0.2) / BREEDTE_INCH)
    figure.subplots_adjust(left=left, right=0.97, top=1 - top / total, bottom=bottom / total)
    figure.text(
        0.01, 1 - 0.06 / total, "\n".join(title_lines), ha="left", va="top", fontsize=9, fontweight="bold"
    )
    figure.text(
        0.01, 0.05 / total, "\n".join(foot_lines), ha="left", va="bottom", fontsize=6.5, color="#333333"
    )
    figure.woonzorg_legend_y = 1 - (0.08 + len(title_lines) * LINE_TITLE_INCH) / total
    return figure, figure.add_subplot()


def _voet(bron: str, peildatum: str, eenheid: str) -> str:
    return f"{bron} \u2013 peildatum {peildatum} \u2013 eenheid: {eenheid}"


def _legend(ax, ncols: int) -> None:
    """Put the legend in one row under the title, from the left edge of the figure."""
    figure = ax.figure
    handles, labels = ax.get_legend_handles_labels()
    figure.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.01, figure.woonzorg_legend_y),
        ncols=ncols,
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.6,
    )


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
    k = len(reeksen)
    hoogte = 0.9 + n * (0.13 * k + 0.08)
    masks = gemaskeerd or {}
    with matplotlib.rc_context(RC):
        figure, ax = _new_axes(
            hoogte - 0.9, namen, titel, _voet(bron, peildatum, "% van het regionale totaal")
        )
        bar = 0.8 / k
        positions = list(range(n))
        for j, (label, values) in enumerate(reeksen.items()):
            mask = masks.get(label, [False] * n)
            ys = [p - 0.4 + bar * (j + 0.5) for p in positions]
            shown = [0.0 if (m or v is None) else float(v) for v, m in zip(values, mask, strict=True)]
            ax.barh(
                ys,
                shown,
                height=bar * 0.92,
                color=kleuren[j % len(kleuren)],
                hatch=arcering[j % len(arcering)],
                edgecolor="white" if j == 0 else "#333333",
                linewidth=0.4,
                label=label,
            )
            for y, m in zip(ys, mask, strict=True):
                if m:
                    ax.text(
                        0.002,
                        y,
                        _masked_label(drempel),
                        va="center",
                        ha="left",
                        fontsize=6.5,
                        color="#333333",
                    )
        ax.set_yticks(positions, namen)
        ax.invert_yaxis()
        ax.set_xlim(
            0,
            max(
                0.05,
                max((float(v) for vs in reeksen.values() for v in vs if v is not None), default=0) * 1.08,
            ),
        )
        _pct_axis(ax, "x")
        ax.set_xlabel("aandeel in het regionale totaal (%)")
        _frame(ax)
        _legend(ax, k)
    return Figuur(
        sleutel=sleutel,
        titel=titel,
        eenheid="% van het regionale totaal",
        bron=bron,
        peildatum=peildatum,
        figuur=figure,
        alt=f"{titel}. " + "; ".join(namen),
    )


def _masked_label(drempel: int) -> str:
    return gemaskeerd(drempel).replace("\u00a0", " ")


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
    n = len(namen)
    with matplotlib.rc_context(RC):
        eenheid = "% groei ten opzichte van de basis"
        figure, ax = _new_axes(0.2 + n * 0.26, namen, titel, _voet(bron, peildatum, eenheid))
        ys = list(range(n))
        ax.hlines(ys, laag, hoog, color=kleuren[0], linewidth=3.5, label=f"{labels[0]} \u2013 {labels[2]}")
        ax.plot(laag, ys, linestyle="none", marker="|", markersize=9, color="#000000")
        ax.plot(hoog, ys, linestyle="none", marker="|", markersize=9, color="#000000")
        ax.plot(
            midden,
            ys,
            linestyle="none",
            marker="D",
            markersize=5,
            color=kleuren[1],
            markeredgecolor="#000000",
            label=labels[1],
        )
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_yticks(ys, namen)
        ax.invert_yaxis()
        _pct_axis(ax, "x")
        ax.set_xlabel("groei ten opzichte van nu (%)")
        _frame(ax)
        _legend(ax, 2)
    return Figuur(sleutel, titel, "% groei ten opzichte van de basis", bron, peildatum, figure, alt=titel)


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
    n = len(namen)
    with matplotlib.rc_context(RC):
        eenheid = "woningen (vraag) en woonruimten (aanbod)"
        figure, ax = _new_axes(0.2 + n * 0.4, namen, titel, _voet(bron, peildatum, eenheid))
        ys = list(range(n))
        masked = [float(v or 0) < drempel for v in vraag]
        shown_vraag = [0.0 if m else float(v or 0) for v, m in zip(vraag, masked, strict=True)]
        ax.barh([y - 0.2 for y in ys], shown_vraag, height=0.38, color=kleuren[5], label="Vraag (woningen)")
        err_lo = [
            0.0 if m else max(0.0, float(v) - float(lo))
            for v, lo, m in zip(vraag, vraag_min, masked, strict=True)
        ]
        err_hi = [
            0.0 if m else max(0.0, float(hi) - float(v))
            for v, hi, m in zip(vraag, vraag_max, masked, strict=True)
        ]
        ax.errorbar(
            shown_vraag,
            [y - 0.2 for y in ys],
            xerr=[err_lo, err_hi],
            fmt="none",
            ecolor="#000000",
            elinewidth=0.8,
            capsize=2,
            label="Bandbreedte scenario's",
        )
        ax.barh(
            [y + 0.2 for y in ys],
            [float(v or 0) for v in aanbod],
            height=0.38,
            color=kleuren[4],
            hatch=arcering[1],
            edgecolor="#333333",
            linewidth=0.4,
            label="Aanbod (woonruimten)",
        )
        for y, m in zip(ys, masked, strict=True):
            if m:
                ax.text(0, y - 0.2, " " + _masked_label(drempel), va="center", ha="left", fontsize=6.5)
        ax.set_yticks(ys, namen)
        ax.invert_yaxis()
        _count_axis(ax, "x")
        ax.set_xlabel("woningen / woonruimten")
        _frame(ax)
        _legend(ax, 3)
    return Figuur(
        sleutel, titel, "woningen (vraag) en woonruimten (aanbod)", bron, peildatum, figure, alt=titel
    )


def png(figuur: Figuur, dpi: int = 150) -> bytes:
    """Return the figure as PNG bytes; deterministic (no software or date metadata in the file)."""
    if figuur.figuur is None:
        return b""
    with matplotlib.rc_context(RC):
        buffer = io.BytesIO()
        figuur.figuur.savefig(
            buffer, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 3}
        )
    return buffer.getvalue()
