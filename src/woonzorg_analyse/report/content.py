"""The content of a bouwstenennotitie: pure functions from a read-only warehouse to chapters.

Every figure comes from the warehouse (``agg__`` tables for the analysis, ``ref_``/``stg_``/
``meta_`` for reference data); labels, units and sources come from the definitions. Nothing
is calculated here beyond selecting, summing over woonvormen or groups, and ordering: the
analysis itself lives in the SQL of ``src/woonzorg_analyse/sql/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Template
from typing import Any

import duckdb
import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.formatting import bereik, datum, getal, is_missing, procent
from woonzorg_analyse.load.warehouse import ORDER
from woonzorg_analyse.report import charts
from woonzorg_analyse.report.model import (
    Alinea,
    Blok,
    Hoofdstuk,
    Kolom,
    Kop,
    Opsomming,
    Rapport,
    Tabel,
    Waarde,
)

# the aggregations the report reads: all but the intermediate per-gemeente cell table
AGG_TABLES = tuple(t for t in ORDER if t != "int__aandachtsgroep_gemeente")


@dataclass
class Context:
    """What every chapter needs: the connection, definitions, region and shared lookups."""

    con: duckdb.DuckDBPyConnection
    defs: Definitions
    regio_type: str
    regio_code: str
    regio_naam: str
    tables: frozenset[str]
    meta: dict[str, str]
    instelling: dict[str, Any]
    gemeenten: pd.DataFrame  # gemeente_code, gemeente_naam (counted members, by name)
    groepen: list[str]  # aandachtsgroep codes in definition order
    groep_bron: dict[str, list[str]]  # aandachtsgroep -> bron codes of its figures
    groep_peildatum: dict[str, Any]
    sleutels: pd.DataFrame  # verdeelsleutel, naam, omschrijving (by volgorde)
    scenarios: pd.DataFrame  # scenario, naam, centraal (by volgorde)
    vermelding: dict[str, str]  # bron_code -> "CBS, 85980NED" (without "Bron: ")
    rapport: dict[str, Any]
    missing: set[str] = field(default_factory=set)

    def q(self, sql: str, *params: Any) -> pd.DataFrame:
        """Return the result of ``sql`` with ``params`` as a DataFrame."""
        return self.con.execute(sql, list(params)).df()

    def has(self, table: str) -> bool:
        """Return True when ``table`` is in the warehouse; remember it as missing otherwise."""
        if table in self.tables:
            return True
        self.missing.add(table)
        return False

    def field_label(self, name: str) -> str:
        """Return the Dutch label of a field from velden*.yaml."""
        return self.defs.fields[name].label

    def groep(self, code: str):
        """Return the Aandachtsgroep definition."""
        return self.defs.aandachtsgroepen[code]

    def groep_eenheid(self, code: str) -> str:
        """Return the unit of a group as read in a report: "personen, instroom per jaar"."""
        g = self.groep(code)
        return f"{g.eenheid}, instroom per jaar" if g.maat == "instroom" else f"{g.eenheid} (stand)"

    def bron(self, *codes: str) -> str:
        """Return the source line for one or more bron codes: "Bron: CBS, 85980NED; ..."."""
        seen: list[str] = []
        for code in codes:
            text = self.vermelding.get(code, code)
            if text not in seen:
                seen.append(text)
        return "Bron: " + "; ".join(seen)

    def groep_bronnen(self, code: str, *extra: str) -> str:
        """Return the source line for a group's figures plus ``extra`` sources."""
        return self.bron(*self.groep_bron.get(code, []), *extra)

    def tekst(self, key: str, **values: Any) -> str:
        """Return a fixed text of rapport.yaml with the placeholders filled in."""
        return fill(self.rapport["teksten"][key], self.placeholders(**values))

    def placeholders(self, **values: Any) -> dict[str, Any]:
        """Return the values for the $placeholders in rapport.yaml."""
        centraal = self.scenarios.loc[self.scenarios["centraal"], "naam"]
        return {
            "drempel": self.defs.onthullingsdrempel,
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
            **values,
        }

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
    instelling = {}
    if "ref_analyse_instelling" in tables:
        frame = con.execute("select * from ref_analyse_instelling").df()
        instelling = frame.iloc[0].to_dict() if len(frame) else {}
    zekerheid = list(defs.instellingen.lidmaatschap_zekerheid)
    if "int__regio_gemeente" in tables:
        gemeenten = con.execute(
            "select gemeente_code, gemeente_naam from int__regio_gemeente "
            "where regio_type = ? and regio_code = ? order by gemeente_naam, gemeente_code",
            [regio_type, regio_code],
        ).df()
    else:
        gemeenten = con.execute(
            "select l.gemeente_code, g.gemeente_naam from ref_regio_lidmaatschap l "
            "join ref_gemeente g on g.indeling_jaar = l.indeling_jaar and g.gemeente_code = l.gemeente_code "
            "where l.indeling_jaar = ? and l.regio_type = ? and l.regio_code = ? "
            "and list_contains(?, l.zekerheid) order by g.gemeente_naam, l.gemeente_code",
            [defs.referentiejaar, regio_type, regio_code, zekerheid],
        ).df()
    codes = list(gemeenten["gemeente_code"])
    bron_rows = con.execute(
        """
        with figures as (
            select aandachtsgroep, peildatum, bestand, gemeente_code from stg_cbs__aandachtsgroepen
            union all
            select aandachtsgroep, peildatum, bestand, gemeente_code from stg_gemeente__aandachtsgroepen
        ), latest as (
            select aandachtsgroep, max(peildatum) as peildatum from figures
            where list_contains(?, gemeente_code) group by aandachtsgroep
        )
        select distinct f.aandachtsgroep, m.bron_code, l.peildatum
        from figures f join latest l using (aandachtsgroep, peildatum)
        join meta_invoerbestand m using (bestand)
        where list_contains(?, f.gemeente_code)
        order by 1, 2
        """,
        [codes, codes],
    ).fetchall()
    groep_bron: dict[str, list[str]] = {}
    groep_peildatum: dict[str, Any] = {}
    for groep, bron, peildatum in bron_rows:
        groep_bron.setdefault(groep, []).append(bron)
        groep_peildatum[groep] = peildatum
    if "ref_verdeelsleutel" in tables:
        sleutels = con.execute(
            "select verdeelsleutel, naam, omschrijving from ref_verdeelsleutel "
            "order by volgorde, verdeelsleutel"
        ).df()
    else:
        sleutels = pd.DataFrame(columns=["verdeelsleutel", "naam", "omschrijving"])
    if "ref_scenario" in tables:
        scenarios = con.execute(
            "select scenario, naam, omschrijving, centraal from ref_scenario order by volgorde, scenario"
        ).df()
    else:
        scenarios = pd.DataFrame(columns=["scenario", "naam", "omschrijving", "centraal"])
    vermelding = {
        code: text.removeprefix("Bron: ").strip()
        for code, text in con.execute("select bron_code, vermelding from ref_bron").fetchall()
    }
    rapport = defs.rapport.model_dump()
    return Context(
        con=con,
        defs=defs,
        regio_type=regio_type,
        regio_code=regio_code,
        regio_naam=row[0],
        tables=tables,
        meta=meta,
        instelling=instelling,
        gemeenten=gemeenten,
        groepen=[g for g in defs.aandachtsgroepen if g in groep_peildatum],
        groep_bron=groep_bron,
        groep_peildatum=groep_peildatum,
        sleutels=sleutels,
        scenarios=scenarios,
        vermelding=vermelding,
        rapport=rapport,
    )


# --- helpers ------------------------------------------------------------------------------------


def _kolom(ctx: Context, name: str, soort: str, label: str | None = None, **kwargs: Any) -> Kolom:
    """Return a column whose label and unit come from the field definition ``name``."""
    spec = ctx.defs.fields.get(name)
    return Kolom(
        naam=name,
        label=label or (spec.label if spec else name),
        soort=soort,
        eenheid=kwargs.pop("eenheid", spec.eenheid if spec else None),
        **kwargs,
    )


def _gemeente_kolommen(ctx: Context) -> list[Kolom]:
    return [_kolom(ctx, "gemeente_naam", "tekst", breed=True)]


def _missing(ctx: Context, table: str) -> Alinea:
    return Alinea(ctx.tekst("ontbreekt", tabel=table))


def _value(frame: pd.DataFrame, column: str, default: Any = None) -> Any:
    if frame.empty or column not in frame:
        return default
    value = frame[column].iloc[0]
    return default if is_missing(value) else value


def _short(code: str, limit: int = 24) -> str:
    return code if len(code) <= limit else code[:limit]


def _personen(ctx: Context, groep: str) -> bool:
    """Counts of every aandachtsgroep are about persons or households: all are masked."""
    return ctx.groep(groep).eenheid in ("personen", "huishoudens", "woonruimten")


# --- 1 samenvatting -----------------------------------------------------------------------------


