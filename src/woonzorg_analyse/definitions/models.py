"""Typed models of the YAML files in ``definitions/`` (and of a raw folder's provenance.yaml).

Every YAML file the program reads is validated against one of these models when it is read, so
that a structural mistake (a key typo, a list where a mapping belongs, text where a number
belongs) stops with a Dutch message that names the file and the key, never with an internal
error later on. Rules that span files (a group naming an unknown source) are checked in
:mod:`woonzorg_analyse.definitions.loader`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from woonzorg_analyse.errors import DefinitionError

M = TypeVar("M", bound=BaseModel)

LAGEN = ("populatie", "urgente_vraag")
EENHEDEN = ("personen", "huishoudens", "woonruimten")
MATEN = ("stand", "instroom")
VELDTYPEN = ("str", "Int64", "Float64", "bool", "date")
INDICATOREN = (
    "inwoners",
    "huishoudens",
    "woningvoorraad",
    "sociale_huurvoorraad",
    "taakstelling_vergunninghouders",
)
PROGNOSEVARIANTEN = ("ondergrens", "prognose", "bovengrens")

Laag = Literal["populatie", "urgente_vraag"]
Eenheid = Literal["personen", "huishoudens", "woonruimten"]
Maat = Literal["stand", "instroom"]
Rol = Literal["verdeling", "specifiek", "wonen_zorg"]
ROLLEN = ("verdeling", "specifiek", "wonen_zorg")


def _text(value: Any) -> Any:
    """Collapse the whitespace of folded YAML text (``>-`` blocks) to single spaces."""
    return " ".join(value.split()) if isinstance(value, str) else value


class Model(BaseModel):
    """Base of every definitions model: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- definitions.yaml --------------------------------------------------------------------------


class Ingroeipad(Model):
    """The yearly path from today's distribution to the fair share by the doeljaar."""

    verdeelsleutel: str
    tempo: Literal["lineair"] = "lineair"


class Instellingen(Model):
    """definitions.yaml: the version and the settings the whole analysis shares."""

    version: str
    referentiejaar: int
    doeljaar: int
    prognosejaren: tuple[int, ...] = Field(min_length=1)
    onthullingsdrempel: int = Field(ge=1)
    lidmaatschap_zekerheid: tuple[str, ...] = Field(min_length=1)
    rapport_regio_types: tuple[str, ...] = Field(min_length=1)
    ingroeipad: Ingroeipad
    max_bestand_mb: float = Field(default=200.0, gt=0)  # an input file larger than this is refused
    inwoners_bron: str | None = None  # the source whose inhabitants bound a count per gemeente

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("prognosejaren")
    @classmethod
    def _sorted(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(value))

    @model_validator(mode="after")
    def _years(self) -> Instellingen:
        if self.doeljaar <= self.referentiejaar:
            raise ValueError("doeljaar moet na het referentiejaar liggen")
        if max(self.prognosejaren) < self.doeljaar:
            raise ValueError("het laatste prognosejaar ligt voor het doeljaar")
        return self

    @property
    def horizonjaar(self) -> int:
        """The last year of the groeibehoefte."""
        return max(self.prognosejaren)


# --- velden*.yaml and tabellen*.yaml -----------------------------------------------------------


class Veld(Model):
    """One column of velden*.yaml."""

    name: str = ""
    type: Literal["str", "Int64", "Float64", "bool", "date"]
    label: str
    omschrijving: str
    eenheid: str | None = None
    leeg: bool = False
    waarden: tuple[str, ...] | None = None
    codes: str | None = None
    min: float | None = None
    max: float | None = None
    patroon: str | None = None
    regionaal: bool = False  # the value rests on every gemeente of the region (a share, a fair share)

    _omschrijving = field_validator("omschrijving", mode="before")(_text)


class Tabel(Model):
    """One table of tabellen*.yaml."""

    name: str = ""
    omschrijving: str
    korrel: str
    velden: tuple[str, ...] = Field(min_length=1)
    sleutel: tuple[str, ...] = Field(min_length=1)
    leeg: tuple[str, ...] = ()  # fields that may be empty in this table although not in general

    _omschrijving = field_validator("omschrijving", mode="before")(_text)


# --- aandachtsgroepen.yaml ---------------------------------------------------------------------


class Woonvorm(Model):
    """One woonvorm."""

    code: str
    naam: str
    omschrijving: str

    _omschrijving = field_validator("omschrijving", mode="before")(_text)


