"""Cell parsers: gemeente codes, Dutch numbers, CBS symbols, dates and periods."""

from datetime import date

import pytest

from woonzorg_analyse.extract.parsing import (
    normalise_gemeente_code,
    parse_cbs_period,
    parse_cbs_value,
    parse_date,
    parse_halfjaar,
    parse_number,
)

SYMBOLEN = {
    "": "bestaat_niet",
    ".": "onderdrukt",
    "x": "geheim",
    "-": "nihil",
    "*": "voorlopig",
    "**": "nader_voorlopig",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GM0363", "GM0363"),
        ("GM0363  ", "GM0363"),
        ("363", "GM0363"),
        ("0363", "GM0363"),
        ("gm14", "GM0014"),
        (363, "GM0363"),
        (363.0, "GM0363"),
    ],
)
def test_gemeente_codes_are_normalised(raw, expected):
    assert normalise_gemeente_code(raw) == expected


@pytest.mark.parametrize("raw", ["PV27", "GM12345", "Amsterdam", "", "3.5"])
def test_non_codes_are_refused(raw):
    with pytest.raises(ValueError, match="gemeentecode"):
        normalise_gemeente_code(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", 1234.0),
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("12.5", 12.5),
        ("  7 ", 7.0),
        (3, 3.0),
        ("-4", -4.0),
        ("1\u00a0234", 1234.0),
    ],
)
def test_numbers_in_dutch_and_plain_notation(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["twaalf", "1,2,3", "", "12a"])
def test_non_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (".", (None, "onderdrukt")),
        ("x", (None, "geheim")),
        ("-", (None, "nihil")),
        ("", (None, "bestaat_niet")),
        ("  .  ", (None, "onderdrukt")),
        ("125", (125.0, "definitief")),
        ("125*", (125.0, "voorlopig")),
        ("125**", (125.0, "nader_voorlopig")),
    ],
)
def test_cbs_symbols_are_missing_with_a_status_never_zero(raw, expected):
    assert parse_cbs_value(raw, SYMBOLEN) == expected


def test_dates_in_dutch_and_iso_notation():
    assert parse_date("31-12-2023") == date(2023, 12, 31)
    assert parse_date("2023-12-31") == date(2023, 12, 31)
    with pytest.raises(ValueError, match="dd-mm-jjjj"):
        parse_date("31 december")


def test_cbs_periods_and_half_years():
    assert parse_cbs_period("2024JJ00") == (2024, "JJ", 0)
    assert parse_cbs_period("2024KW03") == (2024, "KW", 3)
    halfjaar = parse_halfjaar("2025-II")
    assert (halfjaar.jaar, halfjaar.helft, str(halfjaar)) == (2025, 2, "2025-II")
    assert (
        halfjaar.begin.isoformat() == "2025-07-01" and halfjaar.peildatum_inwoners.isoformat() == "2024-01-01"
    )
    with pytest.raises(ValueError):
        parse_cbs_period("2024")
    with pytest.raises(ValueError, match="JJJJ-I"):
        parse_halfjaar("2025-III")
