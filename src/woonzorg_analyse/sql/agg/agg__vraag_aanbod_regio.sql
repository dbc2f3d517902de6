-- agg__vraag_aanbod_regio: demand and supply per region. The saldo nets gemeenten against each
-- other; tekort and overschot are sums over the gemeenten (a surplus in one gemeente does not
-- house anyone in another). Like agg__groeibehoefte_regio, demand, tekort and overschot are sums
-- over the K gemeenten with a figure (gemeenten_met_cijfer of aantal_gemeenten); the upper bound
-- of the demand is unknown (empty) when a gemeente has no figure.
-- A count the report masks counts at its aantal_publicatie (int__afscherming, see
-- agg__groeibehoefte_regio): its demand is scaled, and tekort and overschot follow from that.
with geschaald as (
    select
        rg.regio_type,
        rg.regio_code,
        v.aandachtsgroep,
        v.woonvorm,
        v.jaar,
        v.vraag_woningen * coalesce(p.schaal, 1) as vraag_woningen,
        v.vraag_woningen_min * coalesce(p.schaal, 1) as vraag_woningen_min,
        v.vraag_woningen_max * coalesce(p.schaal, 1) as vraag_woningen_max,
        v.aanbod,
        v.onzeker
    from int__regio_gemeente as rg
    inner join agg__vraag_aanbod as v on rg.gemeente_code = v.gemeente_code
    left join int__afscherming as p
        on rg.regio_type = p.regio_type
        and rg.regio_code = p.regio_code
        and v.aandachtsgroep = p.aandachtsgroep
        and v.gemeente_code = p.gebied_code
        and not p.totaalrij
    where rg.volledig
),

gemeente as (
    -- as in agg__vraag_aanbod: unknown demand gives an unknown tekort, never a silent 0
    select
        *,
        case when vraag_woningen is not null then greatest(vraag_woningen - aanbod, 0) end as tekort,
        case when vraag_woningen is not null then greatest(aanbod - vraag_woningen, 0) end as overschot
    from geschaald
),

totaal as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        woonvorm,
        jaar,
        count(vraag_woningen) as gemeenten_met_cijfer,
        count(*) as aantal_gemeenten,
        sum(vraag_woningen) as vraag_woningen,
        coalesce(sum(vraag_woningen_min), 0) as vraag_woningen_min,
        case when bool_and(vraag_woningen_max is not null) then sum(vraag_woningen_max) end
            as vraag_woningen_max,
        sum(aanbod) as aanbod,
        sum(tekort) as tekort,
        sum(overschot) as overschot,
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
        gemeenten_met_cijfer,
        aantal_gemeenten,
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
