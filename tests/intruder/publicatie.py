"""What was published for a region, as an intruder reads it.

The values come only from the published files: ``tabellen.xlsx`` (every table sheet, one header
row at 0-based row 8) and ``kerncijfers.json``. The report's table metadata
(:meth:`Rapport.tabellen`: mart, row keys, column field and filter, kind of number) is used only to
know what a cell means: which mart field of which mart row it shows (a :class:`Grootheid`), so that
the same count printed in several tables is one unknown.

A published cell is read as the reader sees it (:func:`lees_cel`):

- a number with ``d`` decimals: the true value lies within ``0,5 x 10^-d`` of it (``d`` is the
  number of decimals of the stored value, at least those of the column's number format);
- ``< 10``: a masked count, 0..9 (or 1..9 under a zero policy that publishes zeros);
- ``x``: a figure withheld because it would reveal a masked count (known to exist, value unknown);
- ``≥ 4.791, onvolledig``: a total over part of the gemeenten, 4.791 rounded;
- ``onvolledig`` alone: such a total below the threshold;
- ``12 – 18``: a range (both ends rounded); ``geen gegevens``, empty: no figure.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from woonzorg_analyse.report.model import Rapport, Tabel, Waarde

HEADER_ROW = 8
INHOUD = "Inhoud"
# calamine reads the same cells as openpyxl (the same values and types on all 42 embedded
# workbooks) in a third of the time; pandas makes it its default reader of xlsx files
ENGINE = "calamine"
KERNCIJFERS = "kerncijfers.json"
MAX_DECIMALEN = 7  # an exact quotient stored in a cell (0,940634...) is read to 7 decimals

_GETAL = r"[\u2212-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?|[\u2212-]?\d+(?:,\d+)?"
_MASKER = re.compile(r"^<\s*(\d+)$")
_HOOGSTENS = re.compile(r"^\u2264\s*(\d+)$")
_MINIMUM = re.compile(rf"^\u2265\s*({_GETAL})(?:,\s*onvolledig)?$")
_BEREIK = re.compile(rf"^({_GETAL})\s*[\u2013-]\s*({_GETAL})$")
_ENKEL = re.compile(rf"^({_GETAL})$")


@dataclass(frozen=True, order=True)
class Grootheid:
    """One field of one mart row of the region: what a published cell shows."""

    mart: str
    veld: str
    sleutel: tuple[tuple[str, Any], ...]

    def __getitem__(self, naam: str) -> Any:
        return dict(self.sleutel)[naam]

    def __repr__(self) -> str:
        key = ", ".join(f"{k}={v}" for k, v in self.sleutel)
        return f"{self.mart}({key}).{self.veld}"


def grootheid(mart: str, veld: str, **sleutel: Any) -> Grootheid:
    """Return the quantity ``mart.veld`` of the row with key ``sleutel`` (names sorted)."""
    return Grootheid(mart, veld, tuple(sorted((k, _native(v)) for k, v in sleutel.items())))


def _native(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


@dataclass(frozen=True)
class Lezing:
    """A published cell as read: its kind and the interval it gives the true value.

    soort: getal | gemaskeerd | geheim | onvolledig | geen | leeg | tekst | datum.
    """

    soort: str
    laag: float = -math.inf
    hoog: float = math.inf
    drempel: int | None = None
    tekst: str = ""


def _dutch(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(".", "").replace(",", "."))


def _decimals_of_text(text: str) -> int:
    return len(text.split(",", 1)[1]) if "," in text else 0


def _decimals_of(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exp = text.lower().split("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, decimals - int(exp))
    decimals = text.split(".")[1] if "." in text else ""
    return 0 if decimals == "0" else len(decimals)


def _interval(value: float, decimalen: int) -> tuple[float, float]:
    half = 0.5 * 10.0 ** -min(decimalen, MAX_DECIMALEN)
    return value - half, value + half


def lees_cel(value: Any, decimalen: int = 0) -> tuple[Lezing, Lezing | None]:
    """Return what a published cell tells: one reading, and a second for the upper end of a range.

    ``decimalen``: the decimals of the column's number format in the unit of the stored value
    (a percentage with 0 decimals is a fraction with 2).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Lezing("leeg"), None
    if isinstance(value, bool):
        return Lezing("tekst", tekst=str(value)), None
    if isinstance(value, datetime | date | pd.Timestamp):
        return Lezing("datum", tekst=pd.Timestamp(value).date().isoformat()), None
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        number = float(value)
        lo, hi = _interval(number, max(decimalen, _decimals_of(number)))
        return Lezing("getal", lo, hi), None
    text = " ".join(str(value).replace("\u00a0", " ").split())
    if text in ("", "\u2013"):
        return Lezing("leeg"), None
    if text == "x":
        return Lezing("geheim", tekst=text), None
    if text == "geen gegevens":
        return Lezing("geen", tekst=text), None
    if text == "onvolledig":
        return Lezing("onvolledig", tekst=text), None
    if m := _MASKER.match(text):
        drempel = int(m.group(1))
        return Lezing("gemaskeerd", -math.inf, drempel, drempel, text), None
    if m := _HOOGSTENS.match(text):
        return Lezing("gemaskeerd", -math.inf, int(m.group(1)), int(m.group(1)) + 1, text), None
    if m := _MINIMUM.match(text):
        lo, hi = _interval(_dutch(m.group(1)), _decimals_of_text(m.group(1)))
        return Lezing("getal", lo, hi, tekst=text), None
    if m := _BEREIK.match(text):
        a, b = m.group(1), m.group(2)
        lo = _interval(_dutch(a), _decimals_of_text(a))
        hi = _interval(_dutch(b), _decimals_of_text(b))
        return Lezing("getal", *lo, tekst=text), Lezing("getal", *hi, tekst=text)
    if m := _ENKEL.match(text):  # a range whose ends are equal, printed as one number
        lo, hi = _interval(_dutch(m.group(1)), _decimals_of_text(m.group(1)))
        return Lezing("getal", lo, hi, tekst=text), Lezing("getal", lo, hi, tekst=text)
    return Lezing("tekst", tekst=text), None


