-- agg__ingroeipad: the ingroeipad in whole numbers: per region, verdeel-groep, gemeente and year
-- the share on the path (int__ingroeipad) and the part of that year's regional demand it gives
-- (int__grootste_rest: sums exactly to the regional demand of the year), in the group's unit
-- (instroom: per year; stand: the stand in that year) and in woningen.
with pad as (
    select * from int__ingroeipad
),

final as (
    select
        p.regio_type,
        p.regio_code,
        p.aandachtsgroep,
        p.gemeente_code,
        p.jaar,
        p.verdeelsleutel,
        p.gemeente_naam,
        p.huidig,
        p.aandeel_huidig,
        p.aandeel_doel,
        p.aandeel_pad,
        p.totaal_regio,
        r.toegewezen as doel,
        r.toegewezen * a.woningen_per_eenheid as doel_woningen
    from pad as p
    inner join ref_aandachtsgroep as a on p.aandachtsgroep = a.aandachtsgroep
    left join int__grootste_rest as r
        on r.verdeling = concat_ws('/', 'ingroeipad', p.regio_type, p.regio_code, p.aandachtsgroep, p.jaar)
        and r.code = p.gemeente_code
)

select * from final
order by regio_type, regio_code, aandachtsgroep, gemeente_code, jaar
