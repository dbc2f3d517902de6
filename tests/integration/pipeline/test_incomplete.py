"""A region's first real round: Hart van Brabant with deliveries from 4 of its 9 gemeenten.

Like with like: every regional comparison uses the gemeenten with a figure only; the others read
"geen gegevens"; a regional total over part of the gemeenten is an open range "op basis van K van
N gemeenten"; an absent source is said, never cited; no "nan" anywhere.
"""

from __future__ import annotations

import csv
import io
import re

import duckdb
import pytest

from tests.conftest import KL07_DELIVERERS
from woonzorg_analyse.cli import run
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.report import HTML, PDF, XLSX, generate_all
from woonzorg_analyse.report.writer import VERANTWOORDING_HTML

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def partial(partial_built, tmp_path_factory):
    paths = Paths.from_root(partial_built, reports=tmp_path_factory.mktemp("deels-rapporten") / "reports")
    generate_all(paths, jobs=1, codes=["KL07"])
    return paths


def query(paths, sql, *params):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_fair_share_spreads_the_total_of_the_deliverers_over_the_deliverers_only(partial):
    rows = query(
        partial,
        "select gemeente_code, huidig, eerlijk_aandeel, verschil, totaal_regio, gemeenten_met_cijfer, "
        "aantal_gemeenten from agg__eerlijk_aandeel where regio_code = 'KL07' and aandachtsgroep = 'urgenten' "
        "and verdeelsleutel = 'inwoners' order by gemeente_code",
    )
    assert len(rows) == 9
    met = [r for r in rows if r[0] in KL07_DELIVERERS]
    zonder = [r for r in rows if r[0] not in KL07_DELIVERERS]
    assert len(met) == 4 and all(r[1] is not None for r in met)
    assert all(r[1:4] == (None, None, None) for r in zonder)  # geen gegevens: never above or below
    assert sum(r[2] for r in met) == met[0][4] == round(sum(r[1] for r in met))
    assert {(r[5], r[6]) for r in rows} == {(4, 9)}
    # above the fair share: counted among the deliverers only, not 4 of 9
    boven = query(
        partial,
        "select gemeenten_boven_eerlijk_aandeel, gemeenten_met_cijfer, aantal_gemeenten, onvolledig "
        "from rpt__samenvatting where regio_code = 'KL07' and aandachtsgroep = 'urgenten'",
    )[0]
    assert boven[0] < 4 and boven[1:] == (4, 9, True)


def test_the_spread_and_the_location_quotients_compare_the_deliverers_with_their_own_inhabitants(partial):
    rows = query(
        partial,
        "select aantal_schatting, inwoners from agg__verdeling_gemeente "
        "where regio_code = 'KL07' and aandachtsgroep = 'urgenten' and actueel and aantal_schatting is not null",
    )
    assert len(rows) == 4
    groep, inwoners = sum(r[0] for r in rows), sum(r[1] for r in rows)
    expected = 0.5 * sum(abs(n / groep - i / inwoners) for n, i in rows)
    index = query(
        partial,
        "select dissimilariteitsindex from agg__verdeling_regio where regio_code = 'KL07' "
        "and aandachtsgroep = 'urgenten' and actueel",
    )[0][0]
    assert index == pytest.approx(expected)
    shares = query(
        partial,
        "select sum(aandeel_inwoners) from rpt__verdeling_gemeente where regio_code = 'KL07' "
        "and aandachtsgroep = 'urgenten' and not totaalrij",
    )[0][0]
    assert shares == pytest.approx(1.0)  # the inhabitants' shares of the same 4 gemeenten


def test_allocate_leaves_a_gemeente_without_a_figure_empty(partial, capsys):
    args = ["allocate", "--root", str(partial.root), "--regio-type", "koploperregio", "--regio", "KL07"]
    assert run([*args, "--groep", "urgenten", "--sleutel", "inwoners", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 9
    for row in rows:
        empty = (row["huidig"], row["eerlijk_aandeel"], row["verschil"]) == ("", "", "")
        assert empty == (row["gemeente_code"] not in KL07_DELIVERERS), row


def test_the_report_prints_open_ranges_with_k_of_n_and_says_what_is_absent(partial):
    folder = partial.reports / "koploperregio" / "KL07"
    html = (folder / HTML).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "op basis van 4 van 9 gemeenten" in html
    assert re.search(r"≥ [\d.]+, onvolledig", html)
    assert "geen gegevens" in html
    assert "Rijksoverheid, taakstelling vergunninghouders ontbreekt in deze analyse" in html
    for name in (HTML, VERANTWOORDING_HTML):
        text = (folder / name).read_text(encoding="utf-8")
        assert not re.search(r"\bnan\b", text, re.IGNORECASE), name
        # an absent source is never cited under a table or chart
        assert "Bron: Rijksoverheid" not in text and "; Rijksoverheid" not in text
    # the samenvatting and the chapters print the same regional figure for a group
    total = query(
        partial,
        "select vraag_woningen from rpt__samenvatting where regio_code = 'KL07' and aandachtsgroep = 'urgenten'",
    )[0][0]
    from woonzorg_analyse.formatting import getal

    assert html.count(f"≥ {getal(total)}, onvolledig") >= 2
    assert (folder / PDF).stat().st_size > 0 and (folder / XLSX).stat().st_size > 0