def samenvatting(ctx: Context) -> list[Blok]:
    """Return the summary: one overview table and one small table per aandachtsgroep."""
    blocks: list[Blok] = [Alinea(ctx.tekst("leeswijzer")), Alinea(ctx.tekst("onthullingsregel"))]
    needed = (
        "agg__verdeling_regio",
        "agg__eerlijk_aandeel",
        "agg__groeibehoefte_regio",
        "agg__vraag_aanbod_regio",
    )
    if not all(ctx.has(t) for t in needed):
        return [*blocks, *(_missing(ctx, t) for t in needed if t not in ctx.tables)]
    eerste_sleutel = str(ctx.sleutels["verdeelsleutel"].iloc[0]) if len(ctx.sleutels) else "inwoners"
    sleutel_naam = str(ctx.sleutels["naam"].iloc[0]).lower() if len(ctx.sleutels) else eerste_sleutel
    regio = ctx.q(
        "select * from agg__verdeling_regio where regio_type = ? and regio_code = ? and actueel",
        ctx.regio_type,
        ctx.regio_code,
    ).set_index("aandachtsgroep")
    groei = ctx.q(
        "select aandachtsgroep, scenario, vraag, vraag_woningen from agg__groeibehoefte_regio "
        "where regio_type = ? and regio_code = ? and jaar = ?",
        ctx.regio_type,
        ctx.regio_code,
        ctx.doeljaar,
    )
    va = ctx.q(
        "select aandachtsgroep, sum(vraag_woningen) as vraag_woningen, sum(aanbod) as aanbod, "
        "sum(tekort) as tekort, sum(overschot) as overschot from agg__vraag_aanbod_regio "
        "where regio_type = ? and regio_code = ? and jaar = ? group by aandachtsgroep",
        ctx.regio_type,
        ctx.regio_code,
        ctx.doeljaar,
    ).set_index("aandachtsgroep")
    boven = ctx.q(
        "select aandachtsgroep, count(*) filter (where verschil < 0) as boven, count(*) as n "
        "from agg__eerlijk_aandeel where regio_type = ? and regio_code = ? and verdeelsleutel = ? "
        "group by aandachtsgroep",
        ctx.regio_type,
        ctx.regio_code,
        eerste_sleutel,
    ).set_index("aandachtsgroep")
    namen = dict(zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True))

    def scen(groep: str, scenario: str, kolom: str) -> Any:
        rows = groei[(groei["aandachtsgroep"] == groep) & (groei["scenario"] == scenario)]
        return _value(rows, kolom)

    laag = str(ctx.scenarios["scenario"].iloc[0]) if len(ctx.scenarios) else ctx.centraal
    hoog = str(ctx.scenarios["scenario"].iloc[-1]) if len(ctx.scenarios) else ctx.centraal

    overzicht_rows = []
    group_blocks: list[Blok] = []
    for groep in ctx.groepen:
        if groep not in regio.index:
            continue
        g = ctx.groep(groep)
        r = regio.loc[groep]
        nu = r["aantal_schatting"]
        vraag_midden = scen(groep, ctx.centraal, "vraag")
        vraag_w = scen(groep, ctx.centraal, "vraag_woningen")
        aanbod = va["aanbod"].get(groep) if groep in va.index else None
        tekort = va["tekort"].get(groep) if groep in va.index else None
        overzicht_rows.append((g.naam, ctx.groep_eenheid(groep), nu, vraag_midden, vraag_w, aanbod, tekort))
        grootste = namen.get(r["grootste_gemeente_code"], r["grootste_gemeente_code"])
        interval = bereik(r["aantal_min"], r["aantal_max"]) if bool(r["onzeker"]) else ""
        rows: list[tuple[Any, ...]] = [
            (f"Omvang nu ({datum(r['peildatum'])})", _cell(nu, "aantal", personen=True), interval),
            (
                f"Aandeel {grootste} nu",
                _cell(r["aandeel_grootste_gemeente"], "pct", afgeleid=nu),
                "aandeel in de groep",
            ),
            (
                f"Eerlijk aandeel {grootste} ({sleutel_naam})",
                _cell(r["inwoneraandeel_grootste_gemeente"], "pct"),
                "aandeel in de inwoners",
            ),
            (
                "Spreiding (dissimilariteitsindex)",
                _cell(r["dissimilariteitsindex"], "pct", afgeleid=nu),
                "deel dat zou moeten verhuizen",
            ),
            (
                "Gemeenten boven hun eerlijk aandeel",
                _cell(boven["boven"].get(groep) if groep in boven.index else None, "aantal"),
                f"van {getal(r['aantal_gemeenten'])} gemeenten ({sleutel_naam})",
            ),
            (
                f"Vraag in {ctx.doeljaar} ({ctx.centraal})",
                _cell(vraag_midden, "aantal", personen=True),
                f"{laag}\u2013{hoog}: {bereik(scen(groep, laag, 'vraag'), scen(groep, hoog, 'vraag'))}",
            ),
            (f"Vraag in woningen {ctx.doeljaar}", _cell(vraag_w, "aantal", personen=True), "woningen"),
            (f"Aanbod {ctx.doeljaar}", _cell(aanbod, "aantal"), "woonruimten, bestaand en gepland"),
            (
                f"Tekort {ctx.doeljaar}",
                _cell(tekort, "aantal", afgeleid=vraag_w),
                "woningen, som van de tekorten per gemeente",
            ),
        ]
        group_blocks.append(
            Tabel(
                sleutel=f"h1_{groep}",
                titel=f"{g.naam}: kerncijfers",
                eenheid=ctx.groep_eenheid(groep),
                bron=ctx.groep_bronnen(groep, "cbs_kwb", "pbl_cbs_prognose", "gemeentelijk_aanbod"),
                peildatum=datum(r["peildatum"]),
                kolommen=[
                    Kolom("kenmerk", "Kenmerk", breed=True),
                    Kolom("waarde", "Waarde", soort="cel"),
                    Kolom("toelichting", "Toelichting"),
                ],
                rijen=rows,
                blad=f"1 {_short(groep)}",
            )
        )
    overzicht = Tabel(
        sleutel="h1_overzicht",
        titel=f"Overzicht aandachtsgroepen {ctx.regio_naam}",
        eenheid="zie kolom Eenheid; vraag, aanbod en tekort in woningen (woonruimten)",
        bron=ctx.bron(
            *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}), "gemeentelijk_aanbod"
        ),
        peildatum=f"laatste peildatum per groep; vraag en aanbod {ctx.doeljaar}",
        kolommen=[
            Kolom("aandachtsgroep", "Aandachtsgroep", breed=True),
            Kolom("eenheid", "Eenheid"),
            Kolom("nu", "Omvang nu", "aantal", personen=True),
            Kolom("vraag", f"Vraag {ctx.doeljaar}", "aantal", personen=True),
            Kolom("vraag_woningen", f"Vraag {ctx.doeljaar} (woningen)", "aantal", personen=True),
            Kolom("aanbod", f"Aanbod {ctx.doeljaar}", "aantal"),
            Kolom("tekort", f"Tekort {ctx.doeljaar}", "aantal", afgeleid_van=("vraag_woningen",)),
        ],
        rijen=overzicht_rows,
        noot=f"Vraag in scenario {ctx.centraal}. {ctx.tekst('getallen')}",
        blad="1 Overzicht",
    )
    return [*blocks, overzicht, *group_blocks]


def _cell(value: Any, soort: str, personen: bool = False, afgeleid: Any = None) -> Any:
    """Return a typed cell for a mixed column."""
    return Waarde(value, soort, decimalen=1 if soort == "pct" else 0, personen=personen, afgeleid=afgeleid)


# --- 2 regio en afbakening ----------------------------------------------------------------------


