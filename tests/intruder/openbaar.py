"""What an intruder knows besides the report: public figures and the published method.

- inhabitants per gemeente (CBS; the report prints them too): ``rpt__verdeling_gemeente.inwoners``,
  the inhabitants on the peildatum of the group's figures;
- the key shares of the verdeelsleutels (derivable from public CBS figures and the statutory
  taakstelling): ``int__eerlijk_aandeel_sleutel.aandeel_sleutel``; a damped key is left out,
  because its share depends on today's (masked) location quotients;
- the growth factor of every scenario per gemeente, group and year (scenarios.yaml and the public
  prognosis): ``agg__groeibehoefte.groeifactor``;
- the definitions: woningen_per_eenheid, maat, rol, subgroups, and the settings (referentiejaar,
  doeljaar, central scenario, first verdeelsleutel, key of the ingroeipad).

Only these are read from the warehouse; every other value comes from the published files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from woonzorg_analyse.definitions import Definitions


@dataclass
class Openbaar:
    """Public knowledge about one region."""

    regio_code: str
    inwoners: dict[tuple[str, str], float]  # (aandachtsgroep, gemeente_code) -> inhabitants
    sleutelaandeel: dict[tuple[str, str, str], float]  # (groep, verdeelsleutel, gemeente) -> share
    groeifactor: dict[tuple[str, str, str, int], float]  # (gemeente, groep, scenario, jaar) -> factor
    scenarios: list[str]
    centraal: str
    referentiejaar: int
    doeljaar: int
    eerste_verdeelsleutel: str
    ingroeipad_verdeelsleutel: str
    groepen: dict[str, Any]  # code -> Aandachtsgroep definition

    @property
    def jaren_tot_doeljaar(self) -> int:
        """The years over which a stock gap is closed."""
        return self.doeljaar - self.referentiejaar

    def wpe(self, groep: str) -> float:
        """woningen_per_eenheid of a group."""
        return float(self.groepen[groep].woningen_per_eenheid)


def lees_openbaar(
    con: duckdb.DuckDBPyConnection, defs: Definitions, regio_type: str, regio_code: str
) -> Openbaar:
    """Return the public knowledge about a region (see the module docstring)."""
    region = [regio_type, regio_code]
    setting = con.execute(
        "select referentiejaar, doeljaar, centraal_scenario, eerste_verdeelsleutel, ingroeipad_verdeelsleutel "
        "from ref_analyse_instelling"
    ).fetchall()[0]
    inwoners = {
        (g, c): float(n)
        for g, c, n in con.execute(
            "select aandachtsgroep, gebied_code, inwoners from rpt__verdeling_gemeente "
            "where regio_type = ? and regio_code = ? and not totaalrij and inwoners is not null",
            region,
        ).fetchall()
    }
    undamped = [s.code for s in defs.verdeelsleutels if s.demping is None]
    sleutel = {
        (g, k, c): float(a)
        for g, k, c, a in con.execute(
            "select aandachtsgroep, verdeelsleutel, gemeente_code, aandeel_sleutel from int__eerlijk_aandeel_sleutel "
            "where regio_type = ? and regio_code = ? and aandeel_sleutel is not null "
            "and list_contains(?, verdeelsleutel)",
            [*region, undamped],
        ).fetchall()
    }
    factor = {
        (c, g, s, int(j)): float(f)
        for c, g, s, j, f in con.execute(
            "select b.gemeente_code, b.aandachtsgroep, b.scenario, b.jaar, b.groeifactor "
            "from agg__groeibehoefte b join int__regio_gemeente r using (gemeente_code) "
            "where r.regio_type = ? and r.regio_code = ? and b.groeifactor is not null",
            region,
        ).fetchall()
    }
    scenarios = [
        r[0] for r in con.execute("select scenario from ref_scenario order by volgorde, scenario").fetchall()
    ]
    return Openbaar(
        regio_code=regio_code,
        inwoners=inwoners,
        sleutelaandeel=sleutel,
        groeifactor=factor,
        scenarios=scenarios,
        centraal=setting[2],
        referentiejaar=int(setting[0]),
        doeljaar=int(setting[1]),
        eerste_verdeelsleutel=setting[3],
        ingroeipad_verdeelsleutel=setting[4],
        groepen=dict(defs.aandachtsgroepen),
    )
