-- rpt__aanbod_gemeente_woonvorm: chapter Aanbod (verantwoording), supply in the doeljaar per gemeente of the region and
-- woonvorm (0 where nothing is delivered), summed over the main groups the region has figures
-- for (subgroups are part of their main group), and the total per woonvorm (totaalrij).
with instelling as (
    select doeljaar, eerste_verdeelsleutel from ref_analyse_instelling
),

hoofdgroep as (
    select regio_type, regio_code, aandachtsgroep from int__regio_aandachtsgroep where hoofdgroep
),

raster as (
    select rg.regio_type, rg.regio_code, rg.gemeente_code, rg.gemeente_naam, w.woonvorm
    from int__regio_gemeente as rg
    cross join ref_woonvorm as w
),

som as (
    select h.regio_type, h.regio_code, v.gemeente_code, v.woonvorm, sum(v.aanbod) as aanbod
    from hoofdgroep as h
    inner join int__regio_gemeente as rg on h.regio_type = rg.regio_type and h.regio_code = rg.regio_code
    inner join agg__vraag_aanbod as v
        on rg.gemeente_code = v.gemeente_code and h.aandachtsgroep = v.aandachtsgroep
    inner join instelling as i on v.jaar = i.doeljaar
    group by h.regio_type, h.regio_code, v.gemeente_code, v.woonvorm
),

gemeente as (
    select
        r.regio_type,
        r.regio_code,
        r.gemeente_code as gebied_code,
        r.gemeente_naam as gebied_naam,
        false as totaalrij,
        r.woonvorm,
        coalesce(s.aanbod, 0.0) as aanbod
    from raster as r
    left join som as s
        on r.regio_type = s.regio_type
        and r.regio_code = s.regio_code
        and r.gemeente_code = s.gemeente_code
        and r.woonvorm = s.woonvorm
),

totaal as (
    select
        regio_type,
        regio_code,
        regio_code as gebied_code,
        'Totaal' as gebied_naam,
        true as totaalrij,
        woonvorm,
        sum(aanbod) as aanbod
    from gemeente
    group by regio_type, regio_code, woonvorm
),

final as (
    select
        regio_type,
        regio_code,
        gebied_code,
        woonvorm,
        dense_rank() over (
            partition by regio_type, regio_code order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        aanbod
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, gebied_code, woonvorm
