"""Seeds: the ``ref_`` tables of the analysis, made from the typed definitions.

The SQL files hold no constants: settings (definitions.yaml), verdeelsleutels
(verdeelsleutels.yaml) and scenario assumptions (scenarios.yaml) reach them as these tables.
Each function is named after the table it returns; the definitions were validated when they
were loaded, so these are plain reshapes.
"""

from __future__ import annotations

import pandas as pd

from woonzorg_analyse.definitions import Definitions


def ref_analyse_instelling(defs: Definitions) -> pd.DataFrame:
    """Return the analysis settings of definitions.yaml, the central scenario and the first
    verdeelsleutel (the one the summary and the factsheets use).

    One row.
    """
    settings = defs.instellingen
    return pd.DataFrame(
        [
            {
                "referentiejaar": settings.referentiejaar,
                "doeljaar": settings.doeljaar,
                "horizonjaar": settings.horizonjaar,
                "prognosejaren": ",".join(str(j) for j in settings.prognosejaren),
                "lidmaatschap_zekerheid": ",".join(settings.lidmaatschap_zekerheid),
                "trend_grens_pct": defs.scenarios.trend.grens_pct,
                "centraal_scenario": next(s.code for s in defs.scenarios.scenarios if s.centraal),
                "eerste_verdeelsleutel": defs.verdeelsleutels[0].code,
                "ingroeipad_verdeelsleutel": settings.ingroeipad.verdeelsleutel,
                "onthullingsdrempel": settings.onthullingsdrempel,
            }
        ]
    )


def ref_verdeelsleutel(defs: Definitions) -> pd.DataFrame:
    """Return the verdeelsleutels with their damping parameters.

    One row per verdeelsleutel.
    """
    return pd.DataFrame(
        [
            {
                "verdeelsleutel": s.code,
                "naam": s.naam,
                "omschrijving": s.omschrijving,
                "volgorde": s.volgorde if s.volgorde is not None else number,
                "demping_drempel": s.demping.drempel if s.demping else None,
                "demping_exponent": s.demping.exponent if s.demping else 0.0,
                "groepen": ",".join(s.groepen) if s.groepen else None,
            }
            for number, s in enumerate(defs.verdeelsleutels, start=1)
        ]
    )


def ref_verdeelsleutel_gewicht(defs: Definitions) -> pd.DataFrame:
    """Return the weight of each indicator in each verdeelsleutel; weights sum to 1 per key.

    One row per verdeelsleutel per indicator.
    """
    return pd.DataFrame(
        [
            {"verdeelsleutel": s.code, "indicator": name, "gewicht": float(value)}
            for s in defs.verdeelsleutels
            for name, value in s.gewichten.items()
        ]
    )


def ref_scenario(defs: Definitions) -> pd.DataFrame:
    """Return the growth scenarios; exactly one is central.

    One row per scenario.
    """
    return pd.DataFrame(
        [
            {
                "scenario": s.code,
                "naam": s.naam,
                "omschrijving": s.omschrijving,
                "volgorde": s.volgorde if s.volgorde is not None else number,
                "prognosevariant": s.prognose,
                "centraal": s.centraal,
            }
            for number, s in enumerate(defs.scenarios.scenarios, start=1)
        ]
    )


def ref_scenario_groei(defs: Definitions) -> pd.DataFrame:
    """Return the growth assumptions of every aandachtsgroep in every scenario.

    One row per aandachtsgroep per scenario.
    """
    return pd.DataFrame(
        [
            {
                "aandachtsgroep": code,
                "scenario": s.code,
                "demografie": spec.demografie,
                "trend_gewicht": float(spec.trend_gewicht[s.code]),
                "extra_groei_pct": float(spec.extra_groei_pct[s.code]),
                "toelichting": spec.toelichting,
            }
            for code, spec in defs.scenarios.groei.items()
            for s in defs.scenarios.scenarios
        ]
    )


def ref_kernboodschap(defs: Definitions) -> pd.DataFrame:
    """Return the rules of the key messages of rapport.yaml: threshold and number of sentences.

    One row per rule.
    """
    return pd.DataFrame(
        [
            {"regel": k.regel, "volgorde": number, "drempel": k.drempel, "aantal_zinnen": k.aantal}
            for number, k in enumerate(defs.rapport.kernboodschappen, start=1)
        ],
        columns=["regel", "volgorde", "drempel", "aantal_zinnen"],
    )


def ref_bron_ontbreekt(defs: Definitions) -> pd.DataFrame:
    """Return the sources whose absence the notitie reports, with what it means (rapport.yaml,
    bron_ontbreekt); a source not listed is supplementary (a region's own mutatiegraad, say).

    One row per source.
    """
    return pd.DataFrame(
        [{"bron_code": code, "gevolg": gevolg} for code, gevolg in defs.rapport.bron_ontbreekt.items()],
        columns=["bron_code", "gevolg"],
    )


def ref_woningmarkt(defs: Definitions) -> pd.DataFrame:
    """Return the national mutatiegraad with its year and source, and the drukdrempel
    (woningmarkt.yaml).

    One row.
    """
    markt = defs.woningmarkt
    return pd.DataFrame(
        [
            {
                "mutatiegraad": markt.mutatiegraad.waarde,
                "mutatiegraad_jaar": markt.mutatiegraad.jaar,
                "mutatiegraad_bron": markt.mutatiegraad.bron,
                "toelichting": markt.mutatiegraad.toelichting or None,
                "drukdrempel": markt.drukdrempel,
            }
        ]
    )


def ref_mutatiegraad_regio(defs: Definitions) -> pd.DataFrame:
    """Return each region's own mutatiegraad (woningmarkt.yaml, per_regio).

    One row per region.
    """
    return pd.DataFrame(
        [
            {
                "regio_type": r.regio_type,
                "regio_code": r.regio_code,
                "mutatiegraad": r.waarde,
                "mutatiegraad_jaar": r.jaar,
                "mutatiegraad_bron": r.bron,
                "toelichting": r.toelichting or None,
            }
            for r in defs.woningmarkt.per_regio
        ],
        columns=[
            "regio_type",
            "regio_code",
            "mutatiegraad",
            "mutatiegraad_jaar",
            "mutatiegraad_bron",
            "toelichting",
        ],
    )


TABLES = {
    "ref_analyse_instelling": ref_analyse_instelling,
    "ref_verdeelsleutel": ref_verdeelsleutel,
    "ref_verdeelsleutel_gewicht": ref_verdeelsleutel_gewicht,
    "ref_scenario": ref_scenario,
    "ref_scenario_groei": ref_scenario_groei,
    "ref_kernboodschap": ref_kernboodschap,
    "ref_bron_ontbreekt": ref_bron_ontbreekt,
    "ref_woningmarkt": ref_woningmarkt,
    "ref_mutatiegraad_regio": ref_mutatiegraad_regio,
}


def analysis_tables(defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return every ref_ table of the analysis, by name."""
    return {name: function(defs) for name, function in TABLES.items()}
