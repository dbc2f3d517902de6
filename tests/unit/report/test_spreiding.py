"""The sentence on a group's spread: the spreidingsindex only where the published counts carry it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from woonzorg_analyse.report.afscherming import Afscherming
from woonzorg_analyse.report.chapters.verdeling_detail import spreiding


def context(secundair: set[tuple[str, str | None]]):
    plan = Afscherming("KL99", 10, frozenset(), frozenset(secundair))
    return SimpleNamespace(
        afscherming=plan, gemaskeerd=plan.gemaskeerd, drempel=10, tekst=lambda *a, **k: "onvolledig"
    )


def test_the_index_is_not_printed_when_every_gemeente_count_is_masked():
    """With every count masked the regional figures spread them by inhabitants, so the index
    reads 0 % ("precies naar rato"): a figure the data do not give."""
    frame = pd.DataFrame(
        {
            "gebied_code": ["GM0001", "GM0002", "GM0003", "KL99"],
            "totaalrij": [False, False, False, True],
            "aantal_schatting": [12.0, 14.0, None, 26.0],  # GM0003 has no figure: not published
        }
    )
    r = {
        "aandachtsgroep": "dakloze_gezinnen",
        "peildatum": dt.datetime(2024, 1, 1),
        "dissimilariteitsindex": 0.0,
        "grootste_gemeente_code": "GM0001",
        "grootste_gemeente_naam": "Een",
        "inwoneraandeel_grootste_gemeente": 0.5,
        "aandeel_grootste_gemeente": 0.5,
        "onvolledig": False,
        "gemeenten_met_cijfer": 2,
        "aantal_gemeenten": 3,
    }
    alle = {("dakloze_gezinnen", "GM0001"), ("dakloze_gezinnen", "GM0002")}
    text = spreiding(context(alle), r, frame)
    assert "niet te berekenen" in text and "Spreidingsindex" not in text
    # one count published: the index stands, the largest gemeente's share stays masked
    text = spreiding(context({("dakloze_gezinnen", "GM0001")}), r, frame)
    assert text == "Peildatum 01-01-2024. Spreidingsindex 0\u00a0%."
