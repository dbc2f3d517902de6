-- rpt__kerncijfer_rol: the headline figures of a region per role of the groups (verdeling,
-- specifiek, wonen_zorg) and measure, never adding a yearly inflow to a stock: for the main groups
-- of that role and maat, the demand in woningen, the supply and the shortage in the doeljaar
-- (central scenario; instroom in woningen per jaar, stand in woningen). onvolledig: a group of it
-- rests on part of the gemeenten. A group whose regional total the report masks is left out.
with groep as (
    select s.*
    from rpt__samenvatting as s
    anti join int__afscherming as k  -- a group whose regional total the report masks
        on s.regio_type = k.regio_type
        and s.regio_code = k.regio_code
        and s.aandachtsgroep = k.aandachtsgroep
        and k.totaalrij
        and k.afscherming is not null
    where s.hoofdgroep
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
