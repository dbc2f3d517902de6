-- agg__vraag_aanbod_regio: demand and supply per region. The saldo nets gemeenten against each
-- other; tekort and overschot are sums over the gemeenten (a surplus in one gemeente does not
-- house anyone in another). Bounds are empty when a gemeente has no figure.
with gemeente as (
    select rg.regio_type, rg.regio_code, v.*
    from int__regio_gemeente as rg
    inner join agg__vraag_aanbod as v on rg.gemeente_code = v.gemeente_code
    where rg.volledig
),

totaal as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        woonvorm,
        jaar,
        case when bool_and(vraag_woningen is not null) then sum(vraag_woningen) end as vraag_woningen,
        coalesce(sum(vraag_woningen_min), 0) as vraag_woningen_min,
        case when bool_and(vraag_woningen_max is not null) then sum(vraag_woningen_max) end
            as vraag_woningen_max,
        sum(aanbod) as aanbod,
        case when bool_and(tekort is not null) then sum(tekort) end as tekort,
        case when bool_and(overschot is not null) then sum(overschot) end as overschot,
        bool_or(onzeker) as onzeker
    from gemeente
    group by regio_type, regio_code, aandachtsgroep, woonvorm, jaar
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        woonvorm,
        jaar,
        vraag_woningen,
        vraag_woningen_min,
        vraag_woningen_max,
        aanbod,
        aanbod - vraag_woningen as saldo,
        aanbod - vraag_woningen_max as saldo_min,
        aanbod - vraag_woningen_min as saldo_max,
        tekort,
        overschot,
        onzeker
    from totaal
)

select * from final
order by regio_type, regio_code, aandachtsgroep, woonvorm, jaar
