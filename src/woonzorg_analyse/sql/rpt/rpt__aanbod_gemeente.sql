-- rpt__aanbod_gemeente: chapter Aanbod (verantwoording), supply in the doeljaar per gemeente of the region (all woonvormen
-- and main groups of the region together; subgroups are part of their main group), and the total.
-- Per woonvorm: rpt__aanbod_gemeente_woonvorm.
with aanbod as (
    select * from rpt__aanbod_gemeente_woonvorm
),

final as (
    select
        regio_type,
        regio_code,
        gebied_code,
        any_value(volgorde) as volgorde,
        any_value(gebied_naam) as gebied_naam,
        any_value(totaalrij) as totaalrij,
        sum(aanbod) as aanbod
    from aanbod
    group by regio_type, regio_code, gebied_code
)

select * from final
order by regio_type, regio_code, gebied_code
