"""What every chapter of a report needs: the warehouse connection, the definitions, the region,
and the lookups that label the figures (names, sources, peildata).

Chapters read numbers only from the report marts (``rpt__`` tables, :meth:`Context.mart`);
labels, units and source lines come from the definitions. Nothing here calculates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from string import Template
from typing import Any

import duckdb
import pandas as pd

from woonzorg_analyse.definitions import Aandachtsgroep, Definitions
from woonzorg_analyse.errors import UsageError

# a remark in brackets that closes a name: " (vergunninghouders)", " (75 jaar en ouder)"
_SLOT_TUSSEN_HAAKJES = re.compile(r" \([^()]*\)$")


def korte_naam(naam: str) -> str:
    """Return a group's name without a closing remark in brackets (:meth:`Context.groep_kort`)."""
    return _SLOT_TUSSEN_HAAKJES.sub("", naam)


# The staged tables whose sources chapters cite beside the aandachtsgroepen figures; the source
# codes come from the registry (which source stages which table), never from the chapters.
KERNCIJFERS = "stg_cbs__kerncijfers"
GRENZEN = "stg_cbs__gemeentegrens"
_VORMEN: dict[str, Any] = {}  # the boundaries of one build (by its fingerprint), shared by a worker's regions
PROGNOSE = "stg_pbl__prognose"
AANBOD = "stg_gemeente__aanbod"
# A region's report names, and is made from, its own input files and its own version: a supply
# delivery of another region changes neither (report/writer.py writes it again only when they change).
INVOERBESTANDEN = "int__regio_invoerbestand"
VERSIE = "rpt__versie"


