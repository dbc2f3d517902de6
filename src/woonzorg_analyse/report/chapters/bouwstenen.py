"""Notitie, bouwstenen voor afspraken: per main verdeel-groep the options for the verdeling side by
side, the ingroeipad towards the fair share, and the uitruil over the groups in one unit.
Numbers from rpt__eerlijk_aandeel, rpt__ingroeipad, rpt__uitruil and rpt__uitruil_saldo.
"""

from __future__ import annotations

from typing import Any

from woonzorg_analyse.formatting import procent
from woonzorg_analyse.report.chapters.samenvatting import onvolledig_noot
from woonzorg_analyse.report.context import KERNCIJFERS, Context
from woonzorg_analyse.report.model import Alinea, Blok, Kolom, Kop, Minimum, Tabel, Waarde
from woonzorg_analyse.report.tabel import gemeente_kolom, mart_tabel, pivot, records

OPTIES = "rpt__eerlijk_aandeel"
PAD = "rpt__ingroeipad"
UITRUIL = "rpt__uitruil"
SALDO = "rpt__uitruil_saldo"
DRUK = "rpt__druk"
GEEN = "geen gegevens"


def hoofdgroepen(ctx: Context) -> list[dict[str, Any]]:
    """Return the main verdeel-groepen of the region (rpt__samenvatting rows), in definition order."""
    return [r for r in records(ctx.mart("rpt__samenvatting")) if r["rol"] == "verdeling" and r["hoofdgroep"]]


def build(ctx: Context) -> list[Blok]:
    """Return per group the options table, then the ingroeipad and the uitruil."""
    if not (ctx.has(OPTIES) and ctx.has(PAD)):
        return [Alinea(ctx.tekst("ontbreekt", tabel=OPTIES))]
    groepen = hoofdgroepen(ctx)
    if not groepen:
        return [Alinea("De regio heeft geen cijfers voor de aandachtsgroepen van de evenredige verdeling.")]
    if ctx.een_gemeente:  # nothing to divide
        snamen = dict(zip(ctx.sleutels["verdeelsleutel"], ctx.sleutels["naam"], strict=True))
        return [
            Alinea(
                f"{ctx.regio_naam} bestaat uit één gemeente: er is binnen de regio niets te verdelen, dus "
                "geen keuzes voor de verdeling, geen ingroeipad en geen uitruil. Wel de druk op de sociale "
                "huurwoningen die vrijkomen."
            ),
            *druk(ctx, snamen, []),  # now and in the doeljaar: no options to compare
        ]
    snamen = dict(zip(ctx.sleutels["verdeelsleutel"], ctx.sleutels["naam"], strict=True))
    pad_sleutel = ctx.defs.instellingen.ingroeipad.verdeelsleutel
    blocks: list[Blok] = [
        Alinea(
            "Per groep staat de verdeling van nu naast de verdeling volgens elke keuze "
            "(verdeelsleutel). Het doel "
            ""
            "is het aantal dat de gemeente bij die keuze huisvest; het verschil zegt hoeveel "
            "meer (positief) of "
            "minder (negatief) dat is dan nu; de woningen per jaar zeggen wat dat verschil tot "
            f"{ctx.doeljaar} elk jaar aan woningen vraagt. Gemeenten zonder cijfer doen niet mee "
            "en krijgen geen doel."
        )
    ]
    # a group whose regional total is masked gets no options and no ingroeipad: every fair share
    # would give that total away (the publication layer would show them all as "x")
    klein = [r for r in groepen if ctx.gemaskeerd(r["aandachtsgroep"], None)]
    if klein:
        namen = [ctx.groep(r["aandachtsgroep"]).naam for r in klein]
        namen = [n[0].lower() + n[1:] for n in namen]
        blocks.append(
            Alinea(
                "Geen keuzes en geen ingroeipad voor "
                + (", ".join(namen[:-1]) + " en " + namen[-1] if len(namen) > 1 else namen[0])
                + f": hun aantal in de regio is kleiner dan {ctx.drempel} of afgeschermd om kleine "
                "aantallen te beschermen, en elk eerlijk aandeel zou dat aantal verraden."
            )
        )
    zichtbaar = [r for r in groepen if r not in klein]
    alle = ctx.mart(OPTIES)
    keuzes = list(ctx.defs.rapport.bouwstenen) or None
    tabellen = [t for r in zichtbaar if (t := opties_tabel(ctx, r, alle, snamen, keuzes=keuzes)) is not None]
    # a group with more options (the taakstelling) gets a wider table, on a landscape page in the
    # PDF: it goes after the others, so that the chapter's first page is not left half empty
    blocks += sorted(tabellen, key=lambda t: len(t.kolommen))
    blocks += ingroeipad(ctx, zichtbaar, snamen.get(pad_sleutel, pad_sleutel))
    blocks += uitruil(ctx, groepen, snamen.get(pad_sleutel, pad_sleutel))
    blocks += druk(ctx, snamen, keuzes)
    return blocks


