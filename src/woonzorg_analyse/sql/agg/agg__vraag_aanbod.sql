-- agg__vraag_aanbod: demand in woningen per woonvorm against supply, per gemeente and year from
-- the referentiejaar to the doeljaar.
-- vraag: agg__groeibehoefte x the group's woonvorm share; the central scenario is the point value,
--   the range runs from the lowest lower bound to the highest upper bound over all scenarios.
-- aanbod: the latest existing capacity on or before the year plus the planned additions after that
--   capacity's year up to and including the year. A parent group that is the sum of its subgroups
--   (som_van_subgroepen) and has no supply of its own gets the supply of its subgroups.
-- saldo = aanbod - vraag; tekort and overschot are its negative and positive part.
with instelling as (
    select referentiejaar, doeljaar from ref_analyse_instelling
),

jaren as (
    select unnest(range(referentiejaar, doeljaar + 1)) as jaar from instelling
),

vraag_groep as (
    select
        g.gemeente_code,
        g.aandachtsgroep,
        g.jaar,
        any_value(g.gemeente_naam) as gemeente_naam,
        any_value(g.vraag_woningen) filter (where s.centraal) as vraag_woningen,
        min(g.vraag_woningen_min) as vraag_woningen_min,
        case when bool_and(g.vraag_woningen_max is not null) then max(g.vraag_woningen_max) end
            as vraag_woningen_max,
        bool_or(g.onzeker) as onzeker
    from agg__groeibehoefte as g
    inner join ref_scenario as s on g.scenario = s.scenario
    inner join jaren as j on g.jaar = j.jaar
    group by g.gemeente_code, g.aandachtsgroep, g.jaar
),

aanbod_eigen as (
    select gemeente_code, aandachtsgroep, woonvorm, jaar, planstatus, capaciteit
    from stg_gemeente__aanbod
),

aanbod_groep as (
    select * from aanbod_eigen
    union all
    select a.gemeente_code, s.ouder as aandachtsgroep, a.woonvorm, a.jaar, a.planstatus, a.capaciteit
    from aanbod_eigen as a
    inner join ref_aandachtsgroep as s on a.aandachtsgroep = s.aandachtsgroep
    inner join ref_aandachtsgroep as o on s.ouder = o.aandachtsgroep
    where o.som_van_subgroepen
        -- a parent inherits its subgroups' supply only in a gemeente that delivered none for it
        and not exists (
            select 1 from aanbod_eigen as p
            where p.gemeente_code = a.gemeente_code and p.aandachtsgroep = s.ouder
        )
),

bestaand as (
    select gemeente_code, aandachtsgroep, woonvorm, jaar as bestaand_jaar, sum(capaciteit) as capaciteit
    from aanbod_groep
    where planstatus = 'bestaand'
    group by gemeente_code, aandachtsgroep, woonvorm, jaar
),

gepland as (
    select gemeente_code, aandachtsgroep, woonvorm, jaar as plan_jaar, sum(capaciteit) as capaciteit
    from aanbod_groep
    where planstatus = 'gepland'
    group by gemeente_code, aandachtsgroep, woonvorm, jaar
),

woonvormen as (
    -- the woonvormen a group needs, plus any woonvorm with supply for it
    select v.gemeente_code, w.aandachtsgroep, w.woonvorm
    from (select distinct gemeente_code, aandachtsgroep from vraag_groep) as v
    inner join ref_aandachtsgroep_woonvorm as w on v.aandachtsgroep = w.aandachtsgroep
    union
    select distinct gemeente_code, aandachtsgroep, woonvorm from aanbod_groep
),

raster as (
    select w.*, j.jaar
    from woonvormen as w
    cross join jaren as j
),

met_bestaand as (
    select r.*, b.bestaand_jaar, coalesce(b.capaciteit, 0) as aanbod_bestaand
    from raster as r
    asof left join bestaand as b
        on r.gemeente_code = b.gemeente_code
        and r.aandachtsgroep = b.aandachtsgroep
        and r.woonvorm = b.woonvorm
        and r.jaar >= b.bestaand_jaar
),

met_gepland as (
    select
        m.gemeente_code,
        m.aandachtsgroep,
        m.woonvorm,
        m.jaar,
        any_value(m.aanbod_bestaand) as aanbod_bestaand,
        coalesce(sum(p.capaciteit), 0) as aanbod_gepland
    from met_bestaand as m
    left join gepland as p
        on m.gemeente_code = p.gemeente_code
        and m.aandachtsgroep = p.aandachtsgroep
        and m.woonvorm = p.woonvorm
        and p.plan_jaar <= m.jaar
        and (m.bestaand_jaar is null or p.plan_jaar > m.bestaand_jaar)
    group by m.gemeente_code, m.aandachtsgroep, m.woonvorm, m.jaar
),

confrontatie as (
    select
        a.gemeente_code,
        g.gemeente_naam,
        a.aandachtsgroep,
        a.woonvorm,
        a.jaar,
        v.vraag_woningen * coalesce(w.aandeel, 0) as vraag_woningen,
        v.vraag_woningen_min * coalesce(w.aandeel, 0) as vraag_woningen_min,
        v.vraag_woningen_max * coalesce(w.aandeel, 0) as vraag_woningen_max,
        a.aanbod_bestaand,
        a.aanbod_gepland,
        a.aanbod_bestaand + a.aanbod_gepland as aanbod,
        coalesce(v.onzeker, true) as onzeker
    from met_gepland as a
    inner join ref_gemeente as g
        on a.gemeente_code = g.gemeente_code
        and g.indeling_jaar = (select referentiejaar from instelling)
    left join vraag_groep as v
        on a.gemeente_code = v.gemeente_code and a.aandachtsgroep = v.aandachtsgroep and a.jaar = v.jaar
    left join ref_aandachtsgroep_woonvorm as w
        on a.aandachtsgroep = w.aandachtsgroep and a.woonvorm = w.woonvorm
),

final as (
    select
        gemeente_code,
        gemeente_naam,
        aandachtsgroep,
        woonvorm,
        jaar,
        vraag_woningen,
        vraag_woningen_min,
        vraag_woningen_max,
        aanbod_bestaand,
        aanbod_gepland,
        aanbod,
        aanbod - vraag_woningen as saldo,
        aanbod - vraag_woningen_max as saldo_min,
        aanbod - vraag_woningen_min as saldo_max,
        -- unknown demand gives an unknown tekort, never a silent 0 (greatest() skips nulls)
        case when vraag_woningen is not null then greatest(vraag_woningen - aanbod, 0) end as tekort,
        case when vraag_woningen is not null then greatest(aanbod - vraag_woningen, 0) end as overschot,
        onzeker
    from confrontatie
)

select * from final
order by gemeente_code, aandachtsgroep, woonvorm, jaar
