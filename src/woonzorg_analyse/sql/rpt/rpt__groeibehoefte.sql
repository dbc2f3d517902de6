-- rpt__groeibehoefte: the expected demand of the chapters on the groeibehoefte per region, aandachtsgroep, scenario and
-- prognosis year: the basis (the latest figure), the demand in the group's unit and in woningen,
-- and the growth from the basis as a fraction (vraag / basis - 1; empty when the basis is 0).
with instelling as (
    select string_split(prognosejaren, ',') as jaren from ref_analyse_instelling
),

jaar as (
    select cast(unnest(jaren) as bigint) as jaar from instelling
),

groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde from int__regio_aandachtsgroep
),

final as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        b.scenario,
        b.jaar,
        g.volgorde,
        b.basis,
        b.vraag,
        b.vraag_woningen,
        b.vraag / nullif(b.basis, 0) - 1 as groei_aandeel
    from groep as g
    inner join agg__groeibehoefte_regio as b
        on g.regio_type = b.regio_type and g.regio_code = b.regio_code and g.aandachtsgroep = b.aandachtsgroep
    inner join jaar as j on b.jaar = j.jaar
)

select * from final
order by regio_type, regio_code, aandachtsgroep, scenario, jaar