def druk(ctx: Context, snamen: dict[str, str], keuzes: list[str] | None) -> list[Blok]:
    """Return the pressure on the vrijkomende sociale huurwoningen: per gemeente the woningen that
    become free per year and the share the instroom verdeel-groepen need now, under each option
    and at the end of the ingroeipad, and the map of the pressure now."""
    if not ctx.has(DRUK):
        return []
    frame = ctx.mart(DRUK)
    if frame.empty:
        return []
    present = list(dict.fromkeys(frame.sort_values("optie_volgorde")["optie"]))
    opties = [o for o in present if o in ("nu", "ingroeipad") or keuzes is None or o in keuzes]
    cel = pivot(frame, ("gebied_code",), ("optie",))
    nu = frame[frame["optie"] == "nu"] if "nu" in opties else frame[frame["optie"] == opties[0]]
    een_gemeente = ctx.een_gemeente  # its ingroeipad is simply its own demand then
    label = {"nu": "Nu", "ingroeipad": f"{'In' if een_gemeente else 'Ingroeipad'} {ctx.doeljaar}", **snamen}
    drempel = float(frame["drukdrempel"].iloc[0])

    instroom = [
        g
        for g in ctx.groepen
        if ctx.groep(g).rol == "verdeling" and ctx.groep(g).maat == "instroom" and ctx.groep(g).ouder is None
    ]

    def waarde(x: dict[str, Any], optie: str) -> Any:
        found = cel.get((x["gebied_code"], optie))
        if found is None or found["druk"] is None:
            return None if x["totaalrij"] else GEEN
        # the demand now rests on the counts of the groups in the gemeente (or the region's totals)
        basis = tuple((g, x["gebied_code"]) for g in instroom) if optie == "nu" else ()
        afgeleid = found["kleinste_aantal"] if optie == "nu" else None
        return Waarde(found["druk"], "pct", decimalen=0, afgeleid=afgeleid, basis=basis)

    groepen = ", ".join(ctx.groep_kort(g).lower() for g in instroom)
    blocks: list[Blok] = [
        Kop("Druk op de vrijkomende sociale huurwoningen"),
        Alinea(
            "Van de corporatiewoningen die elk jaar vrijkomen (sociale huurvoorraad maal "
            "mutatiegraad), welk deel hebben de aandachtsgroepen met een jaarlijkse instroom nodig "
            f"({groepen})? "
            + (
                f"Nu en in {ctx.doeljaar}."
                if een_gemeente
                else "Nu, bij elke keuze voor de verdeling, en aan het eind van het ingroeipad in "
                f"{ctx.doeljaar}."
            )
            + f" Boven {procent(drempel, 0)} blijft er weinig over voor andere woningzoekenden."
        ),
        mart_tabel(
            mart=DRUK,
            frame=nu,
            rij_sleutel=("gebied_code",),
            rij=lambda x: (
                x["gebied_naam"],
                x["vrijkomende_woningen"],
                *[waarde(x, o) for o in opties],
            ),
            sleutel="druk",
            titel=f"Druk op de vrijkomende sociale huurwoningen, {ctx.regio_naam}",
            eenheid="woningen per jaar; druk in % van de vrijkomende woningen",
            bron=ctx.bron(
                *sorted({b for g in ctx.groepen for b in ctx.groep_bron.get(g, [])}),
                KERNCIJFERS,
                "gemeentelijke_mutatiegraad",
            ),
            peildatum=f"vrijkomend in {ctx.referentiejaar}; vraag nu; "
            + (f"vraag {ctx.doeljaar}" if een_gemeente else f"ingroeipad {ctx.doeljaar}"),
            kolommen=[
                gemeente_kolom(ctx),
                Kolom(
                    "vrijkomend",
                    "Vrijkomende woningen per jaar",
                    "aantal",
                    veld="vrijkomende_woningen",
                    filter=(("optie", opties[0]),),
                ),
                *[
                    Kolom(f"druk_{o}", label.get(o, o), "cel", veld="druk", filter=(("optie", o),))
                    for o in opties
                ],
            ],
            noot=(
                "Mutatiegraad: de levering van de gemeente, anders die van de regio, anders het "
                "landelijke cijfer uit de gedeelde definities. Groepen met een stand (zoals dak- en "
                "thuislozen) zijn een achterstand die eenmalig gehuisvest wordt en tellen hier niet mee."
            ),
            blad="Druk sociale huur",
        ),
    ]
    basis = ctx.kaartbasis()
    if basis is not None:
        from woonzorg_analyse.report import maps

        rows = [x for x in records(nu) if not x["totaalrij"]]
        gebieden = [
            maps.Gebied(
                x["gebied_code"],
                x["gebied_naam"],
                x["druk"],
                gemaskeerd=any(ctx.gemaskeerd(g, x["gebied_code"]) for g in instroom),
            )
            for x in rows
        ]
        blocks.append(
            maps.regiokaart(
                "kaart_druk",
                f"Druk op de vrijkomende sociale huurwoningen nu, {ctx.regio_naam}",
                gebieden,
                basis,
                maps.klassen(
                    [0.1, 0.2, 0.3, 0.4, 0.5], opmaak="pct", titel="Deel van de vrijkomende woningen"
                ),
                bron=ctx.alle_groep_bronnen(KERNCIJFERS),
                peildatum=f"vrijkomend in {ctx.referentiejaar}; vraag nu",
                eenheid="% van de vrijkomende sociale huurwoningen",
                drempel=ctx.drempel,
                stijl=maps.Kaartstijl(max_hoogte_cm=11.0),
            )
        )
    return blocks


