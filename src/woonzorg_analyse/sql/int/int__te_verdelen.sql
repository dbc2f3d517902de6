-- int__te_verdelen: every whole-number allocation the analysis makes, as input for
-- int__grootste_rest (the largest-remainder method): one row per verdeling per gemeente.
-- - eerlijk aandeel: per region, aandachtsgroep and verdeelsleutel the group's regional total
--   today over the gemeenten with a figure, shared out over those gemeenten by their key share
--   (int__eerlijk_aandeel_sleutel); a gemeente without a figure takes no part;
-- - ingroeipad: per region, aandachtsgroep and year the regional demand of that year, shared out
--   by the share on the path (int__ingroeipad).
with sleutel as (
    select * from int__eerlijk_aandeel_sleutel
),

pad as (
    select * from int__ingroeipad
),

final as (
    select
        concat_ws('/', regio_type, regio_code, aandachtsgroep, verdeelsleutel) as verdeling,
        gemeente_code as code,
        totaal_regio as te_verdelen,
        aandeel_sleutel as verdeelgewicht
    from sleutel
    where huidig is not null
    union all
    select
        concat_ws('/', 'ingroeipad', regio_type, regio_code, aandachtsgroep, jaar) as verdeling,
        gemeente_code as code,
        totaal_regio as te_verdelen,
        aandeel_pad as verdeelgewicht
    from pad
)

select * from final
order by verdeling, code
