-- rpt__groeibehoefte_aanname: the growth assumptions of the chapters on the groeibehoefte per region, aandachtsgroep and
-- scenario (definitions/scenarios.yaml): the demographic driver, the weight of the observed trend
-- and the extra growth per year (as a fraction).
with groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde from int__regio_aandachtsgroep
),

final as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        a.scenario,
        g.volgorde,
        a.demografie,
        a.trend_gewicht,
        a.extra_groei_pct / 100 as extra_groei
    from groep as g
    inner join ref_scenario_groei as a on g.aandachtsgroep = a.aandachtsgroep
)

select * from final
order by regio_type, regio_code, aandachtsgroep, scenario