def opties_tabel(
    ctx: Context,
    r: dict[str, Any],
    alle: Any,
    snamen: dict[str, str],
    *,
    keuzes: list[str] | None = None,
    sleutel: str = "bouwsteen",
) -> Tabel | None:
    """Return the options for the verdeling of group ``r`` (a rpt__samenvatting row): the count now
    and per verdeelsleutel (``keuzes``, default all) the target, the difference with now and the
    woningen per year up to the doeljaar. A gemeente without a figure reads "geen gegevens" and gets
    no target; a total over part of the gemeenten is an open range."""
    groep = r["aandachtsgroep"]
    frame = alle[alle["aandachtsgroep"] == groep]
    present = set(frame.loc[frame["eerlijk_aandeel"].notna(), "verdeelsleutel"])
    sleutels = [s for s in (keuzes or ctx.sleutels["verdeelsleutel"]) if s in present]
    if not sleutels:
        return None
    cel = pivot(frame, ("gebied_code",), ("verdeelsleutel",))
    eerste = frame[frame["verdeelsleutel"] == sleutels[0]]
    instroom = ctx.groep(groep).maat == "instroom"
    onv = bool(r["onvolledig"])

    def rij(x: dict[str, Any]) -> tuple[Any, ...]:
        if x["huidig"] is None:
            return (x["gebied_naam"], GEEN, *([None] * (3 * len(sleutels))))
        row: list[Any] = [x["gebied_naam"], x["huidig"]]
        for s in sleutels:
            found = cel.get((x["gebied_code"], s), {})
            row += [
                found.get("eerlijk_aandeel"),
                found.get("verschil"),
                found.get("opgave_eerlijk_aandeel_per_jaar"),
            ]
        return tuple(row)

    def totaal(x: dict[str, Any]) -> tuple[Any, ...]:
        row: list[Any] = [x["gebied_naam"], Minimum(x["huidig"]) if onv else x["huidig"]]
        for s in sleutels:
            doel = cel.get((x["gebied_code"], s), {}).get("eerlijk_aandeel")
            row += [Minimum(doel) if onv and doel is not None else doel, None, None]
        return tuple(row)

    kolommen = [
        gemeente_kolom(ctx),
        Kolom(
            "huidig", "Nu", "aantal", personen=True, veld="huidig", filter=(("verdeelsleutel", sleutels[0]),)
        ),
    ]
    for s in sleutels:
        kolommen += [
            Kolom(f"doel_{s}", "Doel", "aantal", veld="eerlijk_aandeel", filter=(("verdeelsleutel", s),)),
            Kolom(
                f"verschil_{s}",
                "Verschil",
                "getal",
                decimalen=0,
                afgeleid_van=("huidig",),
                veld="verschil",
                filter=(("verdeelsleutel", s),),
            ),
            Kolom(
                f"woningen_{s}",
                "Woningen per jaar",
                "getal",
                decimalen=0,
                afgeleid_van=("huidig",),
                eenheid="woningen per jaar",
                veld="opgave_eerlijk_aandeel_per_jaar",
                filter=(("verdeelsleutel", s),),
            ),
        ]
    naam = ctx.groep(groep).naam
    wat = "per jaar" if instroom else "als stand"
    return mart_tabel(
        mart=OPTIES,
        frame=eerste,
        rij_sleutel=("aandachtsgroep", "gebied_code"),
        rij=rij,
        totaal=totaal,
        sleutel=f"{sleutel}_{groep}",
        titel=f"{naam}: keuzes voor de verdeling",
        eenheid=f"{ctx.groep_eenheid(groep)}; woningen per jaar tot {ctx.doeljaar}",
        bron=ctx.groep_bronnen(groep, KERNCIJFERS),
        peildatum=f"nu: {_datum(r['peildatum'])}; doel {wat}, te bereiken in {ctx.doeljaar}",
        kolommen=kolommen,
        kopgroepen=[("", 2), *[(snamen[s], 3) for s in sleutels]],
        noot=" ".join(
            part
            for part in (
                f"Doel: het aantal dat de gemeente {wat} huisvest bij die keuze; verschil: doel min nu "
                "(positief: de gemeente huisvest meer dan nu); woningen per jaar: wat dat verschil tot "
                f"{ctx.doeljaar} per jaar aan woningen vraagt. De doelen tellen per keuze precies op tot "
                "het regionale totaal van nu.",
                onvolledig_noot(ctx, [r]),
            )
            if part
        ),
        blad=f"{'Bouwsteen' if sleutel == 'bouwsteen' else 'Eerlijk aandeel'} {groep}",
    )


