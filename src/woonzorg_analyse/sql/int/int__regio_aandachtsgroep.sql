-- int__regio_aandachtsgroep: the aandachtsgroepen a region has figures for (a municipal delivery
-- or CBS, any laag, any peildatum), with the peildatum of the latest figure in the region: the
-- groups a report of the region shows, in the order of the definitions. hoofdgroep: not a
-- subgroup (a subgroup's figures are part of its main group's, so totals add main groups only).
with figuur as (
    select gemeente_code, aandachtsgroep, peildatum from stg_gemeente__aandachtsgroepen
    union all
    select gemeente_code, aandachtsgroep, peildatum from stg_cbs__aandachtsgroepen
),

final as (
    select
        rg.regio_type,
        rg.regio_code,
        f.aandachtsgroep,
        any_value(a.volgorde) as volgorde,
        any_value(a.ouder) is null as hoofdgroep,
        max(f.peildatum) as peildatum
    from int__regio_gemeente as rg
    inner join figuur as f on rg.gemeente_code = f.gemeente_code
    inner join ref_aandachtsgroep as a on f.aandachtsgroep = a.aandachtsgroep
    group by rg.regio_type, rg.regio_code, f.aandachtsgroep
)

select * from final
order by regio_type, regio_code, aandachtsgroep