def regio_afbakening(ctx: Context) -> list[Blok]:
    """Return the member gemeenten with codes and the herindelingen that were applied."""
    jaar = ctx.referentiejaar
    leden = ctx.q(
        """
        select l.gemeente_code, g.gemeente_naam, p.regio_naam as provincie, l.deelregio, l.zekerheid,
               (select string_agg(o.regio_code || ' ' || r.regio_naam, ', ' order by o.regio_code)
                  from ref_regio_lidmaatschap o join ref_regio r using (regio_type, regio_code)
                 where o.indeling_jaar = l.indeling_jaar and o.regio_type = l.regio_type
                   and o.gemeente_code = l.gemeente_code and o.regio_code <> l.regio_code) as ook_in
        from ref_regio_lidmaatschap l
        join ref_gemeente g on g.indeling_jaar = l.indeling_jaar and g.gemeente_code = l.gemeente_code
        left join ref_regio p on p.regio_type = 'provincie' and p.regio_code = g.provincie_code
        where l.indeling_jaar = ? and l.regio_type = ? and l.regio_code = ?
        order by g.gemeente_naam, l.gemeente_code
        """,
        jaar,
        ctx.regio_type,
        ctx.regio_code,
    )
    counted = set(ctx.gemeenten["gemeente_code"])
    telt = leden[leden["gemeente_code"].isin(counted)]
    overig = leden[~leden["gemeente_code"].isin(counted)]
    inwoners = ctx.q(
        "select gemeente_code, inwoners from stg_cbs__kerncijfers where peildatum = "
        "(select max(peildatum) from stg_cbs__kerncijfers)"
    ).set_index("gemeente_code")["inwoners"]
    rows = [
        (
            r.gemeente_code,
            r.gemeente_naam,
            r.provincie,
            r.deelregio,
            r.zekerheid,
            r.ook_in or "",
            inwoners.get(r.gemeente_code),
        )
        for r in telt.itertuples()
    ]
    kern_peildatum = ctx.con.execute("select max(peildatum) from stg_cbs__kerncijfers").fetchone()[0]
    blocks: list[Blok] = [
        Alinea(
            f"{ctx.regio_naam} telt {len(rows)} gemeente{'n' if len(rows) != 1 else ''} in de analyse "
            f"(indeling 1 januari {jaar}). Meegeteld worden lidmaatschappen met zekerheid "
            f"{' of '.join(ctx.defs.instellingen.lidmaatschap_zekerheid)}."
        ),
        Tabel(
            sleutel="h2_gemeenten",
            titel=f"Gemeenten van {ctx.regio_naam} (indeling {jaar})",
            eenheid="gemeenten; inwoners in personen",
            bron="Bron: definitions/regios (lidmaatschap); " + ctx.bron("cbs_kwb").removeprefix("Bron: "),
            peildatum=f"indeling 01-01-{jaar}; inwoners {datum(kern_peildatum)}",
            kolommen=[
                _kolom(ctx, "gemeente_code", "tekst", label="Code"),
                _kolom(ctx, "gemeente_naam", "tekst", breed=True),
                Kolom("provincie", "Provincie"),
                _kolom(ctx, "deelregio", "tekst"),
                _kolom(ctx, "zekerheid", "tekst"),
                Kolom("ook_in", "Ook lid van", breed=True),
                _kolom(ctx, "inwoners", "aantal"),
            ],
            rijen=rows,
            totaal=("Totaal", "", "", "", "", "", float(inwoners.reindex(list(counted)).sum())),
            blad="2 Gemeenten",
        ),
    ]
    if len(overig):
        notes = [
            f"{r.gemeente_naam} ({r.gemeente_code}): lidmaatschap {r.zekerheid}, niet meegeteld"
            + (f"; ook lid van {r.ook_in}" if r.ook_in else "")
            for r in overig.itertuples()
        ]
        blocks += [Alinea("Genoemd maar niet meegeteld in de analyse:"), Opsomming(tuple(notes))]
    herindeling = ctx.q(
        """
        select h.datum, h.oud_code, h.oud_naam, h.nieuw_code, h.nieuw_naam, h.soort, h.aandeel_adressen
        from ref_herindeling h
        where list_contains(?, h.nieuw_code)
          and h.datum > (select min(peildatum) from stg_cbs__kerncijfers)
        order by h.datum, h.nieuw_naam, h.oud_naam
        """,
        list(counted),
    )
    if herindeling.empty:
        blocks.append(
            Alinea(
                "In deze regio zijn sinds de oudste gebruikte peildatum geen gemeenten heringedeeld; "
                "er is niets omgezet."
            )
        )
    else:
        blocks += [
            Alinea(
                "Cijfers met een peildatum vóór de herindeling zijn omgezet naar de opvolger; bij een "
                "opsplitsing naar rato van het aandeel adressen."
            ),
            Tabel(
                sleutel="h2_herindelingen",
                titel=f"Toegepaste herindelingen in {ctx.regio_naam}",
                eenheid="gemeentecodes; aandeel adressen als percentage",
                bron="Bron: definitions/regios/herindelingen.csv (CBS gemeentelijke indeling)",
                peildatum=f"herindelingen tot en met 01-01-{jaar}",
                kolommen=[
                    Kolom("datum", "Datum"),
                    _kolom(ctx, "oud_naam", "tekst", label="Opgeheven gemeente", breed=True),
                    _kolom(ctx, "oud_code", "tekst", label="Code"),
                    _kolom(ctx, "nieuw_naam", "tekst", label="Opvolger", breed=True),
                    _kolom(ctx, "nieuw_code", "tekst", label="Code"),
                    _kolom(ctx, "soort", "tekst"),
                    _kolom(ctx, "aandeel_adressen", "pct", decimalen=0),
                ],
                rijen=[
                    (
                        datum(r.datum),
                        r.oud_naam,
                        r.oud_code,
                        r.nieuw_naam,
                        r.nieuw_code,
                        r.soort,
                        r.aandeel_adressen,
                    )
                    for r in herindeling.itertuples()
                ],
                blad="2 Herindelingen",
            ),
        ]
    return blocks


# --- 3 begrippen en bronnen ---------------------------------------------------------------------


def begrippen_bronnen(ctx: Context) -> list[Blok]:
    """Return the definitions of the groups, woonvormen, keys, scenarios and the sources used."""
    versie = ctx.meta.get("definitieversie", ctx.defs.version)
    groepen = [
        (
            g.naam + (" (subgroep)" if g.ouder else ""),
            g.omschrijving,
            ctx.groep_eenheid(g.code),
            ", ".join(ctx.vermelding.get(b, b) for b in ctx.groep_bron.get(g.code, [])),
        )
        for g in (ctx.groep(code) for code in ctx.groepen)
    ]
    woonvormen = [(w.naam, w.omschrijving) for w in ctx.defs.woonvormen.values()]
    gebruikt = ctx.q(
        """
        select m.bron_code, count(*) as bestanden, bool_or(m.fictief) as fictief,
               string_agg(distinct m.peildata, '; ') as peildata
        from meta_invoerbestand m group by m.bron_code
        """
    ).set_index("bron_code")
    bronnen = ctx.q("select * from ref_bron order by bron_code")
    bron_rows = []
    for r in bronnen.itertuples():
        if r.bron_code not in gebruikt.index:
            continue
        u = gebruikt.loc[r.bron_code]
        peildata = _latest_periods(str(u["peildata"] or ""))
        bron_rows.append(
            (
                r.titel,
                r.tabel_id,
                r.producent,
                peildata,
                r.licentie,
                ("fictief voorbeeld. " if bool(u["fictief"]) else "") + (r.toelichting or ""),
            )
        )
    bron_def = f"Bron: definitions/ (definitieversie {versie})"
    blocks: list[Blok] = [
        Tabel(
            sleutel="h3_aandachtsgroepen",
            titel="Aandachtsgroepen: gedeelde definities",
            eenheid="zie kolom Eenheid",
            bron=f"Bron: definitions/aandachtsgroepen.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {versie}",
            kolommen=[
                Kolom("naam", "Aandachtsgroep"),
                Kolom("omschrijving", "Definitie", breed=True),
                Kolom("eenheid", "Eenheid en maat"),
                Kolom("bron", "Bron"),
            ],
            rijen=groepen,
            blad="3 Aandachtsgroepen",
        ),
        Tabel(
            sleutel="h3_woonvormen",
            titel="Woonvormen",
            eenheid="\u2013",
            bron=f"Bron: definitions/aandachtsgroepen.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {versie}",
            kolommen=[Kolom("naam", "Woonvorm"), Kolom("omschrijving", "Omschrijving", breed=True)],
            rijen=woonvormen,
            blad="3 Woonvormen",
        ),
    ]
    if len(ctx.sleutels):
        blocks.append(
            Tabel(
                sleutel="h3_verdeelsleutels",
                titel="Verdeelsleutels voor het eerlijk aandeel",
                eenheid="\u2013",
                bron=bron_def.replace("definitions/", "definitions/verdeelsleutels.yaml"),
                peildatum=f"definitieversie {versie}",
                kolommen=[Kolom("naam", "Verdeelsleutel"), Kolom("omschrijving", "Omschrijving", breed=True)],
                rijen=[(r.naam, r.omschrijving) for r in ctx.sleutels.itertuples()],
                blad="3 Verdeelsleutels",
            )
        )
    if len(ctx.scenarios):
        blocks.append(
            Tabel(
                sleutel="h3_scenarios",
                titel="Scenario's voor de groeibehoefte",
                eenheid="\u2013",
                bron=bron_def.replace("definitions/", "definitions/scenarios.yaml"),
                peildatum=f"definitieversie {versie}",
                kolommen=[
                    Kolom("naam", "Scenario"),
                    Kolom("omschrijving", "Omschrijving", breed=True),
                    Kolom("centraal", "Centraal"),
                ],
                rijen=[
                    (r.naam, r.omschrijving, "ja" if bool(r.centraal) else "nee")
                    for r in ctx.scenarios.itertuples()
                ],
                blad="3 Scenarios",
            )
        )
    blocks.append(
        Tabel(
            sleutel="h3_bronnen",
            titel="Bronnen",
            eenheid="\u2013",
            bron="Bron: definitions/bronnen.yaml; meta_invoerbestand (invoer van deze build)",
            peildatum="zie kolom Peildata",
            kolommen=[
                Kolom("titel", "Bron"),
                Kolom("tabel_id", "Tabel"),
                Kolom("producent", "Producent"),
                Kolom("peildata", "Peildata"),
                Kolom("licentie", "Licentie"),
                Kolom("toelichting", "Toelichting", breed=True),
            ],
            rijen=bron_rows,
            blad="3 Bronnen",
        )
    )
    return blocks


def _latest_periods(text: str, keep: int = 4) -> str:
    """Return the distinct periods of a provenance 'peildata' text, the latest ``keep`` of them."""
    parts = sorted({p.strip() for p in text.replace(";", ",").split(",") if p.strip()})
    shown = parts[-keep:]
    return ("\u2026, " if len(parts) > keep else "") + ", ".join(shown)


# --- 4 demografie en woningmarkt ----------------------------------------------------------------