def _datum(value: Any) -> str:
    from woonzorg_analyse.formatting import datum

    return datum(value)


def ingroeipad(ctx: Context, groepen: list[dict[str, Any]], sleutel_naam: str) -> list[Blok]:
    """Return the ingroeipad per group: the share now and in the doeljaar, and the target per year."""
    alle = ctx.mart(PAD)
    if alle.empty or not groepen:
        return []
    blocks: list[Blok] = [
        Kop("Ingroeipad"),
        Alinea(
            f"Het ingroeipad gaat in gelijke stappen van de verdeling van nu naar het eerlijk aandeel "
            f"({sleutel_naam.lower()}) in {ctx.doeljaar}. Per jaar staat het deel van de verwachte regionale "
            f"vraag van dat jaar (scenario {ctx.centraal}) dat de gemeente dan huisvest."
        ),
    ]
    for r in groepen:
        groep = r["aandachtsgroep"]
        frame = alle[alle["aandachtsgroep"] == groep]
        if frame.empty:
            continue
        jaren = sorted(set(frame["jaar"]))[1:]  # the referentiejaar is 'now'
        cel = pivot(frame, ("gebied_code",), ("jaar",))
        eerste = frame[frame["jaar"] == min(frame["jaar"])]
        start = min(frame["jaar"])
        blocks.append(
            mart_tabel(
                mart=PAD,
                frame=eerste,
                rij_sleutel=("aandachtsgroep", "gebied_code"),
                rij=lambda x, cel=cel, jaren=jaren, start=start: (
                    x["gebied_naam"],
                    x["huidig"],
                    x["aandeel_huidig"],
                    *[cel.get((x["gebied_code"], j), {}).get("doel") for j in jaren],
                    x["aandeel_doel"],
                ),
                sleutel=f"ingroeipad_{groep}",
                titel=(
                    f"{ctx.groep(groep).naam}: ingroeipad naar het eerlijk aandeel ({sleutel_naam.lower()})"
                ),
                eenheid=ctx.groep_eenheid(groep),
                bron=ctx.groep_bronnen(groep, KERNCIJFERS),
                peildatum=f"jaren {jaren[0]}\u2013{jaren[-1]}" if jaren else str(start),
                kolommen=[
                    gemeente_kolom(ctx),
                    Kolom("huidig", "Nu", "aantal", personen=True, veld="huidig", filter=(("jaar", start),)),
                    Kolom(
                        "aandeel_huidig",
                        "Aandeel nu",
                        "pct",
                        decimalen=0,
                        afgeleid_van=("huidig",),
                        veld="aandeel_huidig",
                        filter=(("jaar", start),),
                    ),
                    *[
                        # a target on the path is derived from the count now (the doeljaar's is the
                        # fair share, from public figures); a target is no count of persons
                        Kolom(
                            str(j),
                            str(j),
                            "aantal",
                            afgeleid_van=() if j == ctx.doeljaar else ("huidig",),
                            veld="doel",
                            filter=(("jaar", j),),
                        )
                        for j in jaren
                    ],
                    Kolom(
                        "aandeel_doel",
                        f"Aandeel {ctx.doeljaar}",
                        "pct",
                        decimalen=0,
                        veld="aandeel_doel",
                        filter=(("jaar", start),),
                    ),
                ],
                noot=onvolledig_noot(ctx, [r]),
                blad=f"Ingroeipad {groep}",
            )
        )
    return blocks


