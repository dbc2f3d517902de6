"""The definitions have tests of their own (STYLE.md convention 4)."""

import shutil

import pandas as pd
import pandera.pandas as pa
import pytest
import yaml

from tests.conftest import ROOT
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.definitions.schemas import empty_frame, schema_for
from woonzorg_analyse.errors import DefinitionError


def test_every_field_is_used_by_a_table(defs):
    used = {name for table in defs.tables.values() for name in table.velden}
    assert set(defs.fields) - used == set()


def test_every_key_field_is_a_field_of_its_table(defs):
    for table in defs.tables.values():
        assert set(table.sleutel) <= set(table.velden), table.name


def test_region_register_matches_cbs_counts(defs):
    counts = defs.gemeenten.groupby("indeling_jaar").size().to_dict()
    assert counts == {2019: 355, 2020: 355, 2021: 352, 2022: 345, 2023: 342, 2024: 342, 2025: 342}
    woondeal = defs.lidmaatschap[defs.lidmaatschap["regio_type"] == "woondealregio"]
    assert woondeal["regio_code"].nunique() == 35
    assert woondeal.loc[woondeal["hoofdregio"] == "ja", "gemeente_code"].is_unique
    assert set(woondeal["gemeente_code"]) == set(defs.indeling(2025)["gemeente_code"])
    koploper = defs.lidmaatschap[defs.lidmaatschap["regio_type"] == "koploperregio"]
    assert koploper.groupby("regio_code").size().to_dict() == {
        "KL01": 30,
        "KL02": 8,
        "KL03": 10,
        "KL04": 8,
        "KL05": 7,
        "KL06": 18,
        "KL07": 9,
    }


def test_gemeenten_in_force_follow_mid_year_ends(defs):
    from datetime import date

    assert "GM0457" in defs.gemeenten_op(date(2022, 1, 1))  # Weesp
    assert "GM0457" not in defs.gemeenten_op(date(2022, 3, 24))
    assert "GM1992" in defs.gemeenten_op(date(2023, 1, 1))  # Voorne aan Zee
    assert "GM0501" in defs.gemeenten_op(date(2022, 12, 31))  # Brielle


def test_split_shares_add_up_to_one(defs):
    shares = defs.herindelingen.groupby("oud_code")["aandeel_adressen"].sum()
    assert ((shares - 1).abs() <= 0.001).all()
    haaren = defs.herindelingen[defs.herindelingen["oud_code"] == "GM0788"]
    assert len(haaren) == 4


def test_generated_schema_rejects_wrong_dtype_duplicate_key_and_unknown_code(defs):
    schema = schema_for("ref_aandachtsgroep_woonvorm", defs)
    good = pd.DataFrame(
        {
            "aandachtsgroep": ["studenten", "studenten"],
            "woonvorm": ["zelfstandig", "onzelfstandig"],
            "aandeel": pd.array([0.35, 0.65], dtype="Float64"),
        }
    ).astype({"aandachtsgroep": "str", "woonvorm": "str"})
    schema.validate(good)
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(good.assign(aandeel=["0,35", "0,65"]))  # wrong dtype
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(pd.concat([good, good.iloc[[0]]], ignore_index=True))  # duplicate key
    with pytest.raises(pa.errors.SchemaError):
        schema.validate(good.assign(woonvorm=pd.array(["zelfstandig", "caravan"], dtype="str")))


def test_schema_rejects_a_malformed_gemeente_code(defs):
    frame = empty_frame("ref_gemeente", defs)
    schema_for("ref_gemeente", defs).validate(frame)
    bad = pd.DataFrame(
        {
            "indeling_jaar": pd.array([2025], dtype="Int64"),
            "gemeente_code": ["363"],
            "gemeente_naam": ["Amsterdam"],
            "provincie_code": ["PV27"],
            "begindatum": pd.to_datetime(["1970-01-01"]).astype("datetime64[us]"),
            "einddatum": pd.Series([pd.NaT], dtype="datetime64[us]"),
        }
    ).astype({"gemeente_code": "str", "gemeente_naam": "str", "provincie_code": "str"})
    with pytest.raises(pa.errors.SchemaError, match="patroon"):
        schema_for("ref_gemeente", defs).validate(bad)


def _copy(tmp_path):
    target = tmp_path / "definitions"
    shutil.copytree(ROOT / "definitions", target)
    return target


