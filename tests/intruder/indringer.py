"""The intruder: from everything published for a region, how far can each masked count be narrowed?

Every distinct masked count (a mart row's field, however many tables print it) is one unknown,
bounded by its label ("< 10": 0..9, or 1..9 when the published rule says zeros are shown as 0).
Every other published figure bounds its own unknown within its rounding. The relation families of
:mod:`tests.intruder.relaties` tie them together; :meth:`Stelsel.bereik` gives each masked count's
feasible range. A range narrower than the label is a disclosure (:class:`Onthulling`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tests.intruder.lp import Stelsel
from tests.intruder.openbaar import Openbaar, lees_openbaar
from tests.intruder.publicatie import KERNCIJFERS, Plaats, Publicatie, Waarneming, lees_publicatie
from tests.intruder.relaties import (
    NIET_NEGATIEF,
    RELATIES,
    TEKORT_REGIO,
    TELLINGEN,
    Kennis,
    V,
    aantal,
    ongedekt,
)

# The lower end of "< 10": None reads it from the published rule (1 when the rule says a masked
# cell holds 1 to 9, because zeros are published as 0), else 0 or 1 as given.
ONDERGRENS: int | None = None
TOL = 1e-6

_EEN_TOT = re.compile(r"\b1\s*(?:\u2013|-|tot en met|t/m|tot|en)\s*\d+\b")


def ondergrens_uit_regel(regel: str, standaard: int = 0) -> int:
    """Return the lowest count a masked cell can hold according to the published rule: 1 when it
    says the mask covers 1 to 9 ("1 tot en met 9", "1–9"), else ``standaard``."""
    return 1 if _EEN_TOT.search(regel.replace("\u00a0", " ")) else standaard


@dataclass(frozen=True)
class Onthulling:
    """A masked count the published figures narrow below its label."""

    regio: str
    plaatsen: tuple[Plaats, ...]
    label: str
    label_bereik: tuple[int, int]
    bereik: tuple[float, float]

    @property
    def geheel(self) -> tuple[int, int]:
        """The whole numbers in the recovered range."""
        return math.ceil(self.bereik[0] - TOL), math.floor(self.bereik[1] + TOL)

    def __str__(self) -> str:
        lo, hi = self.geheel
        shown = f"{lo}" if lo == hi else f"{lo}..{hi}"
        more = f" (en {len(self.plaatsen) - 1} andere cellen)" if len(self.plaatsen) > 1 else ""
        return (
            f"{self.regio} {self.plaatsen[0]}{more}: '{self.label}' ({self.label_bereik[0]}..{self.label_bereik[1]}) "
            f"terug te rekenen tot {shown} [{self.bereik[0]:.4g}, {self.bereik[1]:.4g}]"
        )


@dataclass
class Uitkomst:
    """The intruder's result for one region."""

    regio: str
    gecontroleerd: int = 0  # distinct masked counts
    onzeker: int = 0  # masked counts that are a CBS interval's midpoint (not checked, see docs)
    onthullingen: list[Onthulling] = field(default_factory=list)
    relaties: Counter = field(default_factory=Counter)
    overgeslagen: Counter = field(default_factory=Counter)  # relations whose coefficient is masked


def _begrens(s: Stelsel, w: Waarneming, ondergrens: int, drempel: int) -> None:
    lezing, g = w.lezing, w.grootheid
    waar = str(w.plaats)
    if lezing.soort == "getal":
        s.begrens(g, lezing.laag, lezing.hoog, waar)
    elif lezing.soort in ("gemaskeerd", "onvolledig"):
        top = lezing.hoog if lezing.soort == "gemaskeerd" else drempel
        if (g.mart, g.veld) in TELLINGEN and lezing.soort == "gemaskeerd":
            s.begrens(g, ondergrens, top, waar)
        else:
            s.begrens(g, 0 if g.veld in NIET_NEGATIEF else -top, top, waar)


def stelsel(p: Publicatie, o: Openbaar, ondergrens: int, drempel: int) -> tuple[Stelsel, Counter]:
    """Return the intruder's system for a region: every relation family, every published cell as a
    bound, and the natural bounds (counts, demand and shortage are not negative)."""
    s = Stelsel()
    k = Kennis(p, o)
    per_familie: Counter = Counter()
    for familie in RELATIES:
        relaties = list(familie.maak(k))
        per_familie[familie.naam] += len(relaties)
        s.voeg_toe(relaties)
    for w in p.waarnemingen:
        _begrens(s, w, ondergrens, drempel)
    for naam in list(s._ouder):
        if naam.veld in NIET_NEGATIEF:
            s.begrens(naam, 0.0, math.inf, "niet negatief")
    return s, per_familie