def cel(found: dict[str, Any] | None) -> Waarde | None:
    """Return a group's cell of the uitruil: the woningen per year, masked ("x") when it would
    reveal a masked count now; empty for a gemeente without a figure."""
    if found is None or found["opgave_eerlijk_aandeel_per_jaar"] is None:
        return None
    return Waarde(
        found["opgave_eerlijk_aandeel_per_jaar"],
        "getal",
        decimalen=0,
        afgeleid=found["huidig"],
        basis=((found["aandachtsgroep"], found["gebied_code"]),),
    )


def saldo_cel(ctx: Context, x: dict[str, Any], codes: list[str]) -> Waarde | None:
    """Return a gemeente's balance over the groups: as it is when none of its counts is masked; as
    the range a reader can know when a count is shown as "< 10" (that count anywhere from 1 to 9);
    masked ("x") when a count is masked to protect another."""
    if x["saldo_per_jaar"] is None:
        return None
    status = {ctx.afscherming.status(g, x["gebied_code"]) for g in codes}
    basis = tuple(
        (g, x["gebied_code"]) for g in codes if ctx.afscherming.status(g, x["gebied_code"]) == "secundair"
    )
    if "primair" in status and not basis:
        return Waarde(
            (x["saldo_per_jaar_min"], x["saldo_per_jaar_max"]),
            "bereik",
            decimalen=0,
            veld="saldo_per_jaar_min",
        )
    return Waarde(x["saldo_per_jaar"], "getal", decimalen=0, basis=basis)


