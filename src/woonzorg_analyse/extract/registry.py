"""The source registry: one :class:`Source` per source, used by ``validate`` and ``build`` alike.

A source says how its files are recognised (by content: the header of a text file, the sheets
of a workbook), how a file is loaded (read and rename, CBS symbols kept missing), which rules
of the definitions its rows must meet (all files together), and which ``stg_`` tables it
stages. Every module in :mod:`woonzorg_analyse.extract.sources` that defines ``SOURCES`` is a
source module; adding a source is one module plus its entry in ``definitions/bronnen.yaml``.

Both commands recognise a file the same way. ``validate`` tries every source on a loose file;
the build tries the sources of the folder's provenance.yaml, and a file that none of them
recognises is an error that names it (never silently skipped).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from woonzorg_analyse.errors import Problem
from woonzorg_analyse.extract.readers import (
    check_file,
    display_name,
    is_parquet,
    is_xlsx,
    parquet_columns,
    read_bytes_checked,
    read_header,
    xlsx_sheet_names,
)

if TYPE_CHECKING:
    import pandas as pd

    from woonzorg_analyse.definitions import Definitions
    from woonzorg_analyse.extract.provenance import InputFile

GEGEVENS = "gegevens"  # a data file of the source
BIJLAGE = "bijlage"  # a companion file the source reads beside its data file (CBS dimension lists)


@dataclass(frozen=True)
class Kop:
    """What recognition looks at: the file's name, and its header columns or sheet names."""

    path: Path
    xlsx: bool
    kolommen: frozenset[str]
    tabbladen: tuple[str, ...]

    @property
    def naam(self) -> str:
        """The file name."""
        return self.path.name


def read_kop(path: Path, max_bytes: int | None = None) -> Kop:
    """Return the head of ``path``; DataError for a file that cannot be read at all, that is no
    regular file, or that is larger than ``max_bytes`` (:func:`max_bytes` of the definitions).

    A Parquet file (a CBS snapshot) is recognised by its columns, read from its schema only.
    """
    if is_parquet(path):
        check_file(path, max_bytes)
        return Kop(Path(path), False, frozenset(parquet_columns(path)), ())
    data = read_bytes_checked(path, max_bytes)
    if is_xlsx(data):
        return Kop(Path(path), True, frozenset(), tuple(xlsx_sheet_names(path, data)))
    return Kop(Path(path), False, frozenset(read_header(path, data)), ())


def max_bytes(defs: Definitions) -> int:
    """Return the largest input file the definitions allow, in bytes (``max_bestand_mb``)."""
    return int(defs.instellingen.max_bestand_mb * 1_000_000)


@dataclass(frozen=True)
class Source:
    """One source of the project (a code of bronnen.yaml) and how its files are handled."""

    bron: str
    naam: str  # for messages: "levering aandachtsgroepen"
    recognise: Callable[[Kop], str | None]  # GEGEVENS, BIJLAGE or None
    load: Callable[[Path, Definitions], pd.DataFrame]
    check: Callable[[pd.DataFrame, Definitions], list[Problem]]
    stage: Callable[[pd.DataFrame, dict[str, InputFile], Definitions], dict[str, pd.DataFrame]]
    tabellen: tuple[str, ...] = ()  # the stg_ tables ``stage`` returns

    @property
    def module(self) -> str:
        """The source module, as a path below the package (for tracing)."""
        return "extract/sources/" + self.load.__module__.rsplit(".", 1)[-1] + ".py"


@cache
def sources() -> tuple[Source, ...]:
    """Return every source, from the modules of :mod:`woonzorg_analyse.extract.sources`."""
    from woonzorg_analyse.extract import sources as package

    found: list[Source] = []
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        found.extend(getattr(loaded, "SOURCES", ()))
    codes = [s.bron for s in found]
    double = sorted({c for c in codes if codes.count(c) > 1})
    if double:
        raise RuntimeError(f"bron {', '.join(double)} is door meer dan één bronmodule gedefinieerd")
    return tuple(found)


def check_registry(defs: Definitions) -> list[str]:
    """Return the sources whose code is not in bronnen.yaml (a definitions gap, not a data one)."""
    return [s.bron for s in sources() if s.bron not in defs.bronnen]


def recognise(kop: Kop, candidates: tuple[Source, ...] | None = None) -> list[tuple[Source, str]]:
    """Return the sources (of ``candidates``, default all) that recognise the file, with its role."""
    result = []
    for source in candidates if candidates is not None else sources():
        role = source.recognise(kop)
        if role:
            result.append((source, role))
    return result


def unrecognised(kop: Kop, candidates: tuple[Source, ...] | None = None) -> Problem:
    """Return the problem of a file that no source recognises."""
    names = ", ".join(s.naam for s in (candidates if candidates is not None else sources()))
    if kop.xlsx:
        return Problem(
            display_name(kop.path),
            "",
            "",
            f"onbekende indeling: dit Excelbestand heeft geen tabblad van een bekende bron ({names})",
            ", ".join(kop.tabbladen)[:80],
        )
    return Problem(
        display_name(kop.path),
        "regel 1",
        "",
        f"onbekende indeling: de kopregel past bij geen bekende bron ({names})",
        ";".join(sorted(kop.kolommen))[:80],
    )


def no_rows(kop: Kop, readers: list[Source]) -> Problem:
    """Return the problem of a recognised file without a single data row (a header only)."""
    return Problem(
        display_name(kop.path),
        "",
        "",
        "bestand heeft geen gegevensrijen",
        "",
        f"verwacht minstens één rij voor {' en '.join(s.naam for s in readers)} onder de kopregel",
    )


def header_has(*columns: str) -> Callable[[Kop], bool]:
    """Return a test: the file is a text file whose header has all ``columns``."""
    wanted = frozenset(columns)
    return lambda kop: not kop.xlsx and wanted <= kop.kolommen