def _onzeker(s: Stelsel, p: Publicatie) -> set:
    """The counts published with a CBS interval (ondergrens < bovengrens): the figure is the
    interval's midpoint, not a count of persons."""
    found = set()
    ends = {(w.grootheid.sleutel, w.grootheid.veld): w.lezing for w in p.van(V) if w.lezing.soort == "getal"}
    for (sleutel, veld), lo in ends.items():
        hi = ends.get((sleutel, "aantal_max"))
        if veld == "aantal_min" and hi is not None and lo.hoog < hi.laag:
            key = dict(sleutel)
            found.add(s.wortel(aantal(key["aandachtsgroep"], key["gebied_code"])))
    return found


def controleer(
    p: Publicatie,
    o: Openbaar,
    drempel: int,
    ondergrens: int | None = ONDERGRENS,
    maximum: int | None = None,
    klein: frozenset = frozenset(),
    gebouwd: tuple[Stelsel, Counter] | None = None,
) -> Uitkomst:
    """Return the disclosures in what was published for a region (with ``maximum``: at most that
    many, the search stops there; ``gebouwd``: the region's system of :func:`stelsel` for this
    ``ondergrens`` when it was built already).

    ``klein``: the counts shown as "x" that hold 1 to drempel − 1 persons (known to the test from
    the warehouse, not to the intruder). Such a count must be as safe as a "< 10": its feasible
    range must still hold every count from 1 to drempel − 1."""
    uncovered = ongedekt(p.tabellen)
    if uncovered:
        raise AssertionError(
            "kolommen over personen zonder relatiefamilie in tests/intruder/relaties.py:\n  "
            + "\n  ".join(uncovered)
        )
    lower = ondergrens_uit_regel(p.regel) if ondergrens is None else ondergrens
    s, per_familie = gebouwd if gebouwd is not None else stelsel(p, o, lower, drempel)
    masked: dict = {}
    for w in p.waarnemingen:
        if w.lezing.soort == "gemaskeerd" and (w.grootheid.mart, w.grootheid.veld) in TELLINGEN:
            masked.setdefault(s.wortel(w.grootheid), []).append(w)
    verborgen: dict = {}
    for w in p.waarnemingen:
        if w.lezing.soort == "geheim" and w.grootheid in klein and s.wortel(w.grootheid) not in masked:
            verborgen.setdefault(s.wortel(w.grootheid), []).append(w)
    onzeker = _onzeker(s, p)
    checked = [root for root in masked if root not in onzeker]
    checked_x = [root for root in verborgen if root not in onzeker]
    result = Uitkomst(
        p.regio_code, len(checked) + len(checked_x), len(set(masked) & onzeker), relaties=per_familie
    )
    result.overgeslagen.update(r.familie for r in s.overgeslagen)
    labels: dict = {}
    for root in checked:
        cells = masked[root]
        top = int(min(w.lezing.hoog for w in cells))
        labels[root] = (lower, top - 1 if top == min(w.lezing.drempel for w in cells) else top)
    for root in checked_x:
        labels[root] = (1, drempel - 1)
    masked.update(verborgen)
    for root, (lo, hi) in s.vernauwd(labels, maximum).items():
        cells = masked[root]
        found = Onthulling(
            p.regio_code, tuple(w.plaats for w in cells), cells[0].lezing.tekst, labels[root], (lo, hi)
        )
        if found.geheel[0] > labels[root][0] or found.geheel[1] < labels[root][1]:
            result.onthullingen.append(found)
    result.onthullingen.sort(key=lambda x: (x.plaatsen[0].blad, x.plaatsen[0].rij, x.plaatsen[0].kolom))
    return result


def drempel_van(folder: Path, regel: str) -> int:
    """The threshold as published: in kerncijfers.json, else the "< N" of the printed rule."""
    figures = json.loads((folder / KERNCIJFERS).read_text(encoding="utf-8"))
    if "drempel" in figures:
        return int(figures["drempel"])
    found = re.search(r"<\s*(\d+)", regel.replace("\u00a0", " "))
    if found is None:
        raise AssertionError(
            f"{folder}: de drempel staat niet in {KERNCIJFERS} en niet in de regel: {regel!r}"
        )
    return int(found.group(1))


def publiceert_personen(rapport) -> bool:
    """Return True when a region's report publishes a figure about persons: a table column about
    persons (or derived from them) or a headline figure of a group or role."""
    from tests.intruder.relaties import persoonsvelden

    if any(persoonsvelden(t) for t in rapport.tabellen()):
        return True
    return any(isinstance(v, dict) and v.get("waarde") is not None for k, v in rapport.kerncijfers.items())