class Aandachtsgroep(Model):
    """One aandachtsgroep (or subgroup) of aandachtsgroepen.yaml."""

    code: str
    naam: str
    rol: Rol
    omschrijving: str
    officieel: bool
    eenheid: Eenheid
    maat: Maat
    lagen: tuple[Laag, ...] = Field(min_length=1)
    woonvormen: dict[str, float] = Field(min_length=1)
    woningen_per_eenheid: float = Field(gt=0)
    bronnen: tuple[str, ...] = ()
    ouder: str | None = None
    som_van_subgroepen: bool = False
    volgorde: int = 0  # position in aandachtsgroepen.yaml, set by the loader

    _omschrijving = field_validator("omschrijving", mode="before")(_text)

    @field_validator("woonvormen")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        if abs(sum(value.values()) - 1) > 1e-9:
            raise ValueError("aandelen woonvormen tellen niet op tot 1")
        return value

    @property
    def verdeelgroep(self) -> bool:
        """Whether the region agrees an evenredige verdeling of the group (fair share, bouwstenen)."""
        return self.rol == "verdeling"

    @property
    def hoofdlaag(self) -> str:
        """The layer the analysis counts with: the first listed."""
        return self.lagen[0]

    def peildatum(self, jaar: int) -> date:
        """Return the peildatum of the group's figure about ``jaar``: 1 January for a stand,
        31 December for an instroom (the inflow during that calendar year)."""
        return date(jaar, 12, 31) if self.maat == "instroom" else date(jaar, 1, 1)

    def peildatum_ronde(self, ronde: int) -> date:
        """Return the peildatum of leveringsronde ``ronde``: the stand on 1 January of that
        year, or the instroom of the calendar year before it."""
        return self.peildatum(ronde - 1 if self.maat == "instroom" else ronde)


class AandachtsgroepenBestand(Model):
    """aandachtsgroepen.yaml."""

    woonvormen: tuple[Woonvorm, ...] = Field(min_length=1)
    aandachtsgroepen: tuple[Aandachtsgroep, ...] = Field(min_length=1)


# --- bronnen.yaml ------------------------------------------------------------------------------


TOTAAL_KENMERK = "totaal"  # the kenmerk code whose rows are the counts (never a sum over kenmerken)
CBS_DIMENSIES = ("categorie", "kenmerk")  # dimensions found by their Title; regio and periode by Type
_KENMERK_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_DAG = re.compile(r"^(\d{2})-(\d{2})$")


def dag_en_maand(text: str) -> tuple[int, int]:
    """Return (day, month) of a ``dd-mm`` text such as ``31-12``; ValueError when it is no day."""
    match = _DAG.match(str(text).strip())
    if not match:
        raise ValueError(f"'{text}' is geen dag (verwacht dd-mm, bv. 31-12)")
    day, month = int(match.group(1)), int(match.group(2))
    try:
        date(2023, month, day)  # not a leap year: 29-02 would not exist every year
    except ValueError:
        raise ValueError(f"'{text}' is geen dag die elk jaar bestaat") from None
    return day, month


