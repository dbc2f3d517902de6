-- rpt__vraag_aanbod_groep: chapter 8, demand (central scenario, with the range over all scenarios)
-- against supply in the doeljaar per aandachtsgroep of the region, summed over the woonvormen:
-- saldo (netted over the region), tekort and overschot (summed over the gemeenten). Main groups
-- first, then the subgroups; the total row (totaalrij) adds the main groups only.
with instelling as (
    select doeljaar from ref_analyse_instelling
),

groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde, not hoofdgroep as subgroep
    from int__regio_aandachtsgroep
),

per_groep as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        any_value(g.volgorde) as groep_volgorde,
        any_value(g.subgroep) as subgroep,
        sum(v.vraag_woningen) as vraag_woningen,
        sum(v.vraag_woningen_min) as vraag_woningen_min,
        sum(v.vraag_woningen_max) as vraag_woningen_max,
        sum(v.aanbod) as aanbod,
        sum(v.saldo) as saldo,
        sum(v.tekort) as tekort,
        sum(v.overschot) as overschot
    from groep as g
    inner join agg__vraag_aanbod_regio as v
        on g.regio_type = v.regio_type and g.regio_code = v.regio_code and g.aandachtsgroep = v.aandachtsgroep
    inner join instelling as i on v.jaar = i.doeljaar
    group by g.regio_type, g.regio_code, g.aandachtsgroep
),

totaal as (
    select
        regio_type,
        regio_code,
        null as aandachtsgroep,
        null as groep_volgorde,
        false as subgroep,
        sum(vraag_woningen) as vraag_woningen,
        sum(vraag_woningen_min) as vraag_woningen_min,
        sum(vraag_woningen_max) as vraag_woningen_max,
        sum(aanbod) as aanbod,
        sum(saldo) as saldo,
        sum(tekort) as tekort,
        sum(overschot) as overschot
    from per_groep
    where not subgroep
    group by regio_type, regio_code
),

final as (
    select
        regio_type,
        regio_code,
        row_number() over (
            partition by regio_type, regio_code order by aandachtsgroep is null, subgroep, groep_volgorde
        ) as volgorde,
        aandachtsgroep,
        subgroep,
        aandachtsgroep is null as totaalrij,
        vraag_woningen,
        vraag_woningen_min,
        vraag_woningen_max,
        aanbod,
        saldo,
        tekort,
        overschot
    from (select * from per_groep union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, volgorde