def demografie(ctx: Context) -> list[Blok]:
    """Return inhabitants, households and housing stock per gemeente, and the prognosis."""
    codes = list(ctx.gemeenten["gemeente_code"])
    kern = ctx.q(
        """
        select g.gemeente_naam, k.inwoners, k.huishoudens, k.woningvoorraad, k.koopwoningen_pct / 100 as koop,
               k.corporatie_pct / 100 as corporatie, k.sociale_huurvoorraad, k.peildatum
        from stg_cbs__kerncijfers k join (select unnest(?) as gemeente_code, unnest(?) as gemeente_naam) g
          using (gemeente_code)
        where k.peildatum = (select max(peildatum) from stg_cbs__kerncijfers)
        order by g.gemeente_naam
        """,
        codes,
        list(ctx.gemeenten["gemeente_naam"]),
    )
    peil = datum(kern["peildatum"].max()) if len(kern) else ""
    totaal = (
        "Totaal",
        kern["inwoners"].sum(),
        kern["huishoudens"].sum(),
        kern["woningvoorraad"].sum(min_count=1),
        None,
        None,
        kern["sociale_huurvoorraad"].sum(min_count=1),
    )
    blocks: list[Blok] = [
        Tabel(
            sleutel="h4_kerncijfers",
            titel=f"Inwoners, huishoudens en woningvoorraad per gemeente, {ctx.regio_naam}",
            eenheid="personen, huishoudens, woningen; aandelen in % van de woningvoorraad",
            bron=ctx.bron("cbs_kwb"),
            peildatum=peil,
            kolommen=[
                *_gemeente_kolommen(ctx),
                _kolom(ctx, "inwoners", "aantal"),
                _kolom(ctx, "huishoudens", "aantal"),
                _kolom(ctx, "woningvoorraad", "aantal"),
                _kolom(ctx, "koopwoningen_pct", "pct", decimalen=0),
                _kolom(ctx, "corporatie_pct", "pct", decimalen=0),
                _kolom(ctx, "sociale_huurvoorraad", "aantal", label="Sociale huur"),
            ],
            rijen=[tuple(r[:7]) for r in kern.itertuples(index=False)],
            totaal=totaal,
            noot="Sociale huur = woningvoorraad x aandeel corporatiebezit (een benadering).",
            blad="4 Kerncijfers",
        )
    ]
    jaren = [ctx.referentiejaar, *ctx.prognosejaren]
    prognose = ctx.q(
        """
        select jaar, variabele, sum(prognose) as prognose, sum(ondergrens) as onder, sum(bovengrens) as boven
        from stg_pbl__prognose where list_contains(?, gemeente_code) and list_contains(?, jaar)
        group by all order by jaar, variabele
        """,
        codes,
        jaren,
    )
    if len(prognose):
        rows = []
        for jaar in jaren:
            sub = prognose[prognose["jaar"] == jaar].set_index("variabele")
            if sub.empty:
                continue
            row: list[Any] = [str(jaar)]
            for var in ("inwoners", "huishoudens", "inwoners_75plus"):
                row += [
                    sub["prognose"].get(var),
                    (sub["onder"].get(var), sub["boven"].get(var)) if var in sub.index else None,
                ]
            rows.append(tuple(row))
        blocks.append(
            Tabel(
                sleutel="h4_prognose",
                titel=f"Prognose inwoners, huishoudens en 75-plussers, {ctx.regio_naam}",
                eenheid="personen, huishoudens; prognose-interval 67 %",
                bron=ctx.bron("pbl_cbs_prognose"),
                peildatum=f"prognosejaren {', '.join(str(j) for j in jaren)} (1 januari)",
                kolommen=[
                    Kolom("jaar", "Jaar"),
                    Kolom("inwoners", "Inwoners", "aantal"),
                    Kolom("inwoners_i", "Interval", "bereik"),
                    Kolom("huishoudens", "Huishoudens", "aantal"),
                    Kolom("huishoudens_i", "Interval", "bereik"),
                    Kolom("plus75", "75-plussers", "aantal"),
                    Kolom("plus75_i", "Interval", "bereik"),
                ],
                rijen=rows,
                noot="Som van de gemeenten; de intervallen van gemeenten zijn opgeteld en daardoor ruim.",
                blad="4 Prognose",
            )
        )
    return blocks


# --- 5 huidige verdeling ------------------------------------------------------------------------


def huidige_verdeling(ctx: Context) -> list[Blok]:
    """Return per group its distribution over the gemeenten (table) and a share chart."""
    if not (ctx.has("agg__verdeling_gemeente") and ctx.has("agg__verdeling_regio")):
        return [_missing(ctx, "agg__verdeling_gemeente")]
    gem = ctx.q(
        "select * from agg__verdeling_gemeente where regio_type = ? and regio_code = ? and actueel "
        "order by aandachtsgroep, gemeente_naam, gemeente_code",
        ctx.regio_type,
        ctx.regio_code,
    )
    reg = ctx.q(
        "select * from agg__verdeling_regio where regio_type = ? and regio_code = ? and actueel",
        ctx.regio_type,
        ctx.regio_code,
    ).set_index("aandachtsgroep")
    blocks: list[Blok] = [Alinea(ctx.tekst("onzeker"))]
    stijl = ctx.rapport.get("grafiek", {})
    for groep in ctx.groepen:
        rows = gem[gem["aandachtsgroep"] == groep]
        if rows.empty or groep not in reg.index:
            continue
        g = ctx.groep(groep)
        r = reg.loc[groep]
        peil = datum(r["peildatum"])
        personen = _personen(ctx, groep)
        any_uncertain = bool(rows["onzeker"].any())
        kolommen = [
            *_gemeente_kolommen(ctx),
            _kolom(ctx, "aantal_schatting", "aantal", personen=personen),
            _kolom(ctx, "aandeel_regio", "pct", afgeleid_van=("aantal_schatting",)),
            _kolom(ctx, "per_1000_inwoners", "getal", decimalen=1, afgeleid_van=("aantal_schatting",)),
            _kolom(ctx, "locatiequotient", "getal", decimalen=2, afgeleid_van=("aantal_schatting",)),
        ]
        if any_uncertain:
            kolommen.insert(2, Kolom("interval", "Interval", "bereik"))
        table_rows = []
        for x in rows.itertuples():
            row: list[Any] = [
                x.gemeente_naam,
                x.aantal_schatting,
                x.aandeel_regio,
                x.per_1000_inwoners,
                x.locatiequotient,
            ]
            if any_uncertain:
                row.insert(2, (x.aantal_min, x.aantal_max) if x.onzeker else None)
            table_rows.append(tuple(row))
        totaal: list[Any] = ["Totaal regio", r["aantal_schatting"], 1.0, r["per_1000_inwoners"], 1.0]
        if any_uncertain:
            totaal.insert(2, (r["aantal_min"], r["aantal_max"]) if bool(r["onzeker"]) else None)
        grootste = rows.loc[rows["gemeente_code"] == r["grootste_gemeente_code"], "gemeente_naam"]
        grootste_naam = grootste.iloc[0] if len(grootste) else r["grootste_gemeente_code"]
        tekst = (
            f"Peildatum {peil}. De dissimilariteitsindex is {procent(r['dissimilariteitsindex'])}. "
            f"{grootste_naam}, de grootste gemeente, heeft {procent(r['inwoneraandeel_grootste_gemeente'])} "
            f"van de inwoners en {procent(r['aandeel_grootste_gemeente'])} van de groep."
        )
        if personen and not is_missing(r["aantal_schatting"]) and r["aantal_schatting"] < ctx.drempel:
            tekst = (
                f"Peildatum {peil}. De groep is in deze regio kleiner dan {ctx.drempel}; "
                "details zijn afgeschermd."
            )
        if int(r["onderdrukte_cellen"]) or int(r["ontbrekende_gemeenten"]):
            tekst += (
                f" Onderdrukte cellen: {int(r['onderdrukte_cellen'])}; gemeenten zonder cijfer: "
                f"{int(r['ontbrekende_gemeenten'])}."
            )
        blocks += [
            Kop(g.naam),
            Alinea(tekst),
            Tabel(
                sleutel=f"h5_{groep}",
                titel=f"{g.naam}: verdeling over de gemeenten",
                eenheid=ctx.groep_eenheid(groep),
                bron=ctx.groep_bronnen(groep, "cbs_kwb"),
                peildatum=peil,
                kolommen=kolommen,
                rijen=table_rows,
                totaal=tuple(totaal),
                blad=f"5 {_short(groep)}",
            ),
        ]
        if len(rows) > 1:
            inwoner_aandeel = rows["inwoners"] / rows["inwoners"].sum()
            masked = [personen and not is_missing(v) and v < ctx.drempel for v in rows["aantal_schatting"]]
            blocks.append(
                charts.aandeel_figuur(
                    sleutel=f"h5_{groep}_grafiek",
                    titel=f"{g.naam}: aandeel in de groep en in de inwoners per gemeente",
                    namen=list(rows["gemeente_naam"]),
                    reeksen={
                        "Aandeel in de groep": list(rows["aandeel_regio"]),
                        "Aandeel in de inwoners": list(inwoner_aandeel),
                    },
                    bron=ctx.groep_bronnen(groep, "cbs_kwb"),
                    peildatum=peil,
                    stijl=stijl,
                    gemaskeerd={"Aandeel in de groep": masked},
                    drempel=ctx.drempel,
                )
            )
    return blocks


# --- 6 groeibehoefte ----------------------------------------------------------------------------


