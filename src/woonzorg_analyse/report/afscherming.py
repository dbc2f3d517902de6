"""Which counts of persons a region's report masks: the plan the publication layer follows.

A report publishes, per aandachtsgroep and gemeente, the count now (and much that is derived from
it: shares, per 1.000, location quotients, the difference with the fair share, demand, shortage,
the ingroeipad) next to the regional total. The rule of definitions/rapport.yaml (``kleine
aantallen``), worked out here:

- **primary**: a count of 1 to ``drempel`` − 1 is shown as "< 10" (a true zero is published as 0:
  it reveals no one, and "< 10" then means 1 to 9);
- **secondary**: so that no masked count can be narrowed by subtracting the published counts
  from a published total, every set of counts that adds up to a published figure (the gemeenten
  of a group adding up to the regional total; the subgroups of a gemeente adding up to their
  parent group) with a primary masked count masks other counts ("x") when needed, enough that
  each primary count can still be anything from 1 to ``drempel`` − 1 given everything published.
  A reader who knows this rule knows that a count shown as "x" is at least ``drempel``, so the
  masked counts together must leave that room: for each primary count p, sum over the other
  primary counts of (count − 1) + sum over the secondary counts of (count − drempel) ≥
  drempel − 1 − p, and without a secondary count also sum over the other primary counts of
  (drempel − 1 − count) ≥ p − 1. The counts chosen are deterministic: the smallest single
  count that is enough on its own, else the largest and the check again; a gemeente before the
  total. When no count is left, the total is masked.
- every figure derived from a masked count is masked ("x") wherever it appears (the tables mark
  it with ``afgeleid_van`` or a typed cell's ``basis``).

The plan is computed once per region from the report mart ``rpt__verdeling_gemeente`` (the counts
now of every group and gemeente, and the regional totals) and attached to every table; the
warehouse keeps the exact figures. ``docs/methode/kleine-aantallen.md`` describes the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

PRIMAIR = "primair"
SECUNDAIR = "secundair"
TOTAAL = None  # the gemeente key of a regional total

Sleutel = tuple[str, str | None]  # (aandachtsgroep, gemeente_code or TOTAAL)


@dataclass(frozen=True)
class Afscherming:
    """The masked counts of one region's report: primary ("< 10") and secondary ("x")."""

    regio_code: str
    drempel: int
    primair: frozenset[Sleutel] = frozenset()
    secundair: frozenset[Sleutel] = frozenset()

    def status(self, groep: str | None, gebied: str | None) -> str | None:
        """Return 'primair', 'secundair' or None for the count of ``groep`` in ``gebied`` (a
        gemeente code, the region's code or None for the regional total)."""
        if groep is None:
            return None
        key = (groep, None if gebied in (None, self.regio_code) else gebied)
        if key in self.primair:
            return PRIMAIR
        if key in self.secundair:
            return SECUNDAIR
        return None

    def gemaskeerd(self, groep: str | None, gebied: str | None) -> bool:
        """Return True when the count of ``groep`` in ``gebied`` is masked (either way)."""
        return self.status(groep, gebied) is not None

    @property
    def extra(self) -> int:
        """The number of counts masked only to protect others (the secondary ones)."""
        return len(self.secundair)


@dataclass
class _Set:
    """Counts that add up to a published figure: ``leden`` (key -> count) and their ``totaal``."""

    leden: dict[Sleutel, float]
    totaal: Sleutel | None  # the key of the published sum (None: the sum is not published)
    volgorde: list[Sleutel] = field(default_factory=list)  # candidates for secondary masking


def _is_primary(value: float | None, drempel: int) -> bool:
    return value is not None and 0 < value < drempel


def _room_ok(
    values: dict[Sleutel, float], primair: set[Sleutel], secundair: set[Sleutel], drempel: int
) -> bool:
    """Return True when every primary count of the set can still be anything from 1 to drempel − 1
    given the published sum: the other masked counts can make up the difference both ways."""
    primaries = [k for k in values if k in primair]
    if not primaries:
        return True
    seconds = [k for k in values if k in secundair]
    top = drempel - 1
    for p in primaries:
        others = [values[k] for k in primaries if k != p]
        # p up to drempel - 1: the others must be able to give up that much (to 1, or to drempel)
        if sum(c - 1 for c in others) + sum(values[k] - drempel for k in seconds) < top - values[p]:
            return False
        # p down to 1: the others must be able to take that much (to drempel - 1; a secondary: no limit)
        if not seconds and sum(top - c for c in others) < values[p] - 1:
            return False
    return True


def _protect(s: _Set, primair: set[Sleutel], secundair: set[Sleutel], drempel: int) -> bool:
    """Add secondary counts to ``secundair`` until the set leaves every primary count its room;
    mask the set's total when no count is left. Return True when something was added."""
    if s.totaal is None or s.totaal in primair or s.totaal in secundair:
        return False
    values = s.leden
    if _room_ok(values, primair, secundair, drempel):
        return False
    added = False
    # a published zero protects nothing (its room is below the threshold): only counts >= drempel
    candidates = [k for k in s.volgorde if k not in primair and k not in secundair and values[k] >= drempel]
    while not _room_ok(values, primair, secundair, drempel):
        if not candidates:
            secundair.add(s.totaal)
            return True
        enough = [k for k in candidates if _room_ok(values, primair, secundair | {k}, drempel)]
        choice = enough[0] if enough else candidates[-1]  # smallest that suffices, else the largest
        secundair.add(choice)
        candidates.remove(choice)
        added = True
    return added


def plan(
    regio_code: str,
    drempel: int,
    counts: Iterable[tuple[str, str | None, float | None]],
    ouders: dict[str, str],
) -> Afscherming:
    """Return the masking plan of a region.

    ``counts``: (aandachtsgroep, gemeente_code or None for the regional total, count now) of every
    group with figures in the region (a gemeente without a figure has count None and is left
    out: it is not published). ``ouders``: subgroup -> its parent group, for the subgroups whose
    parent the report also publishes per gemeente.
    """
    values: dict[Sleutel, float] = {}
    for groep, gebied, value in counts:
        if value is not None:
            values[(groep, gebied)] = float(value)
    primair = {k for k, v in values.items() if _is_primary(v, drempel)}
    secundair: set[Sleutel] = set()
    sets: list[_Set] = []
    groepen = sorted({g for g, _ in values})
    for groep in groepen:  # the gemeenten of a group add up to the regional total
        leden = {k: v for k, v in values.items() if k[0] == groep and k[1] is not None}
        order = sorted(leden, key=lambda k: (leden[k], k[1]))
        sets.append(_Set(leden, (groep, None) if (groep, None) in values else None, order))
    for sub, ouder in sorted(ouders.items()):  # the subgroups of a gemeente add up to their parent
        gebieden = sorted({m for g, m in values if g == sub and m is not None})
        for gebied in gebieden:
            subs = [s for s, o in ouders.items() if o == ouder]
            leden = {(s, gebied): values[(s, gebied)] for s in sorted(subs) if (s, gebied) in values}
            order = sorted(leden, key=lambda k: (leden[k], k[0]))
            total = (ouder, gebied) if (ouder, gebied) in values else None
            if leden and not any(x.leden == leden and x.totaal == total for x in sets):
                sets.append(_Set(leden, total, order))
    changed = True
    while changed:  # adding a count to one set may leave another set short: repeat until stable
        changed = False
        for s in sets:
            changed |= _protect(s, primair, secundair, drempel)
    return Afscherming(regio_code, drempel, frozenset(primair), frozenset(secundair))
