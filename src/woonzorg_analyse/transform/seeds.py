"""Pure transforms from the analysis definitions to the ``ref_`` tables the aggregation SQL reads.

The SQL files hold no constants: settings (definitions.yaml), verdeelsleutels
(verdeelsleutels.yaml) and scenario assumptions (scenarios.yaml) reach them as these tables.
Each function is named after the table it returns and raises DefinitionError when the
definitions are incomplete or contradict themselves.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from woonzorg_analyse.definitions import Definitions
from woonzorg_analyse.errors import DefinitionError

INDICATOREN = ("inwoners", "huishoudens", "woningvoorraad", "sociale_huurvoorraad")
PROGNOSEVARIANTEN = ("ondergrens", "prognose", "bovengrens")


def _section(defs: Definitions, file: str, key: str) -> Any:
    content = defs.extra.get(file)
    if not content or key not in content:
        raise DefinitionError(f"definitions/{file}.yaml ontbreekt of heeft geen '{key}'")
    return content[key]


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def ref_analyse_instelling(defs: Definitions) -> pd.DataFrame:
    """Return the analysis settings of definitions.yaml and scenarios.yaml.

    One row.
    """
    settings = defs.settings
    try:
        jaren = sorted(int(j) for j in settings["prognosejaren"])
        row = {
            "referentiejaar": int(settings["referentiejaar"]),
            "doeljaar": int(settings["doeljaar"]),
            "horizonjaar": jaren[-1],
            "prognosejaren": ",".join(str(j) for j in jaren),
            "lidmaatschap_zekerheid": ",".join(settings["lidmaatschap_zekerheid"]),
            "trend_grens_pct": float(_section(defs, "scenarios", "trend")["grens_pct"]),
        }
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise DefinitionError(
            f"definitions.yaml: instelling voor de analyse ontbreekt of is ongeldig ({exc})"
        ) from exc
    if row["doeljaar"] <= row["referentiejaar"]:
        raise DefinitionError("definitions.yaml: doeljaar moet na het referentiejaar liggen")
    if row["horizonjaar"] < row["doeljaar"]:
        raise DefinitionError("definitions.yaml: het laatste prognosejaar ligt voor het doeljaar")
    return pd.DataFrame([row])


def ref_verdeelsleutel(defs: Definitions) -> pd.DataFrame:
    """Return the verdeelsleutels with their damping parameters.

    One row per verdeelsleutel.
    """
    rows = []
    for spec in _section(defs, "verdeelsleutels", "verdeelsleutels"):
        demping = spec.get("demping") or {}
        rows.append(
            {
                "verdeelsleutel": spec["code"],
                "naam": spec["naam"],
                "omschrijving": _text(spec["omschrijving"]),
                "volgorde": int(spec.get("volgorde", len(rows) + 1)),
                "demping_drempel": float(demping["drempel"]) if demping else None,
                "demping_exponent": float(demping.get("exponent", 0.0)) if demping else 0.0,
            }
        )
    codes = [r["verdeelsleutel"] for r in rows]
    if len(set(codes)) != len(codes) or not codes:
        raise DefinitionError("verdeelsleutels.yaml: geen of dubbele codes")
    return pd.DataFrame(rows)


def ref_verdeelsleutel_gewicht(defs: Definitions) -> pd.DataFrame:
    """Return the weight of each indicator in each verdeelsleutel; weights sum to 1 per key.

    One row per verdeelsleutel per indicator.
    """
    rows = []
    for spec in _section(defs, "verdeelsleutels", "verdeelsleutels"):
        gewichten = spec.get("gewichten") or {}
        unknown = sorted(set(gewichten) - set(INDICATOREN))
        if unknown:
            raise DefinitionError(
                f"verdeelsleutels.yaml: sleutel {spec['code']} heeft onbekende indicator(en) {unknown} "
                f"(toegestaan: {', '.join(INDICATOREN)})"
            )
        if abs(sum(float(v) for v in gewichten.values()) - 1) > 1e-9:
            raise DefinitionError(f"verdeelsleutels.yaml: gewichten van {spec['code']} tellen niet op tot 1")
        rows += [
            {"verdeelsleutel": spec["code"], "indicator": name, "gewicht": float(value)}
            for name, value in gewichten.items()
        ]
    return pd.DataFrame(rows)


def ref_scenario(defs: Definitions) -> pd.DataFrame:
    """Return the growth scenarios; exactly one is central.

    One row per scenario.
    """
    rows = [
        {
            "scenario": spec["code"],
            "naam": spec["naam"],
            "omschrijving": _text(spec["omschrijving"]),
            "volgorde": int(spec.get("volgorde", i + 1)),
            "prognosevariant": spec["prognose"],
            "centraal": bool(spec.get("centraal", False)),
        }
        for i, spec in enumerate(_section(defs, "scenarios", "scenarios"))
    ]
    if sum(r["centraal"] for r in rows) != 1:
        raise DefinitionError("scenarios.yaml: precies één scenario moet 'centraal: true' hebben")
    for row in rows:
        if row["prognosevariant"] not in PROGNOSEVARIANTEN:
            raise DefinitionError(
                f"scenarios.yaml: scenario {row['scenario']} heeft onbekende prognose "
                f"'{row['prognosevariant']}'"
            )
    return pd.DataFrame(rows)


def ref_scenario_groei(defs: Definitions) -> pd.DataFrame:
    """Return the growth assumptions of every aandachtsgroep in every scenario.

    One row per aandachtsgroep per scenario. Every group and every scenario must be covered.
    """
    scenarios = [spec["code"] for spec in _section(defs, "scenarios", "scenarios")]
    groei = _section(defs, "scenarios", "groei")
    problems = [f"aandachtsgroep {code} ontbreekt" for code in defs.aandachtsgroepen if code not in groei]
    problems += [f"onbekende aandachtsgroep {code}" for code in groei if code not in defs.aandachtsgroepen]
    rows = []
    for code, spec in groei.items():
        for scenario in scenarios:
            try:
                trend = float(spec["trend_gewicht"][scenario])
                extra = float(spec["extra_groei_pct"][scenario])
            except (KeyError, TypeError, ValueError):
                problems.append(
                    f"{code}: trend_gewicht of extra_groei_pct ontbreekt voor scenario {scenario}"
                )
                continue
            rows.append(
                {
                    "aandachtsgroep": code,
                    "scenario": scenario,
                    "demografie": spec.get("demografie", "geen"),
                    "trend_gewicht": trend,
                    "extra_groei_pct": extra,
                    "toelichting": _text(spec["toelichting"]) if spec.get("toelichting") else None,
                }
            )
    if problems:
        raise DefinitionError("scenarios.yaml, groei: " + "; ".join(problems))
    return pd.DataFrame(rows)


TABLES = {
    "ref_analyse_instelling": ref_analyse_instelling,
    "ref_verdeelsleutel": ref_verdeelsleutel,
    "ref_verdeelsleutel_gewicht": ref_verdeelsleutel_gewicht,
    "ref_scenario": ref_scenario,
    "ref_scenario_groei": ref_scenario_groei,
}


def analysis_tables(defs: Definitions) -> dict[str, pd.DataFrame]:
    """Return every ref_ table of the analysis, by name."""
    return {name: function(defs) for name, function in TABLES.items()}
