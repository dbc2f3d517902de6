-- agg__groeibehoefte_regio: expected demand per region: the sum over its gemeenten with a figure
-- (agg__groeibehoefte). With figures from K of the N gemeenten (gemeenten_met_cijfer,
-- aantal_gemeenten) the sums are of the K and the upper bounds are unknown (empty): an open range.
-- A count the report masks (int__afscherming) counts at its aantal_publicatie, its share of what
-- the masked counts of the group add up to: its demand is scaled by aantal_publicatie / count,
-- so that no regional sum weighs the masked counts each with a factor of their own (the ends of
-- the interval of a CBS cell scale with it).
with gemeente as (
    select
        rg.regio_type,
        rg.regio_code,
        g.aandachtsgroep,
        g.scenario,
        g.jaar,
        g.basis * coalesce(p.schaal, 1) as basis,
        g.vraag * coalesce(p.schaal, 1) as vraag,
        g.vraag_min * coalesce(p.schaal, 1) as vraag_min,
        g.vraag_max * coalesce(p.schaal, 1) as vraag_max,
        g.groei * coalesce(p.schaal, 1) as groei,
        g.vraag_woningen * coalesce(p.schaal, 1) as vraag_woningen,
        g.vraag_woningen_min * coalesce(p.schaal, 1) as vraag_woningen_min,
        g.vraag_woningen_max * coalesce(p.schaal, 1) as vraag_woningen_max,
        g.onzeker
    from int__regio_gemeente as rg
    inner join agg__groeibehoefte as g on rg.gemeente_code = g.gemeente_code
    left join int__afscherming as p
        on rg.regio_type = p.regio_type
        and rg.regio_code = p.regio_code
        and g.aandachtsgroep = p.aandachtsgroep
        and g.gemeente_code = p.gebied_code
        and not p.totaalrij
    where rg.volledig
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        scenario,
        jaar,
        count(basis) as gemeenten_met_cijfer,
        count(*) as aantal_gemeenten,
        sum(basis) as basis,
        sum(vraag) as vraag,
        coalesce(sum(vraag_min), 0) as vraag_min,
        case when bool_and(vraag_max is not null) then sum(vraag_max) end as vraag_max,
        sum(groei) as groei,
        sum(vraag_woningen) as vraag_woningen,
        coalesce(sum(vraag_woningen_min), 0) as vraag_woningen_min,
        case when bool_and(vraag_woningen_max is not null) then sum(vraag_woningen_max) end
            as vraag_woningen_max,
        bool_or(onzeker) as onzeker
    from gemeente
    group by regio_type, regio_code, aandachtsgroep, scenario, jaar
)

select * from final
order by regio_type, regio_code, aandachtsgroep, scenario, jaar