@dataclass
class Regio:
    """What was published for one region, read by the intruder, with the public knowledge."""

    regio_type: str
    regio_code: str
    publicatie: Publicatie
    openbaar: Openbaar
    drempel: int
    # the system of each ondergrens, built once (:func:`stelsel_van`) and shared by the tests of
    # the region: looking for ranges adds no bound or relation to it
    stelsels: dict[int, tuple[Stelsel, Counter]] = field(default_factory=dict, repr=False, compare=False)


def lees_regio(
    con: duckdb.DuckDBPyConnection, defs, folder: Path, regio_type: str, regio_code: str, rapport=None
) -> Regio:
    """Read what was published in ``folder`` for a region, with the meaning of its cells from the
    report's table metadata (``rapport``, built again when not given), and the public knowledge."""
    from woonzorg_analyse.report.chapters import build_report
    from woonzorg_analyse.report.context import make_context

    rapport = rapport or build_report(make_context(con, defs, regio_type, regio_code))
    p = lees_publicatie(folder, rapport, defs)
    return Regio(
        regio_type,
        regio_code,
        p,
        lees_openbaar(con, defs, regio_type, regio_code),
        drempel_van(folder, p.regel),
    )


def controleer_regio(
    regio: Regio,
    ondergrens: int | None = ONDERGRENS,
    maximum: int | None = None,
    klein: frozenset = frozenset(),
) -> Uitkomst:
    """Return the disclosures in what was published for a region (``klein``: see :func:`controleer`)."""
    return controleer(
        regio.publicatie,
        regio.openbaar,
        regio.drempel,
        ondergrens,
        maximum,
        klein,
        gebouwd=stelsel_van(regio, ondergrens),
    )


def kleine_geheimen(con: duckdb.DuckDBPyConnection, regio: Regio) -> frozenset:
    """The counts of persons now shown as "x" that hold 1 to drempel − 1 (from the warehouse: for
    the test, which knows what the intruder does not)."""
    namen = {
        w.grootheid
        for w in regio.publicatie.waarnemingen
        if w.lezing.soort == "geheim" and (w.grootheid.mart, w.grootheid.veld) in TELLINGEN
    }
    exact = exacte_waarden(con, regio.regio_type, regio.regio_code, namen)
    return frozenset(g for g, v in exact.items() if v is not None and 0 < v < regio.drempel)


def stelsel_van(regio: Regio, ondergrens: int | None = ONDERGRENS) -> tuple[Stelsel, Counter]:
    """Return the intruder's system for a region (see :func:`stelsel`), built once per ondergrens."""
    p = regio.publicatie
    lower = ondergrens_uit_regel(p.regel) if ondergrens is None else ondergrens
    if lower not in regio.stelsels:
        regio.stelsels[lower] = stelsel(p, regio.openbaar, lower, regio.drempel)
    return regio.stelsels[lower]


# The exact values of the intruder's own unknowns, per region (regio_type, regio_code as columns).
_HULP = {
    TEKORT_REGIO: """
        select p.regio_type, p.regio_code, p.aandachtsgroep, p.gebied_code,
            sum(greatest(v.vraag_woningen * p.aantal_publicatie / p.aantal_schatting - v.aanbod, 0)) as tekort
        from int__afscherming as p
        join agg__vraag_aanbod as v on v.gemeente_code = p.gebied_code and v.aandachtsgroep = p.aandachtsgroep
        join ref_analyse_instelling as i on v.jaar = i.doeljaar
        where not p.totaalrij and p.afscherming is not null
        group by all
    """
}


def exacte_waarden(con: duckdb.DuckDBPyConnection, regio_type: str, regio_code: str, namen) -> dict:
    """Return the exact value in the warehouse of every quantity in ``namen`` (None when its mart
    row or field is empty): only to prove that the modelled relations hold, never for the intruder."""
    per_mart: dict[tuple[str, tuple[str, ...]], list] = {}
    for g in namen:
        per_mart.setdefault((g.mart, tuple(k for k, _ in g.sleutel)), []).append(g)
    found: dict = {}
    for (mart, keys), quantities in per_mart.items():
        velden = sorted({g.veld for g in quantities})
        cols = ", ".join(f'"{c}"' for c in (*keys, *velden))
        source = f"({_HULP[mart]})" if mart in _HULP else f'"{mart}"'
        rows = con.execute(
            f"select {cols} from {source} where regio_type = ? and regio_code = ?", [regio_type, regio_code]
        ).fetchall()
        table = {tuple(r[: len(keys)]): dict(zip(velden, r[len(keys) :], strict=True)) for r in rows}
        for g in quantities:
            row = table.get(tuple(v for _, v in g.sleutel))
            value = None if row is None else row[g.veld]
            found[g] = (
                None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
            )
    return found
