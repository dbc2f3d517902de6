-- agg__groeibehoefte_regio: expected demand per region: the sum over its gemeenten with a figure
-- (agg__groeibehoefte). With figures from K of the N gemeenten (gemeenten_met_cijfer,
-- aantal_gemeenten) the sums are of the K and the upper bounds are unknown (empty): an open range.
with gemeente as (
    select rg.regio_type, rg.regio_code, g.*
    from int__regio_gemeente as rg
    inner join agg__groeibehoefte as g on rg.gemeente_code = g.gemeente_code
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