def test_a_table_naming_an_unknown_field_is_refused(tmp_path):
    target = _copy(tmp_path)
    tables = yaml.safe_load((target / "tabellen.yaml").read_text(encoding="utf-8"))
    tables["ref_woonvorm"]["velden"].append("bestaat_niet")
    (target / "tabellen.yaml").write_text(yaml.safe_dump(tables, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"veld .bestaat_niet. staat niet in velden\.yaml"):
        load_definitions(target)


def test_woonvorm_shares_must_add_up(tmp_path):
    target = _copy(tmp_path)
    text = (target / "aandachtsgroepen.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "woonvormen: {zelfstandig: 1.00}\n    woningen_per_eenheid: 1.00\n    bronnen: [gemeentelijke_levering]\n\n  - code: uitstroom_intramuraal",
        "woonvormen: {zelfstandig: 0.90}\n    woningen_per_eenheid: 1.00\n    bronnen: [gemeentelijke_levering]\n\n  - code: uitstroom_intramuraal",
    )
    (target / "aandachtsgroepen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(
        DefinitionError,
        match=r"aandachtsgroepen.yaml: aandachtsgroepen\[1\] \(urgenten\)\.woonvormen: aandelen woonvormen tellen niet op tot 1",
    ):
        load_definitions(target)


def test_a_field_defined_twice_is_refused(tmp_path):
    target = _copy(tmp_path)
    (target / "velden_extra.yaml").write_text("gemeente_code:\n  type: str\n  label: x\n  omschrijving: x\n")
    with pytest.raises(DefinitionError, match="'gemeente_code' is al gedefinieerd"):
        load_definitions(target)


def test_membership_of_an_unknown_gemeente_is_refused(tmp_path):
    target = _copy(tmp_path)
    with (target / "regios" / "lidmaatschap.csv").open("a", encoding="utf-8") as stream:
        stream.write("2025,koploperregio,KL07,GM9999,bevestigd,,ja,test\n")
    with pytest.raises(DefinitionError, match="gemeente GM9999 bestaat niet in indeling 2025"):
        load_definitions(target)


def test_a_key_typo_names_file_group_and_key(tmp_path):
    target = _copy(tmp_path)
    text = (target / "aandachtsgroepen.yaml").read_text(encoding="utf-8")
    text = text.replace("    woningen_per_eenheid: 0.45\n", "    woningen_per_eenhied: 0.45\n", 1)
    (target / "aandachtsgroepen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definitions(target)
    message = str(caught.value)
    assert "aandachtsgroepen.yaml" in message
    assert "aandachtsgroepen[0] (statushouders).woningen_per_eenhied: onbekende sleutel (tikfout?)" in message
    assert "aandachtsgroepen[0] (statushouders).woningen_per_eenheid: verplichte sleutel ontbreekt" in message


def test_text_where_a_number_belongs_and_an_unknown_unit_are_named(tmp_path):
    target = _copy(tmp_path)
    text = (target / "definitions.yaml").read_text(encoding="utf-8")
    (target / "definitions.yaml").write_text(
        text.replace("doeljaar: 2030", "doeljaar: dertig"), encoding="utf-8"
    )
    with pytest.raises(
        DefinitionError, match=r"definitions\.yaml: doeljaar: moet een geheel getal zijn \(waarde: 'dertig'\)"
    ):
        load_definitions(target)
    (target / "definitions.yaml").write_text(text, encoding="utf-8")
    groepen = (target / "aandachtsgroepen.yaml").read_text(encoding="utf-8")
    (target / "aandachtsgroepen.yaml").write_text(
        groepen.replace("eenheid: huishoudens", "eenheid: gezinnen", 1), encoding="utf-8"
    )
    with pytest.raises(
        DefinitionError, match=r"aandachtsgroepen\[1\] \(urgenten\)\.eenheid: onbekende waarde 'gezinnen'"
    ):
        load_definitions(target)


def test_a_file_that_is_a_list_instead_of_a_mapping_is_named(tmp_path):
    target = _copy(tmp_path)
    (target / "verdeelsleutels.yaml").write_text("- inwoners\n- sociale_huur\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"verdeelsleutels\.yaml: \(hele bestand\): moet een mapping"):
        load_definitions(target)


def test_broken_yaml_names_the_line(tmp_path):
    target = _copy(tmp_path)
    (target / "scenarios.yaml").write_text("scenarios:\n  - code: laag\n   naam: [\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"scenarios\.yaml, regel \d+: geen geldige YAML"):
        load_definitions(target)


def test_definitions_are_read_once_until_a_file_changes(tmp_path):
    target = _copy(tmp_path)
    first = load_definitions(target)
    assert load_definitions(target) is first
    path = target / "definitions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("doeljaar: 2030", "doeljaar: 2031"), encoding="utf-8"
    )
    assert load_definitions(target).doeljaar == 2031


def test_every_integration_test_carries_the_integration_marker(request):
    session = request.session
    marked = [
        i for i in session.items if "tests/integration/" in i.nodeid and i.get_closest_marker("integration")
    ]
    unmarked = [
        i.nodeid
        for i in session.items
        if "tests/integration/" in i.nodeid and not i.get_closest_marker("integration")
    ]
    assert unmarked == [] and (marked or not any("tests/integration/" in i.nodeid for i in session.items))


def test_every_group_has_a_role_and_a_subgroup_shares_its_parents(defs, tmp_path):
    assert {g.rol for g in defs.aandachtsgroepen.values()} == {"verdeling", "specifiek", "wonen_zorg"}
    assert [c for c, g in defs.aandachtsgroepen.items() if g.verdeelgroep][:3] == [
        "statushouders",
        "urgenten",
        "uitstroom_intramuraal",
    ]
    target = _copy(tmp_path)
    text = (target / "aandachtsgroepen.yaml").read_text(encoding="utf-8")
    text = text.replace("  - code: uitstroom_bw\n    naam: Uitstromers uit beschermd wonen\n    rol: verdeling",
                        "  - code: uitstroom_bw\n    naam: Uitstromers uit beschermd wonen\n    rol: specifiek")  # fmt: skip
    (target / "aandachtsgroepen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(
        DefinitionError, match="uitstroom_bw: rol wijkt af van hoofdgroep uitstroom_intramuraal"
    ):
        load_definitions(target)