@dataclass(frozen=True)
class Plaats:
    """Where a reader finds a cell: the sheet (or file), the row text and the column header."""

    blad: str
    rij: str
    kolom: str

    def __str__(self) -> str:
        return f"blad '{self.blad}', rij '{self.rij}', kolom '{self.kolom}'"


@dataclass(frozen=True)
class Waarneming:
    """One published cell about one quantity: what it shows and where."""

    grootheid: Grootheid
    lezing: Lezing
    plaats: Plaats


NUMBER_KINDS = ("aantal", "getal", "pct", "bereik", "cel")


def _digits(soort: str, decimalen: int | None) -> int:
    if decimalen is None:
        decimalen = 0 if soort in ("aantal", "bereik") else 1
    return decimalen + 2 if soort == "pct" else decimalen


def lees_werkboek(path: Path) -> dict[str, pd.DataFrame]:
    """Return every sheet of a published workbook, read with the one header row (row 9)."""
    return pd.read_excel(path, sheet_name=None, header=HEADER_ROW, dtype=object, engine=ENGINE)


def regeltekst(path: Path) -> str:
    """Return the protection rule as the contents sheet of the workbook prints it (the lines above
    its header that mention the mask "< ...")."""
    frame = pd.read_excel(path, sheet_name=INHOUD, header=None, dtype=object, nrows=HEADER_ROW, engine=ENGINE)
    lines = [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return " ".join(line for line in lines if "<" in line)


def _row_label(frame: pd.DataFrame, i: int) -> str:
    value = frame.iat[i, 0]
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def tabel_waarnemingen(tabel: Tabel, frame: pd.DataFrame) -> list[Waarneming]:
    """Return the readings of every number cell of one published table (its sheet ``frame``)."""
    if tabel.mart is None:
        return []
    rows = [*tabel.rijen, *([tabel.totaal] if tabel.totaal is not None else [])]
    koppen = tabel.koppen()
    if len(frame) != len(rows) or [str(c) for c in frame.columns] != koppen:
        raise AssertionError(
            f"blad '{tabel.blad}': {len(frame)} rijen en koppen {list(frame.columns)} gepubliceerd, "
            f"het rapport heeft {len(rows)} rijen en koppen {koppen}"
        )
    if len(tabel.sleutels) != len(rows):
        raise AssertionError(f"blad '{tabel.blad}': {len(tabel.sleutels)} rijsleutels voor {len(rows)} rijen")
    found: list[Waarneming] = []
    for j, kolom in enumerate(tabel.kolommen):
        if kolom.soort not in (*NUMBER_KINDS, "datum"):
            continue
        for i, meaning in enumerate(rows):
            cell = meaning[j]
            soort, decimalen = kolom.soort, kolom.decimalen
            veld, veld_tot = kolom.veld, kolom.veld_tot
            if isinstance(cell, Waarde):  # a typed cell: its own kind and field
                soort, decimalen = cell.soort, cell.decimalen
                veld, veld_tot = cell.veld or kolom.veld, None
                if soort not in NUMBER_KINDS:
                    continue
            if veld is None:
                continue
            mart, field = veld.split(".", 1) if "." in veld else (tabel.mart, veld)
            key = {**tabel.sleutels[i], **dict(kolom.filter)}
            plaats = Plaats(tabel.blad, _row_label(frame, i), koppen[j])
            eerste, tweede = lees_cel(frame.iat[i, j], _digits(soort, decimalen))
            if tweede is not None and not veld_tot:  # a range printed for one figure: it lies within
                eerste, tweede = Lezing("getal", eerste.laag, tweede.hoog, tekst=eerste.tekst), None
            found.append(Waarneming(grootheid(mart, field, **key), eerste, plaats))
            if veld_tot:
                if tweede is None and eerste.soort == "getal":
                    raise AssertionError(f"{plaats}: een bereik zonder bovengrens ({frame.iat[i, j]!r})")
                if tweede is None:  # masked or withheld: the upper end is as unknown
                    tweede = Lezing("geheim") if eerste.soort in ("gemaskeerd", "geheim") else eerste
                found.append(Waarneming(grootheid(mart, veld_tot, **key), tweede, plaats))
    return found


def kerncijfer_waarnemingen(path: Path, defs) -> list[Waarneming]:
    """Return the readings of kerncijfers.json: per headline column of rapport.yaml (``overzicht``)
    a group's size now (rpt__samenvatting) or a role's shortage (rpt__kerncijfer_rol), 3 decimals."""
    figures = json.loads(path.read_text(encoding="utf-8"))["kerncijfers"]
    found: list[Waarneming] = []
    for kolom in defs.rapport.overzicht:
        entry = figures.get(kolom.sleutel)
        value = entry.get("waarde") if isinstance(entry, dict) else entry
        if isinstance(entry, dict) and entry.get("gemaskeerd"):
            value = "x"  # masked: the number is not in the file (index.html shows "< 10" or "x")
        if kolom.groep:
            g = grootheid("rpt__samenvatting", "aantal_schatting", aandachtsgroep=kolom.groep)
        else:
            g = grootheid("rpt__kerncijfer_rol", "tekort", rol=kolom.rol, maat=kolom.maat)
        lezing, _ = lees_cel(value, 3)
        found.append(Waarneming(g, lezing, Plaats(KERNCIJFERS, kolom.sleutel, "waarde")))
    return found


@dataclass
class Publicatie:
    """Everything published for one region, read as an intruder reads it."""

    regio_type: str
    regio_code: str
    waarnemingen: list[Waarneming]
    tabellen: list[Tabel]
    regel: str  # the protection rule as printed

    def van(self, mart: str, veld: str | None = None, **vast: Any) -> list[Waarneming]:
        """Return the readings of ``mart`` (and ``veld``) whose key has the values ``vast``."""
        found = self._per_mart.get(mart, []) if veld is None else self._per_veld.get((mart, veld), [])
        if not vast:
            return list(found)
        return [w for w in found if all(self._sleutels[w.grootheid].get(k) == v for k, v in vast.items())]

    def __post_init__(self) -> None:
        self._per_mart: dict[str, list[Waarneming]] = {}
        self._per_veld: dict[tuple[str, str], list[Waarneming]] = {}
        self._per_grootheid: dict[Grootheid, list[Waarneming]] = {}
        self._sleutels: dict[Grootheid, dict[str, Any]] = {}
        for w in self.waarnemingen:
            g = w.grootheid
            self._per_mart.setdefault(g.mart, []).append(w)
            self._per_veld.setdefault((g.mart, g.veld), []).append(w)
            self._per_grootheid.setdefault(g, []).append(w)
            if g not in self._sleutels:
                self._sleutels[g] = dict(g.sleutel)

    def bestaat(self, g: Grootheid) -> bool:
        """Return True when a published cell shows ``g`` (a number, a mask or an "x")."""
        return any(
            w.lezing.soort not in ("geen", "leeg", "tekst", "datum") for w in self._per_grootheid.get(g, [])
        )

    def tekst(self, g: Grootheid) -> str | None:
        """Return the text or date a published cell shows for ``g`` (a peildatum), if any."""
        return next((w.lezing.tekst for w in self._per_grootheid.get(g, []) if w.lezing.tekst), None)


def lees_publicatie(folder: Path, rapport: Rapport, defs) -> Publicatie:
    """Return what was published in a region's report folder (tabellen.xlsx, kerncijfers.json),
    with the meaning of each cell from the report's table metadata."""
    workbook = folder / "tabellen.xlsx"
    sheets = lees_werkboek(workbook)
    found: list[Waarneming] = []
    for tabel in rapport.tabellen():
        if tabel.blad not in sheets:
            raise AssertionError(f"{rapport.regio_code}: blad '{tabel.blad}' ontbreekt in {workbook}")
        found += tabel_waarnemingen(tabel, sheets[tabel.blad])
    found += kerncijfer_waarnemingen(folder / KERNCIJFERS, defs)
    return Publicatie(rapport.regio_type, rapport.regio_code, found, rapport.tabellen(), regeltekst(workbook))
