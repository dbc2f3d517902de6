"""The relations a reader can use, per family: which published figures they tie together and how.

Every family lists the mart fields it covers (``Familie.velden``). A published table whose column
about persons (``personen``) or derived from persons (``afgeleid_van``, a typed cell with
``afgeleid``) shows a mart field no family covers makes the intruder test fail
(:func:`ongedekt`): a new table adds its relations here.

| family | relation | tables (mart: fields) |
|---|---|---|
| zelfde_grootheid | one mart field shown in several tables is one unknown; identical fields of two marts are one unknown | every table; eerlijk aandeel, ingroeipad, factsheet, samenvatting, uitruil, vraag en aanbod |
| som_gemeenten | the gemeenten (with a figure) add up to "Totaal regio" | verdeling (aantal, min, max), eerlijk aandeel (doel), ingroeipad (nu, doel per jaar), tekort per gemeente |
| aandeel | aandeel in de regio x totaal = aantal | verdeling (aandeel_regio), ingroeipad (aandeel nu) |
| per_1000 | per 1.000 inwoners x inwoners / 1000 = aantal (totaal: inwoners met cijfer) | verdeling detail, factsheet |
| locatiequotient | LQ x inwoneraandeel x totaal = aantal | verdeling detail, factsheet |
| eerlijk_aandeel | verschil = doel - nu; woningen per jaar = verschil x woningen_per_eenheid (/ jaren tot doeljaar bij een stand); doelen tellen op tot het afgeronde totaal van nu; doel = sleutelaandeel x totaal, +-1 (grootste rest) | bouwstenen, eerlijk aandeel, factsheet |
| uitruil | saldo = som van de groepscellen | uitruil |
| ingroeipad | totaal per jaar = afgeronde regionale vraag (centraal scenario) = som groeifactor x aantal; doel = totaal x (aandeel nu + stap x (sleutelaandeel - aandeel nu)), +-1 | ingroeipad |
| groeibehoefte | basis = som aantallen; vraag = som groeifactor x aantal; vraag in woningen = woningen_per_eenheid x vraag; bandbreedte = min/max over de scenario's | samenvatting, vraag (5.1, E.2, E.3), vraag en aanbod, factsheet |
| tekort | 0 <= tekort <= vraag in woningen, tekort >= vraag - aanbod; tekort - overschot = vraag - aanbod (alle gemeenten met cijfer); sommen over gemeenten, groepen en rollen | samenvatting, kerncijfers, vraag en aanbod, tekort per gemeente, factsheet |
| subgroepen | hoofdgroep = som van de subgroepen (som_van_subgroepen), per gemeente, bij dezelfde peildatum | verdeling, factsheet |
| bandbreedte | een door CBS afgeschermde cel: aantal = midden van ondergrens en bovengrens; een zekere cel: ondergrens = bovengrens = aantal | verdeling detail, volledigheid, vraag en aanbod |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from tests.intruder.lp import Gelijk, Relatie, Term, gelijk_aan
from tests.intruder.openbaar import Openbaar
from tests.intruder.publicatie import Grootheid, Publicatie, Waarneming, grootheid

V = "rpt__verdeling_gemeente"
E = "rpt__eerlijk_aandeel"
I = "rpt__ingroeipad"  # noqa: E741
F = "rpt__factsheet"
S = "rpt__samenvatting"
G = "rpt__groeibehoefte"
VG = "rpt__vraag_aanbod_groep"
VM = "rpt__vraag_aanbod_gemeente"
KR = "rpt__kerncijfer_rol"
U = "rpt__uitruil"
US = "rpt__uitruil_saldo"

# The fields that are a count of persons now: a masked one must not be narrowed.
TELLINGEN = frozenset(
    {
        (V, "aantal_schatting"),
        (E, "huidig"),
        (I, "huidig"),
        (F, "aantal_schatting"),
        (S, "aantal_schatting"),
        (G, "basis"),
    }
)
# Fields that cannot be negative (a masked one lies in 0..9; others, a difference, in -9..9).
NIET_NEGATIEF = frozenset(
    [
        "aantal_schatting",
        "aantal_min",
        "aantal_max",
        "huidig",
        "eerlijk_aandeel",
        "doel",
        "basis",
        "vraag",
        "vraag_woningen",
        "vraag_woningen_min",
        "vraag_woningen_max",
        "tekort",
        "overschot",
        "aanbod",
        "tekort_doeljaar",
        "aandeel_regio",
        "aandeel_huidig",
        "per_1000_inwoners",
        "locatiequotient",
    ]
)
GEEN_CIJFER = ("geen", "leeg", "tekst", "datum")
LR = 1 + 1e-6  # largest remainder: within 1 of the quotum (quota rounded to 9 decimals)


def aantal(groep: str, code: str) -> Grootheid:
    """The count now of a group in a gemeente (or the region's total, ``code`` the region's code)."""
    return grootheid(V, "aantal_schatting", aandachtsgroep=groep, gebied_code=code)


class Kennis:
    """The publication and the public knowledge of one region, with the look-ups relations need."""

    def __init__(self, p: Publicatie, o: Openbaar):
        self.p, self.o = p, o
        self.regio = p.regio_code
        self._k: dict[str, list[str]] = {}
        self._alle: dict[str, list[str]] = {}
        for w in p.van(V, "aantal_schatting"):
            a, c = w.grootheid["aandachtsgroep"], w.grootheid["gebied_code"]
            if c == self.regio:
                continue
            self._alle.setdefault(a, [])
            if c not in self._alle[a]:
                self._alle[a].append(c)
            if w.lezing.soort not in GEEN_CIJFER and c not in self._k.setdefault(a, []):
                self._k[a].append(c)

    def n(self, groep: str, code: str) -> Grootheid:
        """The count now of a group in a gemeente (or the region's total)."""
        return aantal(groep, code)

    def k(self, groep: str) -> list[str] | None:
        """The gemeenten with a figure for the group (the rows of its distribution table that show
        one), or None when no distribution table of the group is published."""
        return sorted(self._k.get(groep, [])) if groep in self._alle else None

    def compleet(self, groep: str) -> bool:
        """True when every gemeente of the distribution table has a figure."""
        return groep in self._alle and len(self._k.get(groep, [])) == len(self._alle[groep])

    def groepen(self) -> list[str]:
        """The groups of the region (summary and factsheet rows)."""
        found = {w.grootheid["aandachtsgroep"] for w in self.p.van(S)} | {
            w.grootheid["aandachtsgroep"] for w in self.p.van(F)
        }
        return sorted(found)

    def inwoners_k(self, groep: str) -> float | None:
        """The inhabitants of the gemeenten with a figure."""
        k = self.k(groep)
        if not k or any((groep, c) not in self.o.inwoners for c in k):
            return None
        return sum(self.o.inwoners[(groep, c)] for c in k)

    def vraag_termen(self, groep: str, scenario: str, jaar: int, schaal: float = 1.0) -> list[Term] | None:
        """``schaal x sum(groeifactor x aantal)`` over the gemeenten with a figure, or None."""
        k = self.k(groep)
        if k is None:
            return None
        terms = []
        for c in k:
            f = self.o.groeifactor.get((c, groep, scenario, jaar))
            if f is not None:  # a gemeente without a factor has no demand: the sum skips it
                terms.append(Term(self.n(groep, c), schaal * f))
        return terms

    def getoond(self, mart: str, veld: str | None = None, **vast) -> list[Waarneming]:
        """Published cells (a number, a mask or an "x") of ``mart``."""
        return [w for w in self.p.van(mart, veld, **vast) if w.lezing.soort not in GEEN_CIJFER]


def _unieke(ws: Iterable[Waarneming]) -> list[Grootheid]:
    return sorted({w.grootheid for w in ws})


def _som(familie: str, totaal: Grootheid, delen: Iterable[Grootheid], waar: str) -> Relatie:
    return gelijk_aan(familie, [Term(totaal)], [Term(d) for d in delen], waar=waar)


# --- the families ------------------------------------------------------------------------------


def zelfde_grootheid(k: Kennis) -> Iterator[Relatie | Gelijk]:
    """One count in several tables is one unknown; identical fields of two marts are one unknown."""
    fam, R, o = "zelfde_grootheid", k.regio, k.o
    totals: dict[str, Grootheid] = {}
    for g in _unieke(k.getoond(E, "huidig")):
        a, c = g["aandachtsgroep"], g["gebied_code"]
        if c != R:
            yield Gelijk(fam, g, k.n(a, c))
        else:  # the rounded regional total now, the same under every key
            yield Gelijk(fam, g, totals.setdefault(a, g))
    for g in _unieke(k.getoond(I, "huidig")):
        if g["gebied_code"] != R:
            yield Gelijk(fam, g, k.n(g["aandachtsgroep"], g["gebied_code"]))
    for g in _unieke(k.getoond(I, "aandeel_huidig")):
        if g["gebied_code"] != R:
            yield Gelijk(
                fam,
                g,
                grootheid(
                    V, "aandeel_regio", aandachtsgroep=g["aandachtsgroep"], gebied_code=g["gebied_code"]
                ),
            )
    for g in _unieke(k.getoond(F)):
        a, c = g["aandachtsgroep"], g["gemeente_code"]
        if g.veld in ("aantal_schatting", "per_1000_inwoners", "locatiequotient"):
            yield Gelijk(fam, g, grootheid(V, g.veld, aandachtsgroep=a, gebied_code=c))
        elif g.veld in ("eerlijk_aandeel", "verschil"):
            yield Gelijk(
                fam,
                g,
                grootheid(E, g.veld, aandachtsgroep=a, gebied_code=c, verdeelsleutel=o.eerste_verdeelsleutel),
            )
    for g in _unieke(k.getoond(S)):
        a = g["aandachtsgroep"]
        if g.veld in ("aantal_schatting", "aantal_min", "aantal_max"):
            yield Gelijk(fam, g, grootheid(V, g.veld, aandachtsgroep=a, gebied_code=R))
        elif g.veld in ("vraag_woningen", "aanbod", "tekort"):
            yield Gelijk(fam, g, grootheid(VG, g.veld, aandachtsgroep=a))
    for g in _unieke(k.getoond(U)):
        yield Gelijk(
            fam,
            g,
            grootheid(
                E,
                g.veld,
                aandachtsgroep=g["aandachtsgroep"],
                gebied_code=g["gebied_code"],
                verdeelsleutel=o.ingroeipad_verdeelsleutel,
            ),
        )


def som_gemeenten(k: Kennis) -> Iterator[Relatie]:
    """The gemeenten with a figure add up to the region's total."""
    fam, R = "som_gemeenten", k.regio
    for a in sorted({w.grootheid["aandachtsgroep"] for w in k.getoond(V)} | set(k.groepen())):
        gemeenten = k.k(a)
        if gemeenten is None:
            continue
        yield _som(fam, k.n(a, R), [k.n(a, c) for c in gemeenten], f"{a}: aantal")
        mins = [grootheid(V, "aantal_min", aandachtsgroep=a, gebied_code=c) for c in gemeenten]
        yield _som(fam, grootheid(V, "aantal_min", aandachtsgroep=a, gebied_code=R), mins, f"{a}: ondergrens")
        if k.compleet(a):  # the upper end of a total is open when a gemeente has no figure
            maxs = [grootheid(V, "aantal_max", aandachtsgroep=a, gebied_code=c) for c in gemeenten]
            yield _som(
                fam, grootheid(V, "aantal_max", aandachtsgroep=a, gebied_code=R), maxs, f"{a}: bovengrens"
            )
    for totaal in _unieke(k.getoond(E, "eerlijk_aandeel", gebied_code=R)):
        a, s = totaal["aandachtsgroep"], totaal["verdeelsleutel"]
        delen = [
            g
            for g in _unieke(k.getoond(E, "eerlijk_aandeel", aandachtsgroep=a, verdeelsleutel=s))
            if g["gebied_code"] != R
        ]
        yield _som(fam, totaal, delen, f"{a}, {s}: doel")
    for totaal in _unieke(k.getoond(I, gebied_code=R)):
        if totaal.veld not in ("huidig", "doel"):
            continue
        a, j = totaal["aandachtsgroep"], totaal["jaar"]
        delen = [
            g for g in _unieke(k.getoond(I, totaal.veld, aandachtsgroep=a, jaar=j)) if g["gebied_code"] != R
        ]
        yield _som(fam, totaal, delen, f"{a}, {j}: ingroeipad {totaal.veld}")
    for totaal in _unieke(k.getoond(VM, gebied_code=R)):
        rol, maat = totaal["rol"], totaal["maat"]
        delen = [g for g in _unieke(k.getoond(VM, totaal.veld, rol=rol, maat=maat)) if g["gebied_code"] != R]
        yield _som(fam, totaal, delen, f"{rol}, {maat}: {totaal.veld} per gemeente")


def aandeel(k: Kennis) -> Iterator[Relatie]:
    """aantal = aandeel in de regio x totaal (the share is a published coefficient)."""
    for w in k.getoond(V, "aandeel_regio"):
        a, c = w.grootheid["aandachtsgroep"], w.grootheid["gebied_code"]
        if c == k.regio or w.lezing.soort != "getal":
            continue
        yield gelijk_aan(
            "aandeel", [Term(k.n(a, c))], [Term(k.n(a, k.regio), 1.0, ((w.grootheid, 1),))], waar=f"{a}, {c}"
        )


def per_1000(k: Kennis) -> Iterator[Relatie]:
    """aantal = per 1.000 inwoners x inwoners / 1000 (the total row: the inhabitants with a figure)."""
    for g in _unieke(k.getoond(V, "per_1000_inwoners")):
        a, c = g["aandachtsgroep"], g["gebied_code"]
        inwoners = k.inwoners_k(a) if c == k.regio else k.o.inwoners.get((a, c))
        if inwoners:
            yield gelijk_aan("per_1000", [Term(k.n(a, c))], [Term(g, inwoners / 1000)], waar=f"{a}, {c}")


def locatiequotient(k: Kennis) -> Iterator[Relatie]:
    """aantal = LQ x (inwoners / inwoners met cijfer) x totaal (LQ a published coefficient)."""
    for w in k.getoond(V, "locatiequotient"):
        a, c = w.grootheid["aandachtsgroep"], w.grootheid["gebied_code"]
        totaal = k.inwoners_k(a)
        if c == k.regio or w.lezing.soort != "getal" or not totaal or (a, c) not in k.o.inwoners:
            continue
        share = k.o.inwoners[(a, c)] / totaal
        yield gelijk_aan(
            "locatiequotient",
            [Term(k.n(a, c))],
            [Term(k.n(a, k.regio), share, ((w.grootheid, 1),))],
            waar=f"{a}, {c}",
        )


def eerlijk_aandeel(k: Kennis) -> Iterator[Relatie]:
    """verschil = doel - nu; woningen per jaar = verschil x woningen_per_eenheid (/ jaren tot het
    doeljaar bij een stand); doel-totaal = afgerond totaal nu; doel = sleutelaandeel x totaal +-1."""
    fam, R, o = "eerlijk_aandeel", k.regio, k.o
    rows = {(g["aandachtsgroep"], g["verdeelsleutel"], g["gebied_code"]) for g in _unieke(k.getoond(E))}
    for a, s, c in sorted(rows):
        key = {"aandachtsgroep": a, "verdeelsleutel": s, "gebied_code": c}
        doel, verschil = grootheid(E, "eerlijk_aandeel", **key), grootheid(E, "verschil", **key)
        opgave = grootheid(E, "opgave_eerlijk_aandeel_per_jaar", **key)
        if c == R:
            nu = grootheid(E, "huidig", **key)
            yield gelijk_aan(
                fam, [Term(nu)], [Term(k.n(a, R))], speling=0.5, waar=f"{a}, {s}: afgerond totaal"
            )
            yield gelijk_aan(fam, [Term(doel)], [Term(nu)], waar=f"{a}, {s}: doelen = totaal")
            continue
        if k.p.bestaat(verschil) or k.p.bestaat(opgave):
            yield gelijk_aan(
                fam, [Term(verschil)], [Term(doel), Term(k.n(a, c), -1.0)], waar=f"{a}, {s}, {c}: verschil"
            )
        if k.p.bestaat(opgave):
            groep = o.groepen[a]
            factor = o.wpe(a) / (1 if groep.maat == "instroom" else o.jaren_tot_doeljaar)
            yield gelijk_aan(
                fam, [Term(opgave)], [Term(verschil, factor)], waar=f"{a}, {s}, {c}: woningen per jaar"
            )
        share = o.sleutelaandeel.get((a, s, c))
        if share is not None and k.p.bestaat(doel):
            totaal = grootheid(E, "huidig", aandachtsgroep=a, verdeelsleutel=s, gebied_code=R)
            yield gelijk_aan(
                fam, [Term(doel)], [Term(totaal, share)], speling=LR, waar=f"{a}, {s}, {c}: sleutelaandeel"
            )


def uitruil(k: Kennis) -> Iterator[Relatie]:
    """saldo = de som van de groepscellen van de gemeente."""
    for saldo in _unieke(k.getoond(US, "saldo_per_jaar")):
        c = saldo["gebied_code"]
        delen = _unieke(k.getoond(U, gebied_code=c))
        yield _som("uitruil", saldo, delen, f"{c}: saldo")


def ingroeipad(k: Kennis) -> Iterator[Relatie]:
    """Per year the regional total on the path is the regional demand of that year (central
    scenario), rounded; each gemeente gets it by its share on the path (largest remainder)."""
    fam, R, o = "ingroeipad", k.regio, k.o
    for totaal in _unieke(k.getoond(I, "doel", gebied_code=R)):
        a, j = totaal["aandachtsgroep"], totaal["jaar"]
        vraag = k.vraag_termen(a, o.centraal, j)
        if vraag is not None:
            yield gelijk_aan(
                fam, [Term(totaal)], vraag, speling=0.5, waar=f"{a}, {j}: afgeronde regionale vraag"
            )
        stap = (j - o.referentiejaar) / (o.doeljaar - o.referentiejaar)
        for doel in _unieke(k.getoond(I, "doel", aandachtsgroep=a, jaar=j)):
            c = doel["gebied_code"]
            share = o.sleutelaandeel.get((a, o.ingroeipad_verdeelsleutel, c))
            if c == R or share is None:
                continue
            yield Relatie(
                fam,
                (
                    Term(doel),
                    Term(k.n(a, c), -(1 - stap), ((totaal, 1), (k.n(a, R), -1))),
                    Term(None, -stap * share, ((totaal, 1),)),
                ),
                -LR,
                LR,
                f"{a}, {c}, {j}: deel van het pad",
            )


def groeibehoefte(k: Kennis) -> Iterator[Relatie]:
    """basis = som aantallen; vraag = som groeifactor x aantal; vraag in woningen =
    woningen_per_eenheid x vraag; bandbreedte: laagste en hoogste scenario per gemeente."""
    fam, o = "groeibehoefte", k.o
    for g in _unieke(k.getoond(G)):
        a, s, j = g["aandachtsgroep"], g["scenario"], g["jaar"]
        if k.k(a) is None:
            continue
        if g.veld == "basis":
            yield _som(fam, g, [k.n(a, c) for c in k.k(a)], f"{a}: basis")
        elif g.veld in ("vraag", "vraag_woningen"):
            schaal = o.wpe(a) if g.veld == "vraag_woningen" else 1.0
            terms = k.vraag_termen(a, s, j, schaal)
            if terms is not None:
                yield gelijk_aan(fam, [Term(g)], terms, waar=f"{a}, {s}, {j}: {g.veld}")
    for g in _unieke([*k.getoond(S, "vraag"), *k.getoond(VG, "vraag_woningen")]):
        a = g["aandachtsgroep"]
        schaal = o.wpe(a) if g.veld == "vraag_woningen" else 1.0
        terms = k.vraag_termen(a, o.centraal, o.doeljaar, schaal)
        if terms is not None:
            yield gelijk_aan(fam, [Term(g)], terms, waar=f"{a}: {g.veld} {o.doeljaar}")
    for g in _unieke(k.getoond(F, "vraag")):
        a, c = g["aandachtsgroep"], g["gemeente_code"]
        f = o.groeifactor.get((c, a, o.centraal, o.doeljaar))
        if f is not None:
            yield gelijk_aan(fam, [Term(g)], [Term(k.n(a, c), f)], waar=f"{a}, {c}: vraag {o.doeljaar}")
    for g in _unieke([*k.getoond(VG, "vraag_woningen_min"), *k.getoond(VG, "vraag_woningen_max")]):
        a = g["aandachtsgroep"]
        gemeenten = k.k(a)
        if gemeenten is None or (g.veld.endswith("max") and not k.compleet(a)):
            continue
        end, pick = ("aantal_min", min) if g.veld.endswith("min") else ("aantal_max", max)
        terms = []
        for c in gemeenten:
            factors = [o.groeifactor.get((c, a, s, o.doeljaar)) for s in o.scenarios]
            if all(f is not None for f in factors):
                terms.append(
                    Term(grootheid(V, end, aandachtsgroep=a, gebied_code=c), o.wpe(a) * pick(factors))
                )
        yield gelijk_aan(fam, [Term(g)], terms, waar=f"{a}: {g.veld}")


def tekort(k: Kennis) -> Iterator[Relatie]:
    """0 <= tekort <= vraag in woningen; tekort >= vraag - aanbod; tekort - overschot = vraag -
    aanbod over de gemeenten met cijfer; sums over gemeenten, groups and roles."""
    fam, o, R = "tekort", k.o, k.regio
    for g in _unieke(k.getoond(F, "tekort_doeljaar")):
        a, c = g["aandachtsgroep"], g["gemeente_code"]
        f = o.groeifactor.get((c, a, o.centraal, o.doeljaar))
        if f is not None:
            yield Relatie(
                fam,
                (Term(g), Term(k.n(a, c), -o.wpe(a) * f)),
                -float("inf"),
                0.0,
                f"{a}, {c}: tekort <= vraag",
            )
    groepen = k.groepen()
    for a in groepen:
        vraag, aanbod_, tekort_ = (
            grootheid(VG, v, aandachtsgroep=a) for v in ("vraag_woningen", "aanbod", "tekort")
        )
        overschot = grootheid(VG, "overschot", aandachtsgroep=a)
        if not (k.p.bestaat(tekort_) or k.p.bestaat(grootheid(S, "tekort", aandachtsgroep=a))):
            continue
        yield Relatie(fam, (Term(tekort_), Term(vraag, -1.0)), -float("inf"), 0.0, f"{a}: tekort <= vraag")
        yield Relatie(
            fam,
            (Term(tekort_), Term(vraag, -1.0), Term(aanbod_)),
            0.0,
            float("inf"),
            f"{a}: tekort >= vraag - aanbod",
        )
        if k.p.bestaat(overschot):
            hoog = 0.0 if k.compleet(a) else float("inf")
            yield Relatie(
                fam,
                (Term(tekort_), Term(overschot, -1.0), Term(vraag, -1.0), Term(aanbod_)),
                0.0,
                hoog,
                f"{a}: saldo",
            )
        gemeenten = k.k(a)
        if gemeenten is not None:
            delen = [
                grootheid(F, "tekort_doeljaar", aandachtsgroep=a, gemeente_code=c)
                for c in gemeenten
                if (c, a, o.centraal, o.doeljaar) in o.groeifactor
            ]
            yield _som(fam, tekort_, delen, f"{a}: tekort over de gemeenten")
    hoofd = [a for a in groepen if o.groepen[a].ouder is None]
    for g in _unieke(k.getoond(VM, "tekort")):
        rol, maat, c = g["rol"], g["maat"], g["gebied_code"]
        if c == R:
            continue
        groups = [a for a in hoofd if o.groepen[a].rol == rol and o.groepen[a].maat == maat]
        if any(k.k(a) is None for a in groups):
            continue
        delen = [
            grootheid(F, "tekort_doeljaar", aandachtsgroep=a, gemeente_code=c)
            for a in groups
            if c in k.k(a) and (c, a, o.centraal, o.doeljaar) in o.groeifactor
        ]
        yield _som(fam, g, delen, f"{rol}, {maat}, {c}: tekort over de groepen")
    for g in _unieke(k.getoond(KR)):
        rol, maat = g["rol"], g["maat"]
        if g.veld not in ("vraag_woningen", "aanbod", "tekort"):
            continue
        groups = [a for a in hoofd if o.groepen[a].rol == rol and o.groepen[a].maat == maat]
        yield _som(
            fam, g, [grootheid(VG, g.veld, aandachtsgroep=a) for a in groups], f"{rol}, {maat}: {g.veld}"
        )


def subgroepen(k: Kennis) -> Iterator[Relatie]:
    """A group that is by definition the sum of its subgroups (som_van_subgroepen) is that sum in
    every gemeente, when all of them have the same (published) peildatum."""
    o = k.o
    groepen = set(k.groepen())
    for ouder in sorted(groepen):
        if not o.groepen[ouder].som_van_subgroepen:
            continue
        subs = [c for c, g in o.groepen.items() if g.ouder == ouder]
        if not subs or not set(subs) <= groepen:
            continue
        peil = {k.p.tekst(grootheid(S, "peildatum", aandachtsgroep=a)) for a in [ouder, *subs]}
        if len(peil) != 1 or None in peil or any(k.k(a) is None for a in [ouder, *subs]):
            continue
        for c in k.k(ouder):
            if all(c in k.k(s) for s in subs):
                yield _som("subgroepen", k.n(ouder, c), [k.n(s, c) for s in subs], f"{ouder}, {c}")


def bandbreedte(k: Kennis) -> Iterator[Relatie | Gelijk]:
    """A cell CBS suppressed counts at the middle of its interval; a certain cell has ondergrens =
    bovengrens = aantal (the reader sees an empty interval, or no suppressed cell for the group)."""
    fam, R = "bandbreedte", k.regio
    zeker_groep = {
        w.grootheid["aandachtsgroep"]
        for w in k.p.van(S, "onderdrukte_cellen")
        if w.lezing.soort == "getal" and w.lezing.hoog < 1
    }
    for a in sorted(zeker_groep):
        for c in k.k(a) or []:
            for end in ("aantal_min", "aantal_max"):
                yield Gelijk(fam, grootheid(V, end, aandachtsgroep=a, gebied_code=c), k.n(a, c))
    for w in k.p.van(V, "aantal_min"):
        a, c = w.grootheid["aandachtsgroep"], w.grootheid["gebied_code"]
        if c == R or c not in (k.k(a) or []):
            continue
        if w.lezing.soort == "leeg":  # an empty interval next to a figure: not suppressed
            for end in ("aantal_min", "aantal_max"):
                yield Gelijk(fam, grootheid(V, end, aandachtsgroep=a, gebied_code=c), k.n(a, c))
    for a in sorted({w.grootheid["aandachtsgroep"] for w in k.getoond(V, "aantal_max")}):
        for c in [*(k.k(a) or []), R]:
            lo, hi = (
                grootheid(V, end, aandachtsgroep=a, gebied_code=c) for end in ("aantal_min", "aantal_max")
            )
            if k.p.bestaat(hi) or (c == R and k.p.bestaat(grootheid(S, "aantal_max", aandachtsgroep=a))):
                yield gelijk_aan(
                    fam, [Term(k.n(a, c))], [Term(lo, 0.5), Term(hi, 0.5)], waar=f"{a}, {c}: midden"
                )


@dataclass(frozen=True)
class Familie:
    """A family of relations: its name, its builder (whose docstring says what it relates) and the
    mart fields it covers, per mart."""

    naam: str
    maak: Callable[[Kennis], Iterable[Relatie | Gelijk]]
    dekt: dict[str, tuple[str, ...]]

    @property
    def uitleg(self) -> str:
        """What the relations of the family say."""
        return " ".join((self.maak.__doc__ or "").split())

    @property
    def velden(self) -> frozenset[tuple[str, str]]:
        """The (mart, field) pairs the family covers."""
        return frozenset((mart, veld) for mart, velden in self.dekt.items() for veld in velden)


RELATIES: tuple[Familie, ...] = (
    Familie(
        "zelfde_grootheid",
        zelfde_grootheid,
        {
            E: ("huidig",),
            I: ("huidig", "aandeel_huidig"),
            F: ("aantal_schatting", "per_1000_inwoners", "locatiequotient", "eerlijk_aandeel", "verschil"),
            S: ("aantal_schatting", "aantal_min", "aantal_max", "vraag_woningen", "aanbod", "tekort"),
            U: ("opgave_eerlijk_aandeel_per_jaar",),
        },
    ),
    Familie(
        "som_gemeenten",
        som_gemeenten,
        {
            V: ("aantal_schatting", "aantal_min", "aantal_max"),
            E: ("eerlijk_aandeel",),
            I: ("huidig", "doel"),
            VM: ("tekort",),
        },
    ),
    Familie("aandeel", aandeel, {V: ("aandeel_regio",), I: ("aandeel_huidig",)}),
    Familie("per_1000", per_1000, {V: ("per_1000_inwoners",), F: ("per_1000_inwoners",)}),
    Familie("locatiequotient", locatiequotient, {V: ("locatiequotient",), F: ("locatiequotient",)}),
    Familie(
        "eerlijk_aandeel",
        eerlijk_aandeel,
        {E: ("huidig", "eerlijk_aandeel", "verschil", "opgave_eerlijk_aandeel_per_jaar"), F: ("verschil",)},
    ),
    Familie("uitruil", uitruil, {US: ("saldo_per_jaar",), U: ("opgave_eerlijk_aandeel_per_jaar",)}),
    Familie("ingroeipad", ingroeipad, {I: ("doel", "huidig", "aandeel_huidig")}),
    Familie(
        "groeibehoefte",
        groeibehoefte,
        {
            G: ("basis", "vraag", "vraag_woningen"),
            S: ("vraag", "vraag_woningen"),
            F: ("vraag",),
            VG: ("vraag_woningen", "vraag_woningen_min", "vraag_woningen_max"),
        },
    ),
    Familie(
        "tekort",
        tekort,
        {
            F: ("tekort_doeljaar",),
            VG: ("tekort", "overschot", "aanbod"),
            S: ("tekort",),
            VM: ("tekort",),
            KR: ("tekort", "vraag_woningen", "aanbod"),
        },
    ),
    Familie("subgroepen", subgroepen, {V: ("aantal_schatting",)}),
    Familie(
        "bandbreedte",
        bandbreedte,
        {V: ("aantal_min", "aantal_max"), S: ("aantal_min", "aantal_max")},
    ),
)


def gedekte_velden() -> frozenset[tuple[str, str]]:
    """Every mart field some relation family covers."""
    return frozenset().union(*(f.velden for f in RELATIES))


def persoonsvelden(tabel) -> list[tuple[str, str, str]]:
    """Return (mart, field, column header) of every column of ``tabel`` about persons or derived
    from them: ``personen``, ``afgeleid_van``, or a typed cell with ``personen`` or ``afgeleid``."""
    from woonzorg_analyse.report.model import Waarde

    if tabel.mart is None:
        return []
    rows = [*tabel.rijen, *([tabel.totaal] if tabel.totaal is not None else [])]
    found = []
    for j, (kolom, kop) in enumerate(zip(tabel.kolommen, tabel.koppen(), strict=True)):
        cells = [r[j] for r in rows if isinstance(r[j], Waarde)]
        about = (
            kolom.personen
            or bool(kolom.afgeleid_van)
            or any(c.personen or c.afgeleid is not None for c in cells)
        )
        if not about:
            continue
        velden = {c.veld or kolom.veld for c in cells} if cells else {kolom.veld, kolom.veld_tot}
        for veld in sorted(v for v in velden if v):
            mart, field = veld.split(".", 1) if "." in veld else (tabel.mart, veld)
            found.append((mart, field, kop))
    return found


def ongedekt(tabellen) -> list[str]:
    """Return a line per published column about persons whose mart field no relation family covers."""
    covered = gedekte_velden()
    return [
        f"blad '{t.blad}', kolom '{kop}' ({mart}.{field})"
        for t in tabellen
        for mart, field, kop in persoonsvelden(t)
        if (mart, field) not in covered
    ]
