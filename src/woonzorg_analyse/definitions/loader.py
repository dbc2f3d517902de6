"""Load the shared definitions in ``definitions/`` into typed Python objects and tables.

The definitions are the single source of truth: fields and tables (from which the pandera
schemas are generated), aandachtsgroepen, woonvormen, sources, regions and their memberships,
herindelingen, verdeelsleutels and scenario assumptions. Nothing here reads data files.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from woonzorg_analyse.errors import DefinitionError

LAGEN = ("populatie", "urgente_vraag")
EENHEDEN = ("personen", "huishoudens", "woonruimten")
STATUSSEN = (
    "definitief",
    "voorlopig",
    "nader_voorlopig",
    "onderdrukt",
    "geheim",
    "nihil",
    "bestaat_niet",
)


@dataclass(frozen=True)
class Field:
    """One column as defined in velden.yaml."""

    name: str
    type: str
    label: str
    omschrijving: str
    eenheid: str | None = None
    leeg: bool = False
    waarden: tuple[str, ...] | None = None
    codes: str | None = None
    min: float | None = None
    max: float | None = None
    patroon: str | None = None


@dataclass(frozen=True)
class Table:
    """One table as defined in tabellen.yaml."""

    name: str
    omschrijving: str
    korrel: str
    velden: tuple[str, ...]
    sleutel: tuple[str, ...]


@dataclass(frozen=True)
class Aandachtsgroep:
    """One aandachtsgroep (or subgroup) as defined in aandachtsgroepen.yaml."""

    code: str
    naam: str
    omschrijving: str
    officieel: bool
    eenheid: str
    maat: str
    lagen: tuple[str, ...]
    woonvormen: dict[str, float]
    woningen_per_eenheid: float
    bronnen: tuple[str, ...]
    ouder: str | None = None
    som_van_subgroepen: bool = False

    @property
    def hoofdlaag(self) -> str:
        """The layer the analysis counts with: the first listed."""
        return self.lagen[0]


@dataclass(frozen=True)
class Bron:
    """One source as defined in bronnen.yaml."""

    code: str
    producent: str
    titel: str
    tabel_id: str
    licentie: str
    frequentie: str
    afronding: int
    map: str
    vermelding: str
    toelichting: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Definitions:
    """All shared definitions, loaded from one ``definitions/`` folder."""

    path: Path
    version: str
    settings: dict[str, Any]
    fields: dict[str, Field]
    tables: dict[str, Table]
    aandachtsgroepen: dict[str, Aandachtsgroep]
    woonvormen: dict[str, dict[str, str]]
    bronnen: dict[str, Bron]
    symbolen: dict[str, str]
    gemeenten: pd.DataFrame
    regios: pd.DataFrame
    lidmaatschap: pd.DataFrame
    herindelingen: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def referentiejaar(self) -> int:
        """Year whose gemeente indeling all figures are harmonised onto."""
        return int(self.settings["referentiejaar"])

    @property
    def onthullingsdrempel(self) -> int:
        """Published cells about persons below this number are masked."""
        return int(self.settings["onthullingsdrempel"])

    @cached_property
    def code_lists(self) -> dict[str, tuple[str, ...]]:
        """Allowed values that velden.yaml refers to with ``codes:``."""
        return {
            "aandachtsgroepen": tuple(self.aandachtsgroepen),
            "woonvormen": tuple(self.woonvormen),
            "bronnen": tuple(self.bronnen),
            "regio_types": tuple(sorted(self.regios["regio_type"].unique())),
            "statussen": STATUSSEN,
        }

    def gemeenten_op(self, peildatum: date) -> frozenset[str]:
        """Return the gemeente codes in force on ``peildatum``.

        A code is in force when it is in the indeling of the peildatum's year and has not
        ended earlier that year (Weesp ended on 24 March 2022).
        """
        key = ("gemeenten_op", peildatum)
        if key not in self.cache:
            rows = self.gemeenten[self.gemeenten["indeling_jaar"] == peildatum.year]
            ended = rows["einddatum"].notna() & (rows["einddatum"] <= pd.Timestamp(peildatum))
            self.cache[key] = frozenset(rows.loc[~ended, "gemeente_code"])
        return self.cache[key]

    def indeling(self, jaar: int) -> pd.DataFrame:
        """Return the gemeenten of the indeling of 1 January ``jaar``: code, name, province."""
        rows = self.gemeenten[self.gemeenten["indeling_jaar"] == jaar]
        if rows.empty:
            raise DefinitionError(f"geen gemeentelijke indeling voor {jaar} in definitions/regios")
        return rows[["gemeente_code", "gemeente_naam", "provincie_code"]].reset_index(drop=True)

    def checksum(self) -> str:
        """Return one sha256 over every file in definitions/ (names and bytes, sorted)."""
        digest = hashlib.sha256()
        for file in sorted(p for p in self.path.rglob("*") if p.is_file()):
            digest.update(file.relative_to(self.path).as_posix().encode())
            digest.update(file.read_bytes())
        return digest.hexdigest()


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise DefinitionError(f"definitiebestand ontbreekt: {path}") from exc
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path}: geen geldige YAML ({exc})") from exc


def _read_merged(path: Path, stem: str) -> dict[str, Any]:
    """Return the mappings of ``<stem>.yaml`` and every ``<stem>_*.yaml`` merged; a name
    defined twice is an error (every field and table is defined once)."""
    merged: dict[str, Any] = {}
    files = [path / f"{stem}.yaml", *sorted(path.glob(f"{stem}_*.yaml"))]
    for file in files:
        for name, spec in (_read_yaml(file) or {}).items():
            if name in merged:
                raise DefinitionError(f"{file.name}: '{name}' is al gedefinieerd in een ander {stem}-bestand")
            merged[name] = spec
    return merged


def _read_csv(path: Path, dates: tuple[str, ...] = ()) -> pd.DataFrame:
    if not path.is_file():
        raise DefinitionError(f"definitiebestand ontbreekt: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = pd.DataFrame(rows, dtype="str")
    for column in frame.columns:
        frame[column] = frame[column].replace("", pd.NA)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d").astype("datetime64[us]")
    return frame


def _fields(raw: dict[str, dict[str, Any]]) -> dict[str, Field]:
    result = {}
    for name, spec in raw.items():
        spec = dict(spec)
        waarden = spec.pop("waarden", None)
        result[name] = Field(
            name=name,
            waarden=tuple(waarden) if waarden else None,
            **spec,
        )
    return result


def _tables(raw: dict[str, dict[str, Any]]) -> dict[str, Table]:
    return {
        name: Table(
            name=name,
            omschrijving=spec["omschrijving"],
            korrel=spec["korrel"],
            velden=tuple(spec["velden"]),
            sleutel=tuple(spec["sleutel"]),
        )
        for name, spec in raw.items()
    }


def _aandachtsgroepen(raw: list[dict[str, Any]]) -> dict[str, Aandachtsgroep]:
    result = {}
    for spec in raw:
        result[spec["code"]] = Aandachtsgroep(
            code=spec["code"],
            naam=spec["naam"],
            omschrijving=" ".join(str(spec["omschrijving"]).split()),
            officieel=bool(spec["officieel"]),
            eenheid=spec["eenheid"],
            maat=spec["maat"],
            lagen=tuple(spec["lagen"]),
            woonvormen={k: float(v) for k, v in spec["woonvormen"].items()},
            woningen_per_eenheid=float(spec["woningen_per_eenheid"]),
            bronnen=tuple(spec.get("bronnen", ())),
            ouder=spec.get("ouder"),
            som_van_subgroepen=bool(spec.get("som_van_subgroepen", False)),
        )
    return result


_BRON_KEYS = {
    "code", "producent", "titel", "tabel_id", "licentie", "frequentie", "afronding", "map",
    "vermelding", "toelichting",
}  # fmt: skip


def _bronnen(raw: list[dict[str, Any]]) -> dict[str, Bron]:
    result = {}
    for spec in raw:
        known = {k: v for k, v in spec.items() if k in _BRON_KEYS}
        known["toelichting"] = " ".join(str(known.get("toelichting", "")).split())
        known["afronding"] = int(known["afronding"])
        extra = {k: v for k, v in spec.items() if k not in _BRON_KEYS}
        result[spec["code"]] = Bron(extra=extra, **known)
    return result


def load_definitions(path: Path) -> Definitions:
    """Return the definitions in folder ``path``, checked for internal consistency."""
    path = Path(path)
    meta = _read_yaml(path / "definitions.yaml")
    groepen = _read_yaml(path / "aandachtsgroepen.yaml")
    bronnen = _read_yaml(path / "bronnen.yaml")
    extra = {}
    for optional in ("verdeelsleutels", "scenarios", "rapport"):
        file = path / f"{optional}.yaml"
        if file.is_file():
            extra[optional] = _read_yaml(file)
    definitions = Definitions(
        path=path,
        version=str(meta["version"]),
        settings={k: v for k, v in meta.items() if k != "version"},
        fields=_fields(_read_merged(path, "velden")),
        tables=_tables(_read_merged(path, "tabellen")),
        aandachtsgroepen=_aandachtsgroepen(groepen["aandachtsgroepen"]),
        woonvormen={w["code"]: w for w in groepen["woonvormen"]},
        bronnen=_bronnen(bronnen["bronnen"]),
        symbolen={str(k): v for k, v in bronnen["symbolen"].items()},
        gemeenten=_read_csv(path / "regios" / "gemeenten.csv", dates=("begindatum", "einddatum")).astype(
            {"indeling_jaar": "Int64"}
        ),
        regios=_read_csv(path / "regios" / "regios.csv"),
        lidmaatschap=_read_csv(path / "regios" / "lidmaatschap.csv").astype({"indeling_jaar": "Int64"}),
        herindelingen=_read_csv(path / "regios" / "herindelingen.csv", dates=("datum",)).astype(
            {"aandeel_adressen": "Float64", "adressen_naar_nieuw": "Int64"}
        ),
        extra=extra,
    )
    check_definitions(definitions)
    return definitions


def check_definitions(defs: Definitions) -> None:
    """Raise DefinitionError when the definitions contradict themselves."""
    problems: list[str] = []
    for table in defs.tables.values():
        for name in table.velden:
            if name not in defs.fields:
                problems.append(f"tabel {table.name}: veld '{name}' staat niet in velden.yaml")
        for name in table.sleutel:
            if name not in table.velden:
                problems.append(f"tabel {table.name}: sleutelveld '{name}' is geen veld van de tabel")
    for item in defs.fields.values():
        if item.codes and item.codes not in defs.code_lists:
            problems.append(f"veld {item.name}: onbekende codelijst '{item.codes}'")
        if item.type not in {"str", "Int64", "Float64", "bool", "date"}:
            problems.append(f"veld {item.name}: onbekend type '{item.type}'")
    for groep in defs.aandachtsgroepen.values():
        if groep.eenheid not in EENHEDEN:
            problems.append(f"aandachtsgroep {groep.code}: onbekende eenheid '{groep.eenheid}'")
        if groep.maat not in ("stand", "instroom"):
            problems.append(f"aandachtsgroep {groep.code}: onbekende maat '{groep.maat}'")
        for laag in groep.lagen:
            if laag not in LAGEN:
                problems.append(f"aandachtsgroep {groep.code}: onbekende laag '{laag}'")
        for woonvorm in groep.woonvormen:
            if woonvorm not in defs.woonvormen:
                problems.append(f"aandachtsgroep {groep.code}: onbekende woonvorm '{woonvorm}'")
        if abs(sum(groep.woonvormen.values()) - 1) > 1e-9:
            problems.append(f"aandachtsgroep {groep.code}: aandelen woonvormen tellen niet op tot 1")
        for bron in groep.bronnen:
            if bron not in defs.bronnen:
                problems.append(f"aandachtsgroep {groep.code}: onbekende bron '{bron}'")
        if groep.ouder:
            ouder = defs.aandachtsgroepen.get(groep.ouder)
            if ouder is None:
                problems.append(f"aandachtsgroep {groep.code}: onbekende hoofdgroep '{groep.ouder}'")
            elif (ouder.eenheid, ouder.maat) != (groep.eenheid, groep.maat):
                problems.append(
                    f"aandachtsgroep {groep.code}: eenheid en maat wijken af van hoofdgroep {ouder.code}"
                )
    regio_keys = set(zip(defs.regios["regio_type"], defs.regios["regio_code"], strict=True))
    for row in defs.lidmaatschap[["regio_type", "regio_code"]].drop_duplicates().itertuples():
        if (row.regio_type, row.regio_code) not in regio_keys:
            problems.append(f"lidmaatschap: onbekende regio {row.regio_type} {row.regio_code}")
    codes_per_jaar = defs.gemeenten.groupby("indeling_jaar")["gemeente_code"].apply(set).to_dict()
    for row in defs.lidmaatschap.itertuples():
        if row.gemeente_code not in codes_per_jaar.get(row.indeling_jaar, set()):
            problems.append(
                f"lidmaatschap: gemeente {row.gemeente_code} bestaat niet in indeling {row.indeling_jaar}"
            )
    shares = defs.herindelingen.groupby("oud_code")["aandeel_adressen"].sum()
    for code, total in shares.items():
        if abs(float(total) - 1) > 0.001:
            problems.append(f"herindelingen: aandelen van {code} tellen op tot {total:.4f}, niet 1")
    if problems:
        raise DefinitionError("; ".join(problems))