@dataclass
class Context:
    """The shared state of one region's report."""

    con: duckdb.DuckDBPyConnection
    defs: Definitions
    regio_type: str
    regio_code: str
    regio_naam: str
    tables: frozenset[str]
    meta: dict[str, str]
    gemeenten: pd.DataFrame  # gemeente_code, gemeente_naam (counted members, by name)
    groepen: list[str]  # aandachtsgroep codes the region has figures for, in definition order
    groep_bron: dict[str, list[str]]  # aandachtsgroep -> bron codes of its latest figures
    groep_peildatum: dict[str, Any]
    sleutels: pd.DataFrame  # verdeelsleutel, naam, omschrijving (by volgorde)
    scenarios: pd.DataFrame  # scenario, naam, omschrijving, centraal (by volgorde)
    vermelding: dict[str, str]  # bron_code -> "CBS, 85980NED" (without "Bron: ")
    rapport: dict[str, Any]
    bronnen: frozenset[str] = frozenset()  # bron codes with at least one input file of the region
    # the region's input files (int__regio_invoerbestand): bestand, bron_code, fictief, sha256,
    # peildata, by bestand; read once for the source list, the begrippen and the verantwoording
    invoerbestanden: pd.DataFrame = field(default_factory=pd.DataFrame)
    versie: str = ""  # the version of the region's calculation (rpt__versie)
    fictief: bool = False  # at least one input file of the region holds fictitious example figures
    missing: set[str] = field(default_factory=set)

    def q(self, sql: str, *params: Any) -> pd.DataFrame:
        """Return the result of ``sql`` with ``params`` as a DataFrame."""
        return self.con.execute(sql, list(params)).df()

    def mart(self, table: str, **where: Any) -> pd.DataFrame:
        """Return the rows of report mart ``table`` for this region (and ``where``), in printed
        order (``volgorde`` when the mart has it); empty when the mart is missing. Read once per
        region and selection; callers must not change the frame."""
        if not self.has(table):
            return pd.DataFrame()
        key = (table, tuple(sorted(where.items())))
        cache = self.__dict__.setdefault("_marts", {})
        if key not in cache:
            cache[key] = self._mart(table, **where)
        return cache[key]

    def _mart(self, table: str, **where: Any) -> pd.DataFrame:
        conditions = ["regio_type = ?", "regio_code = ?"] + [f'"{name}" = ?' for name in where]
        spec = self.defs.tables[table]
        order = [f'"{name}"' for name in ("volgorde", *spec.sleutel) if name in spec.velden]
        return self.q(
            f'select * from "{table}" where {" and ".join(conditions)} order by {", ".join(order)}',
            self.regio_type,
            self.regio_code,
            *where.values(),
        )

    def has(self, table: str) -> bool:
        """Return True when ``table`` is in the warehouse; remember it as missing otherwise."""
        if table in self.tables:
            return True
        self.missing.add(table)
        return False

    def field_label(self, name: str) -> str:
        """Return the Dutch label of a field from velden*.yaml."""
        return self.defs.fields[name].label

    def groep(self, code: str) -> Aandachtsgroep:
        """Return the Aandachtsgroep definition."""
        return self.defs.aandachtsgroepen[code]

    @property
    def een_gemeente(self) -> bool:
        """Whether the region is one gemeente: nothing to divide, no options or ingroeipad."""
        return len(self.gemeenten) == 1

    def groep_kort(self, code: str) -> str:
        """Return a group's name without a closing remark in brackets, for a column header or a
        list: "Statushouders", "Ouderen"; a bracket inside the name stays ("Uitstromers uit een
        intramurale (zorg)instelling")."""
        return korte_naam(self.groep(code).naam)

    def groep_eenheid(self, code: str) -> str:
        """Return the unit of a group as read in a report: "personen, instroom per jaar"."""
        g = self.groep(code)
        return f"{g.eenheid}, instroom per jaar" if g.maat == "instroom" else f"{g.eenheid} (stand)"

    def bron(self, *codes: str) -> str:
        """Return the source line for bron codes or staged tables: "Bron: CBS, 85980NED; ..."."""
        staged = _staged()
        seen: list[str] = []
        for code in (staged.get(c, c) for c in codes):
            if self.bronnen and code in self.vermelding and code not in self.bronnen:
                continue  # an absent source is never cited
            text = self.vermelding.get(code, code)
            if text not in seen:
                seen.append(text)
        return "Bron: " + ("; ".join(seen) if seen else "geen (de bron ontbreekt in deze analyse)")

    def bron_van(self, table: str) -> str:
        """Return the bron code that stages ``table`` (or ``table`` itself when it is a bron code)."""
        return _staged().get(table, table)

    def ontbreekt(self, table: str) -> str:
        """Return the Dutch sentence that the source of ``table`` (a staged table or a bron code)
        is absent from this analysis and what that means, or '' when it is present."""
        code = self.bron_van(table)
        if code in self.bronnen:
            return ""
        gevolg = self.rapport.get("bron_ontbreekt", {}).get(code, "")
        naam = self.vermelding.get(code, code)
        return f"{naam} ontbreekt in deze analyse" + (f": {gevolg}." if gevolg else ".")

    def groep_bronnen(self, code: str, *extra: str) -> str:
        """Return the source line for a group's figures plus ``extra`` sources (staged tables)."""
        return self.bron(*self.groep_bron.get(code, []), *extra)

    def alle_groep_bronnen(self, *extra: str) -> str:
        """Return the source line for the figures of every group of the region plus ``extra``."""
        return self.bron(*sorted({b for g in self.groepen for b in self.groep_bron.get(g, [])}), *extra)

    def tekst(self, key: str, **values: Any) -> str:
        """Return a fixed text of rapport.yaml with the placeholders filled in."""
        return fill(self.rapport["teksten"][key], self.placeholders(**values))

    def placeholders(self, **values: Any) -> dict[str, Any]:
        """Return the values for the $placeholders in rapport.yaml."""
        centraal = self.scenarios.loc[self.scenarios["centraal"], "naam"]
        return {
            "drempel": self.defs.onthullingsdrempel,
            "drempel_min_1": self.defs.onthullingsdrempel - 1,  # the largest count shown as "< drempel"
            "regio_naam": self.regio_naam,
            "regio_type": self.regio_type,
            "regio_code": self.regio_code,
            "regio_type_naam": self.rapport["regio_types"].get(self.regio_type, self.regio_type).lower(),
            "referentiejaar": self.referentiejaar,
            "doeljaar": self.doeljaar,
            "horizonjaar": self.horizonjaar,
            "prognosejaren": ", ".join(str(j) for j in self.prognosejaren),
            "definitieversie": self.meta.get("definitieversie", self.defs.version),
            "centraal": (centraal.iloc[0] if len(centraal) else "").lower(),
            "ingroeipad_sleutel": next(
                (
                    s.naam.lower()
                    for s in self.defs.verdeelsleutels
                    if s.code == self.defs.instellingen.ingroeipad.verdeelsleutel
                ),
                "",
            ),
            **values,
        }

    @property
    def afscherming(self) -> Any:
        """The region's masking plan, made in the build (int__afscherming, by
        report.afscherming.tabel: the regional sums after it need it), read once."""
        if "_afscherming" not in self.__dict__:
            from woonzorg_analyse.report.afscherming import uit_rijen

            rows = self.con.execute(
                "select aandachtsgroep, case when totaalrij then null else gebied_code end, afscherming "
                "from int__afscherming where regio_type = ? and regio_code = ? and afscherming is not null "
                "order by all",
                [self.regio_type, self.regio_code],
            ).fetchall()
            self.__dict__["_afscherming"] = uit_rijen(self.regio_code, self.drempel, rows)
        return self.__dict__["_afscherming"]

    def gemaskeerd(self, groep: str, gebied: str | None) -> bool:
        """Return True when the report masks the count now of ``groep`` in ``gebied`` (a gemeente
        code, or None / the region's code for the regional total): for charts and maps."""
        return self.afscherming.gemaskeerd(groep, gebied)

    def kaartbasis(self) -> Any:
        """Return the shared base of the region's maps (report.maps.kaartbasis), or None when the
        build has no boundaries for every gemeente of the region."""
        if "_kaartbasis" in self.__dict__:
            return self.__dict__["_kaartbasis"]
        from woonzorg_analyse.report import maps

        basis = None
        if GRENZEN in self.tables and len(self.gemeenten):
            key = self.meta.get("vingerafdruk", "")
            if key not in _VORMEN:
                _VORMEN.clear()
                _VORMEN[key] = maps.vormen(self.q(f"select gemeente_code, geometrie from {GRENZEN}"))
            codes = list(self.gemeenten["gemeente_code"])
            if all(c in _VORMEN[key] for c in codes):
                basis = maps.kaartbasis(_VORMEN[key], codes)
        self.__dict__["_kaartbasis"] = basis
        return basis

    @property
    def referentiejaar(self) -> int:
        """The year of the gemeente indeling and the start of the groeibehoefte."""
        return self.defs.referentiejaar

    @property
    def doeljaar(self) -> int:
        """The year by which the fair share should be reached."""
        return self.defs.doeljaar

    @property
    def horizonjaar(self) -> int:
        """The last year of the groeibehoefte."""
        return self.defs.instellingen.horizonjaar

    @property
    def prognosejaren(self) -> list[int]:
        """The years the groeibehoefte is reported for."""
        return list(self.defs.prognosejaren)

    @property
    def centraal(self) -> str:
        """Code of the central scenario."""
        rows = self.scenarios.loc[self.scenarios["centraal"], "scenario"]
        return str(rows.iloc[0]) if len(rows) else str(self.scenarios["scenario"].iloc[0])

    @property
    def drempel(self) -> int:
        """Disclosure threshold."""
        return self.defs.onthullingsdrempel


