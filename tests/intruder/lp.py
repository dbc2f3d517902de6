"""The intruder's linear programme: unknowns with bounds, linear relations with rounding slack,
and the feasible range of each unknown (``scipy.optimize.linprog``, method HiGHS).

An unknown is named by any hashable (the intruder names them by :class:`tests.intruder.publicatie.Grootheid`).
Two names can be declared the same unknown (:meth:`Stelsel.gelijk`: one count printed in two tables).

A relation says: there are coefficients ``c_i`` in their intervals and a constant ``k`` in its
interval such that ``sum(c_i * x_i) + k`` lies in ``[laag, hoog]``. A coefficient may be an
exact number or the product of a number and published figures (``Term.factoren``: a share, a
location quotient, a regional total read from the report); its interval then follows from the
published intervals of those figures, once every table has been read. For an unknown that cannot
be negative (a count) an interval coefficient is exact in two linear rows::

    sum(c_laag_i * x_i) <= hoog - k_laag    and    sum(c_hoog_i * x_i) >= laag - k_hoog

so the programme stays linear. Ranges are computed per connected component of the relations,
with sparse matrices.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

INF = math.inf
TOL = 1e-6  # a value within TOL of a label's end reaches it


class Tegenspraak(AssertionError):
    """The published figures and the modelled relations admit no solution: a relation is modelled
    wrongly (the exact figures would break it) or two published cells contradict each other."""


@dataclass(frozen=True)
class Term:
    """``c x`` (or ``c`` alone when ``naam`` is None), with ``c`` the number ``getal`` times the
    published figures ``factoren`` (name, exponent 1 or -1)."""

    naam: Hashable | None
    getal: float = 1.0
    factoren: tuple[tuple[Hashable, int], ...] = ()


@dataclass(frozen=True)
class Relatie:
    """``laag <= sum(termen) <= hoog``; ``familie`` names the relation family, ``waar`` what it is about."""

    familie: str
    termen: tuple[Term, ...]
    laag: float = 0.0
    hoog: float = 0.0
    waar: str = ""


@dataclass(frozen=True)
class Gelijk:
    """Two names for one unknown (the same mart field of the same mart row, or an identity)."""

    familie: str
    a: Hashable
    b: Hashable


def gelijk_aan(
    familie: str, links: Sequence[Term], rechts: Sequence[Term], speling: float = 0.0, waar: str = ""
):
    """Return the relation ``sum(links) = sum(rechts)`` within ``speling`` either way."""
    termen = (*links, *(Term(t.naam, -t.getal, t.factoren) for t in rechts))
    return Relatie(familie, termen, -speling, speling, waar)


@dataclass
class _Programma:
    index: dict[Hashable, int]
    laag: np.ndarray
    hoog: np.ndarray
    rijen_ub: list[tuple[dict[int, float], float, str]]
    rijen_eq: list[tuple[dict[int, float], float, str]]
    component: np.ndarray
    overgeslagen: list[Relatie] = field(default_factory=list)


def _eindig(value: float) -> float | None:
    """A bound for linprog: None for an infinite one."""
    return float(value) if math.isfinite(value) else None


def _los(c, a_ub, b_ub, a_eq, b_eq, bounds):
    """Solve one linear programme with HiGHS; HiGHS's presolve can call a problem with very tight
    (but consistent) bounds infeasible, so an infeasible answer is checked without presolve."""
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if res.status == 2:
        res = linprog(
            c,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=bounds,
            method="highs",
            options={"presolve": False},
        )
    return res


class Stelsel:
    """The intruder's system of unknowns, bounds and relations for one region."""

    def __init__(self) -> None:
        self._ouder: dict[Hashable, Hashable] = {}
        self._grenzen: list[tuple[Hashable, float, float, str]] = []
        self.relaties: list[Relatie] = []
        self.gelijken: list[Gelijk] = []
        self._programma: _Programma | None = None

    # --- building ------------------------------------------------------------------------------

    def wortel(self, naam: Hashable) -> Hashable:
        """Return the representative name of the unknown ``naam`` is one of."""
        ouder = self._ouder.setdefault(naam, naam)
        if ouder == naam:
            return naam
        root = self.wortel(ouder)
        self._ouder[naam] = root
        return root

    def gelijk(self, gelijk: Gelijk) -> None:
        """Declare two names one unknown."""
        self.gelijken.append(gelijk)
        a, b = self.wortel(gelijk.a), self.wortel(gelijk.b)
        if a != b:
            self._ouder[max(a, b, key=repr)] = min(a, b, key=repr)
        self._programma = None

    def begrens(self, naam: Hashable, laag: float, hoog: float, waar: str = "") -> None:
        """Bound an unknown (bounds of one unknown from several cells intersect)."""
        self.wortel(naam)
        self._grenzen.append((naam, laag, hoog, waar))
        self._programma = None

    def voeg_toe(self, relaties: Iterable[Relatie | Gelijk]) -> None:
        """Add relations and identities."""
        for r in relaties:
            if isinstance(r, Gelijk):
                self.gelijk(r)
            else:
                for t in r.termen:
                    if t.naam is not None:
                        self.wortel(t.naam)
                self.relaties.append(r)
        self._programma = None

    # --- bounds --------------------------------------------------------------------------------

    def grenzen(self, naam: Hashable) -> tuple[float, float]:
        """Return the bounds of an unknown from the published cells alone (no relations)."""
        root = self.wortel(naam)
        laag, hoog = -INF, INF
        for n, lo, hi, _ in self._grenzen:
            if self.wortel(n) == root:
                laag, hoog = max(laag, lo), min(hoog, hi)
        return laag, hoog

    def _alle_grenzen(self) -> dict[Hashable, tuple[float, float, list[str]]]:
        found: dict[Hashable, tuple[float, float, list[str]]] = {}
        for n, lo, hi, waar in self._grenzen:
            root = self.wortel(n)
            laag, hoog, plaatsen = found.get(root, (-INF, INF, []))
            found[root] = (max(laag, lo), min(hoog, hi), [*plaatsen, f"{waar} [{lo:g}, {hi:g}]"])
        return found

    def _coefficient(self, term: Term, bounds) -> tuple[float, float] | None:
        laag = hoog = float(term.getal)
        for naam, macht in term.factoren:
            lo, hi, _ = bounds.get(self.wortel(naam), (-INF, INF, []))
            if not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0:
                return None  # a factor that is unpublished (masked) or not positive gives no relation
            if macht == -1:
                lo, hi = 1 / hi, 1 / lo
            products = (laag * lo, laag * hi, hoog * lo, hoog * hi)
            laag, hoog = min(products), max(products)
        return laag, hoog

    # --- the programme -------------------------------------------------------------------------

    def _bouw(self) -> _Programma:
        if self._programma is not None:
            return self._programma
        bounds = self._alle_grenzen()
        roots: dict[Hashable, int] = {}

        def idx(naam: Hashable) -> int:
            root = self.wortel(naam)
            if root not in roots:
                roots[root] = len(roots)
            return roots[root]

        for naam in list(self._ouder):
            idx(naam)
        laag = np.full(len(roots), -INF)
        hoog = np.full(len(roots), INF)
        for root, (lo, hi, plaatsen) in bounds.items():
            if lo > hi + 1e-9 * max(1.0, abs(lo)):
                raise Tegenspraak(
                    f"gepubliceerde cellen spreken elkaar tegen voor {root}: {'; '.join(plaatsen)}"
                )
            laag[roots[root]], hoog[roots[root]] = lo, max(lo, hi)
        ub: list[tuple[dict[int, float], float, str]] = []
        eq: list[tuple[dict[int, float], float, str]] = []
        skipped: list[Relatie] = []
        for r in self.relaties:
            lo_c: dict[int, float] = defaultdict(float)
            hi_c: dict[int, float] = defaultdict(float)
            k_lo = k_hi = 0.0
            interval = False
            usable = True
            for t in r.termen:
                coef = self._coefficient(t, bounds)
                if coef is None:
                    usable = False
                    break
                if t.naam is None:
                    k_lo, k_hi = k_lo + coef[0], k_hi + coef[1]
                    continue
                j = idx(t.naam)
                lo_c[j] += coef[0]
                hi_c[j] += coef[1]
                if coef[0] != coef[1]:
                    interval = True
                    if laag[j] < 0:
                        raise ValueError(
                            f"{r.familie}: een intervalcoëfficiënt vraagt een niet-negatieve onbekende ({t.naam})"
                        )
            if not usable:
                skipped.append(r)
                continue
            waar = f"{r.familie}: {r.waar}"
            rhs_hoog, rhs_laag = r.hoog - k_lo, r.laag - k_hi
            if not interval and rhs_laag == rhs_hoog:
                eq.append((dict(lo_c), rhs_hoog, waar))
                continue
            if math.isfinite(rhs_hoog):
                ub.append((dict(lo_c), rhs_hoog, waar))
            if math.isfinite(rhs_laag):
                ub.append(({j: -c for j, c in hi_c.items()}, -rhs_laag, waar))
        # connected components of the unknowns over the rows
        parent = list(range(len(roots)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for row, _, _ in (*ub, *eq):
            cols = list(row)
            for c in cols[1:]:
                a, b = find(cols[0]), find(c)
                if a != b:
                    parent[a] = b
        component = np.array([find(i) for i in range(len(roots))], dtype=int)
        self._programma = _Programma(roots, laag, hoog, ub, eq, component, skipped)
        return self._programma

    @property
    def overgeslagen(self) -> list[Relatie]:
        """The relations left out because a factor of a coefficient is not published."""
        return self._bouw().overgeslagen

    def bereik(self, namen: Iterable[Hashable]) -> dict[Hashable, tuple[float, float]]:
        """Return the feasible range (min, max) of each unknown in ``namen``: two linear
        programmes per unknown on its connected component. Raises :class:`Tegenspraak` when the
        component has no solution."""
        prog = self._bouw()
        cache: dict[int, tuple] = {}
        return {
            naam: (self._uiterste(prog, cache, naam, 1.0), self._uiterste(prog, cache, naam, -1.0))
            for naam in namen
        }

    def vernauwd(
        self, labels: dict[Hashable, tuple[float, float]], maximum: int | None = None
    ) -> dict[Hashable, tuple[float, float]]:
        """Return the feasible range of every unknown whose range is narrower than its label
        (``labels``: name -> (lowest, highest) value the label allows); the others are left out.
        With ``maximum``, stop looking once that many are found (a failing test need not list all).

        A solution of the programme is a witness for every unknown at once: an unknown that some
        solution puts at (or beyond) an end of its label can reach that end. So the programme is
        first solved for the sum of the unknowns not yet witnessed at an end (which witnesses most of
        them together), and only the rest get a programme of their own.
        """
        prog = self._bouw()
        cache: dict[int, tuple] = {}
        per_comp: dict[int, list[Hashable]] = defaultdict(list)
        for naam in labels:
            per_comp[int(prog.component[prog.index[self.wortel(naam)]])].append(naam)
        narrowed: dict[Hashable, tuple[float, float]] = {}
        ends: dict[tuple[Hashable, float], float] = {}

        def extreme(naam: Hashable, sign: float) -> float:
            if (naam, sign) not in ends:
                ends[(naam, sign)] = self._uiterste(prog, cache, naam, sign)
            return ends[(naam, sign)]

        for comp, names in sorted(per_comp.items(), key=lambda item: item[0]):
            for sign in (1.0, -1.0):  # 1: can it reach its lowest value; -1: its highest
                if maximum is not None and len(narrowed) >= maximum:
                    break
                end = 0 if sign > 0 else 1
                open_ = {n for n in names if n not in narrowed}
                while open_:
                    x = self._los_som(prog, cache, comp, open_, sign)
                    reached = {n for n in open_ if sign * (x[n] - labels[n][end]) <= TOL}
                    if not reached:
                        break
                    open_ -= reached
                for naam in sorted(open_, key=repr):
                    if maximum is not None and len(narrowed) >= maximum:
                        break
                    if sign * (extreme(naam, sign) - labels[naam][end]) > TOL:
                        narrowed[naam] = (math.nan, math.nan)
        return {naam: (extreme(naam, 1.0), extreme(naam, -1.0)) for naam in narrowed}

    def _subprogramma(self, prog: _Programma, cache: dict[int, tuple], naam: Hashable):
        comp = int(prog.component[prog.index[self.wortel(naam)]])
        if comp not in cache:
            cache[comp] = self._deelprogramma(prog, comp)
        return cache[comp]

    def _uiterste(self, prog: _Programma, cache: dict[int, tuple], naam: Hashable, sign: float) -> float:
        """The minimum (sign 1) or maximum (sign -1) of one unknown."""
        cols, a_ub, b_ub, a_eq, b_eq, bounds, waar = self._subprogramma(prog, cache, naam)
        c = np.zeros(len(cols))
        c[cols.index(prog.index[self.wortel(naam)])] = sign
        res = _los(c, a_ub, b_ub, a_eq, b_eq, bounds)
        self._status(res, naam, waar)
        return -sign * INF if res.status == 3 else sign * res.fun

    def _los_som(self, prog: _Programma, cache: dict[int, tuple], comp: int, namen: set, sign: float) -> dict:
        """A solution minimising (sign 1) or maximising (sign -1) the sum of ``namen``."""
        first = next(iter(namen))
        cols, a_ub, b_ub, a_eq, b_eq, bounds, waar = self._subprogramma(prog, cache, first)
        local = {prog.index[self.wortel(n)]: n for n in namen}
        c = np.zeros(len(cols))
        for k, col in enumerate(cols):
            if col in local:
                c[k] = sign
        res = _los(c, a_ub, b_ub, a_eq, b_eq, bounds)
        self._status(res, first, waar)
        if res.status == 3:  # unbounded: no witness from this programme (each gets its own)
            return {n: math.nan for n in namen}
        where = {col: k for k, col in enumerate(cols)}
        return {n: float(res.x[where[prog.index[self.wortel(n)]]]) for n in namen}

    @staticmethod
    def _status(res, naam: Hashable, waar: list[str]) -> None:
        if res.status == 2:
            raise Tegenspraak(
                f"geen oplossing voor {naam}: de relaties {sorted(set(waar))[:12]} passen niet bij de gepubliceerde cellen"
            )
        if res.status not in (0, 3):
            raise RuntimeError(f"linprog voor {naam}: {res.message}")

    def _deelprogramma(self, prog: _Programma, comp: int):
        cols = [int(i) for i in np.flatnonzero(prog.component == comp)]
        where = {c: k for k, c in enumerate(cols)}

        def matrix(rows):
            selected = [(r, b, w) for r, b, w in rows if r and where.get(next(iter(r))) is not None]
            if not selected:
                return None, None, []
            data, ri, ci = [], [], []
            for n, (r, _, _) in enumerate(selected):
                for c, v in r.items():
                    data.append(v)
                    ri.append(n)
                    ci.append(where[c])
            a = csr_array((data, (ri, ci)), shape=(len(selected), len(cols)))
            return a, np.array([b for _, b, _ in selected]), [w for _, _, w in selected]

        a_ub, b_ub, w_ub = matrix(prog.rijen_ub)
        a_eq, b_eq, w_eq = matrix(prog.rijen_eq)
        bounds = [(_eindig(prog.laag[c]), _eindig(prog.hoog[c])) for c in cols]
        return cols, a_ub, b_ub, a_eq, b_eq, bounds, [*w_ub, *w_eq]

    # --- checking the model against the exact figures -----------------------------------------

    def schendingen(self, waarden: dict[Hashable, float], tol: float = 1e-6) -> list[str]:
        """Return every bound and relation that the exact values ``waarden`` (per name) break:
        none, when the intruder reads the cells right and models only true relations."""
        problems: list[str] = []
        per_root: dict[Hashable, float] = {}
        for naam, v in waarden.items():
            root = self.wortel(naam)
            if root in per_root and not math.isclose(per_root[root], v, rel_tol=1e-9, abs_tol=1e-9):
                problems.append(
                    f"gelijk gesteld maar verschillend: {naam} = {v} en {root} = {per_root[root]}"
                )
            per_root.setdefault(root, v)
        for naam, lo, hi, waar in self._grenzen:
            v = per_root.get(self.wortel(naam))
            if v is None:
                if math.isfinite(lo) and math.isfinite(hi):  # a published figure of nothing
                    problems.append(f"geen exacte waarde voor {naam} ({waar})")
            elif not (lo - tol * max(1, abs(v)) <= v <= hi + tol * max(1, abs(v))):
                problems.append(f"{waar}: exacte waarde {v} buiten [{lo}, {hi}] ({naam})")
        bounds = self._alle_grenzen()
        for r in self.relaties:
            lo_sum = hi_sum = 0.0
            usable = True
            for t in r.termen:
                coef = self._coefficient(t, bounds)
                if coef is None:
                    usable = False
                    break
                if t.naam is None:
                    lo_sum, hi_sum = lo_sum + coef[0], hi_sum + coef[1]
                    continue
                v = per_root.get(self.wortel(t.naam))
                if v is None:
                    problems.append(f"{r.familie} ({r.waar}): geen exacte waarde voor {t.naam}")
                    usable = False
                    break
                lo_sum += min(coef[0] * v, coef[1] * v)
                hi_sum += max(coef[0] * v, coef[1] * v)
            if not usable:
                continue
            scale = tol * max(1.0, abs(lo_sum), abs(hi_sum))
            if hi_sum < r.laag - scale or lo_sum > r.hoog + scale:
                problems.append(
                    f"{r.familie} ({r.waar}): exacte waarden geven [{lo_sum:.6g}, {hi_sum:.6g}], "
                    f"relatie vraagt [{r.laag:.6g}, {r.hoog:.6g}]"
                )
        return problems
