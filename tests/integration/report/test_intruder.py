"""The intruder test of issue 10: from everything published for a region (tabellen.xlsx and
kerncijfers.json) and public knowledge, can a reader narrow a masked count below its label?

For every region of the miniature dataset (and, marked slow, of the embedded data, reusing the
one build of test_reports_embedded.py) the intruder of ``tests/intruder`` reads the published
files, writes down every relation of ``tests/intruder/relaties.py`` and computes the feasible
range of each masked count by linear programming. Method: docs/methode/onthullingscontrole-toets.md.

Besides the verdict, the intruder itself is checked: it understands every published cell, every
column about persons is covered by a relation family, and every modelled relation holds for the
exact figures in the warehouse (so a range it recovers is one a reader could recover).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import duckdb
import pytest

from tests.conftest import make_mini_project
from tests.intruder.indringer import (
    Regio,
    controleer_regio,
    exacte_waarden,
    kleine_geheimen,
    lees_regio,
    publiceert_personen,
    stelsel_van,
)
from tests.intruder.relaties import RELATIES, ongedekt, persoonsvelden
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.report import generate_all
from woonzorg_analyse.report.chapters import build_report
from woonzorg_analyse.report.context import make_context, regio_list

pytestmark = pytest.mark.integration
MAXIMUM = 25  # disclosures listed per region when the test fails (the search stops there)


@dataclass
class Gepubliceerd:
    """The published reports of one dataset: every report region, and those about persons read."""

    naam: str
    paths: Paths
    regios: list[tuple[str, str]]
    gelezen: list[Regio]


def _met_personen(
    paths: Paths, defs, deel: int = 0, delen: int = 1
) -> tuple[list[tuple[str, str]], dict[tuple[str, str], object]]:
    """Every report region, and the reports of part ``deel`` of ``delen`` of them (every
    ``delen``-th region from the ``deel``-th) that publish anything about persons."""
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        regios = [(t, c) for t, c, _ in regio_list(con, list(defs.instellingen.rapport_regio_types))]
        rapporten = {(t, c): build_report(make_context(con, defs, t, c)) for t, c in regios[deel::delen]}
    return regios, {key: r for key, r in rapporten.items() if publiceert_personen(r)}


# The embedded regions in two halves, each in its own pytest-xdist group: make test's two
# processes can then share the intruder's work on them (tests/conftest.py). Each dataset's tests
# run in one process, so that its fixture is made once.
DELEN = 2


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("mini", marks=pytest.mark.xdist_group("indringer-mini")),
        *(
            pytest.param(
                f"ingebed-{deel}", marks=[pytest.mark.slow, pytest.mark.xdist_group(f"ingebed-{deel}")]
            )
            for deel in range(1, DELEN + 1)
        ),
    ],
)
def gepubliceerd(request, tmp_path_factory) -> Gepubliceerd:
    """Every report region of the dataset; the reports of those that publish anything about
    persons are written (mini) or taken from the session's embedded build (its part of the
    regions), and read."""
    if request.param == "mini":
        paths = Paths.from_root(make_mini_project(tmp_path_factory.mktemp("indringer") / "project"))
        build(paths)
        defs = load_definitions(paths.definitions)
        regios, rapporten = _met_personen(paths, defs)
        generate_all(paths, jobs=1, codes=[c for _, c in rapporten])
    else:
        paths, defs, _ = request.getfixturevalue("embedded")
        regios, rapporten = _met_personen(paths, defs, int(request.param.split("-")[1]) - 1, DELEN)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        gelezen = [
            lees_regio(con, defs, paths.reports / t / c, t, c, rapport)
            for (t, c), rapport in rapporten.items()
        ]
    return Gepubliceerd(request.param, paths, regios, gelezen)


def test_every_region_is_read_and_the_intruder_understands_every_published_cell(gepubliceerd):
    assert len(gepubliceerd.regios) == 42
    codes = {r.regio_code for r in gepubliceerd.gelezen}
    if gepubliceerd.naam == "mini":
        assert "KL07" in codes
    else:  # every region publishes about persons; the parts together are all 42
        deel = int(gepubliceerd.naam.split("-")[1]) - 1
        assert codes == {c for _, c in gepubliceerd.regios[deel::DELEN]}
        assert len(codes) == len(range(42)[deel::DELEN])
    for regio in gepubliceerd.gelezen:
        kinds = Counter(w.lezing.soort for w in regio.publicatie.waarnemingen)
        unknown = [
            f"{w.plaats}: {w.lezing.tekst!r}"
            for w in regio.publicatie.waarnemingen
            if w.lezing.soort == "tekst"
        ]
        assert not unknown, f"{regio.regio_code}: cellen die de indringer niet kan lezen:\n" + "\n".join(
            unknown[:20]
        )
        assert kinds["getal"] > 100, regio.regio_code
    masked = sum(
        w.lezing.soort == "gemaskeerd" for r in gepubliceerd.gelezen for w in r.publicatie.waarnemingen
    )
    assert masked > 0


def test_every_column_about_persons_is_covered_by_a_relation_family(gepubliceerd):
    columns = 0
    for regio in gepubliceerd.gelezen:
        columns += sum(len(persoonsvelden(t)) for t in regio.publicatie.tabellen)
        missing = ongedekt(regio.publicatie.tabellen)
        assert not missing, (
            f"{regio.regio_code}: kolommen over personen zonder relatiefamilie; voeg hun relaties toe aan "
            "tests/intruder/relaties.py:\n  " + "\n  ".join(missing)
        )
    assert columns > 50


def test_every_modelled_relation_holds_for_the_exact_figures(gepubliceerd):
    """The intruder reads every cell right and models only true relations: the exact figures of
    the warehouse satisfy every bound and relation, so every range it computes holds the truth."""
    used: Counter = Counter()
    with duckdb.connect(str(gepubliceerd.paths.warehouse), read_only=True) as con:
        for regio in gepubliceerd.gelezen:
            stelsel, per_familie = stelsel_van(regio)
            used.update(per_familie)
            exact = exacte_waarden(con, regio.regio_type, regio.regio_code, list(stelsel._ouder))
            broken = stelsel.schendingen({g: v for g, v in exact.items() if v is not None})
            assert not broken, f"{regio.regio_code}:\n" + "\n".join(broken[:25])
    assert {f.naam for f in RELATIES} == {naam for naam, n in used.items() if n > 0}, used


def test_no_masked_count_can_be_narrowed_by_an_intruder(gepubliceerd):
    """Every "< 10", and every "x" that holds a small count, still allows every count from 1 to 9."""
    lines, found, checked, small_x = [], 0, 0, 0
    for regio in gepubliceerd.gelezen:
        with duckdb.connect(str(gepubliceerd.paths.warehouse), read_only=True) as con:
            klein = kleine_geheimen(con, regio)
        small_x += len(klein)
        result = controleer_regio(regio, maximum=MAXIMUM, klein=klein)
        checked += result.gecontroleerd
        found += len(result.onthullingen)
        lines += [str(o) for o in result.onthullingen]
        if len(result.onthullingen) >= MAXIMUM:
            lines.append(f"{regio.regio_code}: gestopt na {MAXIMUM}; er kunnen er meer zijn")
    assert checked > 0 and small_x > 0
    assert not found, f"{found} gemaskeerde aantallen terug te rekenen:\n" + "\n".join(lines)
