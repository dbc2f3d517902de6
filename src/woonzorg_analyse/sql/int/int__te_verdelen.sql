-- int__te_verdelen: every whole-number allocation the analysis makes, as input for
-- int__grootste_rest (the largest-remainder method): one row per verdeling per gemeente.
-- A verdeling is one region, aandachtsgroep and verdeelsleutel: its total (the group's regional
-- total today) is shared out by the key share of each gemeente (int__eerlijk_aandeel_sleutel).
with sleutel as (
    select * from int__eerlijk_aandeel_sleutel
),

final as (
    select
        concat_ws('/', regio_type, regio_code, aandachtsgroep, verdeelsleutel) as verdeling,
        gemeente_code as code,
        totaal_regio as te_verdelen,
        aandeel_sleutel as verdeelgewicht
    from sleutel
)

select * from final
order by verdeling, code
