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
  total. A count masked for one set is never the only masked count of another set with a
  published total (that total would give it away): that set masks one more, the smallest.
  When no count is left, the total is masked and the set's small counts read "x".
- a small count that is part of a primary masked total (a gemeente of a group whose regional
  total is below the threshold, a subgroup of a parent masked in the gemeente) reads "x", not
  "< 10": several "< 10" parts, each at least 1, would tell that the total is at least their
  number. Such a count keeps its protection in every other set it is part of;
- the regional figures that weigh the gemeenten each with a factor of their own (demand, shortage,
  the spread) count a masked count at its share of what the masked counts of the group add up
  to (``aantal_publicatie`` of ``int__afscherming``, :func:`tabel`);
- every figure derived from a masked count is masked ("x") wherever it appears (the tables mark
  it with ``afgeleid_van`` or a typed cell's ``basis``).

The plan is computed in the build for every region (:func:`tabel`, the warehouse table
``int__afscherming``) from the counts now of every group and gemeente and the regional totals (the
rows of ``rpt__verdeling_gemeente``); the report reads it and attaches it to every table. The
warehouse keeps the exact figures in every gemeente table. ``docs/methode/kleine-aantallen.md``
describes the rule.
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
    primaries = [values[k] for k in values if k in primair]
    if not primaries:
        return True
    top = drempel - 1
    seconds = [values[k] - drempel for k in values if k in secundair]
    # the sums over the other primary counts: the sum over all of them less p's own term (the
    # counts are whole numbers or halves, so the sums are exact in any order)
    give = sum(c - 1 for c in primaries) + sum(seconds)
    take = sum(top - c for c in primaries)
    for p in primaries:
        # p up to drempel - 1: the others must be able to give up that much (to 1, or to drempel)
        if give - (p - 1) < top - p:
            return False
        # p down to 1: the others must be able to take that much (to drempel - 1; a secondary: no limit)
        if not seconds and take - (top - p) < p - 1:
            return False
    return True


def _protect(
    s: _Set, primair: set[Sleutel], secundair: set[Sleutel], drempel: int, verborgen: set[Sleutel]
) -> bool:
    """Add secondary counts to ``secundair`` until the set leaves every primary count its room.
    When no count is left, mask the set's total and show its primary counts as "x" (``verborgen``):
    the total may be known from elsewhere (the fair shares add up to the regional total), and
    "x" bounds nothing from below. Return True when something was added."""
    if s.totaal is None or s.totaal in primair or s.totaal in secundair:
        return False
    values = s.leden

    def safe(extra: frozenset = frozenset()) -> bool:
        masked = [k for k in values if k in primair or k in secundair or k in extra]
        # a count masked for another set must not be the only one here: the total would give it
        return _room_ok(values, primair, secundair | extra, drempel) and len(masked) != 1

    if safe():
        return False
    added = False
    # a published zero protects nothing (its room is below the threshold): only counts >= drempel
    candidates = [k for k in s.volgorde if k not in primair and k not in secundair and values[k] >= drempel]
    while not safe():
        if not candidates:
            secundair.add(s.totaal)
            verborgen.update(k for k in values if k in primair)
            return True
        # the smallest that suffices, else the largest
        choice = next((k for k in candidates if safe(frozenset({k}))), candidates[-1])
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
    per_groep: dict[str, dict[Sleutel, float]] = {}  # the gemeente counts of each group
    for k, v in values.items():
        per_groep.setdefault(k[0], {})
        if k[1] is not None:
            per_groep[k[0]][k] = v
    for groep in sorted(per_groep):  # the gemeenten of a group add up to the regional total
        leden = per_groep[groep]
        order = sorted(leden, key=lambda k: (leden[k], k[1]))
        sets.append(_Set(leden, (groep, None) if (groep, None) in values else None, order))
    seen = {(frozenset(x.leden.items()), x.totaal) for x in sets}  # a set listed once
    for sub, ouder in sorted(ouders.items()):  # the subgroups of a gemeente add up to their parent
        gebieden = sorted(m for _, m in per_groep.get(sub, {}))
        if (sub, None) in values:  # and so do their regional totals
            gebieden = [*gebieden, None]
        subs = sorted(s for s, o in ouders.items() if o == ouder)
        for gebied in gebieden:
            leden = {(s, gebied): values[(s, gebied)] for s in subs if (s, gebied) in values}
            order = sorted(leden, key=lambda k: (leden[k], k[0]))
            total = (ouder, gebied) if (ouder, gebied) in values else None
            if leden and (frozenset(leden.items()), total) not in seen:
                seen.add((frozenset(leden.items()), total))
                sets.append(_Set(leden, total, order))
    # primary counts shown as "x" rather than "< 10"; they keep their protection in every set
    verborgen: set[Sleutel] = set()
    for s in sets:
        # the parts of a total below the threshold: k parts shown as "< 10" (each at least 1,
        # since a 0 is published) would tell that the total is at least k
        if s.totaal in primair:
            verborgen.update(k for k in s.leden if k in primair)
    changed = True
    while changed:  # adding a count to one set may leave another set short: repeat until stable
        changed = False
        for s in sets:
            changed |= _protect(s, primair, secundair, drempel, verborgen)
    return Afscherming(regio_code, drempel, frozenset(primair - verborgen), frozenset(secundair | verborgen))


def uit_rijen(
    regio_code: str, drempel: int, rijen: Iterable[tuple[str, str | None, str | None]]
) -> Afscherming:
    """Return the plan of a region from the rows of ``int__afscherming``: (aandachtsgroep,
    gemeente_code or None for the regional total, 'primair', 'secundair' or None)."""
    rijen = list(rijen)
    primair = {(g, m) for g, m, s in rijen if s == PRIMAIR}
    secundair = {(g, m) for g, m, s in rijen if s == SECUNDAIR}
    return Afscherming(regio_code, drempel, frozenset(primair), frozenset(secundair))


# The counts now of every region, group and gemeente (and the regional totals) that the report
# publishes (rpt__verdeling_gemeente holds the same rows), with the inhabitants that weigh the
# masked counts' share of what they add up to.
INVOER = """
select v.regio_type, v.regio_code, v.aandachtsgroep, v.gemeente_code as gebied_code, false as totaalrij,
    v.aantal_schatting, v.inwoners
from agg__verdeling_gemeente as v
inner join int__regio_aandachtsgroep as g using (regio_type, regio_code, aandachtsgroep)
where v.actueel
union all
select r.regio_type, r.regio_code, r.aandachtsgroep, r.regio_code, true, r.aantal_schatting, r.inwoners
from agg__verdeling_regio as r
inner join int__regio_aandachtsgroep as g using (regio_type, regio_code, aandachtsgroep)
where r.actueel
order by 1, 2, 3, 5, 4
"""


def tabel(connection, defs):
    """Return ``int__afscherming``: the masking plan of every region, and the count each regional
    figure uses (``aantal_publicatie``).

    A regional figure that adds up the gemeenten with a coefficient of their own (the demand: a
    count times the gemeente's growth factor and woningen per eenheid) would give away a weighted
    sum of the masked counts, and with the published total and several such sums the counts
    themselves. So the regional figures count every masked count of a group at its share of what
    the masked counts of that group add up to (the published total minus the published counts),
    shared out by inhabitants: a figure of public knowledge. The ends of an interval (a CBS cell
    that CBS suppressed) scale with the count. A published count keeps its value;
    the gemeente's own figures keep the exact count (and are masked). The warehouse keeps the
    exact figures in every gemeente table. ``schaal`` (aantal_publicatie / count, for a masked
    gemeente count only) is the factor the regional sums apply to that gemeente's demand.
    """
    import pandas as pd

    rows = connection.execute(INVOER).fetchall()
    drempel = defs.onthullingsdrempel
    per_regio: dict[tuple[str, str], list] = {}
    for row in rows:
        per_regio.setdefault((row[0], row[1]), []).append(row)
    out = []
    for (regio_type, regio_code), regio_rows in per_regio.items():
        groepen = {r[2] for r in regio_rows}
        ouders = {
            g: defs.aandachtsgroepen[g].ouder
            for g in groepen
            if g in defs.aandachtsgroepen and defs.aandachtsgroepen[g].ouder in groepen
        }
        counts = [(r[2], None if r[4] else r[3], _getal(r[5])) for r in regio_rows]
        p = plan(regio_code, drempel, counts, ouders)
        publicatie = _publicatie(regio_rows, p)
        for r in regio_rows:
            gebied = None if r[4] else r[3]
            aantal = _getal(r[5])
            gebruikt = publicatie.get((r[2], gebied))
            out.append(
                (
                    regio_type,
                    regio_code,
                    r[2],
                    r[3],
                    bool(r[4]),
                    aantal,
                    p.status(r[2], gebied),
                    aantal if gebruikt is None else gebruikt,
                    None if gebruikt is None else gebruikt / aantal,
                )
            )
    names = ["regio_type", "regio_code", "aandachtsgroep", "gebied_code", "totaalrij", "aantal_schatting",
             "afscherming", "aantal_publicatie", "schaal"]  # fmt: skip
    return pd.DataFrame(out, columns=names)[list(defs.tables["int__afscherming"].velden)]


def _getal(value) -> float | None:
    return None if value is None or value != value else float(value)


def _publicatie(regio_rows: list, p: Afscherming) -> dict[Sleutel, float]:
    """The count each regional figure uses for a masked gemeente count: what the masked counts of
    the group add up to, shared out over them by inhabitants (equally when one has none)."""
    found: dict[Sleutel, float] = {}
    per_groep: dict[str, list] = {}  # the gemeente rows with a count of each group, in row order
    for r in regio_rows:
        rows = per_groep.setdefault(r[2], [])
        if not r[4] and _getal(r[5]) is not None:
            rows.append(r)
    for groep in sorted(per_groep):
        leden = per_groep[groep]
        masked = [r for r in leden if p.gemaskeerd(groep, r[3])]
        if not masked:
            continue
        som = sum(_getal(r[5]) for r in masked)
        gewichten = [r[6] for r in masked]
        if any(w is None or w <= 0 for w in gewichten):
            gewichten = [1] * len(masked)
        totaal = sum(gewichten)
        for r, w in zip(masked, gewichten, strict=True):
            found[(groep, r[3])] = som * w / totaal
    return found
