"""Pure transforms from loaded, validated source frames to the ``stg_`` and ``ref_`` tables.

Each function is named after the table it returns; none does I/O or mutates its inputs.
"""

from __future__ import annotations

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.extract.provenance import InputFile
from woonzorg_analyse.extract.readers import PLAATS
from woonzorg_analyse.transform.harmonise import harmonise

GROEP_KEYS = ["gemeente_code", "peildatum", "aandachtsgroep", "laag"]


def ref_gemeente(defs: Definitions) -> pd.DataFrame:
    """Return the gemeente indeling per year.

    One row per gemeente per indelingsjaar.
    """
    return defs.gemeenten.copy()


def ref_regio(defs: Definitions, eigen: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the regions per region type: those of definitions/regios and, with ``eigen``
    (stg_eigen__regio_gemeente), the user's own regions with their file as ``bron``.

    One row per region.
    """
    regios = defs.regios.copy()
    if eigen is None or eigen.empty:
        return regios
    own = eigen.drop_duplicates(["regio_type", "regio_code"])
    own = own.assign(bron="eigen regio-indeling: " + own["bestand"])
    return pd.concat([regios, own[list(regios.columns)]], ignore_index=True)


def ref_regio_lidmaatschap(defs: Definitions) -> pd.DataFrame:
    """Return the region memberships, hoofdregio as a boolean.

    One row per gemeente per region per indelingsjaar.
    """
    frame = defs.lidmaatschap.copy()
    frame["hoofdregio"] = frame["hoofdregio"].fillna("ja").eq("ja")
    return frame


def ref_herindeling(defs: Definitions) -> pd.DataFrame:
    """Return the herindelingen.

    One row per dissolved gemeente per successor.
    """
    return defs.herindelingen.copy()


def ref_aandachtsgroep(defs: Definitions) -> pd.DataFrame:
    """Return the aandachtsgroepen with their shared definition.

    One row per aandachtsgroep.
    """
    return pd.DataFrame(
        [
            {
                "aandachtsgroep": g.code,
                "volgorde": g.volgorde,
                "naam": g.naam,
                "rol": g.rol,
                "omschrijving": g.omschrijving,
                "officieel": g.officieel,
                "eenheid": g.eenheid,
                "maat": g.maat,
                "lagen": ",".join(g.lagen),
                "hoofdlaag": g.hoofdlaag,
                "ouder": g.ouder,
                "som_van_subgroepen": g.som_van_subgroepen,
                "woningen_per_eenheid": g.woningen_per_eenheid,
            }
            for g in defs.aandachtsgroepen.values()
        ]
    )


def ref_aandachtsgroep_woonvorm(defs: Definitions) -> pd.DataFrame:
    """Return the woonvorm shares of each aandachtsgroep.

    One row per aandachtsgroep per woonvorm.
    """
    return pd.DataFrame(
        [
            {"aandachtsgroep": g.code, "woonvorm": w, "aandeel": share}
            for g in defs.aandachtsgroepen.values()
            for w, share in g.woonvormen.items()
        ]
    )


def ref_woonvorm(defs: Definitions) -> pd.DataFrame:
    """Return the woonvormen.

    One row per woonvorm.
    """
    return pd.DataFrame(
        [
            {"woonvorm": w.code, "volgorde": number, "naam": w.naam, "omschrijving": w.omschrijving}
            for number, w in enumerate(defs.woonvormen.values(), start=1)
        ]
    )


def ref_bron(defs: Definitions) -> pd.DataFrame:
    """Return the sources.

    One row per source.
    """
    return pd.DataFrame(
        [
            {
                "bron_code": b.code,
                "producent": b.producent,
                "titel": b.titel,
                "tabel_id": b.tabel_id,
                "licentie": b.licentie,
                "frequentie": b.frequentie,
                "afronding": b.afronding,
                "vermelding": b.vermelding,
                "toelichting": b.toelichting or None,
            }
            for b in defs.bronnen.values()
        ]
    )


def stg_cbs__bevolking(kwb: pd.DataFrame) -> pd.DataFrame:
    """Return inhabitants and households as published, in each year's own indeling.

    One row per gemeente per peildatum (indeling of that year).
    """
    return kwb[
        ["indeling_jaar", "gemeente_code", "peildatum", "inwoners", "huishoudens", "bestand", PLAATS]
    ].rename(columns={PLAATS: "plaats"})


def stg_cbs__kerncijfers(kwb: pd.DataFrame, defs: Definitions) -> pd.DataFrame:
    """Return the kerncijfers harmonised onto the reference indeling.

    One row per gemeente (reference indeling) per peildatum. Percentages and the average WOZ
    are recomputed from absolute numbers after a merge, weighted by the housing stock.
    """
    frame = kwb.rename(columns={PLAATS: "plaats"})
    stock = frame["woningvoorraad"].astype("Float64")
    frame["_koop"] = stock * frame["koopwoningen_pct"] / 100
    frame["sociale_huurvoorraad"] = stock * frame["corporatie_pct"] / 100
    frame["_woz"] = stock * frame["gem_woz_euro"]
    merged = harmonise(
        frame,
        defs,
        keys=["gemeente_code", "peildatum"],
        sums=["inwoners", "huishoudens", "woningvoorraad", "_koop", "sociale_huurvoorraad", "_woz"],
        whole=("inwoners", "huishoudens", "woningvoorraad"),
        first=("bestand",),
        joined=("plaats",),
    )
    stock = merged["woningvoorraad"].astype("Float64")
    moved = merged["herindeling_toegepast"]
    merged.loc[moved, "koopwoningen_pct"] = (merged["_koop"] / stock * 100)[moved]
    merged.loc[moved, "corporatie_pct"] = (merged["sociale_huurvoorraad"] / stock * 100)[moved]
    merged.loc[moved, "gem_woz_euro"] = (merged["_woz"] / stock)[moved]
    return merged.drop(columns=["_koop", "_woz"])


def _stg_groepen(
    frame: pd.DataFrame,
    files: dict[str, InputFile],
    defs: Definitions,
    keys: list[str] = GROEP_KEYS,
    first: tuple[str, ...] = ("eenheid",),
) -> pd.DataFrame:
    fictief = {name: item.fictief for name, item in files.items()}
    frame = frame.assign(
        fictief=frame["bestand"].map(fictief).fillna(False).astype(bool),
        plaats=frame[PLAATS],
    )
    values = ["aantal", "aantal_min", "aantal_max", "status", "fictief", "bestand", "plaats"]
    return harmonise(
        frame[[*keys, *first, *values]],
        defs,
        keys=keys,
        sums=["aantal", "aantal_min", "aantal_max"],
        first=(*first, "status", "fictief", "bestand"),
        joined=("plaats",),
    )


def stg_cbs__aandachtsgroepen(
    cbs: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> pd.DataFrame:
    """Return the CBS aandachtsgroepen of gemeenten, harmonised onto the reference indeling.

    One row per gemeente per peildatum per aandachtsgroep per laag.
    """
    return _stg_groepen(cbs[cbs["gemeente_code"].notna()], files, defs)


def stg_cbs__aandachtsgroepen_kenmerken(
    cbs: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> pd.DataFrame:
    """Return every mapped kenmerk and measure of CBS 85980NED of gemeenten, harmonised onto the
    reference indeling; a cell that cannot exist (status bestaat_niet) is left out.

    One row per gemeente per peildatum per aandachtsgroep per kenmerk per eenheid.
    """
    rows = cbs[cbs["gemeente_code"].notna() & cbs["status"].ne("bestaat_niet")]
    keys = ["gemeente_code", "peildatum", "aandachtsgroep", "kenmerk", "eenheid"]
    return _stg_groepen(rows, files, defs, keys=keys, first=("kenmerk_titel",))


def stg_gemeente__aandachtsgroepen(
    leveringen: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> pd.DataFrame:
    """Return the delivered aandachtsgroepen, harmonised onto the reference indeling.

    One row per gemeente per peildatum per aandachtsgroep per laag.
    """
    return _stg_groepen(leveringen, files, defs)


def stg_gemeente__aanbod(
    aanbod: pd.DataFrame, files: dict[str, InputFile], defs: Definitions
) -> pd.DataFrame:
    """Return the delivered supply, harmonised onto the reference indeling.

    One row per gemeente per aandachtsgroep per woonvorm per jaar per planstatus.
    """
    frame = aanbod.assign(
        fictief=aanbod["bestand"].map(lambda b: files[b].fictief if b in files else False),
        plaats=aanbod[PLAATS],
    )
    return harmonise(
        frame[
            [
                "gemeente_code",
                "aandachtsgroep",
                "woonvorm",
                "jaar",
                "planstatus",
                "capaciteit",
                "fictief",
                "bestand",
                "plaats",
            ]
        ],
        defs,
        keys=["gemeente_code", "aandachtsgroep", "woonvorm", "jaar", "planstatus"],
        sums=["capaciteit"],
        first=("fictief", "bestand"),
        joined=("plaats",),
    )


def stg_pbl__prognose(prognose: pd.DataFrame, files: dict[str, InputFile]) -> pd.DataFrame:
    """Return the regional prognosis.

    One row per gemeente per jaar per variabele.
    """
    return prognose.assign(
        fictief=prognose["bestand"].map(lambda b: files[b].fictief if b in files else False),
        plaats=prognose[PLAATS],
    )


def stg_rijk__taakstelling(taakstelling: pd.DataFrame) -> pd.DataFrame:
    """Return the national half-year totals as published.

    One row per halfjaar.
    """
    return taakstelling.rename(columns={PLAATS: "plaats"})


def stg_cbs__gemeentegrens(grenzen: pd.DataFrame) -> pd.DataFrame:
    """Return the gemeente boundaries of the reference indeling (checked against it already).

    One row per gemeente.
    """
    return grenzen[["gemeente_code", "geometrie", "bestand", PLAATS]].rename(columns={PLAATS: "plaats"})


def stg_gemeente__mutatiegraad(levering: pd.DataFrame, files: dict[str, InputFile]) -> pd.DataFrame:
    """Return the delivered mutatiegraad (a fraction) per gemeente and year.

    One row per gemeente per jaar.
    """
    return levering.assign(
        fictief=levering["bestand"].map(lambda b: files[b].fictief if b in files else False),
        plaats=levering[PLAATS],
    ).drop(columns=[PLAATS])


def stg_eigen__regio_gemeente(regios: pd.DataFrame) -> pd.DataFrame:
    """Return the gemeenten of the user's own regions, as delivered (codes normalised).

    One row per region per gemeente.
    """
    return regios.rename(columns={PLAATS: "plaats"})


def meta_invoerbestand(files: list[InputFile]) -> pd.DataFrame:
    """Return the input files with checksum and provenance.

    One row per input file.
    """
    return pd.DataFrame(
        [
            {
                "bestand": f.bestand,
                "bron_code": f.bron_code,
                "sha256": f.sha256,
                "fictief": f.fictief,
                "peildata": f.peildata,
                "rijen": f.rijen,
            }
            for f in files
        ],
        columns=["bestand", "bron_code", "sha256", "fictief", "peildata", "rijen"],
    )


# Staged tables whose rows a report uses only for their own gemeente (and the regions it is in).
# A file read only by sources that stage these counts for the regions of its gemeenten; a file any
# other source reads counts for every region: the groeibehoefte's trend is national over every
# gemeente's figures (sql/agg/agg__groeibehoefte.sql), a map draws the neighbouring gemeenten, and
# a new source is national until its tables are declared here.
LOKAAL = ("stg_gemeente__aanbod", "stg_gemeente__mutatiegraad")


def meta_invoerbestand_gemeente(loaded: dict[tuple[str, ...], pd.DataFrame]) -> pd.DataFrame:
    """Return the gemeenten of each input file that only sources of :data:`LOKAAL` tables read:
    the distinct (bestand, gemeente_code) of their loaded rows, before the herindelingen are
    applied (a merged row keeps one file; sql/int/int__regio_invoerbestand.sql follows an old code
    to its successor). ``loaded``: the loaded rows of each source, by the tables it stages. A report
    names, and is written again for, only the files of its region; a file without a row here
    counts for every region.

    One row per input file per gemeente.
    """
    national: set[str] = set()
    parts = []
    for tabellen, frame in loaded.items():
        if frame.empty or "bestand" not in frame.columns:
            continue
        if set(tabellen) <= set(LOKAAL) and "gemeente_code" in frame.columns:
            parts.append(frame[["bestand", "gemeente_code"]].drop_duplicates())
        else:
            national.update(frame["bestand"].dropna().unique())
    parts = [part[~part["bestand"].isin(national)] for part in parts]
    if not parts:
        return pd.DataFrame({"bestand": pd.Series(dtype=str), "gemeente_code": pd.Series(dtype=str)})
    pairs = pd.concat(parts, ignore_index=True).dropna().drop_duplicates()
    return pairs.sort_values(["bestand", "gemeente_code"], ignore_index=True)
