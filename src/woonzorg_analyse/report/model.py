"""The content of a report as plain objects: chapters of paragraphs, tables and figures.

Content functions (content.py) build these from the warehouse; renderers (PDF, HTML, XLSX)
only write them. Values in tables stay raw numbers; formatting and disclosure control happen
in :mod:`woonzorg_analyse.report.publish`, the same for every renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kolom:
    """One column of a report table.

    soort: tekst | code (monospaced text) | datum (a date, dd-mm-jjjj; a date in the workbook) |
    aantal (whole number) | getal (with ``decimalen``) |
    pct (a fraction shown as a percentage) | bereik (a (low, high) pair shown as "12 – 18") |
    cel (each value a :class:`Waarde` with its own soort).
    personen: a count about persons or households of an aandachtsgroep (disclosure control).
    afgeleid_van: columns whose masking must hide this cell too (it would reveal them).
    veld: the column of the table's report mart (rpt__) the values come from; filter: the extra
    key values of the mart row for this column (a pivot: {"jaar": 2030, "scenario": "midden"}).
    """

    naam: str
    label: str
    soort: str = "tekst"
    decimalen: int | None = None  # default: 0 for aantal, 1 for getal and pct
    personen: bool = False
    afgeleid_van: tuple[str, ...] = ()
    eenheid: str | None = None
    breed: bool = False  # gets the spare width (names)
    veld: str | None = None
    veld_tot: str | None = None  # the upper end of a range column (veld is the lower end)
    filter: tuple[tuple[str, Any], ...] = ()

    @property
    def cijfers(self) -> int:
        """Decimals shown: ``decimalen``, else 0 for counts and 1 for other numbers."""
        if self.decimalen is not None:
            return self.decimalen
        return 0 if self.soort in ("aantal", "bereik") else 1


@dataclass(frozen=True)
class Waarde:
    """A typed cell in a column of soort "cel" (a key-value table mixing counts and shares).

    personen: a count about persons (masked below the threshold); afgeleid: the raw count this
    value would reveal (masked as "x" when that count is below the threshold); basis: the counts
    (aandachtsgroep, gemeente_code) it is derived from (masked as "x" when the report's masking
    plan masks one of them); veld: the column of the table's report mart the value comes from.
    """

    waarde: Any
    soort: str = "aantal"
    decimalen: int | None = None
    personen: bool = False
    afgeleid: Any = None
    veld: str | None = None
    basis: tuple[tuple[str, str | None], ...] = ()  # (aandachtsgroep, gemeente) counts it rests on


@dataclass(frozen=True)
class Minimum:
    """A regional total that rests on part of the gemeenten: at least ``waarde`` (an open range,
    printed as "≥ 4.791, onvolledig")."""

    waarde: Any


@dataclass
class Tabel:
    """A titled table with its unit, source and peildatum."""

    sleutel: str  # unique within a report, e.g. "verdeling_studenten"
    titel: str
    eenheid: str
    bron: str  # "Bron: CBS, 85980NED"
    peildatum: str  # text, dd-mm-jjjj or a period
    kolommen: list[Kolom]
    rijen: list[tuple[Any, ...]]
    totaal: tuple[Any, ...] | None = None
    noot: str = ""
    kopgroepen: list[tuple[str, int]] = field(default_factory=list)  # spanning header above the labels
    blad: str = ""  # spreadsheet sheet name (<= 31 characters, unique), set by content
    mart: str | None = None  # the report mart (rpt__) every number of the table comes from
    sleutels: list[dict[str, Any]] = field(default_factory=list)  # per row (totaal last): its mart key
    nummer: str = ""  # "2.3" in the notitie, "B.1" in the verantwoording; set when the report is built
    afscherming: Any = None  # the region's masking plan (report.afscherming), set when the report is built

    def koppen(self) -> list[str]:
        """Return the one header row of the table as the workbook prints it: each column label,
        prefixed with its spanning group label ("Naar rato inwoners: Doel"), made unique."""
        groups: list[str] = []
        for label, span in self.kopgroepen:
            groups += [label] * span
        groups += [""] * (len(self.kolommen) - len(groups))
        labels: list[str] = []
        for group, kolom in zip(groups, self.kolommen, strict=True):
            label = f"{group}: {kolom.label}" if group else kolom.label
            candidate, n = label, 2
            while candidate in labels:
                candidate, n = f"{label} ({n})", n + 1
            labels.append(candidate)
        return labels


@dataclass
class Figuur:
    """A titled chart with its unit, source and peildatum; ``figuur`` is the chart description
    (a plain dict) that templates/grafieken.typ draws, in the PDF and (as SVG) in the HTML."""

    sleutel: str
    titel: str
    eenheid: str
    bron: str
    peildatum: str
    figuur: dict[str, Any] | None
    alt: str = ""
    noot: str = ""
    breedte_cm: float = 16.0
    svg: str = ""  # Typst's SVG of the figure for the HTML, filled once by the writer


@dataclass(frozen=True)
class Alinea:
    """A paragraph of plain text."""

    tekst: str


@dataclass(frozen=True)
class Kop:
    """A sub-heading (level 2), optionally on a new page (factsheets)."""

    tekst: str
    nieuwe_pagina: bool = False


@dataclass(frozen=True)
class Opsomming:
    """A bulleted list."""

    punten: tuple[str, ...]


Blok = Alinea | Kop | Opsomming | Tabel | Figuur


@dataclass
class Hoofdstuk:
    """A numbered chapter: 1, 2, ... in the notitie, A, B, ... in the verantwoording."""

    nummer: str
    titel: str
    blokken: list[Blok] = field(default_factory=list)
    code: str = ""

    @property
    def anker(self) -> str:
        """Return the HTML anchor of the chapter."""
        return f"h{self.nummer}"


@dataclass
class Rapport:
    """A bouwstenennotitie for one region."""

    regio_type: str
    regio_type_naam: str
    regio_code: str
    regio_naam: str
    titel: str
    ondertitel: str
    peildatum: str  # "gegevens tot en met ..." on the cover
    softwareversie: str
    definitieversie: str
    vingerafdruk: str
    fictief: bool
    drempel: int
    teksten: dict[str, str]
    hoofdstukken: list[Hoofdstuk]  # the notitie
    verantwoording: list[Hoofdstuk] = field(default_factory=list)
    kernboodschappen: list[str] = field(default_factory=list)  # sentences on the first page
    kerncijfers: dict[str, Any] = field(default_factory=dict)  # headline figures for the index
    bronnen: list[str] = field(default_factory=list)  # the sources with input files (their citation)
    titel_verantwoording: str = "Verantwoording"
    ondertitel_verantwoording: str = ""

    def documenten(self) -> dict[str, list[Hoofdstuk]]:
        """Return the chapters per document: the notitie and its verantwoording."""
        return {"notitie": self.hoofdstukken, "verantwoording": self.verantwoording}

    def tabellen(self) -> list[Tabel]:
        """Return every table of both documents in reading order."""
        return [
            b for h in [*self.hoofdstukken, *self.verantwoording] for b in h.blokken if isinstance(b, Tabel)
        ]

    def figuren(self) -> list[Figuur]:
        """Return every figure of both documents in reading order."""
        return [
            b for h in [*self.hoofdstukken, *self.verantwoording] for b in h.blokken if isinstance(b, Figuur)
        ]