def groeibehoefte(ctx: Context) -> list[Blok]:
    """Return the scenario assumptions and the demand per group per scenario in the prognosis years."""
    if not ctx.has("agg__groeibehoefte_regio"):
        return [_missing(ctx, "agg__groeibehoefte_regio")]
    jaren = ctx.prognosejaren
    data = ctx.q(
        "select * from agg__groeibehoefte_regio "
        "where regio_type = ? and regio_code = ? and list_contains(?, jaar)",
        ctx.regio_type,
        ctx.regio_code,
        jaren,
    )
    scenarios = list(ctx.scenarios["scenario"])
    snamen = dict(zip(ctx.scenarios["scenario"], ctx.scenarios["naam"], strict=True))
    lookup = {(r["aandachtsgroep"], r["jaar"], r["scenario"]): r for r in data.to_dict("records")}
    basis = {r["aandachtsgroep"]: r["basis"] for r in lookup.values()}
    blocks: list[Blok] = []
    if "ref_scenario_groei" in ctx.tables:
        aannames = ctx.q("select * from ref_scenario_groei")
        rows = []
        for groep in ctx.groepen:
            a = aannames[aannames["aandachtsgroep"] == groep].set_index("scenario")
            if a.empty:
                continue
            row: list[Any] = [ctx.groep(groep).naam, str(a["demografie"].iloc[0]).replace("_", " ")]
            row += [a["trend_gewicht"].get(s) for s in scenarios]
            row += [a["extra_groei_pct"].get(s) / 100 if s in a.index else None for s in scenarios]
            rows.append(tuple(row))
        blocks.append(
            Tabel(
                sleutel="h6_aannames",
                titel="Aannames per scenario",
                eenheid="trendgewicht (deel van de landelijke trend); extra groei in % per jaar",
                bron="Bron: definitions/scenarios.yaml",
                peildatum=f"definitieversie {ctx.meta.get('definitieversie', ctx.defs.version)}",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True),
                    Kolom("demografie", "Drijver"),
                    *[Kolom(f"trend_{s}", snamen[s], "getal", decimalen=1) for s in scenarios],
                    *[Kolom(f"extra_{s}", snamen[s], "pct", decimalen=0) for s in scenarios],
                ],
                kopgroepen=[
                    ("", 2),
                    ("Trendgewicht", len(scenarios)),
                    ("Extra groei per jaar", len(scenarios)),
                ],
                rijen=rows,
                blad="6 Aannames",
            )
        )
    for kolom, titel, eenheid, key in (
        ("vraag", "Verwachte vraag per aandachtsgroep", "eenheid van de groep", "h6_vraag"),
        ("vraag_woningen", "Verwachte vraag in woningen per aandachtsgroep", "woningen", "h6_woningen"),
    ):
        rows = []
        basis_col = "basis" if kolom == "vraag" else None
        for groep in ctx.groepen:
            if groep not in basis:
                continue
            row = [ctx.groep(groep).naam]
            if basis_col:
                row += [ctx.groep_eenheid(groep), basis[groep]]
            row += [lookup.get((groep, jaar, s), {}).get(kolom) for jaar in jaren for s in scenarios]
            rows.append(tuple(row))
        kolommen = [Kolom("groep", "Aandachtsgroep", breed=True)]
        kop: list[tuple[str, int]] = [("", 1)]
        if basis_col:
            kolommen += [Kolom("eenheid", "Eenheid"), Kolom("basis", "Nu", "aantal", personen=True)]
            kop = [("", 3)]
        for jaar in jaren:
            kolommen += [Kolom(f"{jaar}_{s}", snamen[s], "aantal", personen=True) for s in scenarios]
            kop.append((str(jaar), len(scenarios)))
        blocks.append(
            Tabel(
                sleutel=key,
                titel=f"{titel}, {ctx.regio_naam}",
                eenheid=eenheid,
                bron=ctx.bron(
                    *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}), "pbl_cbs_prognose"
                ),
                peildatum=f"basis: laatste peildatum per groep; jaren {', '.join(map(str, jaren))}",
                kolommen=kolommen,
                kopgroepen=kop,
                rijen=rows,
                noot="Stand-groepen: stand op 1 januari van het jaar; instroomgroepen: instroom in het jaar.",
                blad="6 Vraag" if kolom == "vraag" else "6 Vraag woningen",
            )
        )
    # chart: growth range per group in the first prognosis year
    jaar = jaren[0]
    namen, lo, mid, hi = [], [], [], []
    for groep in ctx.groepen:
        b = basis.get(groep)
        vraag = [lookup.get((groep, jaar, s), {}).get("vraag") for s in scenarios]
        if is_missing(b) or not b or any(is_missing(v) for v in vraag):
            continue
        values = [float(v) / float(b) - 1 for v in vraag]
        namen.append(ctx.groep(groep).naam)
        lo.append(min(values))
        hi.append(max(values))
        mid.append(values[scenarios.index(ctx.centraal)])
    if namen:
        blocks.append(
            charts.bandbreedte_figuur(
                sleutel="h6_grafiek",
                titel=f"Groei van de vraag tot {jaar} per scenario, {ctx.regio_naam}",
                namen=namen,
                laag=lo,
                midden=mid,
                hoog=hi,
                labels=(snamen[scenarios[0]], snamen[ctx.centraal], snamen[scenarios[-1]]),
                bron=ctx.bron(
                    *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}), "pbl_cbs_prognose"
                ),
                peildatum=f"basis: laatste peildatum per groep; {jaar}",
                stijl=ctx.rapport.get("grafiek", {}),
            )
        )
    return blocks


# --- 7 aanbod -----------------------------------------------------------------------------------


def aanbod(ctx: Context) -> list[Blok]:
    """Return the existing and planned supply per woonvorm and group, and per gemeente."""
    if not ctx.has("agg__vraag_aanbod"):
        return [_missing(ctx, "agg__vraag_aanbod")]
    codes = list(ctx.gemeenten["gemeente_code"])
    per_groep = ctx.q(
        """
        select aandachtsgroep, woonvorm, sum(aanbod_bestaand) as bestaand, sum(aanbod_gepland) as gepland,
               sum(aanbod) as aanbod
        from agg__vraag_aanbod where list_contains(?, gemeente_code) and jaar = ?
        group by all
        """,
        codes,
        ctx.doeljaar,
    )
    wv_namen = {code: w.naam for code, w in ctx.defs.woonvormen.items()}
    order = {g: i for i, g in enumerate(ctx.groepen)}
    wv_order = {w: i for i, w in enumerate(ctx.defs.woonvormen)}
    per_groep = per_groep.assign(
        o1=per_groep["aandachtsgroep"].map(order), o2=per_groep["woonvorm"].map(wv_order)
    ).sort_values(["o1", "o2"])
    rows = [
        (
            ctx.groep(r.aandachtsgroep).naam,
            wv_namen.get(r.woonvorm, r.woonvorm),
            r.bestaand,
            r.gepland,
            r.aanbod,
        )
        for r in per_groep.itertuples()
        if r.aandachtsgroep in order
    ]
    hoofdgroepen = [g for g in ctx.groepen if not ctx.groep(g).ouder]
    hoofd_aanbod = per_groep[per_groep["aandachtsgroep"].isin(hoofdgroepen)]
    blocks: list[Blok] = [
        Tabel(
            sleutel="h7_groep_woonvorm",
            titel=f"Aanbod per aandachtsgroep en woonvorm in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woonruimten (plaatsen)",
            bron=ctx.bron("gemeentelijk_aanbod"),
            peildatum=f"bestaand: laatste opgave; gepland tot en met {ctx.doeljaar}",
            kolommen=[
                Kolom("groep", "Aandachtsgroep", breed=True),
                Kolom("woonvorm", "Woonvorm"),
                _kolom(ctx, "aanbod_bestaand", "aantal", label="Bestaand"),
                _kolom(ctx, "aanbod_gepland", "aantal", label=f"Gepland tot {ctx.doeljaar}"),
                _kolom(ctx, "aanbod", "aantal", label=f"Aanbod {ctx.doeljaar}"),
            ],
            rijen=rows,
            totaal=(
                "Totaal (zonder subgroepen)",
                "",
                hoofd_aanbod["bestaand"].sum(),
                hoofd_aanbod["gepland"].sum(),
                hoofd_aanbod["aanbod"].sum(),
            ),
            noot="Voor instroomgroepen: beschikbare woonruimten per jaar. Het totaal telt subgroepen niet "
            "mee: hun aanbod zit al in dat van de hoofdgroep.",
            blad="7 Aanbod groep",
        )
    ]
    woonvormen = list(ctx.defs.woonvormen)
    pivot = ctx.q(
        """
        select gemeente_code, woonvorm, sum(aanbod) as aanbod
        from agg__vraag_aanbod
        where list_contains(?, gemeente_code) and jaar = ? and list_contains(?, aandachtsgroep)
        group by all
        """,
        codes,
        ctx.doeljaar,
        hoofdgroepen,
    )
    rows = []
    for code, naam in zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True):
        sub = pivot[pivot["gemeente_code"] == code].set_index("woonvorm")["aanbod"]
        values = [sub.get(w, 0.0) for w in woonvormen]
        rows.append((naam, *values, sum(values)))
    totals = tuple(sum(r[i + 1] for r in rows) for i in range(len(woonvormen) + 1))
    blocks.append(
        Tabel(
            sleutel="h7_gemeente",
            titel=f"Aanbod per gemeente en woonvorm in {ctx.doeljaar}",
            eenheid="woonruimten (plaatsen)",
            bron=ctx.bron("gemeentelijk_aanbod"),
            peildatum=f"bestaand plus gepland tot en met {ctx.doeljaar}",
            kolommen=[
                *_gemeente_kolommen(ctx),
                *[Kolom(w, wv_namen[w].split()[0], "aantal") for w in woonvormen],
                Kolom("totaal", "Totaal", "aantal"),
            ],
            rijen=rows,
            totaal=("Totaal", *totals),
            blad="7 Aanbod gemeente",
        )
    )
    return blocks


# --- 8 confrontatie -----------------------------------------------------------------------------


