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

    soort: tekst | code (monospaced text) | aantal (whole number) | getal (with ``decimalen``) |
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
    value would reveal (masked as "x" when that count is below the threshold); veld: the column
    of the table's report mart the value comes from.
    """

    waarde: Any
    soort: str = "aantal"
    decimalen: int | None = None
    personen: bool = False
    afgeleid: Any = None
    veld: str | None = None


@dataclass
class Tabel:
    """A titled table with its unit, source and peildatum."""

    sleutel: str  # unique within a report, e.g. "h5_studenten"
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


@dataclass
class Figuur:
    """A titled chart with its unit, source and peildatum; ``figuur`` is the chart description
    (a plain dict) that templates/grafieken.typ draws, in the PDF as vectors and as PNG."""

    sleutel: str
    titel: str
    eenheid: str
    bron: str
    peildatum: str
    figuur: dict[str, Any] | None
    alt: str = ""
    noot: str = ""
    breedte_cm: float = 16.0
    png: bytes = b""  # filled once by the writer, shared by the renderers


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
    """A numbered chapter."""

    nummer: int
    titel: str
    blokken: list[Blok] = field(default_factory=list)

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
    hoofdstukken: list[Hoofdstuk]
    kerncijfers: dict[str, Any] = field(default_factory=dict)  # headline figures for the index

    def tabellen(self) -> list[Tabel]:
        """Return every table in reading order."""
        return [b for h in self.hoofdstukken for b in h.blokken if isinstance(b, Tabel)]

    def figuren(self) -> list[Figuur]:
        """Return every figure in reading order."""
        return [b for h in self.hoofdstukken for b in h.blokken if isinstance(b, Figuur)]
