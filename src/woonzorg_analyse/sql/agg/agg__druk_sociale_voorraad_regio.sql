-- agg__druk_sociale_voorraad_regio: the pressure "now" on the vrijkomende sociale huurwoningen per
-- region: the sums over its gemeenten (agg__druk_sociale_voorraad), druk = sum of the demand / sum of
-- the vrijkomende woningen (not the mean of the gemeenten's druk), and how many gemeenten are above
-- the drukdrempel.
with final as (
    select
        regio_type,
        regio_code,
        any_value(jaar_vrijkomend) as jaar_vrijkomend,
        sum(sociale_huurvoorraad) as sociale_huurvoorraad,
        sum(vrijkomende_woningen) as vrijkomende_woningen,
        sum(vraag_woningen_per_jaar) as vraag_woningen_per_jaar,
        sum(vraag_woningen_per_jaar_min) as vraag_woningen_per_jaar_min,
        sum(vraag_woningen_per_jaar_max) as vraag_woningen_per_jaar_max,
        sum(achterstand_woningen) as achterstand_woningen,
        sum(vraag_woningen_per_jaar) / nullif(sum(vrijkomende_woningen), 0) as druk,
        sum(vraag_woningen_per_jaar_min) / nullif(sum(vrijkomende_woningen), 0) as druk_min,
        sum(vraag_woningen_per_jaar_max) / nullif(sum(vrijkomende_woningen), 0) as druk_max,
        any_value(drukdrempel) as drukdrempel,
        count(*) filter (where boven_drempel) as gemeenten_boven_drempel,
        sum(groepen_ontbrekend) as groepen_ontbrekend,
        bool_or(onzeker) as onzeker
    from agg__druk_sociale_voorraad
    group by regio_type, regio_code
)

select * from final
order by regio_type, regio_code
