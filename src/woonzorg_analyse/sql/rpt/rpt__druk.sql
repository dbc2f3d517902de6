-- rpt__druk: chapter 'Bouwstenen', the pressure on the sociale huurwoningen that become free, per
-- region, option and gemeente, and the region's total per option (totaalrij). The demand is the
-- woningen per year of the main verdeel-groepen with a yearly inflow (maat instroom; a stand is a
-- backlog housed once, see agg__druk_sociale_voorraad) the region has figures for:
-- - optie 'nu': their count now (agg__eerlijk_aandeel.huidig) x woningen_per_eenheid;
-- - optie <verdeelsleutel>: their fair share under that key, for the keys that apply to every one
--   of those groups (a key for statushouders only, such as the taakstelling, is no option here);
-- - optie 'ingroeipad': their target in the doeljaar on the ingroeipad (agg__ingroeipad).
-- druk = demand / vrijkomende woningen of the same year (int__vrijkomende_woningen: referentiejaar,
-- for the ingroeipad the doeljaar). Like with like: a gemeente counts with the groups it has a
-- figure for (groepen_met_cijfer of aantal_groepen); the total adds the gemeenten with a figure.
-- kleinste_aantal: the smallest count now behind the gemeente's demand (the publication layer
-- masks a 'nu' figure that would reveal a count below the threshold).
-- A group whose regional total the report masks is left out (its count and fair shares would give
-- that total away).
with instelling as (
    select referentiejaar, doeljaar from ref_analyse_instelling
),

markt as (
    select drukdrempel from ref_woningmarkt
),

groep as (
    select g.regio_type, g.regio_code, g.aandachtsgroep, a.woningen_per_eenheid
    from int__regio_aandachtsgroep as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
    anti join int__afscherming as k  -- a group whose regional total the report masks
        on g.regio_type = k.regio_type
        and g.regio_code = k.regio_code
        and g.aandachtsgroep = k.aandachtsgroep
        and k.totaalrij
        and k.afscherming is not null
    where g.hoofdgroep and a.rol = 'verdeling' and a.maat = 'instroom'
),

aantal as (
    select regio_type, regio_code, count(*) as aantal_groepen from groep group by regio_type, regio_code
),

vrij as (
    select v.regio_type, v.regio_code, v.gemeente_code, v.gemeente_naam, v.jaar, v.vrijkomende_woningen
    from int__vrijkomende_woningen as v
    inner join instelling as i on v.jaar in (i.referentiejaar, i.doeljaar)
),

eerlijk as (
    select e.*, g.woningen_per_eenheid
    from agg__eerlijk_aandeel as e
    inner join groep as g
        on e.regio_type = g.regio_type and e.regio_code = g.regio_code and e.aandachtsgroep = g.aandachtsgroep
),

sleutel as (
    -- the keys that apply to every instroom verdeel-groep of the region
    select e.regio_type, e.regio_code, e.verdeelsleutel
    from eerlijk as e
    inner join aantal as n on e.regio_type = n.regio_type and e.regio_code = n.regio_code
    group by e.regio_type, e.regio_code, e.verdeelsleutel
    having count(distinct e.aandachtsgroep) = any_value(n.aantal_groepen)
),

nu as (
    select
        e.regio_type,
        e.regio_code,
        'nu' as optie,
        0 as optie_volgorde,
        e.gemeente_code,
        sum(e.huidig * e.woningen_per_eenheid) as vraag_woningen_per_jaar,
        count(e.huidig) as groepen_met_cijfer,
        min(e.huidig) as kleinste_aantal
    from eerlijk as e
    where e.verdeelsleutel = (select min(verdeelsleutel) from sleutel as s where s.regio_type = e.regio_type and s.regio_code = e.regio_code)
    group by e.regio_type, e.regio_code, e.gemeente_code
),