def confrontatie(ctx: Context) -> list[Blok]:
    """Return demand against supply in the target year per group (region) and per gemeente."""
    if not (ctx.has("agg__vraag_aanbod_regio") and ctx.has("agg__vraag_aanbod")):
        return [_missing(ctx, "agg__vraag_aanbod_regio")]
    reg = ctx.q(
        """
        select aandachtsgroep, sum(vraag_woningen) as vraag, sum(vraag_woningen_min) as vmin,
               sum(vraag_woningen_max) as vmax, sum(aanbod) as aanbod, sum(saldo) as saldo,
               sum(tekort) as tekort, sum(overschot) as overschot
        from agg__vraag_aanbod_regio where regio_type = ? and regio_code = ? and jaar = ? group by all
        """,
        ctx.regio_type,
        ctx.regio_code,
        ctx.doeljaar,
    ).set_index("aandachtsgroep")
    groepen = [g for g in ctx.groepen if g in reg.index and not ctx.groep(g).ouder]
    sub_groepen = [g for g in ctx.groepen if g in reg.index and ctx.groep(g).ouder]
    rows = [
        (
            ctx.groep(g).naam + (" (subgroep)" if ctx.groep(g).ouder else ""),
            reg.at[g, "vraag"],
            (reg.at[g, "vmin"], reg.at[g, "vmax"]),
            reg.at[g, "aanbod"],
            reg.at[g, "saldo"],
            reg.at[g, "tekort"],
            reg.at[g, "overschot"],
        )
        for g in [*groepen, *sub_groepen]
    ]
    main = reg.loc[groepen]
    va_kolommen = [
        _kolom(ctx, "vraag_woningen", "aantal", label=f"Vraag ({ctx.centraal})", personen=True),
        Kolom("bandbreedte", "Bandbreedte", "bereik", personen=True),
        _kolom(ctx, "aanbod", "aantal"),
        _kolom(ctx, "saldo", "aantal", afgeleid_van=("vraag_woningen",)),
        _kolom(ctx, "tekort", "aantal", afgeleid_van=("vraag_woningen",)),
        _kolom(ctx, "overschot", "aantal", afgeleid_van=("vraag_woningen",)),
    ]
    blocks: list[Blok] = [
        Tabel(
            sleutel="h8_groep",
            titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
            eenheid="woningen (vraag) en woonruimten (aanbod)",
            bron=ctx.bron(
                *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}), "gemeentelijk_aanbod"
            ),
            peildatum=str(ctx.doeljaar),
            kolommen=[Kolom("groep", "Aandachtsgroep", breed=True), *va_kolommen],
            rijen=rows,
            totaal=(
                "Totaal (zonder subgroepen)",
                main["vraag"].sum(),
                (main["vmin"].sum(), main["vmax"].sum()),
                main["aanbod"].sum(),
                main["saldo"].sum(),
                main["tekort"].sum(),
                main["overschot"].sum(),
            ),
            noot=(
                "Saldo = aanbod min vraag, per regio verrekend; tekort en overschot zijn sommen over de "
                "gemeenten en woonvormen. Subgroepen zitten ook in hun hoofdgroep en tellen niet mee "
                "in het totaal."
            ),
            blad="8 Vraag-aanbod groep",
        )
    ]
    codes = list(ctx.gemeenten["gemeente_code"])
    hoofd = [g for g in ctx.groepen if not ctx.groep(g).ouder]
    gem = ctx.q(
        """
        select gemeente_code, sum(vraag_woningen) as vraag, sum(vraag_woningen_min) as vmin,
               sum(vraag_woningen_max) as vmax, sum(aanbod) as aanbod, sum(saldo) as saldo,
               sum(tekort) as tekort, sum(overschot) as overschot
        from agg__vraag_aanbod
        where list_contains(?, gemeente_code) and list_contains(?, aandachtsgroep) and jaar = ?
        group by all
        """,
        codes,
        hoofd,
        ctx.doeljaar,
    ).set_index("gemeente_code")
    opgave = pd.Series(dtype="float64")
    if ctx.has("agg__opgave") and len(ctx.sleutels):
        opgave = ctx.q(
            "select gemeente_code, sum(opgave_vraag_per_jaar) as opgave from agg__opgave "
            "where regio_type = ? and regio_code = ? and verdeelsleutel = ? "
            "and list_contains(?, aandachtsgroep) "
            "group by all",
            ctx.regio_type,
            ctx.regio_code,
            str(ctx.sleutels["verdeelsleutel"].iloc[0]),
            hoofd,
        ).set_index("gemeente_code")["opgave"]
    rows = []
    for code, naam in zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True):
        if code not in gem.index:
            continue
        x = gem.loc[code]
        rows.append(
            (
                naam,
                x["vraag"],
                (x["vmin"], x["vmax"]),
                x["aanbod"],
                x["saldo"],
                x["tekort"],
                x["overschot"],
                opgave.get(code),
            )
        )
    blocks.append(
        Tabel(
            sleutel="h8_gemeente",
            titel=f"Vraag en aanbod per gemeente in {ctx.doeljaar}, alle aandachtsgroepen",
            eenheid="woningen; opgave in woningen per jaar",
            bron=ctx.bron(
                *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}), "gemeentelijk_aanbod"
            ),
            peildatum=str(ctx.doeljaar),
            kolommen=[
                *_gemeente_kolommen(ctx),
                *va_kolommen,
                _kolom(
                    ctx,
                    "opgave_vraag_per_jaar",
                    "aantal",
                    label="Opgave per jaar",
                    afgeleid_van=("vraag_woningen",),
                ),
            ],
            rijen=rows,
            totaal=(
                "Totaal",
                gem["vraag"].sum(),
                (gem["vmin"].sum(), gem["vmax"].sum()),
                gem["aanbod"].sum(),
                gem["saldo"].sum(),
                gem["tekort"].sum(),
                gem["overschot"].sum(),
                opgave.sum() if len(opgave) else None,
            ),
            noot=(
                f"Som over de hoofdgroepen en woonvormen. Opgave per jaar: extra woningen per jaar tot "
                f"{ctx.doeljaar} (bovenop de plannen) om de vraag te dekken."
            ),
            blad="8 Vraag-aanbod gemeente",
        )
    )
    if len(groepen):
        blocks.append(
            charts.vraag_aanbod_figuur(
                sleutel="h8_grafiek",
                titel=f"Vraag en aanbod per aandachtsgroep in {ctx.doeljaar}, {ctx.regio_naam}",
                namen=[ctx.groep(g).naam for g in groepen],
                vraag=list(main["vraag"]),
                vraag_min=list(main["vmin"]),
                vraag_max=list(main["vmax"]),
                aanbod=list(main["aanbod"]),
                bron=ctx.bron(
                    *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}),
                    "gemeentelijk_aanbod",
                ),
                peildatum=str(ctx.doeljaar),
                stijl=ctx.rapport.get("grafiek", {}),
                drempel=ctx.drempel,
            )
        )
    return blocks


# --- 9 eerlijk aandeel --------------------------------------------------------------------------


def eerlijk_aandeel(ctx: Context) -> list[Blok]:
    """Return per group the fair share per verdeelsleutel side by side with the yearly effort."""
    if not (ctx.has("agg__eerlijk_aandeel") and ctx.has("agg__opgave")):
        return [_missing(ctx, "agg__eerlijk_aandeel")]
    ea = ctx.q(
        "select e.*, o.opgave_eerlijk_aandeel_per_jaar from agg__eerlijk_aandeel e "
        "left join agg__opgave o "
        "using (regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code) "
        "where regio_type = ? and regio_code = ?",
        ctx.regio_type,
        ctx.regio_code,
    )
    sleutels = list(ctx.sleutels["verdeelsleutel"])
    snamen = dict(zip(ctx.sleutels["verdeelsleutel"], ctx.sleutels["naam"], strict=True))
    blocks: list[Blok] = [
        Opsomming(tuple(f"{r.naam}: {r.omschrijving}" for r in ctx.sleutels.itertuples())),
    ]
    cell: dict[tuple[str, str, str], tuple[Any, Any]] = {}
    huidig: dict[tuple[str, str], Any] = {}
    for x in ea.itertuples(index=False):
        cell[(x.aandachtsgroep, x.gemeente_code, x.verdeelsleutel)] = (
            x.eerlijk_aandeel,
            x.opgave_eerlijk_aandeel_per_jaar,
        )
        huidig[(x.aandachtsgroep, x.gemeente_code)] = x.huidig
    per_groep = dict(tuple(ea.groupby("aandachtsgroep", sort=False)))
    for groep in ctx.groepen:
        sub = per_groep.get(groep)
        if sub is None or sub.empty:
            continue
        g = ctx.groep(groep)
        personen = _personen(ctx, groep)
        rows = []
        for code, naam in zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True):
            if (groep, code) not in huidig:
                continue
            row: list[Any] = [naam, huidig[(groep, code)]]
            for s in sleutels:
                row += list(cell.get((groep, code, s), (None, None)))
            rows.append(tuple(row))
        totaal_regio = _value(sub, "totaal_regio")
        totaal: list[Any] = ["Totaal regio", totaal_regio]
        for s in sleutels:
            totaal += [sub.loc[sub["verdeelsleutel"] == s, "eerlijk_aandeel"].sum(min_count=1), None]
        kolommen = [*_gemeente_kolommen(ctx), _kolom(ctx, "huidig", "aantal", label="Nu", personen=personen)]
        for s in sleutels:
            kolommen += [
                Kolom(f"ea_{s}", "Aandeel", "aantal"),
                Kolom(
                    f"opgave_{s}",
                    "Per jaar",
                    "getal",
                    decimalen=1,
                    afgeleid_van=("huidig",),
                    eenheid="woningen per jaar",
                ),
            ]
        blocks += [
            Kop(g.naam, nieuwe_pagina=False),
            Tabel(
                sleutel=f"h9_{groep}",
                titel=(
                    f"{g.naam}: eerlijk aandeel per verdeelsleutel en inspanning per jaar tot {ctx.doeljaar}"
                ),
                eenheid=f"{ctx.groep_eenheid(groep)}; per jaar in woningen",
                bron=ctx.groep_bronnen(groep, "cbs_kwb"),
                peildatum=datum(_value(sub, "peildatum")),
                kolommen=kolommen,
                kopgroepen=[("", 2), *[(snamen[s], 2) for s in sleutels]],
                rijen=rows,
                totaal=tuple(totaal),
                noot=(
                    "Aandeel: eerlijk aandeel in het huidige regionale totaal (grootste-restmethode). "
                    "Per jaar: woningen per jaar om het aandeel te bereiken; negatief = de gemeente "
                    "huisvest nu meer."
                ),
                blad=f"9 {_short(groep)}",
            ),
        ]
    return blocks


