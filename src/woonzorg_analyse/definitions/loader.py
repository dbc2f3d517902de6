"""Load the shared definitions in ``definitions/`` into typed objects and tables.

The definitions are the single source of truth: settings, fields and tables (from which the
pandera schemas are generated), aandachtsgroepen, woonvormen, sources, verdeelsleutels,
scenarios, the report texts, and the region register (CSV: indeling per year, regions,
memberships, herindelingen). Every YAML file is validated against its typed model
(:mod:`woonzorg_analyse.definitions.models`); rules that span files are checked here. Nothing
here reads data files.
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

from woonzorg_analyse.definitions.models import (
    EENHEDEN,
    LAGEN,
    Aandachtsgroep,
    AandachtsgroepenBestand,
    Bron,
    BronnenBestand,
    Instellingen,
    RapportBestand,
    Scenario,
    ScenariosBestand,
    Tabel,
    Veld,
    Verdeelsleutel,
    VerdeelsleutelsBestand,
    WoningmarktBestand,
    Woonvorm,
    load_model,
    parse_model,
    read_yaml,
)
from woonzorg_analyse.errors import DefinitionError

STATUSSEN = (
    "definitief",
    "voorlopig",
    "nader_voorlopig",
    "onderdrukt",
    "geheim",
    "nihil",
    "bestaat_niet",
)

__all__ = ["EENHEDEN", "LAGEN", "STATUSSEN", "Definitions", "load_definitions"]


@dataclass(frozen=True)
class Definitions:
    """All shared definitions, loaded from one ``definitions/`` folder."""

    path: Path
    instellingen: Instellingen
    fields: dict[str, Veld]
    tables: dict[str, Tabel]
    aandachtsgroepen: dict[str, Aandachtsgroep]
    woonvormen: dict[str, Woonvorm]
    bronnen: dict[str, Bron]
    symbolen: dict[str, str]
    verdeelsleutels: tuple[Verdeelsleutel, ...]
    scenarios: ScenariosBestand
    rapport: RapportBestand
    gemeenten: pd.DataFrame
    regios: pd.DataFrame
    lidmaatschap: pd.DataFrame
    herindelingen: pd.DataFrame
    woningmarkt: WoningmarktBestand | None = None  # woningmarkt.yaml (mutatiegraad, drukdrempel)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def version(self) -> str:
        """The definitions version (definitions.yaml ``version``)."""
        return self.instellingen.version

    @property
    def referentiejaar(self) -> int:
        """Year whose gemeente indeling all figures are harmonised onto."""
        return self.instellingen.referentiejaar

    @property
    def doeljaar(self) -> int:
        """The year by which the fair share should be reached."""
        return self.instellingen.doeljaar

    @property
    def prognosejaren(self) -> tuple[int, ...]:
        """The horizons of the groeibehoefte, ascending."""
        return self.instellingen.prognosejaren

    @property
    def onthullingsdrempel(self) -> int:
        """Published cells about persons below this number are masked."""
        return self.instellingen.onthullingsdrempel

    @property
    def scenario_lijst(self) -> tuple[Scenario, ...]:
        """The growth scenarios in their report order."""
        return tuple(sorted(self.scenarios.scenarios, key=lambda s: (s.volgorde or 0, s.code)))

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
            moment = pd.Timestamp(peildatum)
            self.cache[key] = frozenset(
                code
                for code, end in self._indeling_per_jaar.get(peildatum.year, ())
                if end is None or end > moment
            )
        return self.cache[key]

    @cached_property
    def _indeling_per_jaar(self) -> dict[int, list[tuple[str, pd.Timestamp | None]]]:
        """The gemeente codes of every indeling year with their end date (None: not ended)."""
        per_year: dict[int, list[tuple[str, pd.Timestamp | None]]] = {}
        rows = self.gemeenten
        for year, code, end in zip(
            rows["indeling_jaar"].tolist(),
            rows["gemeente_code"].tolist(),
            rows["einddatum"].tolist(),
            strict=True,
        ):
            if not pd.isna(year):  # a row without a year is in no indeling
                per_year.setdefault(int(year), []).append((code, None if pd.isna(end) else pd.Timestamp(end)))
        return per_year

    def indeling(self, jaar: int) -> pd.DataFrame:
        """Return the gemeenten of the indeling of 1 January ``jaar``: code, name, province."""
        rows = self.gemeenten[self.gemeenten["indeling_jaar"] == jaar]
        if rows.empty:
            raise DefinitionError(f"geen gemeentelijke indeling voor {jaar} in definitions/regios")
        return rows[["gemeente_code", "gemeente_naam", "provincie_code"]].reset_index(drop=True)

    def checksum(self) -> str:
        """Return one sha256 over every file in definitions/ (names and bytes, sorted)."""
        if "checksum" not in self.cache:
            digest = hashlib.sha256()
            for file in sorted(p for p in self.path.rglob("*") if p.is_file()):
                digest.update(file.relative_to(self.path).as_posix().encode())
                digest.update(file.read_bytes())
            self.cache["checksum"] = digest.hexdigest()
        return self.cache["checksum"]


def _read_merged(path: Path, stem: str, model: type[Veld] | type[Tabel]) -> dict[str, Any]:
    """Return the entries of ``<stem>.yaml`` and every ``<stem>_*.yaml`` as typed models; a
    name defined twice is an error (every field and table is defined once)."""
    merged: dict[str, Any] = {}
    for file in [path / f"{stem}.yaml", *sorted(path.glob(f"{stem}_*.yaml"))]:
        content = read_yaml(file) or {}
        if not isinstance(content, dict):
            raise DefinitionError(f"{file}: moet een mapping (naam: definitie) zijn")
        for name, spec in content.items():
            if name in merged:
                raise DefinitionError(f"{file.name}: '{name}' is al gedefinieerd in een ander {stem}-bestand")
            if not isinstance(spec, dict):
                raise DefinitionError(f"{file}, {name}: moet een mapping (sleutel: waarde) zijn")
            merged[name] = parse_model(model, {**spec, "name": name}, f"{file}, {name}")
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
        try:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d").astype("datetime64[us]")
        except (ValueError, TypeError) as exc:
            raise DefinitionError(f"{path}, kolom {column}: geen datum JJJJ-MM-DD ({exc})") from None
    return frame


def load_definitions(path: Path) -> Definitions:
    """Return the definitions in folder ``path``, checked for structure and consistency.

    Loaded once per process and folder: a later call with an unchanged folder returns the same
    object (the definitions are immutable).
    """
    path = Path(path).resolve()
    stamp = _stamp(path)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    definitions = _load(path)
    _CACHE[path] = (stamp, definitions)
    return definitions


_CACHE: dict[Path, tuple[tuple, Definitions]] = {}


def _stamp(path: Path) -> tuple:
    """Return names, sizes and modification times of every file: a change invalidates the cache."""
    if not path.is_dir():
        return ()
    return tuple(
        (p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(path.rglob("*"))
        if p.is_file()
    )


def _load(path: Path) -> Definitions:
    if not path.is_dir():
        raise DefinitionError(f"map met definities bestaat niet: {path}")
    instellingen = load_model(Instellingen, path / "definitions.yaml")
    groepen = load_model(AandachtsgroepenBestand, path / "aandachtsgroepen.yaml")
    bronnen = load_model(BronnenBestand, path / "bronnen.yaml")
    sleutels = load_model(VerdeelsleutelsBestand, path / "verdeelsleutels.yaml")
    scenarios = load_model(ScenariosBestand, path / "scenarios.yaml")
    rapport = load_model(RapportBestand, path / "rapport.yaml")
    woningmarkt = load_model(WoningmarktBestand, path / "woningmarkt.yaml")
    aandachtsgroepen = {}
    for position, groep in enumerate(groepen.aandachtsgroepen, start=1):
        if groep.code in aandachtsgroepen:
            raise DefinitionError(f"aandachtsgroepen.yaml: aandachtsgroep {groep.code} staat er twee keer in")
        aandachtsgroepen[groep.code] = groep.model_copy(update={"volgorde": position})
    definitions = Definitions(
        path=path,
        instellingen=instellingen,
        fields=_read_merged(path, "velden", Veld),
        tables=_read_merged(path, "tabellen", Tabel),
        aandachtsgroepen=aandachtsgroepen,
        woonvormen={w.code: w for w in groepen.woonvormen},
        bronnen={b.code: b for b in bronnen.bronnen},
        symbolen=dict(bronnen.symbolen),
        verdeelsleutels=tuple(
            sorted(sleutels.verdeelsleutels, key=lambda s: s.volgorde if s.volgorde is not None else 0)
        ),
        scenarios=scenarios,
        rapport=rapport,
        gemeenten=_read_csv(path / "regios" / "gemeenten.csv", dates=("begindatum", "einddatum")).astype(
            {"indeling_jaar": "Int64"}
        ),
        regios=_read_csv(path / "regios" / "regios.csv"),
        lidmaatschap=_read_csv(path / "regios" / "lidmaatschap.csv").astype({"indeling_jaar": "Int64"}),
        herindelingen=_read_csv(path / "regios" / "herindelingen.csv", dates=("datum",)).astype(
            {"aandeel_adressen": "Float64", "adressen_naar_nieuw": "Int64"}
        ),
        woningmarkt=woningmarkt,
    )
    check_definitions(definitions)
    return definitions


def check_definitions(defs: Definitions) -> None:
    """Raise DefinitionError when the definitions contradict each other across files."""
    problems: list[str] = []
    for table in defs.tables.values():
        for name in table.velden:
            if name not in defs.fields:
                problems.append(f"tabel {table.name}: veld '{name}' staat niet in velden.yaml")
        for name in table.sleutel:
            if name not in table.velden:
                problems.append(f"tabel {table.name}: sleutelveld '{name}' is geen veld van de tabel")
        for name in table.leeg:
            if name not in table.velden or name in table.sleutel:
                problems.append(f"tabel {table.name}: leeg-veld '{name}' is geen veld buiten de sleutel")
    for item in defs.fields.values():
        if item.codes and item.codes not in defs.code_lists:
            problems.append(f"veld {item.name}: onbekende codelijst '{item.codes}'")
    for groep in defs.aandachtsgroepen.values():
        for woonvorm in groep.woonvormen:
            if woonvorm not in defs.woonvormen:
                problems.append(f"aandachtsgroep {groep.code}: onbekende woonvorm '{woonvorm}'")
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
            elif ouder.rol != groep.rol:
                problems.append(f"aandachtsgroep {groep.code}: rol wijkt af van hoofdgroep {ouder.code}")
    for bron in defs.bronnen.values():
        for title, groep in (bron.categorieen or {}).items():
            if groep not in defs.aandachtsgroepen:
                problems.append(
                    f"bronnen.yaml, {bron.code}: categorie '{title}' wijst naar onbekende groep {groep}"
                )
    if defs.instellingen.ingroeipad.verdeelsleutel not in {s.code for s in defs.verdeelsleutels}:
        problems.append(
            f"definitions.yaml, ingroeipad.verdeelsleutel: onbekende verdeelsleutel "
            f"'{defs.instellingen.ingroeipad.verdeelsleutel}'"
        )
    for sleutel in defs.verdeelsleutels:
        for groep in sleutel.groepen or ():
            if groep not in defs.aandachtsgroepen:
                problems.append(f"verdeelsleutels.yaml, {sleutel.code}: onbekende aandachtsgroep '{groep}'")
            elif not defs.aandachtsgroepen[groep].verdeelgroep:
                problems.append(f"verdeelsleutels.yaml, {sleutel.code}: {groep} heeft geen rol verdeling")
    groei = defs.scenarios.groei
    problems += [
        f"scenarios.yaml, groei: aandachtsgroep {c} ontbreekt"
        for c in defs.aandachtsgroepen
        if c not in groei
    ]
    problems += [
        f"scenarios.yaml, groei: onbekende aandachtsgroep {c}"
        for c in groei
        if c not in defs.aandachtsgroepen
    ]
    known_regio_types = set(defs.regios["regio_type"]) if "regio_type" in defs.regios else set()
    for regio_type in defs.instellingen.rapport_regio_types:
        if regio_type not in known_regio_types:
            problems.append(f"definitions.yaml, rapport_regio_types: onbekend regiotype '{regio_type}'")
    for kolom in defs.rapport.overzicht:
        if kolom.groep and kolom.groep not in defs.aandachtsgroepen:
            problems.append(f"rapport.yaml, overzicht: onbekende aandachtsgroep '{kolom.groep}'")
    problems += [
        f"rapport.yaml, bouwstenen: onbekende verdeelsleutel '{code}'"
        for code in defs.rapport.bouwstenen
        if code not in {s.code for s in defs.verdeelsleutels}
    ]
    for bron in defs.rapport.bron_ontbreekt:
        if bron not in defs.bronnen:
            problems.append(f"rapport.yaml, bron_ontbreekt: onbekende bron '{bron}'")
    for regio in defs.woningmarkt.per_regio if defs.woningmarkt else ():
        if (regio.regio_type, regio.regio_code) not in set(
            zip(defs.regios["regio_type"], defs.regios["regio_code"], strict=True)
        ):
            problems.append(
                f"woningmarkt.yaml, per_regio: onbekende regio {regio.regio_type} {regio.regio_code}"
            )
    if defs.instellingen.inwoners_bron and defs.instellingen.inwoners_bron not in defs.bronnen:
        problems.append(
            f"definitions.yaml, inwoners_bron: onbekende bron '{defs.instellingen.inwoners_bron}'"
        )
    codes = [h.code for h in defs.rapport.hoofdstukken]
    if len(set(codes)) != len(codes):
        problems.append("rapport.yaml, hoofdstukken: een hoofdstuk staat er twee keer in")
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
