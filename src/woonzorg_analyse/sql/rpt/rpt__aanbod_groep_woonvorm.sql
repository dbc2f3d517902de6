-- rpt__aanbod_groep_woonvorm: chapter Aanbod (verantwoording), supply per aandachtsgroep and woonvorm in the doeljaar,
-- summed over the gemeenten of the region: existing, planned up to the doeljaar, and together.
-- The total row (totaalrij, no group and woonvorm) adds the main groups only: a subgroup's supply
-- is already part of its main group's.
with instelling as (
    select doeljaar from ref_analyse_instelling
),

groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde, hoofdgroep from int__regio_aandachtsgroep
),

aanbod as (
    select
        g.regio_type,
        g.regio_code,
        v.aandachtsgroep,
        v.woonvorm,
        any_value(g.volgorde) as groep_volgorde,
        any_value(g.hoofdgroep) as hoofdgroep,
        any_value(w.volgorde) as woonvorm_volgorde,
        sum(v.aanbod_bestaand) as aanbod_bestaand,
        sum(v.aanbod_gepland) as aanbod_gepland,
        sum(v.aanbod) as aanbod
    from int__regio_gemeente as rg
    inner join agg__vraag_aanbod as v on rg.gemeente_code = v.gemeente_code
    inner join groep as g
        on rg.regio_type = g.regio_type and rg.regio_code = g.regio_code and v.aandachtsgroep = g.aandachtsgroep
    inner join ref_woonvorm as w on v.woonvorm = w.woonvorm
    inner join instelling as i on v.jaar = i.doeljaar
    group by g.regio_type, g.regio_code, v.aandachtsgroep, v.woonvorm
),

totaal as (
    select
        a.regio_type,
        a.regio_code,
        null as aandachtsgroep,
        null as woonvorm,
        null as groep_volgorde,
        null as hoofdgroep,
        null as woonvorm_volgorde,
        sum(a.aanbod_bestaand) as aanbod_bestaand,
        sum(a.aanbod_gepland) as aanbod_gepland,
        sum(a.aanbod) as aanbod
    from aanbod as a
    where a.hoofdgroep
    group by a.regio_type, a.regio_code
),

final as (
    select
        regio_type,
        regio_code,
        row_number() over (
            partition by regio_type, regio_code
            order by aandachtsgroep is null, groep_volgorde, woonvorm_volgorde
        ) as volgorde,
        aandachtsgroep,
        woonvorm,
        aandachtsgroep is null as totaalrij,
        aanbod_bestaand,
        aanbod_gepland,
        aanbod
    from (select * from aanbod union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, volgorde
