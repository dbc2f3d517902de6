"""Numbers and dates as Dutch readers write them: the one implementation for reports, messages
and the command line.

- :func:`getal` 1.234,5 (thousands dot, decimal comma, a real minus sign, half away from zero);
- :func:`kaal` a value as it was delivered, for messages and data files: 1234 or 12,5;
- :func:`procent` a fraction as 12,3 % (a non-breaking space before the sign, one style everywhere);
- :func:`datum` dd-mm-jjjj; :func:`bereik` "12 – 18".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MINUS = "\u2212"
NBSP = "\u00a0"
LEEG = "\u2013"  # en dash: no figure


def is_missing(value: Any) -> bool:
    """Return True for None, NaN, NA and NaT."""
    if value is None:
        return True
    kind = type(value)
    if kind is float:  # the common cases without pandas: a report formats tens of thousands
        return value != value
    if kind is int or kind is str or kind is bool:
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def getal(value: Any, decimalen: int = 0, duizendtallen: bool = True, minteken: str = MINUS) -> str:
    """Return ``value`` in Dutch notation: 1.234,5 (thousands dot, decimal comma, minus sign).

    Rounded half away from zero to ``decimalen`` decimals; a value that rounds to zero gets no
    sign. Missing or infinite values give an en dash.
    """
    if type(value) is int and decimalen == 0:  # exact already: no rounding to do
        text = f"{abs(value):,}" if duizendtallen else str(abs(value))
        return (minteken if value < 0 else "") + text.replace(",", ".")
    if is_missing(value):
        return LEEG
    number = float(value)
    if not math.isfinite(number):
        return LEEG
    rounded = Decimal(repr(abs(number))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimalen}f}" if duizendtallen else f"{rounded:.{decimalen}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if number < 0 and any(ch not in "0.," for ch in text):
        text = minteken + text
    return text


def kaal(value: Any) -> str:
    """Return a value as it was delivered, for messages and data files: whole numbers without
    decimals (1234), other numbers in their shortest form with a decimal comma (12,5), dates as
    dd-mm-jjjj, text as it is, missing as empty text."""
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime | date) or type(value).__name__ == "Timestamp":
        return datum(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value)


def procent(fraction: Any, decimalen: int = 1) -> str:
    """Return a fraction as a Dutch percentage: 0.1234 -> "12,3 %"."""
    if is_missing(fraction):
        return LEEG
    return f"{getal(float(fraction) * 100, decimalen)}{NBSP}%"


def datum(value: Any) -> str:
    """Return a date as dd-mm-jjjj."""
    if is_missing(value):
        return LEEG
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime) or (hasattr(value, "date") and not isinstance(value, date)):
        value = value.date()
    return value.strftime("%d-%m-%Y")


def bereik(laag: Any, hoog: Any, decimalen: int = 0) -> str:
    """Return a range as "12 – 18" (or one number when both ends are equal)."""
    if is_missing(laag) or is_missing(hoog):
        return LEEG
    a, b = getal(laag, decimalen), getal(hoog, decimalen)
    return a if a == b else f"{a}{NBSP}\u2013{NBSP}{b}"
