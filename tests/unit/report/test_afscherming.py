"""The masking plan: primary counts of 1 to 9, and secondary counts so that no primary count can be
narrowed below its label by subtracting published counts from a published total."""

from __future__ import annotations

import itertools

from woonzorg_analyse.report.afscherming import plan
from woonzorg_analyse.report.model import Kolom, Tabel, Waarde
from woonzorg_analyse.report.publish import publish

NB = "\u00a0"


def feasible(values: dict[str, float], masked: set[str], primary: set[str], total: float) -> dict[str, range]:
    """Brute force what a reader can deduce: every assignment of the masked counts (primary 1..9,
    secondary 10..60) that adds up with the published ones to the total."""
    published = sum(v for k, v in values.items() if k not in masked)
    keys = sorted(masked)
    options = [range(1, 10) if k in primary else range(10, 61) for k in keys]
    seen: dict[str, set[int]] = {k: set() for k in keys}
    for combo in itertools.product(*options):
        if published + sum(combo) == total:
            for k, v in zip(keys, combo, strict=True):
                seen[k].add(v)
    return {k: range(min(s), max(s) + 1) for k, s in seen.items()}


def test_one_small_count_next_to_a_total_gets_a_partner_that_leaves_it_all_of_1_to_9():
    counts = {"A": 7, "B": 10, "C": 12, "D": 30, "E": 160}
    rows = [("g", m, v) for m, v in counts.items()] + [("g", None, sum(counts.values()))]
    p = plan("R", 10, rows, {})
    assert p.primair == {("g", "A")}
    # B (10) alone leaves A at most 7 + (10 - 10) = 7: C (12) gives 7 + 2 = 9, the smallest enough
    assert p.secundair == {("g", "C")}
    masked = {m for (_, m) in p.primair | p.secundair}
    ranges = feasible(counts, masked, {"A"}, sum(counts.values()))
    assert ranges["A"] == range(1, 10)  # the label "< 10" says it all


def test_without_a_partner_the_total_is_masked_and_zeros_are_published():
    rows = [("g", "A", 3), ("g", "B", 8), ("g", "C", 0), ("g", None, 11)]
    p = plan("R", 10, rows, {})
    assert p.primair == {("g", "A"), ("g", "B")}  # 0 is published as 0
    assert p.secundair == {("g", None)}
    assert p.status("g", "R") == "secundair"  # the region's own code is its total


def test_subgroups_of_a_gemeente_protect_each_other_under_their_parent():
    rows = [
        ("p", "A", 40), ("p", "B", 50), ("p", None, 90),
        ("s1", "A", 5), ("s2", "A", 35), ("s1", "B", 25), ("s2", "B", 25),
        ("s1", None, 30), ("s2", None, 60),
    ]  # fmt: skip
    p = plan("R", 10, rows, {"s1": "p", "s2": "p"})
    assert p.primair == {("s1", "A")}
    # in gemeente A the parent 40 = s1 + s2: s2 must go too; over the gemeenten s1's total 30 = 5 + 25
    assert ("s2", "A") in p.secundair and ("s1", "B") in p.secundair
    assert p == plan("R", 10, list(reversed(rows)), {"s1": "p", "s2": "p"})  # deterministic


def test_published_cells_follow_the_plan_everywhere():
    p = plan("R", 10, [("g", "A", 7), ("g", "B", 25), ("g", "C", 30), ("g", None, 62)], {})
    assert p.secundair == {("g", "B")}
    t = Tabel(
        "t",
        "T",
        "personen",
        "Bron: test",
        "2024",
        [
            Kolom("gemeente", "Gemeente"),
            Kolom("nu", "Nu", "aantal", personen=True, veld="huidig"),
            Kolom("verschil", "Verschil", "getal", decimalen=0, afgeleid_van=("nu",)),
            Kolom("saldo", "Saldo", "cel"),
        ],
        [
            ("A", 7, 3.0, Waarde(2.0, "getal", decimalen=0, basis=(("g", "A"),))),
            ("B", 25, -4.0, Waarde(-4.0, "getal", decimalen=0, basis=(("g", "B"),))),
            ("C", 30, 1.0, Waarde(1.0, "getal", decimalen=0, basis=(("g", "C"),))),
        ],
        totaal=("Totaal", 62, None, None),
        sleutels=[{"aandachtsgroep": "g", "gebied_code": c} for c in ("A", "B", "C", "R")],
        afscherming=p,
    )
    texts = [[c.tekst for c in row] for row in publish(t, 10)]
    assert texts[0][1:] == [f"<{NB}10", "x", "x"]
    assert texts[1][1:] == ["x", "x", "x"]  # the partner: its count and all derived from it
    assert texts[2][1:] == ["30", "1", "1"]
    assert texts[3][1] == "62"


def test_small_counts_that_only_add_up_among_themselves_keep_their_room_without_extra_masks():
    # four subgroups of 3 to 8 under a published parent of 22: each can still be anything 1..9
    subs = {"s1": 3, "s2": 8, "s3": 6, "s4": 5}
    rows = [(s, "A", v) for s, v in subs.items()] + [("p", "A", 22)]
    p = plan("R", 10, rows, {s: "p" for s in subs})
    assert p.primair == {(s, "A") for s in subs} and not p.secundair
    # brute force: every subgroup ranges over all of 1..9 given the parent
    for s in subs:
        seen = {
            combo[list(subs).index(s)]
            for combo in itertools.product(range(1, 10), repeat=4)
            if sum(combo) == 22
        }
        assert seen == set(range(1, 10)), s
    # with two of them the parent pins nothing either, but 9 + 9 = 18 would: that set needs a partner
    tight = plan(
        "R",
        10,
        [("s1", "A", 9), ("s2", "A", 9), ("p", "A", 18), ("s3", "A", 0)],
        {"s1": "p", "s2": "p", "s3": "p"},
    )
    assert tight.secundair == {("p", "A")}
