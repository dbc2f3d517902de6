"""Parse the cell values that CBS files and municipal deliveries contain.

Each parser returns the parsed value or raises ValueError with a Dutch reason; callers turn
that into a :class:`~woonzorg_analyse.errors.Problem` with file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
_DIGITS = re.compile(r"^\d{1,4}$")
_PERIOD = re.compile(r"^(\d{4})(JJ|MM|KW)(\d{2})$")
_DUTCH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def normalise_gemeente_code(raw: object) -> str:
    """Return a gemeente code as ``GM0363`` from ``GM0363``, ``gm363``, ``363`` or ``"GM0363  "``.

    Raises ValueError when the value cannot be a gemeente code.
    """
    if raw is None or (isinstance(raw, float) and raw != raw):
        raise ValueError("gemeentecode ontbreekt")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().upper()
    digits = text[2:] if text.startswith("GM") else text
    if not _DIGITS.match(digits):
        raise ValueError("geen geldige gemeentecode (verwacht GM gevolgd door vier cijfers)")
    return f"GM{int(digits):04d}"


def parse_number(raw: object) -> float:
    """Return a number from a cell: ``1.234`` and ``12,5`` (Dutch) or a plain ``12.5``.

    A value with one dot and exactly three digits after it (``1.234``) is read as Dutch
    thousands, as municipal Excel files write it. Raises ValueError for anything else.
    """
    if isinstance(raw, bool):
        raise ValueError("geen getal")
    if isinstance(raw, int | float):
        if raw != raw:
            raise ValueError("leeg")
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("leeg")
    if _DUTCH_NUMBER.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN_NUMBER.match(text):
        return float(text)
    raise ValueError("geen getal")


def parse_year(raw: object) -> int:
    """Return a calendar year from a cell (``2024``, ``2024.0`` or ``"2024"``)."""
    value = parse_number(raw)
    if not float(value).is_integer() or not 1900 <= value <= 2100:
        raise ValueError("geen jaartal")
    return int(value)


def parse_cbs_value(raw: object, symbolen: dict[str, str]) -> tuple[float | None, str]:
    """Return (value, status) of a CBS cell; a symbol gives (None, its status), never 0.

    ``123`` -> (123.0, definitief); ``.`` -> (None, onderdrukt); ``123*`` -> (123.0, voorlopig).
    """
    text = "" if raw is None else str(raw).strip()
    if text in symbolen:
        return None, symbolen[text]
    status = "definitief"
    for suffix in ("**", "*"):
        if text.endswith(suffix) and suffix in symbolen:
            status = symbolen[suffix]
            text = text[: -len(suffix)].strip()
            break
    return parse_number(text), status


def parse_date(raw: object) -> date:
    """Return a date from ``dd-mm-jjjj``, ``jjjj-mm-dd`` or an Excel date cell."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("geen geldige datum (verwacht dd-mm-jjjj)")


def parse_cbs_period(raw: object) -> tuple[int, str, int]:
    """Return (year, kind, number) of a CBS period key such as ``2024JJ00`` or ``2024KW01``."""
    text = str(raw).strip()
    match = _PERIOD.match(text)
    if not match:
        raise ValueError("geen CBS-periode (verwacht bijvoorbeeld 2024JJ00)")
    return int(match.group(1)), match.group(2), int(match.group(3))


@dataclass(frozen=True)
class Halfjaar:
    """A half-year of the taakstelling vergunninghouders: 2025-I (January-June) or 2025-II."""

    jaar: int
    helft: int  # 1 or 2

    @property
    def begin(self) -> date:
        """The first day of the half-year."""
        return date(self.jaar, 1 if self.helft == 1 else 7, 1)

    @property
    def peildatum_inwoners(self) -> date:
        """Inhabitants count on 1 January of the year before (Huisvestingswet 2014 art. 29)."""
        return date(self.jaar - 1, 1, 1)

    def __str__(self) -> str:
        return f"{self.jaar}-{'I' * self.helft}"


def parse_halfjaar(raw: object) -> Halfjaar:
    """Return the half-year written as ``2025-I`` or ``2025-II``; ValueError otherwise."""
    match = re.match(r"^(\d{4})-(I|II)$", str(raw or "").strip())
    if not match:
        raise ValueError(f"'{raw}' is geen halfjaar (verwacht JJJJ-I of JJJJ-II, bv. 2025-II)")
    return Halfjaar(int(match.group(1)), 1 if match.group(2) == "I" else 2)