def uitruil(ctx: Context, groepen: list[dict[str, Any]], sleutel_naam: str) -> list[Blok]:
    """Return the uitruil: per gemeente the woningen per year to its fair share per group, and the balance."""
    if not (ctx.has(UITRUIL) and ctx.has(SALDO)):
        return []
    per_groep = pivot(ctx.mart(UITRUIL), ("gebied_code",), ("aandachtsgroep",))
    # a group whose regional total is masked has no uitruil: its fair shares would give the total away
    klein = [r["aandachtsgroep"] for r in groepen if ctx.gemaskeerd(r["aandachtsgroep"], None)]
    codes = [r["aandachtsgroep"] for r in groepen if r["aandachtsgroep"] not in klein]
    namen = [ctx.groep(g).naam[0].lower() + ctx.groep(g).naam[1:] for g in klein]
    weggelaten = (
        " Niet in de uitruil: "
        + (", ".join(namen[:-1]) + " en " + namen[-1] if len(namen) > 1 else namen[0])
        + f". Hun aantal in de regio is kleiner dan {ctx.drempel} of afgeschermd; een eerlijk aandeel "
        "zou het verraden."
        if klein
        else ""
    )
    saldo = ctx.mart(SALDO)
    if saldo.empty:
        return []
    # an empty cell: a gemeente without a figure for the group (explained only when there is one)
    leeg = any(cel(per_groep.get((x["gebied_code"], g))) is None for x in records(saldo) for g in codes)
    return [
        Kop("Uitruil"),
        Alinea(
            "Gemeenten kunnen afspreken dat de een meer van de ene groep huisvest en de ander meer van een "
            "andere. De tabel zet daarom alle groepen in één eenheid: woningen per jaar tot het "
            "eerlijk "
            f"aandeel ({sleutel_naam.lower()}). Het saldo is het totaal over de groepen: "
            "positief betekent dat "
            "de gemeente meer zou huisvesten, negatief dat zij nu meer huisvest dan haar aandeel."
        ),
        mart_tabel(
            mart=SALDO,
            frame=saldo,
            rij_sleutel=("gebied_code",),
            rij=lambda x: (
                x["gebied_naam"],
                *[cel(per_groep.get((x["gebied_code"], g))) for g in codes],
                saldo_cel(ctx, x, codes),
            ),
            sleutel="uitruil",
            titel=f"Uitruil: woningen per jaar tot het eerlijk aandeel, {ctx.regio_naam}",
            eenheid="woningen per jaar",
            bron=ctx.alle_groep_bronnen(KERNCIJFERS),
            peildatum=f"nu tot {ctx.doeljaar}",
            kolommen=[
                gemeente_kolom(ctx),
                *[
                    Kolom(
                        g,
                        ctx.groep_kort(g),
                        "cel",
                        veld=f"{UITRUIL}.opgave_eerlijk_aandeel_per_jaar",
                        filter=(("aandachtsgroep", g),),
                    )
                    for g in codes
                ],
                Kolom("saldo", "Saldo", "cel", veld="saldo_per_jaar"),
            ],
            noot=(
                ("Leeg: de gemeente heeft voor die groep geen cijfer (geen gegevens). " if leeg else "")
                + "Een saldo als "
                "bandbreedte (\u221212 \u2013 \u22124): een aantal van de gemeente staat als "
                '"< 10"; het saldo ligt dan binnen die grenzen, welk aantal van 1 tot 9 het ook is.'
                + weggelaten
            ),
            blad="Uitruil",
        ),
    ]
