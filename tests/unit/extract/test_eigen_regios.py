"""The loader of the user's own regions (regios/regios.csv): recognised by its header, codes
normalised, empty cells named."""

from __future__ import annotations

import pytest

from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.registry import read_kop, recognise
from woonzorg_analyse.extract.sources import eigen_regios

HEADER = "regio_type;regio_code;regio_naam;gemeente_code\n"


def test_regios_csv_is_recognised_by_its_header_and_read_with_normalised_codes(tmp_path):
    path = tmp_path / "raw" / "regios" / "mijn_indeling.csv"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + "jeugdregio;JR01;West;784\njeugdregio;JR01;West;GM0766\n", encoding="utf-8")
    assert [(s.bron, role) for s, role in recognise(read_kop(path))] == [("eigen_regios", "gegevens")]
    frame = eigen_regios.load(path, None)
    assert frame["gemeente_code"].tolist() == ["GM0784", "GM0766"]
    assert frame["gemeente_code_geleverd"].tolist() == ["784", "GM0766"]
    assert frame["bestand"].unique().tolist() == ["regios/mijn_indeling.csv"]
    assert frame["_plaats"].tolist() == ["regel 2", "regel 3"]


def test_empty_cells_and_a_missing_column_are_named(tmp_path):
    path = tmp_path / "regios.csv"
    path.write_text(HEADER + "jeugdregio;;West;GM0766\n;JR01;;x\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        eigen_regios.load(path, None)
    assert [(p.plaats, p.kolom, p.regel) for p in error.value.problems] == [
        ("regel 2", "regio_code", "verplichte waarde ontbreekt"),
        ("regel 3", "gemeente_code", "geen geldige gemeentecode (verwacht GM gevolgd door vier cijfers)"),
        ("regel 3", "regio_naam", "verplichte waarde ontbreekt"),
        ("regel 3", "regio_type", "verplichte waarde ontbreekt"),
    ]
    path.write_text(
        "regio_type;regio_code;regio_naam;gemeente\njeugdregio;JR01;West;GM0766\n", encoding="utf-8"
    )
    assert recognise(read_kop(path)) == []
