"""CBS 85980NED in its real shape, for tests: the StatLine files on disk, or the OData records a
local server serves. Keys are padded as CBS sends them; the titles are CBS's.

``HEERENVEEN`` holds the real rows of Heerenveen (GM0074), "Voltijdsstudent: totaal", as CBS
publishes them (issue 16): 2.645 students on 1 January 2023 and 2.435 on 31 December 2023.
"""

from __future__ import annotations

from pathlib import Path

DIMENSIONS = (  # Key, Type, Title
    ("AandachtsgroepVolkshuisvesting", "Dimension", "Aandachtsgroep volkshuisvesting"),
    ("Kenmerken", "Dimension", "Kenmerken"),
    ("RegioS", "GeoDimension", "Regio's"),
    ("Perioden", "TimeDimension", "Perioden"),
)
MEASURES = (  # Key, Title, TopicGroup title
    ("TotaalPersonen_1", "Totaal personen", "Personen"),
    ("TotaalHuishoudens_2", "Totaal huishoudens", "Huishoudens"),
    ("TotaalWoonruimten_3", "Totaal woonruimten", "Woonruimten"),
)
CATEGORIES = {
    "A048583 ": "Voltijdsstudent: totaal",
    "A048585 ": "Vergunninghouder: totaal",
    "A048590 ": "Dakloze: totaal",  # not in definitions/bronnen.yaml
}
KENMERKEN = {
    "T001038 ": "Totaal",
    "3000    ": "Geslacht: mannen",
    "4000    ": "Geslacht: vrouwen",
    "70100   ": "Leeftijd: jonger dan 18 jaar",
    "70200   ": "Leeftijd: 18 tot 27 jaar",
    "70300   ": "Leeftijd: 27 tot 65 jaar",
    "70400   ": "Leeftijd: 65 jaar of ouder",
    "1050010 ": "Particulier huishouden: eenpersoons",
    "1050015 ": "Particulier huishouden: meerpersoons",
    "1050020 ": "Institutioneel huishouden",
    "1050099 ": "Samenstelling huishouden onbekend",
    "2012655 ": "Migratieachtergrond: Nederland",  # not in definitions/bronnen.yaml
}
PERIODS = {
    "2023MM01": "2023 januari",
    "2023MM12": "2023 december",
    "2023MM07": "2023 juli",  # not in definitions/bronnen.yaml
}
REGIONS = {
    "GM0074  ": "Heerenveen",
    "GM0855  ": "Tilburg",
    "PV21    ": "Fryslân (PV)",
    "NL01    ": "Nederland",
}

STUDENT, TOTAAL, JAN, DEC = "A048583 ", "T001038 ", "2023MM01", "2023MM12"
# (category, kenmerk, region, period, personen, huishoudens, woonruimten): cells as StatLine writes them
HEERENVEEN = [
    (STUDENT, TOTAAL, "GM0074  ", JAN, "2645", "2235", "2205"),
    (STUDENT, TOTAAL, "GM0074  ", DEC, "2435", "2095", "2060"),
    (STUDENT, "3000    ", "GM0074  ", JAN, "1340", "", ""),
    (STUDENT, "70200   ", "GM0074  ", JAN, "2015", "", ""),
    (STUDENT, "70400   ", "GM0074  ", JAN, ".", "", ""),
    (STUDENT, "1050010 ", "GM0074  ", JAN, "195", "195", ""),
    (STUDENT, "1050015 ", "GM0074  ", JAN, "2450", "2040", ""),
    (STUDENT, "1050020 ", "GM0074  ", JAN, ".", ".", ""),
]
HEADER = ["ID", *(key for key, _t, _ti in DIMENSIONS), *(key for key, _t, _g in MEASURES)]


def properties() -> list[dict]:
    """DataProperties as OData records: the dimensions, and each measure under its TopicGroup."""
    records: list[dict] = []
    for position, (key, kind, title) in enumerate(DIMENSIONS):
        records.append(
            {"ID": position, "Position": position, "ParentID": None, "Type": kind, "Key": key, "Title": title}
        )
    for offset, (key, title, group) in enumerate(MEASURES):
        parent = len(records)
        records.append(
            {
                "ID": parent,
                "Position": None,
                "ParentID": None,
                "Type": "TopicGroup",
                "Key": "",
                "Title": group,
            }
        )
        records.append(
            {"ID": parent + 1, "Position": 4 + offset, "ParentID": parent, "Type": "Topic", "Key": key,
             "Title": title, "Unit": "aantal", "Decimals": 0}
        )  # fmt: skip
    return records


def dimension_lists(
    categories: dict[str, str] = CATEGORIES,
    kenmerken: dict[str, str] = KENMERKEN,
    periods: dict[str, str] = PERIODS,
    regions: dict[str, str] = REGIONS,
) -> dict[str, list[dict]]:
    """The dimension lists by dimension Key, as OData records (Key, Title, ...)."""
    return {
        "AandachtsgroepVolkshuisvesting": [
            {"Key": k, "Title": t, "Description": ""} for k, t in categories.items()
        ],
        "Kenmerken": [{"Key": k, "Title": t, "Description": ""} for k, t in kenmerken.items()],
        "RegioS": [{"Key": k, "Title": t} for k, t in regions.items()],
        "Perioden": [{"Key": k, "Title": t, "Status": "Definitief"} for k, t in periods.items()],
    }


def _number(cell: str) -> int | None:
    return None if cell in ("", ".") else int(cell)


def typed_records(rows: list[tuple]) -> list[dict]:
    """The rows as TypedDataSet records: numbers typed, '.' and an empty cell both null."""
    return [
        {"ID": number, **dict(zip(HEADER[1:5], row[:4], strict=True)),
         **{key: _number(cell) for (key, _t, _g), cell in zip(MEASURES, row[4:], strict=True)}}
        for number, row in enumerate(rows)
    ]  # fmt: skip


def odata_tables(
    rows: list[tuple],
    title: str = "Aandachtsgroepen volkshuisvesting; regio, 1 januari en 31 december",
    **lists,
) -> dict[str, list[dict]]:
    """Every entity of 85980NED as a local OData server serves it."""
    return {
        "TableInfos": [{"ID": 1, "Identifier": "85980NED", "Title": title}],
        "DataProperties": properties(),
        **dimension_lists(**lists),
        "TypedDataSet": typed_records(rows),
    }


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = [";".join(header), *(";".join(str(c) for c in row) for row in rows)]
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")


def write_statline(folder: Path, rows: list[tuple], **lists) -> Path:
    """Write 85980NED as StatLine CSV files into ``folder``; return the data file."""
    folder.mkdir(parents=True, exist_ok=True)
    props = properties()
    columns = ["Key", "Type", "Title", "Unit", "Decimals", "ID", "Position", "ParentID"]
    _write(
        folder / "85980NED_DataProperties.csv",
        columns,
        [["" if r.get(c) is None else r.get(c) for c in columns] for r in props],
    )
    for key, records in dimension_lists(**lists).items():
        header = list(records[0]) if records else ["Key", "Title"]
        _write(folder / f"85980NED_{key}.csv", header, [[r[c] for c in header] for r in records])
    path = folder / "85980NED_TypedDataSet.csv"
    _write(path, HEADER, [[number, *row] for number, row in enumerate(rows)])
    return path
