-- rpt__regio: one row per region with what the cover and the index page print: the number of
-- gemeenten counted, their inhabitants on the latest 1 January and the date of the latest figure
-- about an aandachtsgroep. Shortages are per role and measure (rpt__kerncijfer_rol): a regional
-- total over all groups would add yearly inflows to stocks.
with leden as (
    select regio_type, regio_code, regio_naam, gemeente_code from int__regio_gemeente
),

kern as (
    select gemeente_code, inwoners, peildatum
    from stg_cbs__kerncijfers
    where peildatum = (select max(peildatum) from stg_cbs__kerncijfers)
),

omvang as (
    select
        l.regio_type,
        l.regio_code,
        any_value(l.regio_naam) as regio_naam,
        count(*) as aantal_gemeenten,
        sum(k.inwoners) as inwoners,
        max(k.peildatum) as inwoners_peildatum
    from leden as l
    left join kern as k on l.gemeente_code = k.gemeente_code
    group by l.regio_type, l.regio_code
),

laatste as (
    select regio_type, regio_code, max(peildatum) as peildatum
    from int__regio_aandachtsgroep
    group by regio_type, regio_code
),

final as (
    select
        o.regio_type,
        o.regio_code,
        o.regio_naam,
        o.aantal_gemeenten,
        o.inwoners,
        o.inwoners_peildatum,
        l.peildatum as peildatum_laatste
    from omvang as o
    left join laatste as l on o.regio_type = l.regio_type and o.regio_code = l.regio_code
)

select * from final
order by regio_type, regio_code
