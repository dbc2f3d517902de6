-- rpt__regio_herindeling: the herindelingen that moved figures onto the gemeenten of a region:
-- every dissolved gemeente whose successor counts in the region and that ended after the oldest
-- CBS kerncijfers used, with its share of addresses (a split shares figures out by it).
with leden as (
    select regio_type, regio_code, gemeente_code from int__regio_gemeente
),

vanaf as (
    select min(peildatum) as peildatum from stg_cbs__kerncijfers
),

final as (
    select
        l.regio_type,
        l.regio_code,
        h.oud_code,
        h.nieuw_code,
        row_number() over (
            partition by l.regio_type, l.regio_code order by h.datum, h.nieuw_naam, h.oud_naam
        ) as volgorde,
        h.datum,
        h.oud_naam,
        h.nieuw_naam,
        h.soort,
        h.aandeel_adressen
    from leden as l
    inner join ref_herindeling as h on l.gemeente_code = h.nieuw_code
    cross join vanaf as v
    where h.datum > v.peildatum
)

select * from final
order by regio_type, regio_code, oud_code, nieuw_code