# --- 10 datakwaliteit ---------------------------------------------------------------------------


def datakwaliteit(ctx: Context) -> list[Blok]:
    """Return suppressed cells and intervals, missing figures, example data and the validation."""
    blocks: list[Blok] = []
    if ctx.has("agg__verdeling_regio"):
        reg = ctx.q(
            "select * from agg__verdeling_regio where regio_type = ? and regio_code = ? and actueel",
            ctx.regio_type,
            ctx.regio_code,
        ).set_index("aandachtsgroep")
        rows = []
        for groep in ctx.groepen:
            if groep not in reg.index:
                continue
            r = reg.loc[groep]
            rows.append(
                (
                    ctx.groep(groep).naam,
                    ", ".join(ctx.vermelding.get(b, b) for b in ctx.groep_bron.get(groep, [])),
                    datum(r["peildatum"]),
                    r["aantal_gemeenten"],
                    r["onderdrukte_cellen"],
                    r["ontbrekende_gemeenten"],
                    r["aantal_schatting"],
                    (r["aantal_min"], r["aantal_max"]),
                )
            )
        blocks.append(
            Tabel(
                sleutel="h10_cellen",
                titel=f"Onderdrukte en ontbrekende cijfers per aandachtsgroep, {ctx.regio_naam}",
                eenheid="gemeenten; aantal in de eenheid van de groep",
                bron=ctx.bron(*sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])})),
                peildatum="laatste peildatum per groep",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True),
                    Kolom("bron", "Bron"),
                    _kolom(ctx, "peildatum", "tekst"),
                    _kolom(ctx, "aantal_gemeenten", "aantal"),
                    _kolom(ctx, "onderdrukte_cellen", "aantal", label="Onderdrukt"),
                    _kolom(ctx, "ontbrekende_gemeenten", "aantal", label="Ontbreekt"),
                    _kolom(ctx, "aantal_schatting", "aantal", label="Totaal", personen=True),
                    Kolom("interval", "Interval", "bereik", personen=True),
                ],
                rijen=rows,
                noot=ctx.tekst("onzeker"),
                blad="10 Cellen",
            )
        )
    invoer = ctx.q(
        """
        select bron_code, count(*) as bestanden, count(*) filter (where fictief) as fictief,
               sum(rijen) as rijen
        from meta_invoerbestand group by bron_code order by bron_code
        """
    )
    blocks += [
        Kop("Voorbeeldgegevens"),
        Alinea(
            ctx.tekst("fictief")
            if ctx.meta.get("fictief_voorbeeld") == "ja"
            else "Er zijn geen fictieve voorbeeldgegevens gebruikt."
        ),
        Tabel(
            sleutel="h10_invoer",
            titel="Invoerbestanden per bron",
            eenheid="bestanden en gegevensrijen",
            bron="Bron: meta_invoerbestand (herkomst en controlegetallen van de invoer)",
            peildatum=f"build {ctx.meta.get('vingerafdruk', '')[:12]}",
            kolommen=[
                Kolom("bron", "Bron", breed=True),
                Kolom("bestanden", "Bestanden", "aantal"),
                Kolom("fictief", "Waarvan fictief", "aantal"),
                _kolom(ctx, "rijen", "aantal"),
            ],
            rijen=[
                (ctx.vermelding.get(r.bron_code, r.bron_code), r.bestanden, r.fictief, r.rijen)
                for r in invoer.itertuples()
            ],
            blad="10 Invoer",
        ),
    ]
    counts = []
    for table in sorted(t for t in ctx.tables if t.startswith(("stg_", "agg__"))):
        if table not in ctx.defs.tables:
            continue
        n = ctx.con.execute(f'select count(*) from "{table}"').fetchone()[0]
        counts.append((table, ctx.defs.tables[table].korrel, n))
    blocks += [
        Kop("Validatie"),
        Alinea(
            "Elke tabel van het warehouse is bij het schrijven gecontroleerd tegen de definities "
            "(kolommen, typen, sleutels, codes en bereiken); gepubliceerde CBS-totalen zijn nagerekend. "
            "Een build met één fout schrijft niets, dus alle onderstaande tabellen voldoen aan de regels."
        ),
        Tabel(
            sleutel="h10_validatie",
            titel="Gevalideerde tabellen van het warehouse",
            eenheid="rijen (hele warehouse, alle regio's)",
            bron="Bron: warehouse.duckdb; definitions/tabellen*.yaml",
            peildatum=f"build {ctx.meta.get('vingerafdruk', '')[:12]}",
            kolommen=[
                Kolom("tabel", "Tabel"),
                Kolom("korrel", "Korrel", breed=True),
                Kolom("rijen", "Rijen", "aantal"),
            ],
            rijen=counts,
            blad="10 Validatie",
        ),
    ]
    return blocks


# --- 11 bijlagen --------------------------------------------------------------------------------


def bijlagen(ctx: Context) -> list[Blok]:
    """Return a factsheet per gemeente, the data dictionary and how to reproduce."""
    blocks: list[Blok] = [*factsheets(ctx)]
    blocks += [Kop("Begrippenlijst van de velden", nieuwe_pagina=True), *data_dictionary(ctx)]
    blocks += [Kop("Reproduceren", nieuwe_pagina=True), *reproduceren(ctx)]
    return blocks


def factsheets(ctx: Context) -> list[Blok]:
    """Return one compact factsheet (heading, key line, table) per gemeente."""
    needed = ("agg__verdeling_gemeente", "agg__eerlijk_aandeel", "agg__groeibehoefte", "agg__opgave")
    if not all(ctx.has(t) for t in needed):
        return [Kop("Factsheets per gemeente"), *(_missing(ctx, t) for t in needed if t not in ctx.tables)]
    sleutel = str(ctx.sleutels["verdeelsleutel"].iloc[0])
    sleutel_naam = str(ctx.sleutels["naam"].iloc[0])
    data = ctx.q(
        """
        select v.gemeente_code, v.aandachtsgroep, v.peildatum, v.aantal_schatting, v.per_1000_inwoners,
               v.locatiequotient, e.eerlijk_aandeel, e.verschil, g.vraag, o.tekort_doeljaar,
               o.opgave_vraag_per_jaar
        from agg__verdeling_gemeente v
        left join agg__eerlijk_aandeel e
               on e.regio_type = v.regio_type and e.regio_code = v.regio_code
              and e.aandachtsgroep = v.aandachtsgroep and e.gemeente_code = v.gemeente_code
              and e.verdeelsleutel = ?
        left join agg__groeibehoefte g
               on g.gemeente_code = v.gemeente_code and g.aandachtsgroep = v.aandachtsgroep
              and g.scenario = ? and g.jaar = ?
        left join agg__opgave o
               on o.regio_type = v.regio_type and o.regio_code = v.regio_code
              and o.aandachtsgroep = v.aandachtsgroep and o.gemeente_code = v.gemeente_code
              and o.verdeelsleutel = ?
        where v.regio_type = ? and v.regio_code = ? and v.actueel
        """,
        sleutel,
        ctx.centraal,
        ctx.doeljaar,
        sleutel,
        ctx.regio_type,
        ctx.regio_code,
    )
    kern = ctx.q(
        "select gemeente_code, inwoners, huishoudens, sociale_huurvoorraad, peildatum "
        "from stg_cbs__kerncijfers where peildatum = (select max(peildatum) from stg_cbs__kerncijfers) "
        "and list_contains(?, gemeente_code)",
        list(ctx.gemeenten["gemeente_code"]),
    ).set_index("gemeente_code")
    order = {g: i for i, g in enumerate(ctx.groepen)}
    blocks: list[Blok] = []
    for i, (code, naam) in enumerate(
        zip(ctx.gemeenten["gemeente_code"], ctx.gemeenten["gemeente_naam"], strict=True)
    ):
        sub = data[(data["gemeente_code"] == code) & data["aandachtsgroep"].isin(order)]
        sub = sub.assign(o=sub["aandachtsgroep"].map(order)).sort_values("o")
        rows = [
            (
                ctx.groep(r.aandachtsgroep).naam,
                datum(r.peildatum),
                r.aantal_schatting,
                r.per_1000_inwoners,
                r.locatiequotient,
                r.eerlijk_aandeel,
                r.verschil,
                r.vraag,
                r.tekort_doeljaar,
            )
            for r in sub.itertuples()
        ]
        k = kern.loc[code] if code in kern.index else None
        line = (
            f"Gemeentecode {code}. Inwoners {getal(k['inwoners'])}, huishoudens {getal(k['huishoudens'])}, "
            f"sociale huurvoorraad {getal(k['sociale_huurvoorraad'])} woningen "
            f"(peildatum {datum(k['peildatum'])})."
            if k is not None
            else f"Gemeentecode {code}."
        )
        blocks += [
            Kop(f"Factsheet {naam}", nieuwe_pagina=True),
            Alinea(line),
            Tabel(
                sleutel=f"h11_fs_{code}",
                titel=f"Factsheet {naam}: aandachtsgroepen",
                eenheid="eenheid van de groep; tekort in woningen",
                bron=ctx.bron(
                    *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}),
                    "cbs_kwb",
                    "gemeentelijk_aanbod",
                ),
                peildatum=f"zie kolom Peildatum; vraag en tekort {ctx.doeljaar}",
                kolommen=[
                    Kolom("groep", "Aandachtsgroep", breed=True),
                    _kolom(ctx, "peildatum", "tekst"),
                    _kolom(ctx, "aantal_schatting", "aantal", label="Nu", personen=True),
                    _kolom(
                        ctx,
                        "per_1000_inwoners",
                        "getal",
                        decimalen=1,
                        label="Per 1.000 inw.",
                        afgeleid_van=("aantal_schatting",),
                    ),
                    _kolom(
                        ctx,
                        "locatiequotient",
                        "getal",
                        decimalen=2,
                        label="LQ",
                        afgeleid_van=("aantal_schatting",),
                    ),
                    _kolom(ctx, "eerlijk_aandeel", "aantal", label="Eerlijk aandeel"),
                    _kolom(ctx, "verschil", "aantal", afgeleid_van=("aantal_schatting",)),
                    _kolom(ctx, "vraag", "aantal", label=f"Vraag {ctx.doeljaar}", personen=True),
                    _kolom(
                        ctx,
                        "tekort_doeljaar",
                        "aantal",
                        label=f"Tekort {ctx.doeljaar}",
                        afgeleid_van=("vraag",),
                    ),
                ],
                rijen=rows,
                noot=(
                    f"Eerlijk aandeel {sleutel_naam.lower()}; verschil = eerlijk aandeel min nu. "
                    f"Vraag in scenario {ctx.centraal}; tekort in woningen."
                ),
                blad=f"11 FS {i + 1:02d} {naam}"[:31],
            ),
        ]
    return blocks


