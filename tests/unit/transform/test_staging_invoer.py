"""staging.meta_invoerbestand_gemeente: which gemeenten a file that a report uses only per
gemeente (supply, mutatiegraad) gives rows for; every other file counts for every region."""

from __future__ import annotations

import pandas as pd

from woonzorg_analyse.transform.staging import meta_invoerbestand_gemeente

AANBOD = ("stg_gemeente__aanbod",)
GROEPEN = ("stg_gemeente__aandachtsgroepen",)


def rows(*pairs: tuple[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame({"bestand": [b for b, _ in pairs], "gemeente_code": [g for _, g in pairs]})


def test_a_local_file_lists_its_gemeenten_as_delivered_once_each():
    result = meta_invoerbestand_gemeente(
        {
            AANBOD: rows(("aanbod.csv", "GM0003"), ("aanbod.csv", "GM1979"), ("aanbod.csv", "GM0003")),
            GROEPEN: rows(("groepen.csv", "GM0003")),
        }
    )
    # the old code GM0003 (Appingedam) is kept: the SQL follows it to Eemsdelta
    assert result.to_dict("list") == {
        "bestand": ["aanbod.csv", "aanbod.csv"],
        "gemeente_code": ["GM0003", "GM1979"],
    }


def test_a_file_a_national_source_also_reads_counts_for_every_region():
    """A workbook with a sheet of supply and one of aandachtsgroepen feeds the national trend."""
    result = meta_invoerbestand_gemeente(
        {
            AANBOD: rows(("werkboek.xlsx", "GM0003"), ("aanbod.csv", "GM0014")),
            GROEPEN: rows(("werkboek.xlsx", "GM0003")),
        }
    )
    assert result["bestand"].tolist() == ["aanbod.csv"]


def test_no_local_rows_give_an_empty_table_and_a_missing_code_no_row():
    assert meta_invoerbestand_gemeente({GROEPEN: rows(("groepen.csv", "GM0003"))}).empty
    assert meta_invoerbestand_gemeente({AANBOD: pd.DataFrame()}).empty
    result = meta_invoerbestand_gemeente({AANBOD: rows(("aanbod.csv", None), ("aanbod.csv", "GM0014"))})
    assert result["gemeente_code"].tolist() == ["GM0014"]