@cache
def _staged() -> dict[str, str]:
    """Return the bron code that stages each staged table (the source registry), once."""
    from woonzorg_analyse.extract.registry import sources

    return {table: s.bron for s in sources() for table in s.tabellen}


def fill(text: str, values: dict[str, Any]) -> str:
    """Return ``text`` with $placeholders replaced and whitespace collapsed."""
    return " ".join(Template(str(text)).safe_substitute(values).split())


def regio_list(con: duckdb.DuckDBPyConnection, regio_types: list[str]) -> list[tuple[str, str, str]]:
    """Return (regio_type, regio_code, regio_naam) of every region of ``regio_types``, ordered."""
    rows = con.execute(
        "select regio_type, regio_code, regio_naam from ref_regio where list_contains(?, regio_type) "
        "order by list_position(?, regio_type), regio_code",
        [regio_types, regio_types],
    ).fetchall()
    return [tuple(r) for r in rows]


def make_context(
    con: duckdb.DuckDBPyConnection, defs: Definitions, regio_type: str, regio_code: str
) -> Context:
    """Return the shared context of one region's report; raise UsageError for an unknown region."""
    row = con.execute(
        "select regio_naam from ref_regio where regio_type = ? and regio_code = ?", [regio_type, regio_code]
    ).fetchone()
    if row is None:
        raise UsageError(f"onbekende regio: {regio_type} {regio_code}")
    tables = frozenset(
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    )
    meta = dict(con.execute("select sleutel, waarde from meta_build").fetchall())
    gemeenten = con.execute(
        "select gemeente_code, gemeente_naam from int__regio_gemeente "
        "where regio_type = ? and regio_code = ? order by gemeente_naam, gemeente_code",
        [regio_type, regio_code],
    ).df()
    groepen = con.execute(
        "select aandachtsgroep, peildatum from int__regio_aandachtsgroep "
        "where regio_type = ? and regio_code = ? order by volgorde",
        [regio_type, regio_code],
    ).fetchall()
    bron_rows = con.execute(
        """
        with figures as (
            select aandachtsgroep, peildatum, bestand, gemeente_code from stg_cbs__aandachtsgroepen
            union all
            select aandachtsgroep, peildatum, bestand, gemeente_code from stg_gemeente__aandachtsgroepen
        )
        select distinct f.aandachtsgroep, m.bron_code
        from figures f
        join int__regio_aandachtsgroep g using (aandachtsgroep, peildatum)
        join int__regio_gemeente rg using (regio_type, regio_code, gemeente_code)
        join meta_invoerbestand m using (bestand)
        where g.regio_type = ? and g.regio_code = ?
        order by 1, 2
        """,
        [regio_type, regio_code],
    ).fetchall()
    groep_bron: dict[str, list[str]] = {}
    for groep, bron in bron_rows:
        groep_bron.setdefault(groep, []).append(bron)
    sleutels = con.execute(
        "select verdeelsleutel, naam, omschrijving from ref_verdeelsleutel order by volgorde, verdeelsleutel"
    ).df()
    scenarios = con.execute(
        "select scenario, naam, omschrijving, centraal from ref_scenario order by volgorde, scenario"
    ).df()
    invoerbestanden = con.execute(
        f"select bestand, bron_code, fictief, sha256, peildata from {INVOERBESTANDEN} "
        "where regio_type = ? and regio_code = ? order by bestand",
        [regio_type, regio_code],
    ).df()
    versie, fictief = con.execute(
        f"select versie, fictief from {VERSIE} where regio_type = ? and regio_code = ?",
        [regio_type, regio_code],
    ).fetchone() or ("", False)
    vermelding = {
        code: text.removeprefix("Bron: ").strip()
        for code, text in con.execute("select bron_code, vermelding from ref_bron").fetchall()
    }
    return Context(
        con=con,
        defs=defs,
        regio_type=regio_type,
        regio_code=regio_code,
        regio_naam=row[0],
        tables=tables,
        meta=meta,
        gemeenten=gemeenten,
        groepen=[g for g, _ in groepen if g in defs.aandachtsgroepen],
        groep_bron=groep_bron,
        groep_peildatum=dict(groepen),
        sleutels=sleutels,
        scenarios=scenarios,
        vermelding=vermelding,
        rapport=defs.rapport.model_dump(),
        bronnen=frozenset(invoerbestanden["bron_code"]),
        invoerbestanden=invoerbestanden,
        versie=versie,
        fictief=bool(fictief),
    )