def data_dictionary(ctx: Context) -> list[Blok]:
    """Return the fields of the warehouse tables this report reads, from velden*.yaml."""
    versie = ctx.meta.get("definitieversie", ctx.defs.version)
    used = [
        "stg_cbs__kerncijfers",
        "stg_pbl__prognose",
        *[t for t in AGG_TABLES if t in ctx.tables],
    ]
    seen: dict[str, tuple[str, ...]] = {}
    for table in used:
        spec = ctx.defs.tables.get(table)
        if spec is None:
            continue
        for name in spec.velden:
            if name in seen or name in ("bestand", "regio_type", "regio_code"):
                continue
            f = ctx.defs.fields[name]
            seen[name] = (name, f.label, f.eenheid or "", " ".join(f.omschrijving.split()), table)
    return [
        Tabel(
            sleutel="h11_velden",
            titel="Begrippenlijst: velden van de gebruikte tabellen",
            eenheid="\u2013",
            bron=f"Bron: definitions/velden*.yaml (definitieversie {versie})",
            peildatum=f"definitieversie {ctx.meta.get('definitieversie', ctx.defs.version)}",
            kolommen=[
                Kolom("veld", "Veld"),
                Kolom("label", "Label"),
                Kolom("eenheid", "Eenheid"),
                Kolom("omschrijving", "Omschrijving", breed=True),
                Kolom("tabel", "Eerst in tabel"),
            ],
            rijen=list(seen.values()),
            blad="11 Velden",
        )
    ]


def reproduceren(ctx: Context) -> list[Blok]:
    """Return the software and definitions versions, the command and the input checksums."""
    files = ctx.q("select bestand, bron_code, fictief, sha256 from meta_invoerbestand order by bestand")
    command = ctx.tekst("nieuwe_opdrachtregel")
    return [
        Alinea(ctx.tekst("reproduceren")),
        Opsomming(
            (
                f"Softwareversie: woonzorg-analyse {ctx.meta.get('softwareversie', '')}",
                f"Definitieversie: {ctx.meta.get('definitieversie', '')}",
                f"Controlegetal definities (SHA-256): {ctx.meta.get('definities_sha256', '')}",
                f"Vingerafdruk van de build: {ctx.meta.get('vingerafdruk', '')}",
                f"Commando: {command}",
            )
        ),
        Tabel(
            sleutel="h11_invoer",
            titel="Invoerbestanden met controlegetal",
            eenheid="SHA-256 over de bytes van het bestand",
            bron="Bron: meta_invoerbestand",
            peildatum=f"build {ctx.meta.get('vingerafdruk', '')[:12]}",
            kolommen=[
                Kolom("bestand", "Bestand", breed=True),
                Kolom("bron", "Bron"),
                Kolom("fictief", "Fictief"),
                Kolom("sha256", "SHA-256", soort="code"),
            ],
            rijen=[
                (r.bestand, r.bron_code, "ja" if r.fictief else "nee", r.sha256) for r in files.itertuples()
            ],
            blad="11 Invoer",
        ),
    ]


# --- the report ---------------------------------------------------------------------------------

CHAPTERS = {
    "samenvatting": samenvatting,
    "regio": regio_afbakening,
    "begrippen": begrippen_bronnen,
    "demografie": demografie,
    "verdeling": huidige_verdeling,
    "groeibehoefte": groeibehoefte,
    "aanbod": aanbod,
    "confrontatie": confrontatie,
    "eerlijk_aandeel": eerlijk_aandeel,
    "datakwaliteit": datakwaliteit,
    "bijlagen": bijlagen,
}


def build_report(ctx: Context) -> Rapport:
    """Return the whole bouwstenennotitie of the context's region."""
    hoofdstukken = []
    for nummer, spec in enumerate(ctx.rapport["hoofdstukken"], start=1):
        function = CHAPTERS[spec["code"]]
        blocks: list[Blok] = [Alinea(fill(spec.get("inleiding", ""), ctx.placeholders()))]
        blocks += function(ctx)
        hoofdstukken.append(Hoofdstuk(nummer=nummer, titel=spec["titel"], blokken=blocks))
    _unique_sheets([b for h in hoofdstukken for b in h.blokken if isinstance(b, Tabel)])
    peildata = [p for p in ctx.groep_peildatum.values() if p is not None]
    laatste = max(peildata) if peildata else None
    kerncijfers = headline(ctx)
    return Rapport(
        regio_type=ctx.regio_type,
        regio_type_naam=ctx.rapport["regio_types"].get(ctx.regio_type, ctx.regio_type),
        regio_code=ctx.regio_code,
        regio_naam=ctx.regio_naam,
        titel=ctx.rapport.get("titel", "Bouwstenennotitie"),
        ondertitel=ctx.rapport.get("ondertitel", ""),
        peildatum=datum(laatste),
        softwareversie=ctx.meta.get("softwareversie", ""),
        definitieversie=ctx.meta.get("definitieversie", ""),
        vingerafdruk=ctx.meta.get("vingerafdruk", ""),
        fictief=ctx.meta.get("fictief_voorbeeld") == "ja",
        drempel=ctx.drempel,
        teksten={k: fill(v, ctx.placeholders()) for k, v in ctx.rapport["teksten"].items()},
        hoofdstukken=hoofdstukken,
        kerncijfers=kerncijfers,
    )


def headline(ctx: Context) -> dict[str, Any]:
    """Return the headline figures of the region for the index page."""
    result: dict[str, Any] = {"gemeenten": len(ctx.gemeenten)}
    codes = list(ctx.gemeenten["gemeente_code"])
    row = ctx.con.execute(
        "select sum(inwoners) from stg_cbs__kerncijfers where list_contains(?, gemeente_code) "
        "and peildatum = (select max(peildatum) from stg_cbs__kerncijfers)",
        [codes],
    ).fetchone()
    result["inwoners"] = row[0]
    if "agg__verdeling_regio" in ctx.tables:
        for groep in ("statushouders", "dak_thuisloos", "uitstroom_intramuraal"):
            row = ctx.con.execute(
                "select aantal_schatting from agg__verdeling_regio where regio_type = ? and regio_code = ? "
                "and aandachtsgroep = ? and actueel",
                [ctx.regio_type, ctx.regio_code, groep],
            ).fetchone()
            result[groep] = row[0] if row else None
    if "agg__vraag_aanbod" in ctx.tables:
        hoofd = [g for g in ctx.groepen if not ctx.groep(g).ouder]
        row = ctx.con.execute(
            "select sum(tekort) from agg__vraag_aanbod where list_contains(?, gemeente_code) "
            "and list_contains(?, aandachtsgroep) and jaar = ?",
            [codes, hoofd, ctx.doeljaar],
        ).fetchone()
        result["tekort"] = row[0]
    return result


def _unique_sheets(tables: list[Tabel]) -> None:
    """Give every table a unique sheet name of at most 31 characters without []:*?/\\."""
    used: set[str] = set()
    for table in tables:
        name = "".join(ch for ch in (table.blad or table.sleutel) if ch not in "[]:*?/\\")[:31].strip()
        candidate, n = name, 2
        while candidate.lower() in used:
            suffix = f" ({n})"
            candidate = name[: 31 - len(suffix)] + suffix
            n += 1
        used.add(candidate.lower())
        table.blad = candidate
