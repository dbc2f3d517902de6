-- agg__druk_sociale_voorraad: the pressure "now" on the sociale huurwoningen that become free, per
-- gemeente in each region:
--   druk = vraag_woningen_per_jaar / vrijkomende_woningen (referentiejaar, int__vrijkomende_woningen)
-- vraag_woningen_per_jaar: the verdeel-groepen (ref_aandachtsgroep rol 'verdeling', main groups only:
--   a subgroup is part of its main group) with a yearly inflow (maat instroom), at their latest
--   peildatum ("now", int__aandachtsgroep_gemeente.actueel), times woningen_per_eenheid; only the
--   groups the region has figures for (int__regio_aandachtsgroep). A suppressed cell counts at the
--   middle of its interval (druk_min / druk_max at its ends); a missing cell counts 0 and is counted
--   in groepen_ontbrekend (the demand is then too low). No instroom figure at all: empty.
-- achterstand_woningen: the verdeel-groepen with a stock (maat stand) in woningen: a one-off backlog,
--   not a yearly need, so not in the druk.
-- boven_drempel: druk above the drukdrempel of woningmarkt.yaml (a kernboodschap).
with instelling as (
    select referentiejaar from ref_analyse_instelling
),

markt as (
    select drukdrempel from ref_woningmarkt
),

vrijkomend as (
    select v.*
    from int__vrijkomende_woningen as v
    inner join instelling as i on v.jaar = i.referentiejaar
),

groep as (
    select aandachtsgroep, maat, woningen_per_eenheid
    from ref_aandachtsgroep
    where rol = 'verdeling' and ouder is null
),

nu as (
    select
        rg.regio_type,
        rg.regio_code,
        a.gemeente_code,
        g.maat,
        a.peildatum,
        a.celstatus,
        a.onzeker,
        a.aantal_schatting * g.woningen_per_eenheid as woningen,
        a.aantal_min * g.woningen_per_eenheid as woningen_min,
        a.aantal_max * g.woningen_per_eenheid as woningen_max
    from int__aandachtsgroep_gemeente as a
    inner join groep as g on a.aandachtsgroep = g.aandachtsgroep
    inner join int__regio_gemeente as rg on a.gemeente_code = rg.gemeente_code
    inner join int__regio_aandachtsgroep as ra
        on rg.regio_type = ra.regio_type
        and rg.regio_code = ra.regio_code
        and a.aandachtsgroep = ra.aandachtsgroep
    where a.actueel
),

vraag as (
    select
        regio_type,
        regio_code,
        gemeente_code,
        max(peildatum) filter (where maat = 'instroom') as peildatum_vraag,
        count(*) filter (where maat = 'instroom' and celstatus <> 'ontbreekt') as groepen_instroom,
        count(*) filter (where maat = 'instroom' and celstatus = 'ontbreekt') as groepen_ontbrekend,
        sum(coalesce(woningen, 0)) filter (where maat = 'instroom') as vraag,
        sum(coalesce(woningen_min, 0)) filter (where maat = 'instroom') as vraag_min,
        sum(coalesce(woningen_max, 0)) filter (where maat = 'instroom') as vraag_max,
        coalesce(sum(woningen) filter (where maat = 'stand'), 0) as achterstand,
        bool_or(onzeker) as onzeker
    from nu
    group by regio_type, regio_code, gemeente_code
),

gemeente as (
    select
        v.regio_type,
        v.regio_code,
        v.gemeente_code,
        v.gemeente_naam,
        v.jaar as jaar_vrijkomend,
        v.sociale_huurvoorraad,
        v.mutatiegraad,
        v.mutatiegraad_herkomst,
        v.vrijkomende_woningen,
        q.peildatum_vraag,
        coalesce(q.groepen_instroom, 0) as groepen_instroom,
        coalesce(q.groepen_ontbrekend, 0) as groepen_ontbrekend,
        case when q.groepen_instroom > 0 then q.vraag end as vraag_woningen_per_jaar,
        case when q.groepen_instroom > 0 then q.vraag_min end as vraag_woningen_per_jaar_min,
        case when q.groepen_instroom > 0 then q.vraag_max end as vraag_woningen_per_jaar_max,
        coalesce(q.achterstand, 0) as achterstand_woningen,
        coalesce(q.onzeker, true) or coalesce(q.groepen_ontbrekend, 0) > 0 as onzeker
    from vrijkomend as v
    left join vraag as q
        on v.regio_type = q.regio_type and v.regio_code = q.regio_code and v.gemeente_code = q.gemeente_code
),

final as (
    select
        g.regio_type,
        g.regio_code,
        g.gemeente_code,
        g.gemeente_naam,
        g.jaar_vrijkomend,
        g.sociale_huurvoorraad,
        g.mutatiegraad,
        g.mutatiegraad_herkomst,
        g.vrijkomende_woningen,
        g.peildatum_vraag,
        g.groepen_instroom,
        g.groepen_ontbrekend,
        g.vraag_woningen_per_jaar,
        g.vraag_woningen_per_jaar_min,
        g.vraag_woningen_per_jaar_max,
        g.achterstand_woningen,
        g.vraag_woningen_per_jaar / nullif(g.vrijkomende_woningen, 0) as druk,
        g.vraag_woningen_per_jaar_min / nullif(g.vrijkomende_woningen, 0) as druk_min,
        g.vraag_woningen_per_jaar_max / nullif(g.vrijkomende_woningen, 0) as druk_max,
        m.drukdrempel,
        g.vraag_woningen_per_jaar / nullif(g.vrijkomende_woningen, 0) > m.drukdrempel as boven_drempel,
        g.onzeker
    from gemeente as g
    cross join markt as m
)

select * from final
order by regio_type, regio_code, gemeente_code