class Bron(Model):
    """One source of bronnen.yaml.

    A CBS table read by title (85980NED) also says how: ``dimensies`` (role -> dimension Title in
    DataProperties), ``categorieen`` (category Title -> aandachtsgroep), ``kenmerken`` (kenmerk
    Title -> code, one of them ``totaal``), ``maten`` (unit -> measure Title), ``perioden`` (the
    word after the year in a period Title -> the day ``dd-mm`` it stands for) and ``momenten``
    (per maat of a group: which of those words give its counts).
    """

    code: str
    producent: str
    titel: str
    tabel_id: str
    licentie: str
    frequentie: str
    afronding: int = Field(ge=1)
    map: str
    vermelding: str
    toelichting: str = ""
    categorieen: dict[str, str] | None = None  # CBS category title -> aandachtsgroep
    maten: dict[Eenheid, str] | None = None  # group unit -> CBS measure title
    dimensies: dict[Literal["categorie", "kenmerk"], str] | None = None  # role -> dimension title
    kenmerken: dict[str, str] | None = None  # CBS kenmerk title -> kenmerk code
    perioden: dict[str, str] | None = None  # word after the year in a period title -> dd-mm
    momenten: dict[Maat, tuple[str, ...]] | None = None  # maat -> words of perioden giving its counts

    _toelichting = field_validator("toelichting", mode="before")(_text)

    @field_validator("perioden")
    @classmethod
    def _days(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for day in (value or {}).values():
            dag_en_maand(day)
        return {k.strip().lower(): v for k, v in value.items()} if value else value

    @model_validator(mode="after")
    def _cbs_reading(self) -> Bron:
        parts = {
            "categorieen": self.categorieen,
            "maten": self.maten,
            "dimensies": self.dimensies,
            "kenmerken": self.kenmerken,
            "perioden": self.perioden,
            "momenten": self.momenten,
        }
        given = [name for name, value in parts.items() if value is not None]
        if not given:
            return self
        missing = [name for name, value in parts.items() if value is None]
        if missing:
            raise ValueError(f"een CBS-tabel die op titel wordt gelezen vraagt ook {', '.join(missing)}")
        problems = []
        absent = [d for d in CBS_DIMENSIES if d not in self.dimensies]
        if absent:
            problems.append(f"dimensies: {', '.join(absent)} ontbreekt")
        codes = list(self.kenmerken.values())
        if TOTAAL_KENMERK not in codes:
            problems.append(f"kenmerken: geen kenmerk met code {TOTAAL_KENMERK} (de tellingen)")
        bad = sorted({c for c in codes if not _KENMERK_CODE.match(c)})
        if bad:
            problems.append(f"kenmerken: code {', '.join(bad)} is geen code (kleine letters, cijfers, _)")
        double = sorted({c for c in codes if codes.count(c) > 1})
        if double:
            problems.append(f"kenmerken: code {', '.join(double)} staat er meer dan eens in")
        absent = sorted(set(EENHEDEN) - set(self.maten))
        if absent:
            problems.append(f"maten: {', '.join(absent)} ontbreekt")
        for maat in MATEN:
            words = self.momenten.get(maat)
            if not words:
                problems.append(f"momenten: {maat} ontbreekt of is leeg")
                continue
            unknown = [w for w in words if w.strip().lower() not in self.perioden]
            if unknown:
                problems.append(f"momenten.{maat}: {', '.join(unknown)} staat niet in perioden")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def moment(self, woord: str, jaar: int) -> date | None:
        """Return the day a period titled '<jaar> <woord>' stands for; None when not mapped."""
        day = (self.perioden or {}).get(woord.strip().lower())
        if day is None:
            return None
        dag, maand = dag_en_maand(day)
        return date(jaar, maand, dag)

    def telt(self, maat: str, woord: str) -> bool:
        """Return whether the moment ``woord`` gives the counts of a group with ``maat``."""
        return woord.strip().lower() in {w.strip().lower() for w in (self.momenten or {}).get(maat, ())}


class BronnenBestand(Model):
    """bronnen.yaml."""

    symbolen: dict[str, str]
    bronnen: tuple[Bron, ...] = Field(min_length=1)

    @field_validator("symbolen", mode="before")
    @classmethod
    def _keys_as_text(cls, value: Any) -> Any:
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


# --- verdeelsleutels.yaml and scenarios.yaml ---------------------------------------------------


class Demping(Model):
    """Damping of a verdeelsleutel where the group is already concentrated."""

    drempel: float = Field(gt=0)
    exponent: float = Field(default=0.0, ge=0)


class Verdeelsleutel(Model):
    """One verdeelsleutel."""

    code: str
    naam: str
    omschrijving: str
    volgorde: int | None = None
    gewichten: dict[
        Literal[
            "inwoners",
            "huishoudens",
            "woningvoorraad",
            "sociale_huurvoorraad",
            "taakstelling_vergunninghouders",
        ],
        float,
    ] = Field(min_length=1)
    demping: Demping | None = None
    groepen: tuple[str, ...] | None = None  # the groups the key applies to (default: every verdeel-groep)

    _omschrijving = field_validator("omschrijving", mode="before")(_text)

    @field_validator("gewichten")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        if abs(sum(value.values()) - 1) > 1e-9:
            raise ValueError("gewichten tellen niet op tot 1")
        return value


class VerdeelsleutelsBestand(Model):
    """verdeelsleutels.yaml."""

    verdeelsleutels: tuple[Verdeelsleutel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> VerdeelsleutelsBestand:
        codes = [s.code for s in self.verdeelsleutels]
        if len(set(codes)) != len(codes):
            raise ValueError("een verdeelsleutel staat er twee keer in")
        return self


class Scenario(Model):
    """One growth scenario."""

    code: str
    naam: str
    omschrijving: str
    prognose: Literal["ondergrens", "prognose", "bovengrens"]
    centraal: bool = False
    volgorde: int | None = None

    _omschrijving = field_validator("omschrijving", mode="before")(_text)


class Trend(Model):
    """The cap on the observed national trend."""

    grens_pct: float = Field(ge=0)


class Groei(Model):
    """The growth assumptions of one aandachtsgroep per scenario."""

    demografie: str = "geen"
    toelichting: str | None = None
    trend_gewicht: dict[str, float]
    extra_groei_pct: dict[str, float]

    _toelichting = field_validator("toelichting", mode="before")(_text)


class ScenariosBestand(Model):
    """scenarios.yaml."""

    scenarios: tuple[Scenario, ...] = Field(min_length=1)
    trend: Trend
    groei: dict[str, Groei]

    @model_validator(mode="after")
    def _complete(self) -> ScenariosBestand:
        if sum(s.centraal for s in self.scenarios) != 1:
            raise ValueError("precies één scenario moet 'centraal: true' hebben")
        codes = [s.code for s in self.scenarios]
        problems = []
        for groep, spec in self.groei.items():
            for field_name in ("trend_gewicht", "extra_groei_pct"):
                missing = [c for c in codes if c not in getattr(spec, field_name)]
                if missing:
                    problems.append(f"{groep}: {field_name} ontbreekt voor scenario {', '.join(missing)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


# --- rapport.yaml ------------------------------------------------------------------------------


class Hoofdstuk(Model):
    """One chapter of the bouwstenennotitie or of its verantwoording."""

    code: str
    titel: str
    document: Literal["notitie", "verantwoording"] = "notitie"
    inleiding: str = ""
    # the introduction for a region of one gemeente, where the general one would promise a
    # verdeling (empty: the general one)
    inleiding_een_gemeente: str = ""

    _inleiding = field_validator("inleiding", "inleiding_een_gemeente", mode="before")(_text)


class Grafiek(Model):
    """Chart style: colours and hatching (charts are vector graphics in the PDF and the HTML)."""

    kleuren: tuple[str, ...] = Field(min_length=1)
    arcering: tuple[str, ...] = Field(min_length=1)


class Kernboodschap(Model):
    """A rule that writes key messages on the first page from the data (rpt__kernboodschap)."""

    regel: Literal[
        "concentratie",
        "tekort_instroom",
        "tekort_stand",
        "groei",
        "kloof",
        "druk",
        "onvolledig",
        "bron_ontbreekt",
    ]
    tekst: str
    drempel: float | None = None
    aantal: int = Field(default=1, ge=1, le=8)

    _tekst = field_validator("tekst", mode="before")(_text)


class OverzichtKolom(Model):
    """A column of reports/index.html: a group's size now, or the shortage of a role and measure."""

    kop: str
    groep: str | None = None
    rol: Rol | None = None
    maat: Maat | None = None

    @model_validator(mode="after")
    def _one(self) -> OverzichtKolom:
        if (self.groep is None) == (self.rol is None or self.maat is None):
            raise ValueError("geef óf groep, óf rol en maat")
        return self

    @property
    def sleutel(self) -> str:
        """The key of the figure in kerncijfers.json."""
        return self.groep or f"tekort_{self.rol}_{self.maat}"


class RapportBestand(Model):
    """rapport.yaml: titles and fixed texts of the report."""

    titel: str
    ondertitel: str = ""
    titel_verantwoording: str
    ondertitel_verantwoording: str = ""
    regio_types: dict[str, str]
    hoofdstukken: tuple[Hoofdstuk, ...] = Field(min_length=1)
    teksten: dict[str, str]
    grafiek: Grafiek
    overzicht: tuple[OverzichtKolom, ...] = ()  # the columns of reports/index.html
    kernboodschappen: tuple[Kernboodschap, ...] = ()
    bron_ontbreekt: dict[str, str] = Field(default_factory=dict)  # source -> what its absence means
    # the verdeelsleutels side by side in the chapter Bouwstenen (default: all); the verantwoording
    # shows every key
    bouwstenen: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _aantal_kernboodschappen(self) -> RapportBestand:
        if sum(k.aantal for k in self.kernboodschappen) > 8:
            raise ValueError("kernboodschappen: samen hoogstens 8 zinnen (aantal)")
        return self

    @field_validator("teksten", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        return {k: _text(v) for k, v in value.items()} if isinstance(value, dict) else value


# --- woningmarkt.yaml ---------------------------------------------------------------------------


class Mutatiegraad(Model):
    """The national default mutatiegraad: the share of the social housing stock that gets a new
    household in a year, with the year it describes and its source."""

    waarde: float = Field(gt=0, le=0.5)
    jaar: int
    bron: str
    toelichting: str = ""

    _text = field_validator("bron", "toelichting", mode="before")(_text)


class MutatiegraadRegio(Model):
    """A region's own mutatiegraad for all its gemeenten (before the national default)."""

    regio_type: str
    regio_code: str = Field(pattern=r"^[A-Z]{2}\d{2}$")
    waarde: float = Field(gt=0, le=0.5)
    jaar: int
    bron: str
    toelichting: str = ""

    _text = field_validator("bron", "toelichting", mode="before")(_text)


class WoningmarktBestand(Model):
    """woningmarkt.yaml: the assumptions of the pressure on the social housing stock."""

    mutatiegraad: Mutatiegraad
    per_regio: tuple[MutatiegraadRegio, ...] = ()
    drukdrempel: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _unique(self) -> WoningmarktBestand:
        keys = [(r.regio_type, r.regio_code) for r in self.per_regio]
        double = sorted({f"{t} {c}" for t, c in keys if keys.count((t, c)) > 1})
        if double:
            raise ValueError(f"regio {', '.join(double)} staat er twee keer in")
        return self


# --- cbs_tabellen.yaml --------------------------------------------------------------------------


class Prognoseinterval(Model):
    """Which categories of a prognosis table's interval dimension hold which bound (by Title)."""

    dimensie: str
    prognose: str
    ondergrens: str
    bovengrens: str


class CbsTabel(Model):
    """One CBS table of cbs_tabellen.yaml: what to download and which loader reads it."""

    tabel_id: str
    bron: str
    titel: str
    vorm: Literal["statline", "kwb", "prognose"]
    filter: str | None = None
    maten: tuple[str, ...] = ()
    # vorm kwb: the edition and loader column -> measure stem
    editie: int | None = None
    kolommen: dict[str, str] | None = None
    # vorm prognose
    variabele: str | None = None
    maat: str | None = None
    factor: float = 1.0
    regio: str = "RegioS"
    interval: Prognoseinterval | None = None
    selectie: dict[str, str] | None = None

    @field_validator("tabel_id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _complete(self) -> CbsTabel:
        needed = {"kwb": ("editie", "kolommen"), "prognose": ("variabele", "maat", "interval")}
        missing = [name for name in needed.get(self.vorm, ()) if getattr(self, name) is None]
        if missing:
            raise ValueError(f"vorm {self.vorm} vraagt ook {', '.join(missing)}")
        return self


class CbsTabellenBestand(Model):
    """cbs_tabellen.yaml: the service, retry settings, limits per request and the tables to download."""

    basis_url: str
    licentie: str = "CC BY 4.0"
    pogingen: int = Field(default=5, ge=1)
    wachttijd_s: float = Field(default=2.0, ge=0)
    max_wachttijd_s: float = Field(default=60.0, ge=0)
    time_out_s: float = Field(default=60.0, gt=0)
    deadline_s: float = Field(default=300.0, gt=0)  # one whole response, body included
    max_mb: float = Field(default=100.0, gt=0)  # size cap of one response body
    parallel: int = Field(default=4, ge=1, le=16)  # page requests at the same time
    tabellen: tuple[CbsTabel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CbsTabellenBestand:
        ids = [t.tabel_id for t in self.tabellen]
        double = sorted({i for i in ids if ids.count(i) > 1})
        if double:
            raise ValueError(f"tabel {', '.join(double)} staat er twee keer in")
        return self


# --- gebiedsindelingen.yaml ---------------------------------------------------------------------


class GebiedsindelingenBestand(Model):
    """gebiedsindelingen.yaml: the PDOK service of the CBS gebiedsindelingen and retry settings."""

    basis_url: str
    collectie: str
    per_pagina: int = Field(default=1000, ge=1, le=1000)
    licentie: str = "CC BY 4.0"
    pogingen: int = Field(default=5, ge=1)
    wachttijd_s: float = Field(default=2.0, ge=0)
    max_wachttijd_s: float = Field(default=60.0, ge=0)
    time_out_s: float = Field(default=120.0, gt=0)


# --- provenance.yaml of a raw folder -----------------------------------------------------------


class ProvenanceBestand(BaseModel):
    """One file listed in a provenance.yaml."""

    model_config = ConfigDict(extra="allow", frozen=True)

    bestand: str
    sha256: str | None = None
    bron: str | None = None
    fictief: bool | None = None
    peildatum: str | None = None
    rijen: int | None = Field(default=None, ge=0)

    @field_validator("peildatum", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return None if value is None else str(value)


class Provenance(BaseModel):
    """A raw folder's provenance.yaml: the source, whether it is example data, and a checksum per
    file. Descriptive keys beyond these (producent, url, datum, ...) are kept as they are."""

    model_config = ConfigDict(extra="allow", frozen=True)

    bron: str | None = None
    bronnen: tuple[str, ...] = ()
    fictief: bool = False
    toelichting: str = ""
    bestanden: tuple[ProvenanceBestand, ...] = ()

    _toelichting = field_validator("toelichting", mode="before")(_text)

    @property
    def bron_codes(self) -> tuple[str, ...]:
        """The sources the folder holds (``bronnen``, else ``bron``)."""
        return self.bronnen or ((self.bron,) if self.bron else ())


# --- reading and checking ----------------------------------------------------------------------


def read_yaml(path: Path) -> Any:
    """Return the content of a YAML file (C loader when available); DefinitionError when the
    file is missing or not valid YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader)
    except FileNotFoundError:
        raise DefinitionError(f"definitiebestand ontbreekt: {path}") from None
    except IsADirectoryError:
        raise DefinitionError(f"{path}: is een map, geen YAML-bestand") from None
    except UnicodeDecodeError:
        raise DefinitionError(f"{path}: geen tekstbestand in UTF-8") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", regel {where.line + 1}" if where is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DefinitionError(f"{path}{line}: geen geldige YAML ({reason})") from None


def parse_model(model: type[M], content: Any, shown: str) -> M:
    """Return ``content`` validated as ``model``; DefinitionError with every problem, each naming
    the file ``shown`` and the key (``aandachtsgroepen[3].eenheid``)."""
    try:
        return model.model_validate(content if content is not None else {})
    except ValidationError as error:
        lines = [describe(problem, content) for problem in error.errors()]
        raise DefinitionError(f"{shown}: " + "; ".join(lines)) from None


def load_model(model: type[M], path: Path, shown: str | None = None) -> M:
    """Return the YAML file ``path`` validated as ``model``."""
    return parse_model(model, read_yaml(path), shown or str(path))


MESSAGES = {
    "missing": "verplichte sleutel ontbreekt",
    "extra_forbidden": "onbekende sleutel (tikfout?)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "string_type": "moet tekst zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "dict_type": "moet een mapping (sleutel: waarde) zijn",
    "model_type": "moet een mapping (sleutel: waarde) zijn",
    "model_attributes_type": "moet een mapping (sleutel: waarde) zijn",
    "too_short": "mag niet leeg zijn",
}


def _where(loc: tuple[Any, ...], content: Any) -> str:
    """Return a location as ``aandachtsgroepen[3] (uitstroom_bw).eenheid``: list items are named
    by their ``code`` when they have one, so the reader finds them in the file."""
    parts: list[str] = []
    node = content
    for step in loc:
        if isinstance(step, int):
            label = f"[{step}]"
            if isinstance(node, list | tuple) and 0 <= step < len(node):
                node = node[step]
                if isinstance(node, dict) and node.get("code"):
                    label += f" ({node['code']})"
            else:
                node = None
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(hele bestand)"


def describe(problem: dict[str, Any], content: Any) -> str:
    """Return one pydantic problem as Dutch text with its key."""
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    loc = tuple(s for s in problem["loc"] if not (isinstance(s, str) and s.endswith("]")))
    if kind == "literal_error":
        text = f"onbekende waarde {problem.get('input')!r} (toegestaan: {ctx.get('expected', '')})"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}
        bound = next(iter(ctx.values()), "")
        text = f"moet {sign[kind]} {bound} zijn (waarde: {problem.get('input')!r})"
    elif kind == "value_error":
        text = str(problem["msg"]).removeprefix("Value error, ")
    elif kind in MESSAGES:
        text = MESSAGES[kind]
        shown = problem.get("input")
        if kind not in ("missing", "extra_forbidden", "too_short") and not isinstance(shown, dict | list):
            text += f" (waarde: {shown!r})"
    else:
        text = str(problem["msg"])
    # a literal's position inside dict keys is reported as "[key]" by pydantic: drop it
    loc = tuple(s for s in loc if s != "[key]")
    return f"{_where(loc, content)}: {text}"