optie as (
    select
        e.regio_type,
        e.regio_code,
        e.verdeelsleutel as optie,
        any_value(r.volgorde) as optie_volgorde,
        e.gemeente_code,
        sum(e.eerlijk_aandeel * e.woningen_per_eenheid) as vraag_woningen_per_jaar,
        count(e.eerlijk_aandeel) as groepen_met_cijfer,
        null as kleinste_aantal
    from eerlijk as e
    inner join sleutel as s
        on e.regio_type = s.regio_type and e.regio_code = s.regio_code and e.verdeelsleutel = s.verdeelsleutel
    inner join ref_verdeelsleutel as r on e.verdeelsleutel = r.verdeelsleutel
    group by e.regio_type, e.regio_code, e.verdeelsleutel, e.gemeente_code
),

pad as (
    select
        p.regio_type,
        p.regio_code,
        'ingroeipad' as optie,
        1000 as optie_volgorde,
        p.gemeente_code,
        sum(p.doel_woningen) as vraag_woningen_per_jaar,
        count(p.doel_woningen) as groepen_met_cijfer,
        null as kleinste_aantal
    from agg__ingroeipad as p
    inner join groep as g
        on p.regio_type = g.regio_type and p.regio_code = g.regio_code and p.aandachtsgroep = g.aandachtsgroep
    inner join instelling as i on p.jaar = i.doeljaar
    group by p.regio_type, p.regio_code, p.gemeente_code
),

alle as (
    select * from nu
    union all by name select * from optie
    union all by name select * from pad
),

gemeente as (
    select
        a.regio_type,
        a.regio_code,
        a.optie,
        a.optie_volgorde,
        a.gemeente_code as gebied_code,
        v.gemeente_naam as gebied_naam,
        false as totaalrij,
        v.jaar as jaar_vrijkomend,
        v.vrijkomende_woningen,
        case when a.groepen_met_cijfer > 0 then a.vraag_woningen_per_jaar end as vraag_woningen_per_jaar,
        a.groepen_met_cijfer,
        n.aantal_groepen,
        a.kleinste_aantal
    from alle as a
    inner join aantal as n on a.regio_type = n.regio_type and a.regio_code = n.regio_code
    cross join instelling as i
    inner join vrij as v
        on a.regio_type = v.regio_type
        and a.regio_code = v.regio_code
        and a.gemeente_code = v.gemeente_code
        and v.jaar = case when a.optie = 'ingroeipad' then i.doeljaar else i.referentiejaar end
),

totaal as (
    select
        regio_type,
        regio_code,
        optie,
        any_value(optie_volgorde) as optie_volgorde,
        regio_code as gebied_code,
        'Totaal regio' as gebied_naam,
        true as totaalrij,
        any_value(jaar_vrijkomend) as jaar_vrijkomend,
        sum(vrijkomende_woningen) filter (where vraag_woningen_per_jaar is not null) as vrijkomende_woningen,
        sum(vraag_woningen_per_jaar) as vraag_woningen_per_jaar,
        min(groepen_met_cijfer) as groepen_met_cijfer,
        any_value(aantal_groepen) as aantal_groepen,
        null as kleinste_aantal
    from gemeente
    group by regio_type, regio_code, optie
),

final as (
    select
        x.regio_type,
        x.regio_code,
        x.optie,
        x.gebied_code,
        x.optie_volgorde,
        row_number() over (
            partition by x.regio_type, x.regio_code, x.optie order by x.totaalrij, x.gebied_naam, x.gebied_code
        ) as volgorde,
        x.gebied_naam,
        x.totaalrij,
        x.jaar_vrijkomend,
        x.vrijkomende_woningen,
        x.vraag_woningen_per_jaar,
        x.vraag_woningen_per_jaar / nullif(x.vrijkomende_woningen, 0) as druk,
        x.vraag_woningen_per_jaar / nullif(x.vrijkomende_woningen, 0) > m.drukdrempel as boven_drempel,
        m.drukdrempel,
        x.groepen_met_cijfer,
        x.aantal_groepen,
        x.kleinste_aantal
    from (select * from gemeente union all by name select * from totaal) as x
    cross join markt as m
)

select * from final
order by regio_type, regio_code, optie, gebied_code
