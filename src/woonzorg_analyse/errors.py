"""Problems found in input data, and the exceptions that carry them.

A :class:`Problem` names the file, the place as the user sees it (sheet and row number in
Excel or a text editor), the column, the rule and the offending value. Messages are Dutch:
the people who fix a delivery read them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row or file."""

    bestand: str
    plaats: str  # "regel 14", "blad aandachtsgroepen, rij 9", "" for the whole file
    kolom: str
    regel: str
    waarde: str
    toelichting: str = ""

    def message(self) -> str:
        """Return the problem as one Dutch sentence."""
        parts = [self.bestand]
        if self.plaats:
            parts.append(self.plaats)
        if self.kolom:
            parts.append(f"kolom '{self.kolom}'")
        where = ", ".join(parts)
        text = f"{where}: {self.regel}"
        if self.waarde != "":
            shown = "".join(ch if ch.isprintable() else "?" for ch in self.waarde)
            text += f" (waarde: '{shown}')"
        if self.toelichting:
            text += f"; {self.toelichting}"
        return text


class WoonzorgError(Exception):
    """Base class for errors that the CLI reports without a traceback."""

    exit_code = 1


class DefinitionError(WoonzorgError):
    """The definitions in definitions/ are missing or contradict themselves."""


class DataError(WoonzorgError):
    """Input data break one or more rules; carries every problem found."""

    def __init__(self, problems: list[Problem], partial=None):
        # ``partial``: the rows that could be read (a DataFrame), so that the rules of the
        # definitions can still be checked on them and every problem is reported at once
        self.partial = partial
        self.problems = sorted(set(problems), key=problem_order)
        super().__init__(f"{len(self.problems)} probleem/problemen in de invoer")


def problem_order(problem: Problem) -> tuple:
    """Sort by file, then sheet (workbooks), then row number as a number, then column."""
    digits = "".join(ch if ch.isdigit() else " " for ch in problem.plaats).split()
    number = int(digits[-1]) if digits else -1
    sheet = problem.plaats.split(",")[0] if "," in problem.plaats else ""
    return (problem.bestand, sheet, number, problem.kolom, problem.regel)


class OmgevingError(WoonzorgError):
    """The environment stops the program, not the data or the code: a folder that cannot be
    written, a read-only or full disk (exit code 4). The message names the path."""

    exit_code = 4


class UsageError(WoonzorgError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2
