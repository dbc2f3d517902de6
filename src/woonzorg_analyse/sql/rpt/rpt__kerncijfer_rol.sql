-- rpt__kerncijfer_rol: the headline figures of a region per role of the groups (verdeling,
-- specifiek, wonen_zorg) and measure, never adding a yearly inflow to a stock: for the main groups
-- of that role and maat, the demand in woningen, the supply and the shortage in the doeljaar
-- (central scenario; instroom in woningen per jaar, stand in woningen). onvolledig: a group of it
-- rests on part of the gemeenten.
with groep as (
    select * from rpt__samenvatting where hoofdgroep
),

final as (
    select
        regio_type,
        regio_code,
        rol,
        maat,
        count(*) as aantal_groepen,
        sum(vraag_woningen) as vraag_woningen,
        sum(aanbod) as aanbod,
        sum(tekort) as tekort,
        bool_or(onvolledig) as onvolledig
    from groep
    group by regio_type, regio_code, rol, maat
)

select * from final
order by regio_type, regio_code, rol, maat
